"""The facilitator pack and the room's handouts as PDFs, made from a workshop plan.

``trainer handouts PLAN`` and the app's File menu write six files:

- ``facilitator-pack.pdf``: the agenda with times, then each block's
  prompts and notes, and for each scenario the room plays an answer key
  (see :mod:`trainer.reports.pack_content`);
- ``rating-cards.pdf``: the plan's confidence questions, to circle at the
  start and again at the end (two cards to a page, to cut);
- ``journey-map.pdf``: the template for mapping one resident's way across
  units;
- ``technique-sheet.pdf``: the rubric's competencies and the named
  techniques the scenarios teach;
- ``observer-sheet.pdf``: what to look for in live practice, with tick boxes;
- ``set-up-checklist.pdf``: what to prepare before the room arrives.

All text goes through escaped paragraphs (no content is ever read as markup)
in a font that has its letters.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from reportlab.lib.colors import HexColor
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.units import mm
from reportlab.platypus import (
    CondPageBreak,
    Flowable,
    KeepTogether,
    PageBreak,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

from trainer.reports.files import ensure_folder, write_atomic
from trainer.reports.fonts import FontBook, Role, default_font_book
from trainer.reports.pack_content import (
    ENDS,
    ENDS_AT,
    BlockSheet,
    DecisionKey,
    Pack,
    ScenarioKey,
    build_pack,
    sentence,
)
from trainer.reports.report_pdf import Writer
from trainer.scenarios.library import Library
from trainer.scenarios.model import WorkshopPlan

NAVY = HexColor("#1f3a5f")
RULE = HexColor("#c9ced3")
STRIPE = HexColor("#f3f5f7")
WARNING = HexColor("#fff3cd")
BOX = "\u2610"  # a ballot box to tick
FILES = (
    "facilitator-pack.pdf",
    "rating-cards.pdf",
    "journey-map.pdf",
    "technique-sheet.pdf",
    "observer-sheet.pdf",
    "set-up-checklist.pdf",
)


@dataclass(frozen=True, slots=True)
class Written:
    folder: Path
    files: tuple[Path, ...]
    warnings: tuple[str, ...]


class _Text(Writer):
    """The reports' writer (shaped text, every letter in a font that has it), in handout sizes."""

    def para(self, text: str, role: Role = "sans", size: float = 9.5) -> Flowable:
        return super().para(text, role, size)

    def heading(self, text: str, size: float = 15) -> Flowable:
        return super().heading(text, size)

    def bold(self, text: str, size: float = 9.5) -> Flowable:
        return self.para(text, "sans-bold", size)


def write_plan_pack(plan: WorkshopPlan, library: Library, folder: Path) -> Written:
    """The pack for ``plan`` on ``library``'s scenarios as they are now, written to ``folder``."""
    return write_handouts(build_pack(plan, library), folder)


def write_handouts(pack: Pack, folder: Path, fonts: FontBook | None = None) -> Written:
    """Write the six PDFs into ``folder`` (made if missing); each file whole or not at all."""
    text = _Text(fonts or default_font_book())
    makers: dict[str, Callable[[_Text, Pack], bytes]] = {
        "facilitator-pack.pdf": _pack_pdf,
        "rating-cards.pdf": _rating_cards_pdf,
        "journey-map.pdf": _journey_map_pdf,
        "technique-sheet.pdf": _technique_pdf,
        "observer-sheet.pdf": _observer_pdf,
        "set-up-checklist.pdf": _checklist_pdf,
    }
    contents = {name: make(text, pack) for name, make in makers.items()}  # all made first
    ensure_folder(folder)
    written = []
    for name, data in contents.items():
        write_atomic(folder / name, data)  # a pack made again replaces the last one
        written.append(folder / name)
    return Written(folder, tuple(written), pack.warnings)


# --- building blocks -------------------------------------------------------------
def _document(story: list[Flowable], title: str, *, wide: bool = False) -> bytes:
    out = io.BytesIO()
    size = landscape(A4) if wide else A4
    doc = SimpleDocTemplate(
        out,
        pagesize=size,
        leftMargin=16 * mm,
        rightMargin=16 * mm,
        topMargin=15 * mm,
        bottomMargin=15 * mm,
        title=title,
        author="Counterpart",
    )
    doc.build(story)
    return out.getvalue()


