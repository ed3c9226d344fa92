"""Delivery bundles: the PDF staff print and hand over (a cover letter, then the signatories).

Staff ask for a bundle (`prepare_bundle`); a task builds it (`build_bundle`) in the background
and records its progress on the DeliveryBundle row, which the admin page polls.

Memory stays flat however long the list: typst lays out a whole document in memory, so the
list is typeset in parts of about CHUNK_ROWS rows, read from the database with `.iterator()`,
and each part's pages are appended to the file on disk as soon as it is typeset
(pdf_concat.PdfAppender). Page numbers run on across the parts. See docs/benchmarks.md.

Who is printed: approved signatures of confirmed, unpurged actions only; for a petition, the
confirmed signers who chose to show a name (and the total count of confirmed signers), and
optionally approved comments. Files live in CHORUS_BUNDLE_DIR, outside MEDIA, are served to
staff only, and are deleted after BUNDLE_KEEP_DAYS.
"""

from __future__ import annotations

import datetime
import json
import logging
import secrets
import threading
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import typst
from django.conf import settings
from django.db import transaction
from django.db.models import Case, F, IntegerField, Value, When
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from wagtail.models import Page

from chorus.actions.models import Action
from chorus.campaigns.review import Review
from chorus.core.countries import country_name
from chorus.core.errors import UserFacingError
from chorus.jointletters.signatories import counted
from chorus.jointletters.signatures import Signature
from chorus.petitions.signatures import PetitionSignature
from chorus.typesetting.dates import format_letter_date
from chorus.typesetting.fonts import prepare_font_folder
from chorus.typesetting.languages import LATIN, letter_language
from chorus.typesetting.pdf_concat import PdfAppender

from .models import DeliveryBundle

logger = logging.getLogger(__name__)

TEMPLATE = Path(__file__).resolve().parent / "typst" / "bundle.typ"
# Rows per typeset part: typst keeps about ten compiles' worth of layout in its caches, so
# this bounds the memory (measured in bench/bundle: 250 rows keep 10,000 signatories flat).
CHUNK_ROWS = 150
BUNDLE_KEEP_DAYS = 30
# A queued or running bundle with no progress for this long was lost (its worker died, or its
# task never ran): staff may ask for it again. A part of CHUNK_ROWS rows takes seconds.
STALE_AFTER = datetime.timedelta(minutes=10)
# A part is cut at a country boundary once it has CHUNK_ROWS rows, or mid-country at this many.
_MAX_ROWS = 2 * CHUNK_ROWS


class BundleNotPossible(UserFacingError):
    pass


# -- The typst compiler of the process ------------------------------------------------------


@dataclass
class _TypstState:
    compiler: typst.Compiler | None = None


_state = _TypstState()
_lock = threading.Lock()


def _compiler() -> typst.Compiler:
    if _state.compiler is None:
        fonts = typst.Fonts(
            include_system_fonts=False, include_embedded_fonts=False, font_paths=[prepare_font_folder()]
        )
        _state.compiler = typst.Compiler(
            TEMPLATE, root=TEMPLATE.parent, font_paths=fonts, ignore_system_fonts=True
        )
    return _state.compiler


def _typeset(inputs: dict[str, str]) -> bytes:
    with _lock:
        pdf, warnings = _compiler().compile_with_warnings(format="pdf", sys_inputs=inputs, pdf_tags=False)
    for warning in warnings:
        logger.warning("typst (bundle): %s", warning.message)
    if not isinstance(pdf, bytes):
        raise TypeError("typst returned no PDF")
    return pdf


# -- What is printed -------------------------------------------------------------------------


