"""A certificate of completion: its content as a plain value, then one page.

:func:`build_certificate_content` turns plain inputs into exactly what will be
printed (cleaned name, formatted date and hours, the scenarios that fit), so
it can be tested without a PDF. :func:`check_printable` resolves fonts and
sizes before anything is written, so a name that cannot be printed is refused
up front. Drawing (:mod:`trainer.reports.certificate_page`) is the thin last
step.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path

from trainer.errors import ExportError
from trainer.reports.failures import ExportFileError
from trainer.reports.fonts import FontBook, Role, UnprintableText, printable, shrink_to_fit
from trainer.reports.shaping import Line
from trainer.reports.signing import Claims, Issuer, new_serial
from trainer.visible_text import direction_problem, keep_meaningful_joiners

MAX_NAME = 100
MAX_TEXT = 160
MAX_ITEMS_SHOWN = 10
MAX_ITEMS = 24
MAX_COMPETENCIES_SHOWN = 6
# The code printed whole in at most four lines of 4.6 pt Courier across the page
# (see certificate_page._token_text); its QR code is then still scannable.
MAX_TOKEN_CHARS = 4 * int(770 / (0.6 * 4.6))
NAME_WIDTH = 660.0
NAME_LARGEST = 42.0
NAME_SMALLEST = 10.0
COMPLETED_PHRASE = "has successfully completed"
ASSESSED_PHRASE = "has been assessed and has passed"
MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]


@dataclass(frozen=True, slots=True)
class CompletedItem:
    """A scenario (or practice task) completed, with its score out of 100."""

    title: str
    score: int | None = None


@dataclass(frozen=True, slots=True)
class CompetencyScore:
    """One competency's summary score out of 100."""

    title: str
    score: int


@dataclass(frozen=True, slots=True)
class CertificateRequest:
    """Everything a certificate states, as the caller knows it."""

    name: str
    programme: str
    on: date
    hours: float | None = None
    items: tuple[CompletedItem, ...] = ()
    competencies: tuple[CompetencyScore, ...] = ()
    facilitator: str = ""
    organisation: str = ""
    logo: Path | None = None
    assessed: bool = False
    """True only when every scored item is an assessment pass: the page then says so."""


@dataclass(frozen=True, slots=True)
class CertificateContent:
    """Exactly what the page shows, already cleaned and formatted."""

    name: str
    programme: str
    date_text: str
    hours_text: str
    items: tuple[CompletedItem, ...]
    more_items: int
    competencies: tuple[CompetencyScore, ...]
    facilitator: str
    organisation: str
    logo: Path | None
    token: str
    serial: str = ""
    assessed: bool = False
    lines: dict[str, Line] = field(default_factory=dict, compare=False)

    @property
    def phrase(self) -> str:
        """What the page says the person did: "assessed" only for assessment passes."""
        return ASSESSED_PHRASE if self.assessed else COMPLETED_PHRASE

    @property
    def items_heading(self) -> str:
        return "SCENARIOS ASSESSED" if self.assessed else "SCENARIOS COMPLETED"


def clean_text(text: str, what: str, limit: int = MAX_TEXT, required: bool = False) -> str:
    """Text as printed and signed: composed, single-spaced, nothing hidden.

    Refused quickly when absurdly long, before any measuring, so a pasted
    novel in the name field costs nothing. Direction controls and control
    characters are refused (:mod:`trainer.visible_text`), so the signed text
    reads as the page shows it; zero-width joiners are kept where they join
    letters (the page cannot show them, and verifying ignores them).
    """
    if len(text) > limit * 4:
        raise ExportError(f"The {what} is {len(text)} characters long; at most {limit} fit.")
    problem = direction_problem(text, what)
    if problem is not None:
        raise ExportError(problem)
    text = re.sub(r"[\t\r\n\u2028\u2029]+", " ", printable(text, keep_joiners=True))
    text = keep_meaningful_joiners(re.sub(r" {2,}", " ", text).strip())
    bad = [c for c in text if unicodedata.category(c) == "Cc"]
    if bad:
        raise ExportError(f"The {what} {text!r} contains control characters; retype it.")
    if required and not text:
        raise ExportError(f"The {what} is empty; every certificate needs one.")
    if len(text) > limit:
        raise ExportError(
            f"The {what} “{text[:40]}…” is {len(text)} characters; at most {limit} fit."
        )
    return text


def clean_request(request: CertificateRequest) -> CertificateRequest:
    """The request with every text cleaned and every number checked."""
    if request.hours is not None and not 0 < request.hours <= 10_000:
        raise ExportError(f"Hours must be a positive number, not {request.hours:g}.")
    if len(request.items) > MAX_ITEMS:
        raise ExportError(
            f"{len(request.items)} scenarios are too many for one certificate (at most "
            f"{MAX_ITEMS}); certify the programme with a competency summary instead."
        )
    items = tuple(
        CompletedItem(clean_text(i.title, "scenario title", required=True), _score(i.score))
        for i in request.items
    )
    competencies = tuple(
        CompetencyScore(clean_text(c.title, "competency", required=True), _checked(c.score))
        for c in request.competencies
    )
    return replace(
        request,
        name=clean_text(request.name, "name", MAX_NAME, required=True),
        programme=clean_text(request.programme, "programme", required=True),
        items=items,
        competencies=competencies,
        facilitator=clean_text(request.facilitator, "facilitator's name", MAX_NAME),
        organisation=clean_text(request.organisation, "organisation"),
    )