def _table(
    rows: Sequence[Sequence[Flowable | str]],
    widths: Sequence[float],
    heights: Sequence[float | None] | None = None,
) -> Table:
    table = Table(list(map(list, rows)), colWidths=list(widths), rowHeights=heights, repeatRows=1)
    table.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LINEBELOW", (0, 0), (-1, 0), 0.8, NAVY),
                ("LINEBELOW", (0, 1), (-1, -1), 0.3, RULE),
                ("ROWBACKGROUNDS", (0, 1), (-1, -1), [None, STRIPE]),
                ("TOPPADDING", (0, 0), (-1, -1), 3),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
            ]
        )
    )
    return table


def _clock(minutes: int) -> str:
    return f"{minutes // 60}:{minutes % 60:02d}"


def _paragraphs(t: _Text, text: str, size: float = 9.5) -> list[Flowable]:
    """``text`` as paragraphs, one per paragraph the author wrote.

    A folded YAML block (``>-``, as the plans are written) turns each blank line
    between paragraphs into one line break and joins the lines within a
    paragraph, so any line break left in the text starts a new paragraph.
    """
    out: list[Flowable] = []
    for part in (p.strip() for p in text.splitlines()):
        if part:
            out += [t.para(" ".join(part.split()), size=size), Spacer(1, 1.5 * mm)]
    return out


def _note(t: _Text, text: str) -> Table:
    box = Table([[t.para(text, size=9)]], colWidths=[178 * mm])
    box.setStyle(
        TableStyle([("BACKGROUND", (0, 0), (-1, -1), WARNING), ("PADDING", (0, 0), (-1, -1), 5)])
    )
    return box


# --- the facilitator pack ----------------------------------------------------------
def _pack_pdf(t: _Text, pack: Pack) -> bytes:
    story: list[Flowable] = [
        t.heading(f"Facilitator pack: {pack.title}", 17),
        Spacer(1, 2 * mm),
        t.para(
            f"{pack.minutes} minutes · made by Counterpart from the plan '{pack.plan_id}'", size=9
        ),
        Spacer(1, 3 * mm),
        *_paragraphs(t, pack.summary),
    ]
    for warning in pack.warnings:
        story += [_note(t, f"Check before the day: {warning}"), Spacer(1, 2 * mm)]
    story += [
        Spacer(1, 2 * mm),
        t.heading("Agenda", 12),
        Spacer(1, 2 * mm),
        _agenda(t, pack.blocks),
        Spacer(1, 3 * mm),
        t.para(
            "Room timings count every word read aloud on the expected path (the lines, the "
            "options at each decision, the ending and its points) at 130 words a minute, "
            "and a minute for each vote. The answer keys follow that path; a room that "
            "goes another way meets other decisions, whose points the console shows.",
            size=8.5,
        ),
    ]
    for block in pack.blocks:
        story += [PageBreak(), *_block(t, block)]
    return _document(story, f"Facilitator pack: {pack.title}")


def _agenda(t: _Text, blocks: Sequence[BlockSheet]) -> Table:
    rows: list[list[Flowable | str]] = [
        [t.bold("Time"), t.bold("Block"), t.bold("Kind"), t.bold("Minutes")]
    ]
    for b in blocks:
        minutes = f"{b.minutes}"
        if b.room_played and b.needs:
            minutes += f" (room run ~{b.needs}{', too short' if b.too_short else ''})"
        rows.append(
            [
                t.para(f"{_clock(b.start)}–{_clock(b.start + b.minutes)}"),
                t.para(f"{b.index}. {b.title}"),
                t.para(b.kind),
                t.para(minutes),
            ]
        )
    return _table(rows, [24 * mm, 102 * mm, 22 * mm, 30 * mm])


