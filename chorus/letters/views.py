"""The letter action's pages: the form on the campaign page, the preview, the thank-you page
with downloads, the downloads themselves and the status page. Thin: parse, call, render.

Personal data never sits in a URL or the database for these pages: the preview carries the
form on as hidden fields, the thank-you page is the answer to the final POST (a reload
re-sends it, which the engine answers with the action already recorded), and each download
button posts an encrypted letter token back to us.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.utils import timezone, translation
from django.utils.cache import patch_cache_control
from django.utils.http import content_disposition_header
from django.utils.text import slugify
from django.utils.translation import gettext as _

from chorus.actions.models import Action
from chorus.core.errors import UserFacingError
from chorus.typesetting.services import PAPER_SIZES, render_letter_docx, render_letter_pdf

from . import counters
from .compose import (
    SupporterInput,
    TargetLetter,
    compose_letter,
    compose_letters,
    letter_setup,
    letter_text,
    paper_for,
)
from .forms import LetterForm
from .mailto import mail_link
from .services import LetterRequest, record_letter, status_path
from .statuses import LetterStatus, letter_statuses
from .targets import Target
from .tokens import (
    LetterFile,
    letter_token,
    mailed_token,
    read_letter_token,
    read_mailed_token,
    read_status_token,
)

if TYPE_CHECKING:
    from .models import LetterCampaignPage

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _private(response: HttpResponse) -> HttpResponse:
    """Pages and files with a supporter's letter in them: never kept by any cache."""
    patch_cache_control(response, no_store=True, no_cache=True, private=True, max_age=0)
    return response


def _reader_language() -> str:
    return translation.get_language() or "en"


def letter_context(page: LetterCampaignPage, request: HttpRequest, context: dict[str, Any]) -> dict[str, Any]:
    """What the campaign page shows about its letter: the targets, the letter in the reader's
    language with blanks for the supporter's details, and the form."""
    setup = letter_setup(page)
    reader = _reader_language()
    sample_supporter = SupporterInput(
        name=_("[your name]"),
        city=_("[your city]") if setup.page.letter_ask_city else "",
        country_label=_("[your country]") if setup.page.letter_ask_country else "",
    )
    sample = None
    if setup.targets and setup.templates:
        language = reader if reader in setup.templates else setup.letter_language(setup.targets[0])
        sample = compose_letter(setup, setup.targets[0], language, sample_supporter, timezone.localdate())
    return {
        "letter_setup": setup,
        "letter_sample": sample,
        "letter_sample_translated": sample is not None and sample.language == reader,
        "letter_targets": [
            {
                "target": target,
                "shown": setup.target_in(target, reader),
                "language": setup.letter_language(target),
            }
            for target in setup.targets
        ],
        "letter_form": context.get("letter_form") or LetterForm(setup=setup),
    }


def _render_page(page: LetterCampaignPage, request: HttpRequest, form: LetterForm) -> HttpResponse:
    return _private(page.render(request, context_overrides={"letter_form": form}))


def edit(page: LetterCampaignPage, request: HttpRequest) -> HttpResponse:
    """`step=edit`: back from the preview to the form, filled in as it was."""
    initial = {key: value for key, value in request.POST.items() if key != "step"}
    return _render_page(page, request, LetterForm(setup=letter_setup(page), initial=initial))


def bound_form(page: LetterCampaignPage, request: HttpRequest) -> LetterForm:
    return LetterForm(request.POST, setup=letter_setup(page))


def preview_or_send(page: LetterCampaignPage, request: HttpRequest, form: LetterForm) -> HttpResponse:
    """A valid form: `step=preview` shows the finished letters, `step=send` records them and
    answers with the thank-you page (the engine's errors go back to the form)."""
    reader = _reader_language()
    supporter = form.supporter_input()
    letters = compose_letters(form.setup, supporter, reader, timezone.localdate())
    context = page.get_context(request)
    context.update({"letters": letters, "letter_form": form, "supporter": supporter})
    if request.POST.get("step", "preview") != "send":
        context["carried"] = form.carried_fields()
        context["send_for_me"] = bool(form.cleaned_data.get("send_for_me"))
        return _private(TemplateResponse(request, "campaigns/letter_preview.html", context))
    page_url = page.relative_url(page.get_site())
    letter_request = _letter_request(form, request, supporter)
    outcome = record_letter(form.setup, letter_request, letters, language=reader, page_url=page_url)
    context.update(_thanks_context(page, form, outcome, letters, paper_for(supporter.country)))
    return _private(TemplateResponse(request, "campaigns/letter_thanks.html", context))


def _letter_request(form: LetterForm, request: HttpRequest, supporter: SupporterInput) -> LetterRequest:
    return LetterRequest(
        supporter=supporter,
        email=form.email_given,
        send_for_me=bool(form.cleaned_data.get("send_for_me")),
        reply_to=bool(form.cleaned_data.get("reply_to")),
        updates=bool(form.cleaned_data.get("updates")),
        submission_key=form.submission_key,
        signals=form.signals(request),
    )


