"""Site chrome that staff edit: the main menu and the footer links.

Each link is a translatable snippet row pointing at a page. The page, its place and the
optional section anchor are the same in every language (synchronised); only the label is
translated with wagtail-localize, and an empty label shows the linked page's own title in
the reader's language, so a menu follows the pages' translations by itself.
"""

from __future__ import annotations

from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, PageChooserPanel
from wagtail.models import TranslatableMixin
from wagtail_localize.fields import SynchronizedField, TranslatableField


class MenuItem(TranslatableMixin, models.Model):
    class Menu(models.TextChoices):
        MAIN = "main", _("main menu")
        FOOTER = "footer", _("footer")

    menu = models.CharField(_("menu"), max_length=8, choices=Menu.choices, default=Menu.MAIN)
    page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("page"),
        on_delete=models.CASCADE,
        related_name="+",
        help_text=_("Readers get the page's translation in their language when there is one."),
    )
    label = models.CharField(
        _("label"),
        max_length=80,
        blank=True,
        help_text=_("Empty: the page's title in the reader's language."),
    )
    anchor = models.CharField(
        _("section on the page"),
        max_length=60,
        blank=True,
        validators=[
            RegexValidator(r"^[A-Za-z][\w-]*$", _("Letters, digits and hyphens, starting with a letter."))
        ],
        help_text=_("Optional: the id of a section to jump to, e.g. “campaigns” on the home page."),
    )
    sort_order = models.PositiveSmallIntegerField(
        _("position"), default=0, help_text=_("Links are shown from the lowest number to the highest.")
    )

    translatable_fields = [
        TranslatableField("label"),
        SynchronizedField("menu"),
        SynchronizedField("page"),
        SynchronizedField("anchor"),
        SynchronizedField("sort_order"),
    ]

    panels = [
        FieldPanel("menu"),
        PageChooserPanel("page"),
        FieldPanel("label"),
        FieldPanel("anchor"),
        FieldPanel("sort_order"),
    ]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("menu link")
        verbose_name_plural = _("menu links")
        ordering = ["menu", "sort_order", "pk"]

    def __str__(self) -> str:
        return self.label or str(self.page.title)