def _block(t: _Text, b: BlockSheet) -> list[Flowable]:
    story: list[Flowable] = [
        t.heading(f"{b.index}. {b.title}", 14),
        Spacer(1, 1.5 * mm),
        t.para(
            f"{_clock(b.start)}–{_clock(b.start + b.minutes)} · {b.kind} · {b.minutes} min", size=9
        ),
        Spacer(1, 3 * mm),
    ]
    if b.too_short:
        story += [
            _note(
                t,
                f"Reading the scenarios aloud and voting takes about {b.needs} min, more "
                f"than this block's {b.minutes}: play part of it, or lend it time.",
            ),
            Spacer(1, 2 * mm),
        ]
    if b.prompts:
        story += [t.bold("Prompts"), Spacer(1, 1 * mm)]
        story += [t.para(f"• {p}") for p in b.prompts] + [Spacer(1, 3 * mm)]
    if b.notes:
        story += [t.bold("Notes"), Spacer(1, 1 * mm), *_paragraphs(t, b.notes)]
    for key in b.scenarios:
        story += [CondPageBreak(60 * mm), *_answer_key(t, key)]
    return story


def _answer_key(t: _Text, key: ScenarioKey) -> list[Flowable]:
    story: list[Flowable] = [
        Spacer(1, 3 * mm),
        t.heading(f"Answer key: {key.title}", 12.5),
        Spacer(1, 1 * mm),
        t.para(key.summary, size=9),
        Spacer(1, 1 * mm),
        *_jurisdiction(t, key),
        t.para(sentence(f"In the room: {key.timing.describe()}"), size=8.5),
        Spacer(1, 2 * mm),
    ]
    for decision in key.decisions:
        story.append(KeepTogether(_decision(t, decision)))
    if key.closing:
        story += [Spacer(1, 2 * mm), t.para("Then, before the ending:", size=8)]
        story += _said(t, key.closing)
    if key.best_ending:
        story += [Spacer(1, 2 * mm), t.bold(f"The best path ends: {key.best_ending}")]
        story += [t.para(f"• {point}", size=9) for point in key.teaching]
    return story


def _jurisdiction(t: _Text, key: ScenarioKey) -> list[Flowable]:
    """Where the scenario's rules apply, what it assumes, and its example values."""
    out: list[Flowable] = [t.para(sentence(f"Where it applies: {key.where}"), size=8.5)]
    if key.assumes:
        out.append(t.para("It assumes:", size=8.5))
        out += [t.para(f"• {sentence(a)}", size=8) for a in key.assumes]
    if key.examples:
        values = "; ".join(f"{name.replace('_', ' ')}: {value}" for name, value in key.examples)
        out.append(
            t.para(sentence(f"Example values (set your own in local-rules.yaml): {values}"), size=8)
        )
    return out


def _said(t: _Text, lines: Sequence[tuple[str, str]]) -> list[Flowable]:
    return [t.para(f"{who}: “{text}”", size=8) for who, text in lines]


def _decision(t: _Text, d: DecisionKey) -> list[Flowable]:
    keys = " ".join(map(str, d.keys_to_here)) or "(the first decision)"
    story: list[Flowable] = [Spacer(1, 2.5 * mm)]
    if d.before:
        story += [t.para("Said on the way (no vote):", size=8), *_said(t, d.before)]
        story.append(Spacer(1, 1 * mm))
    story += [
        t.bold(f"Decision {d.number}. {d.speaker}: “{d.line}”", 9.5),
        t.para(f"From a fresh start: {keys}", size=8),
        Spacer(1, 1 * mm),
    ]
    rows: list[list[Flowable | str]] = [
        [t.bold("#"), t.bold("Option"), t.bold("Verdict"), t.bold("What follows")]
    ]
    for o in d.options:
        follows = " · ".join(
            x
            for x in (
                f"{o.points:+d} points",
                o.effects,
                f"Ends: {o.ending}" if o.ending and not o.verdict.startswith(ENDS_AT) else "",
                f"fails the run: {o.critical}" if o.critical else "",
            )
            if x
        )
        why = [t.para(follows, size=8)]
        if o.feedback:
            why.append(t.para(o.feedback, size=8))
        if o.technique:
            why.append(t.para(f"Technique: {o.technique}", size=8))
        if o.if_picked:
            why.append(t.para(f"If the room picks it: {o.if_picked}", "sans-bold", 8))
        verdict = t.bold(o.verdict, 8.5) if o.verdict == ENDS else t.para(o.verdict, size=8.5)
        rows.append([t.para(str(o.number)), t.para(o.text, size=8.5), verdict, why])
    story.append(_table(rows, [9 * mm, 67 * mm, 22 * mm, 80 * mm]))
    return story