def _thanks_context(
    page: LetterCampaignPage,
    form: LetterForm,
    outcome: Any,
    letters: list[TargetLetter],
    paper: str,
) -> dict[str, Any]:
    """The downloads, the status of letters we send, and what the thank-you page says: all from
    this form, never from what the address did before; the status link goes by mail only."""
    setup = form.setup
    context: dict[str, Any] = {"sending_for_you": bool(outcome.send_to)}
    statuses = {
        target.pk: LetterStatus(target, "waiting") for target in setup.targets if target.pk in outcome.send_to
    }
    downloads = [
        _download(page, setup.page.pk, index, letter, paper) for index, letter in enumerate(letters, 1)
    ]
    for download in downloads:
        download["status"] = statuses.get(download["letter"].target.pk)
    context.update(
        {
            "downloads": downloads,
            "email_given": bool(form.email_given),
            # A letter without an email cannot be confirmed: if it is held, say so, never "counted".
            "counted": bool(outcome.action.counted_as),
            "paper": paper,
            "paper_sizes": PAPER_SIZES,
        }
    )
    return context


def _download(
    page: LetterCampaignPage, page_id: int, index: int, letter: TargetLetter, paper: str
) -> dict[str, Any]:
    name = slugify(letter.target.name) or str(index)
    filename = f"{slugify(page.slug) or 'letter'}-{name}"
    return {
        "letter": letter,
        "token": letter_token(
            letter.letter, page_id=page_id, filename=filename, paper=paper, target_id=letter.target.pk
        ),
        "mailed": mailed_token(page_id=page_id, target_id=letter.target.pk),
        "mail": mail_link(letter.letter, letter.target.public_email),
        "text": letter_text(letter.letter),
        # The envelope matches the letter: the address as the letter's language writes it.
        "address": letter.letter.recipient_lines,
    }


def _error(request: HttpRequest, page: LetterCampaignPage, message: str, status: int = 400) -> HttpResponse:
    context = {"page": page, "self": page, "message": message}
    return _private(TemplateResponse(request, "campaigns/letter_error.html", context, status=status))


def _render(found: LetterFile, kind: str, paper: str) -> tuple[bytes, str]:
    if kind == "pdf":
        return render_letter_pdf(found.letter, paper), "application/pdf"
    return render_letter_docx(found.letter, paper), DOCX


def letter_file(page: LetterCampaignPage, request: HttpRequest) -> HttpResponse:
    """POST a letter token, get the letter as a PDF or DOCX, rendered now and stored nowhere."""
    if request.method != "POST":
        return HttpResponseRedirect(page.url)
    kind = request.POST.get("format", "pdf")
    if kind not in {"pdf", "docx"}:
        return _error(request, page, _("Please choose PDF or Word (DOCX)."))
    found = read_letter_token(request.POST.get("token", ""), page_id=page.action_page_id)
    if found is None:
        return _error(
            request,
            page,
            _(
                "This letter is no longer available for download (it is kept for a few hours only). Please write it again."
            ),
        )
    paper = request.POST.get("paper") if request.POST.get("paper") in PAPER_SIZES else found.paper
    try:
        content, mimetype = _render(found, kind, paper or found.paper)
    except UserFacingError as error:
        return _error(request, page, error.message, status=503)
    if found.target_id is not None:
        counters.count(page.action_page_id, found.target_id, counters.LetterTally.Channel.DOWNLOADED)
    response = HttpResponse(content, content_type=mimetype)
    response["Content-Disposition"] = content_disposition_header(True, f"{found.filename}.{kind}")
    return _private(response)


def letter_mailed(page: LetterCampaignPage, request: HttpRequest) -> HttpResponse:
    """POST from the thank-you page's script as the supporter opens the mail link: count it.

    Nothing is stored but the counter; a bad token or a GET changes nothing (and says little:
    the script does not read the answer)."""
    if request.method != "POST":
        return HttpResponseRedirect(page.url)
    target_id = read_mailed_token(request.POST.get("token", ""), page_id=page.action_page_id)
    if target_id is None or not Target.objects.filter(pk=target_id).exists():
        return _private(HttpResponse(status=400))
    counters.count(page.action_page_id, target_id, counters.LetterTally.Channel.MAILED)
    return _private(HttpResponse(status=204))


def letter_status(page: LetterCampaignPage, request: HttpRequest) -> HttpResponse:
    """Where the letters a supporter asked us to send are now (linked from the thank-you page
    and the confirmation mail). The token is in the query string, which no log records."""
    ref = read_status_token(request.GET.get("token", ""))
    action = (
        Action.objects.filter(pk=ref.action_id, page_id=page.action_page_id, kind=Action.Kind.LETTER).first()
        if ref is not None
        else None
    )
    if ref is None or action is None:
        return _error(request, page, _("This link is invalid or has expired."))
    setup = letter_setup(page)
    reader = _reader_language()
    targets = [target for target in setup.targets if target.pk in ref.target_ids]
    context = page.get_context(request)
    context["statuses"] = [
        {"status": status, "shown": setup.target_in(status.target, reader)}
        for status in letter_statuses(action, targets)
    ]
    return _private(TemplateResponse(request, "campaigns/letter_status.html", context))


def old_letter_status(page: LetterCampaignPage, request: HttpRequest, token: str) -> HttpResponse:
    """A status link from a mail sent before the token moved out of the path: on to the same
    page with the token in the query string. (The logs redact the token in this old path.)"""
    return _private(HttpResponseRedirect(status_path(page.url, token)))
