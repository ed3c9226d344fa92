"""StreamField blocks of an article: text, photos, excerpts of letters, related links, videos,
and call-outs of actions."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.blocks.struct_block import StructBlockValidationError
from wagtail.images.blocks import ImageChooserBlock

from . import callouts
from .video import parse_video_url

RICH_TEXT_FEATURES = ["h2", "h3", "bold", "italic", "link", "ol", "ul", "blockquote"]


class CaptionedImageBlock(blocks.StructBlock):
    """A photo with the alt text, caption and credit that belong to it in this article.

    Alt text is required to publish; a draft may be saved without it (Wagtail defers
    required checks on "Save draft"), so writers are not blocked mid-work.
    """

    image = ImageChooserBlock(label=_("Image"))
    alt_text = blocks.CharBlock(
        label=_("Alt text"),
        max_length=300,
        help_text=_(
            "Describe what the photo shows for people who cannot see it. Required before publishing."
        ),
    )
    caption = blocks.CharBlock(
        label=_("Caption"),
        required=False,
        max_length=500,
        help_text=_("Shown under the photo: who is in it, where and when."),
    )
    credit = blocks.CharBlock(label=_("Credit"), required=False, max_length=200)

    class Meta:
        icon = "image"
        label = _("Photo")
        template = "news/blocks/image.html"


class ExcerptBlock(blocks.StructBlock):
    """A quoted passage, linked to the full letter or statement it comes from."""

    text = blocks.RichTextBlock(label=_("Excerpt"), features=["bold", "italic"])
    attribution = blocks.CharBlock(
        label=_("Attribution"),
        required=False,
        max_length=300,
        help_text=_("For example: From our letter to the Ambassador, 24 June 2026."),
    )
    document = blocks.PageChooserBlock(
        label=_("Full document"),
        page_type="news.DocumentPage",
        required=False,
        help_text=_('Adds a "Go to the full letter" link (or statement, or document).'),
    )

    class Meta:
        icon = "openquote"
        label = _("Quote or excerpt")
        template = "news/blocks/excerpt.html"


class RelatedLinkBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("Title"), max_length=300)
    source = blocks.CharBlock(
        label=_("Source"), required=False, max_length=200, help_text=_("For example: Bangkok Post.")
    )
    date = blocks.DateBlock(label=_("Date"), required=False)
    url = blocks.URLBlock(label=_("Link"))

    class Meta:
        icon = "link"
        label = _("Related link")


class RelatedLinksBlock(blocks.StructBlock):
    heading = blocks.CharBlock(
        label=_("Heading"),
        required=False,
        max_length=200,
        help_text=_('Leave empty for "Related links".'),
    )
    links = blocks.ListBlock(RelatedLinkBlock(), label=_("Links"), min_num=1)

    class Meta:
        icon = "list-ul"
        label = _("Related links")
        template = "news/blocks/related_links.html"


class VideoBlock(blocks.StructBlock):
    """A video that loads from its host only when the reader asks for it."""

    url = blocks.URLBlock(
        label=_("Video link"), help_text=_("A YouTube or Vimeo link, as you would share it.")
    )
    title = blocks.CharBlock(
        label=_("Title"),
        max_length=200,
        help_text=_("Says what the video is; read out by screen readers and shown before it loads."),
    )
    poster = ImageChooserBlock(
        label=_("Poster image"),
        required=False,
        help_text=_("Shown before the video loads. We never fetch a picture from the video host."),
    )
    caption = blocks.CharBlock(label=_("Caption"), required=False, max_length=500)

    class Meta:
        icon = "media"
        label = _("Video")
        template = "news/blocks/video.html"

    def clean(self, value: Any) -> Any:
        cleaned = super().clean(value)
        url = cleaned.get("url")
        if url and parse_video_url(url) is None:
            raise StructBlockValidationError(
                block_errors={
                    "url": ValidationError(
                        _("This video host is not supported. Use a YouTube or Vimeo link."),
                        code="unsupported_video_host",
                    )
                }
            )
        return cleaned

    def get_context(self, value: Any, parent_context: dict[str, Any] | None = None) -> dict[str, Any]:
        context = super().get_context(value, parent_context=parent_context)
        context["video"] = parse_video_url(value.get("url") or "")
        return context


class ActionCalloutBlock(blocks.StructBlock):
    """An action (petition, letters, joint letter, day of action) presented inside an article:
    its title and summary in the article's language, its live count, a goal bar and a button to
    its form. Which pages qualify is checked in clean(), not with the chooser's page types, so
    that the block names no page class (the action page types change; migrations would freeze
    their names)."""

    page = blocks.PageChooserBlock(
        label=_("Action page"),
        help_text=_(
            "A page that takes actions: a petition, a letter campaign, a joint letter or a day of action. "
            "Translated articles show its translation."
        ),
    )
    heading = blocks.CharBlock(
        label=_("Heading"),
        required=False,
        max_length=200,
        help_text=_("Leave empty to show the action page's title."),
    )
    button_label = blocks.CharBlock(
        label=_("Button label"),
        required=False,
        max_length=60,
        help_text=_('Leave empty for the usual words, such as "Sign" or "Write a letter".'),
    )

    class Meta:
        icon = "pick"
        label = _("Action call-out")
        template = "news/blocks/action_callout.html"

    def clean(self, value: Any) -> Any:
        cleaned = super().clean(value)
        page = cleaned.get("page")
        if page is not None and not callouts.is_action_page(page):
            raise StructBlockValidationError(
                block_errors={
                    "page": ValidationError(
                        _(
                            "This page does not take actions. Choose a petition, a letter campaign, "
                            "a joint letter or a day of action."
                        ),
                        code="not_an_action_page",
                    )
                }
            )
        return cleaned

    def get_context(self, value: Any, parent_context: dict[str, Any] | None = None) -> dict[str, Any]:
        context = super().get_context(value, parent_context=parent_context)
        parent = parent_context or {}
        article = parent.get("page")
        request = parent.get("request")
        context["callout"] = callouts.present(
            value.get("page"),
            heading=value.get("heading") or "",
            button_label=value.get("button_label") or "",
            locale_id=getattr(article, "locale_id", None),
            request=request,
        )
        context["callout_id"] = f"callout-{callouts.next_number(request)}"
        return context


class ArticleBodyBlock(blocks.StreamBlock):
    text = blocks.RichTextBlock(
        label=_("Text"), features=RICH_TEXT_FEATURES, template="news/blocks/text.html"
    )
    image = CaptionedImageBlock()
    excerpt = ExcerptBlock()
    related_links = RelatedLinksBlock()
    video = VideoBlock()
    action_callout = ActionCalloutBlock()

    class Meta:
        label = _("Body")