# --- the room's handouts -------------------------------------------------------------
def _rating_cards_pdf(t: _Text, pack: Pack) -> bytes:
    questions = pack.ratings or ("How confident are you with today's topics?",)

    def card() -> list[Flowable]:
        rows: list[list[Flowable | str]] = [
            [t.bold("Question"), t.bold("At the start"), t.bold("At the end")]
        ]
        scale = "1    2    3    4    5"
        for q in questions:
            rows.append(
                [t.para(_asked(q), size=9.5), t.para(scale, size=12), t.para(scale, size=12)]
            )
        return [
            t.heading("Confidence self-rating", 13),
            t.para(f"{pack.title}  ·  Name (optional): ____________________", size=9),
            Spacer(1, 2 * mm),
            t.para("Circle one number for each question: 1 not at all confident, 5 very.", size=9),
            Spacer(1, 2 * mm),
            _table(rows, [110 * mm, 34 * mm, 34 * mm]),
            Spacer(1, 3 * mm),
            t.para("Keep this card. You rate again at the end of the workshop.", size=8.5),
        ]

    story = [*card(), Spacer(1, 14 * mm), t.para("- " * 60, size=7), Spacer(1, 10 * mm), *card()]
    return _document(story, "Confidence self-rating cards")


def _asked(prompt: str) -> str:
    """A rating prompt without its "1 to 5:" lead-in, which the card's scale shows."""
    lead, sep, question = prompt.partition(": ")
    return question[:1].upper() + question[1:] if sep and "1" in lead else prompt


def _journey_map_pdf(t: _Text, pack: Pack) -> bytes:
    mapping = next((b for b in pack.blocks if "journey" in b.title.lower()), None)
    columns = (
        "Step",
        "Who (unit, role)",
        "What the resident needs here",
        "What this unit is measured on",
        "Where it stalls or bounces",
        "What would fix it",
    )
    rows: list[list[Flowable | str]] = [[t.bold(c, 9) for c in columns]]
    rows += [[t.para(str(n), size=11), "", "", "", "", ""] for n in range(1, 9)]
    table = _table(
        rows, [14 * mm, 38 * mm, 50 * mm, 50 * mm, 50 * mm, 50 * mm], [None] + [15 * mm] * 8
    )
    table.setStyle(
        TableStyle(
            [("ROWBACKGROUNDS", (0, 1), (-1, -1), [None]), ("GRID", (0, 0), (-1, -1), 0.4, RULE)]
        )
    )
    story: list[Flowable] = [
        t.heading("One resident's journey across units", 14),
        Spacer(1, 1.5 * mm),
        t.para(
            "Pick one real (anonymised) case that crossed two or more units. One row per "
            "step the resident took: who they dealt with, what they needed, what that unit "
            "is measured on, and where the case stalled or bounced.",
            size=9,
        ),
    ]
    if mapping is not None:
        story += [Spacer(1, 1 * mm)] + [t.para(f"• {p}", size=9) for p in mapping.prompts]
    story += [Spacer(1, 3 * mm), table]
    return _document(story, "Journey map", wide=True)