def claims_for(request: CertificateRequest, serial: str) -> Claims:
    """The signed statement matching a (cleaned) request."""
    return Claims(
        name=request.name,
        programme=request.programme,
        date=request.on.isoformat(),
        hours=request.hours,
        scores=tuple((i.title, i.score) for i in request.items if i.score is not None),
        competencies=tuple((c.title, c.score) for c in request.competencies),
        facilitator=request.facilitator,
        issuer=request.organisation,
        serial=serial,
        assessed=request.assessed,
    )


def build_certificate_content(
    request: CertificateRequest, token: str, serial: str = ""
) -> CertificateContent:
    """What the page shows for a request and its token (pure)."""
    request = clean_request(request)
    shown = request.items
    more = 0
    if len(shown) > MAX_ITEMS_SHOWN:
        shown, more = shown[: MAX_ITEMS_SHOWN - 1], len(shown) - (MAX_ITEMS_SHOWN - 1)
    return CertificateContent(
        name=request.name,
        programme=request.programme,
        date_text=long_date(request.on),
        hours_text=hours_text(request.hours),
        items=shown,
        more_items=more,
        competencies=request.competencies[:MAX_COMPETENCIES_SHOWN],
        facilitator=request.facilitator,
        organisation=request.organisation,
        logo=request.logo,
        token=token,
        serial=serial,
        assessed=request.assessed,
    )


def issue_certificate(
    request: CertificateRequest, issuer: Issuer, serial: str | None = None
) -> CertificateContent:
    """Sign a request and build its content: the one step that needs the key."""
    cleaned = clean_request(request)
    serial = serial or new_serial()
    token = issuer.sign(claims_for(cleaned, serial))
    if len(token) > MAX_TOKEN_CHARS:
        raise ExportError(
            f"The certificate for {cleaned.name} states too much for its verification code "
            f"to be printed and scanned ({len(token)} characters, at most {MAX_TOKEN_CHARS}). "
            "Shorten the scenario and competency titles, or list fewer scenarios."
        )
    return build_certificate_content(cleaned, token, serial)


def check_printable(content: CertificateContent, fonts: FontBook) -> CertificateContent:
    """Lay out every string (shaped, in the fonts of its scripts) and size the name.

    Done before any file is written, so a batch knows which certificates it
    can print; raises ExportError (:class:`~trainer.reports.fonts.UnprintableText`
    for letters no font has) naming the field.
    """
    wanted: dict[str, tuple[str, Role]] = {
        "name": (content.name, "serif-bold"),
        "programme": (content.programme, "serif-bold"),
        "organisation": (content.organisation.upper(), "sans-bold"),
        "facilitator": (content.facilitator, "sans-bold"),
        "competencies": (competency_line(content), "sans"),
    }
    for index, item in enumerate(content.items):
        wanted[f"item{index}"] = (item.title, "sans")
    lines: dict[str, Line] = {}
    for key, (text, role) in wanted.items():
        try:
            lines[key] = fonts.line(text, role)
        except UnprintableText as exc:
            what = "name" if key == "name" else FIELD_NAMES.get(key, "scenario title")
            raise UnprintableText(f"The {what} cannot be printed: {exc.message}") from exc
    shrink_to_fit(lines["name"], NAME_WIDTH, NAME_LARGEST, NAME_SMALLEST, "name")
    if content.logo is not None and not content.logo.is_file():
        raise ExportFileError(f"The logo {content.logo} does not exist; choose another image.")
    return replace(content, lines=lines)


FIELD_NAMES = {
    "programme": "programme",
    "organisation": "organisation",
    "facilitator": "facilitator's name",
    "competencies": "competency summary",
}


def competency_line(content: CertificateContent) -> str:
    """The competency summary as one line of text."""
    return "  ·  ".join(f"{c.title} {c.score}%" for c in content.competencies)


def long_date(on: date) -> str:
    """A date nobody misreads, whatever their country: 7 March 2025."""
    return f"{on.day} {MONTHS[on.month - 1]} {on.year}"


def hours_text(hours: float | None) -> str:
    """'1 hour', '2.5 hours', or '' when hours are not stated."""
    if hours is None:
        return ""
    number = f"{hours:g}"
    return f"{number} hour" if number == "1" else f"{number} hours"


def items_from_scores(scores: Sequence[tuple[str, int | None]]) -> tuple[CompletedItem, ...]:
    """Completed items from (title, score) pairs, the shape rosters and stores give."""
    return tuple(CompletedItem(title, score) for title, score in scores)


def _score(score: int | None) -> int | None:
    return None if score is None else _checked(score)


def _checked(score: int) -> int:
    if not 0 <= score <= 100:
        raise ExportError(f"Scores run from 0 to 100, not {score}.")
    return score