class _Paragraphs(HTMLParser):
    """Wagtail rich text → plain paragraphs (list items marked with a bullet)."""

    BLOCKS = frozenset({"p", "h2", "h3", "h4", "li", "blockquote", "div"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.paragraphs: list[str] = []
        self.current: list[str] = []

    def _close(self) -> None:
        text = " ".join("".join(self.current).split())
        if text:
            self.paragraphs.append(text)
        self.current = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self.BLOCKS:
            self._close()
            if tag == "li":
                self.current.append("• ")
        elif tag == "br":
            self._close()

    def handle_endtag(self, tag: str) -> None:
        if tag in self.BLOCKS:
            self._close()

    def handle_data(self, data: str) -> None:
        self.current.append(data)


def letter_paragraphs(html: str) -> list[str]:
    parser = _Paragraphs()
    parser.feed(html)
    parser.close()
    parser._close()
    return parser.paragraphs


def _style(language: str) -> dict[str, Any]:
    profile = letter_language(language)
    fonts: list[str | dict[str, str]] = list(profile.typst_fonts())
    if profile.is_cjk:
        fonts.insert(0, {"name": LATIN, "covers": "latin-in-cjk"})
    return {
        "lang": profile.typst_lang,
        "region": profile.typst_region,
        "fonts": fonts,
        "justify": profile.justify,
        "leading": profile.leading_em,
        "spacing": profile.leading_em + 0.5,
        "cjk_latin_spacing": profile.is_cjk,
    }


def _campaign(page_id: int, language: str) -> Any:
    """The campaign's translation in `language` (None if there is none)."""
    from chorus.campaigns.models import CampaignPage

    original = Page.objects.get(pk=page_id)
    return (
        CampaignPage.objects.filter(translation_key=original.translation_key, locale__language_code=language)
        .select_related("locale")
        .specific()
        .first()
    )


def bundle_languages(page_id: int) -> list[str]:
    """Languages the campaign is written in: the cover letter can be in any of them."""
    from chorus.campaigns.models import CampaignPage

    original = Page.objects.get(pk=page_id)
    present = set(
        CampaignPage.objects.filter(translation_key=original.translation_key).values_list(
            "locale__language_code", flat=True
        )
    )
    return [code for code, _name in settings.LANGUAGES if code in present]


def _confirmed_signatures(page_id: int) -> Any:
    return counted(page_id)


def _confirmed_petition(page_id: int) -> Any:
    return PetitionSignature.objects.filter(
        page_id=page_id, action__state=Action.State.CONFIRMED, action__purged_at__isnull=True
    )


@dataclass
class _Plan:
    """Everything printed, except the rows themselves, which are read as they are typeset."""

    meta: dict[str, Any]
    total: int
    rows: Iterator[list[str]] = field(repr=False)


def _join(*parts: str) -> str:
    return " · ".join(part for part in parts if part)


def _signature_rows(page_id: int, language: str) -> Iterator[list[str]]:
    """Country by country (in the order of their names in `language`); in each, organisations
    by type, then individuals; names in alphabetical order within a group."""
    signatures = _confirmed_signatures(page_id)
    codes = sorted(
        set(signatures.values_list("country", flat=True)), key=lambda code: country_name(code, language)
    )
    type_order = Case(
        *[
            When(organisation_type=value, then=Value(i))
            for i, value in enumerate(Signature.OrganisationType.values)
        ],
        default=Value(len(Signature.OrganisationType.values)),
        output_field=IntegerField(),
    )
    signer_order = Case(
        When(signer_type=Signature.SignerType.ORGANISATION, then=Value(0)),
        default=Value(1),
        output_field=IntegerField(),
    )
    for code in codes:
        yield ["country", country_name(code, language)]
        group = None
        rows = (
            signatures.filter(country=code)
            .order_by(signer_order, type_order, "name", "pk")
            .values_list("signer_type", "organisation_type", "name", "role", "city", "website")
            .iterator(chunk_size=500)
        )
        for signer_type, organisation_type, name, role, city, website in rows:
            if signer_type == Signature.SignerType.ORGANISATION:
                heading = str(Signature.OrganisationType(organisation_type or "other").label)
                detail = _join(city, website)
            else:
                heading = _("Individuals")
                detail = _join(role, city)
            if heading != group:
                group = heading
                yield ["group", heading]
            yield ["signer", name, detail]


def _petition_rows(page_id: int, language: str, include_comments: bool) -> Iterator[list[str]]:
    names = (
        _confirmed_petition(page_id)
        .exclude(display_name="")
        .order_by("created_at", "pk")
        .values_list("display_name", flat=True)
        .iterator(chunk_size=500)
    )
    # Only what signers chose to show: their display name, not the country they gave.
    yield ["section", _("Signers who chose to show their name")]
    for name in names:
        yield ["signer", name, ""]
    if include_comments:
        comments = (
            _confirmed_petition(page_id)
            .filter(comment_review=Review.APPROVED)
            .exclude(comment="")
            .order_by("created_at", "pk")
            .values_list("display_name", "comment")
            .iterator(chunk_size=500)
        )
        yield ["section", _("Comments")]
        for name, comment in comments:
            yield ["comment", name or _("A signer"), "", comment]


def _plan(bundle: DeliveryBundle, today: datetime.date) -> _Plan:
    """What the bundle prints; call with the bundle's language active."""
    language = bundle.language
    campaign = _campaign(bundle.page_id, language)
    if campaign is None:
        raise BundleNotPossible(_("The campaign has no translation in this language."))
    site = campaign.get_site()
    organisation = (site.site_name if site is not None else "") or settings.CHORUS_SITE_NAME
    kind = campaign.bundle_kind
    if not kind:
        raise BundleNotPossible(_("This campaign collects neither petition nor joint letter signatures."))
    text = getattr(campaign, "joint_letter_text", "") or campaign.body
    meta: dict[str, Any] = {
        "style": _style(language),
        "labels": {"page": _("Page {page}")},
        "title": campaign.title,
        "organisation": organisation,
        "date": format_letter_date(today, language),
        "recipient": getattr(campaign, "joint_letter_recipient", ""),
        "paragraphs": letter_paragraphs(text),
        "kind": kind,
    }
    if kind == "joint":
        signatures = _confirmed_signatures(bundle.page_id)
        organisations = signatures.filter(signer_type=Signature.SignerType.ORGANISATION).count()
        individuals = signatures.filter(signer_type=Signature.SignerType.INDIVIDUAL).count()
        countries = signatures.values("country").distinct().count()
        meta["summary"] = _join(
            ngettext("%(count)s organisation", "%(count)s organisations", organisations)
            % {"count": organisations},
            ngettext("%(count)s individual", "%(count)s individuals", individuals) % {"count": individuals},
            ngettext("%(count)s country", "%(count)s countries", countries) % {"count": countries},
        )
        return _Plan(meta, organisations + individuals, _signature_rows(bundle.page_id, language))
    signers = Action.objects.filter(
        page_id=bundle.page_id, kind=Action.Kind.PETITION, state=Action.State.CONFIRMED
    ).count()
    named = _confirmed_petition(bundle.page_id).exclude(display_name="").count()
    meta["summary"] = ngettext(
        "%(count)s person signed this petition; %(named)s of them chose to show their name below.",
        "%(count)s people signed this petition; %(named)s of them chose to show their name below.",
        signers,
    ) % {"count": signers, "named": named}
    total = named
    if bundle.include_comments:
        total += (
            _confirmed_petition(bundle.page_id)
            .filter(comment_review=Review.APPROVED)
            .exclude(comment="")
            .count()
        )
    return _Plan(meta, total, _petition_rows(bundle.page_id, language, bundle.include_comments))


def _parts(rows: Iterator[list[str]]) -> Iterator[tuple[list[list[str]], int]]:
    """Rows in parts of about CHUNK_ROWS: (the rows, how many of them are people or comments).
    A part ends before a country heading once it is full, or mid-country at _MAX_ROWS; then the
    next part repeats the country and group headings, marked as continued."""
    part: list[list[str]] = []
    people = 0
    country: list[str] | None = None
    group: list[str] | None = None
    for row in rows:
        kind = row[0]
        if kind in ("country", "section") and len(part) >= CHUNK_ROWS:
            yield part, people
            part, people = [], 0
        elif len(part) >= _MAX_ROWS:
            yield part, people
            part, people = [], 0
            continued = _("%(heading)s (continued)")
            if country is not None:
                part.append([country[0], continued % {"heading": country[1]}])
            if group is not None and kind != "group":
                part.append([group[0], continued % {"heading": group[1]}])
        if kind in ("country", "section"):
            country, group = row, None
        elif kind == "group":
            group = row
        else:
            people += 1
        part.append(row)
    if part:
        yield part, people


class Superseded(Exception):
    """A retry took the bundle over from this run: it stops and leaves the bundle alone."""


def _report(bundle_id: int, run: int, **fields: Any) -> bool:
    """Write progress or an outcome of run `run`, only if it still owns the bundle."""
    return bool(
        DeliveryBundle.objects.filter(pk=bundle_id, run=run).update(updated_at=timezone.now(), **fields)
    )


def render_bundle(
    bundle: DeliveryBundle, output: Path, *, today: datetime.date | None = None, run: int | None = None
) -> int:
    """Typeset the bundle into `output`, updating bundle.done/total as parts are written.
    Returns the number of pages. Raises Superseded as soon as another run owns the bundle."""
    run = bundle.run if run is None else run

    def progress(**fields: Any) -> None:
        if not _report(bundle.pk, run, **fields):
            raise Superseded

    with translation.override(bundle.language):
        plan = _plan(bundle, today or timezone.localdate())
        progress(total=plan.total, done=0)
        meta = json.dumps(plan.meta, ensure_ascii=False)
        with output.open("wb") as file:
            pdf = PdfAppender(file)
            pdf.append(_typeset({"meta": meta, "rows": "[]", "cover": "1", "first_page": "1"}))
            done = 0
            for part, people in _parts(plan.rows):
                inputs = {
                    "meta": meta,
                    "rows": json.dumps(part, ensure_ascii=False),
                    "cover": "0",
                    "first_page": str(pdf.pages + 1),
                }
                pdf.append(_typeset(inputs))
                done += people
                progress(done=done)
            pdf.finish(title=plan.meta["title"], language=letter_language(bundle.language).typst_lang)
    return pdf.pages


# -- Services --------------------------------------------------------------------------------


def bundle_dir() -> Path:
    return Path(settings.CHORUS_BUNDLE_DIR)


def bundle_path(bundle: DeliveryBundle) -> Path | None:
    """The file of a ready bundle, or None."""
    if bundle.state != DeliveryBundle.State.READY or not bundle.file_name:
        return None
    path = bundle_dir() / bundle.file_name
    return path if path.is_file() else None


def _enqueue(bundle_id: int) -> None:
    from .tasks import build_bundle_task

    transaction.on_commit(lambda: build_bundle_task.enqueue(bundle_id))


def prepare_bundle(
    page_id: int, language: str, *, include_comments: bool = False, by: Any = None
) -> DeliveryBundle:
    """Ask for a bundle of this campaign (its action page id) with the cover letter in
    `language`; the task builds it after the transaction commits."""
    if language not in bundle_languages(page_id):
        raise BundleNotPossible(_("The campaign has no translation in this language."))
    with transaction.atomic():
        bundle = DeliveryBundle.objects.create(
            page_id=page_id,
            language=language,
            include_comments=include_comments,
            created_by=by if by is not None and by.is_authenticated else None,
        )
        _enqueue(bundle.pk)
    return bundle


def is_stale(bundle: DeliveryBundle, *, now: datetime.datetime | None = None) -> bool:
    """Queued or running, but with no progress for STALE_AFTER: its worker is gone."""
    if bundle.state not in (DeliveryBundle.State.QUEUED, DeliveryBundle.State.RUNNING):
        return False
    return bundle.updated_at < (now or timezone.now()) - STALE_AFTER


def can_retry(bundle: DeliveryBundle, *, now: datetime.datetime | None = None) -> bool:
    return bundle.state == DeliveryBundle.State.FAILED or is_stale(bundle, now=now)


def retry_bundle(bundle_id: int) -> DeliveryBundle:
    """Queue again a bundle that failed, or one stuck queued or running (see `is_stale`).

    A stuck bundle goes back to "queued" with a fresh timestamp, so the task enqueued here can
    claim it (taking the next run number); should the lost worker come back to life after all,
    it no longer owns the bundle: its next progress report stops it, and it deletes its file."""
    with transaction.atomic():
        bundle = DeliveryBundle.objects.select_for_update().get(pk=bundle_id)
        if not can_retry(bundle):
            raise BundleNotPossible(
                _(
                    "Only a bundle that failed, or one that has made no progress for 10 minutes, "
                    "can be tried again."
                )
            )
        bundle.state = DeliveryBundle.State.QUEUED
        bundle.done = 0
        bundle.error = ""
        bundle.finished_at = None
        bundle.save(update_fields=["state", "done", "error", "finished_at", "updated_at"])
        _enqueue(bundle.pk)
    return bundle


def build_bundle(bundle_id: int) -> str:
    """Build a queued bundle (the task's body). A bundle already taken by another run is left alone."""
    claimed = DeliveryBundle.objects.filter(pk=bundle_id, state=DeliveryBundle.State.QUEUED).update(
        state=DeliveryBundle.State.RUNNING, run=F("run") + 1, updated_at=timezone.now()
    )
    if not claimed:
        return "not queued"
    bundle = DeliveryBundle.objects.get(pk=bundle_id)
    run = bundle.run
    folder = bundle_dir()
    name = f"bundle-{bundle.pk}-{secrets.token_hex(8)}.pdf"
    partial = folder / f".{name}.part"
    try:
        folder.mkdir(parents=True, exist_ok=True)
        pages = render_bundle(bundle, partial, run=run)
        partial.replace(folder / name)
    except Superseded:
        partial.unlink(missing_ok=True)
        return "superseded"
    except Exception as error:
        partial.unlink(missing_ok=True)
        logger.exception("Delivery bundle %s failed", bundle_id)
        message = error.message if isinstance(error, UserFacingError) else ""
        _report(
            bundle_id, run, state=DeliveryBundle.State.FAILED, error=message[:300], finished_at=timezone.now()
        )
        return "failed"
    if not _report(
        bundle_id, run, state=DeliveryBundle.State.READY, file_name=name, finished_at=timezone.now()
    ):
        (folder / name).unlink(missing_ok=True)  # a newer run owns the bundle: its file counts
        return "superseded"
    return f"{pages} pages"


def delete_old_bundles(days: int = BUNDLE_KEEP_DAYS) -> int:
    """Delete bundles (rows and files) made more than `days` ago, and stray files as old.
    Returns how many bundles were deleted."""
    cutoff = timezone.now() - datetime.timedelta(days=days)
    old = list(DeliveryBundle.objects.filter(created_at__lt=cutoff).values_list("pk", "file_name"))
    folder = bundle_dir()
    for _pk, file_name in old:
        if file_name:
            (folder / file_name).unlink(missing_ok=True)
    DeliveryBundle.objects.filter(pk__in=[pk for pk, _name in old]).delete()
    if folder.is_dir():
        kept = set(DeliveryBundle.objects.exclude(file_name="").values_list("file_name", flat=True))
        for entry in folder.iterdir():
            if entry.is_file() and entry.name not in kept and entry.stat().st_mtime < cutoff.timestamp():
                entry.unlink(missing_ok=True)
    return len(old)


def delete_bundles_of(page_ids: Iterable[int]) -> int:
    """Delete the bundles of these campaigns (rows now, files once the transaction commits):
    called when signers they print are purged or ask for their data to be deleted."""
    bundles = DeliveryBundle.objects.filter(page_id__in=list(page_ids))
    names = [name for name in bundles.values_list("file_name", flat=True) if name]
    deleted = bundles.delete()[0]
    if names:
        folder = bundle_dir()

        def remove_files() -> None:
            for name in names:
                (folder / name).unlink(missing_ok=True)

        transaction.on_commit(remove_files)
    return deleted