def _technique_pdf(t: _Text, pack: Pack) -> bytes:
    story: list[Flowable] = [
        t.heading("Techniques and what good looks like", 15),
        Spacer(1, 3 * mm),
    ]
    if pack.rubric is not None:
        for competency in pack.rubric.competencies.values():
            part: list[Flowable] = [
                t.heading(competency.name, 11.5),
                t.para(competency.definition, size=9),
                Spacer(1, 1 * mm),
                t.bold("Good looks like", 9),
                *[t.para(f"• {g}", size=9) for g in competency.good],
                t.bold("Poor looks like", 9),
                *[t.para(f"• {p}", size=9) for p in competency.poor],
            ]
            if competency.rooted_in:
                part.append(t.para(f"Rooted in: {' '.join(competency.rooted_in.split())}", size=8))
            story += [KeepTogether(part), Spacer(1, 4 * mm)]
    taught = sorted(
        {
            o.technique
            for b in pack.blocks
            for k in b.scenarios
            for d in k.decisions
            for o in d.options
            if o.technique and o.verdict != ENDS and o.points > 0
        }
    )
    if taught:
        story += [t.heading("Named in today's scenarios", 11.5), Spacer(1, 1 * mm)]
        story += [t.para(f"• {name}", size=9) for name in taught]
    return _document(story, "Technique sheet")


def _observer_pdf(t: _Text, pack: Pack) -> bytes:
    story: list[Flowable] = [
        t.heading("Observer sheet", 15),
        t.para(
            "While two colleagues practise, tick what you see and write down the exact words "
            "that worked. Give your feedback in that order: what worked, then one thing to try.",
            size=9,
        ),
        Spacer(1, 3 * mm),
    ]
    if pack.rubric is not None:
        rows: list[list[Flowable | str]] = [
            [t.bold("Competency"), t.bold("Seen"), t.bold("Their words")]
        ]
        for competency in pack.rubric.competencies.values():
            seen = [t.bold(competency.name, 9)] + [
                t.para(f"{BOX} {g}", size=9) for g in competency.good
            ]
            rows.append([seen[0], seen[1:], ""])
        table = _table(rows, [42 * mm, 76 * mm, 60 * mm])
        table.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.4, RULE)]))
        story.append(table)
    story += [Spacer(1, 4 * mm), t.bold("One thing to try next time:"), Spacer(1, 18 * mm)]
    return _document(story, "Observer sheet")


# The sheets only some blocks use, by the kind of block that uses them.
SHEET_FOR_KIND = {
    "discussion": "the journey-map template (one per table of three or four)",
    "practice": "the observer sheet (one per person)",
}


def _sheets_to_print(pack: Pack) -> str:
    """What to print besides the rating cards: the technique sheet and what the blocks use."""
    kinds = {block.kind for block in pack.blocks}
    used = [sheet for kind, sheet in SHEET_FOR_KIND.items() if kind in kinds]
    return "Print " + ", ".join([*used, "the technique sheet (one per person)"]) + "."


def _checklist_pdf(t: _Text, pack: Pack) -> bytes:
    items = [
        "The laptop runs Counterpart with this plan: open the Workshop page, pick the plan, "
        "and check each scenario starts.",
        "A projector or large screen as a second display (1920 × 1080 works best); the "
        "projector window goes on it and the console stays on the laptop.",
        "The roster: paste the names (one per line) on the set-up page, or open a CSV "
        "with a 'name' column; walk-ins can be added on the day.",
        "If phones will vote: the laptop and the phones on the same network, and that "
        "network lets them reach each other (guest Wi-Fi often does not).",
        "Print the rating cards (one per person, two to a page) and a copy of this pack "
        "for each facilitator.",
        _sheets_to_print(pack),
        "Certificates: the programme name and hours are taken from the plan "
        f"({pack.minutes / 60:g} hours); check the organisation's name on the set-up page.",
        "Read each answer key before the day, and decide what you will do if the room "
        "picks an option that ends the run.",
        "Content warnings: check the scenarios' warnings and tell the room at the start that "
        "anyone may step out.",
    ]
    story: list[Flowable] = [
        t.heading("Set-up checklist", 15),
        t.para(pack.title, size=9),
        Spacer(1, 3 * mm),
        *[x for item in items for x in (t.para(f"{BOX}  {item}", size=10.5), Spacer(1, 3 * mm))],
    ]
    for warning in pack.warnings:
        story += [Spacer(1, 2 * mm), _note(t, f"Check: {warning}")]
    return _document(story, "Set-up checklist")
