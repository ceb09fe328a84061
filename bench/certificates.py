"""Time a 30-person certificate batch against the same pages drawn plainly.

A batch writes one PDF per person plus one combined PDF. The yardstick
writes the same files with plain pages (the same bundled fonts, a few lines
of text each): 30 one-page PDFs and one 30-page PDF. Both run in one
process, after a warm-up, best of three, so the ratio says what certificates
cost beyond reportlab writing the same files. The cost of 30 plain pages on
a single canvas is printed too: it shows how much of any batch is reportlab's
per-file work (each standalone PDF embeds its own font subsets).

Last line: ``ratio=X.XX`` against the same-files yardstick; the target is 3.

    .venv/bin/python bench/certificates.py
"""

from __future__ import annotations

import io
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path

from reportlab.lib.pagesizes import A4, landscape
from reportlab.pdfgen.canvas import Canvas

from trainer.reports.batch import certify_batch
from trainer.reports.certificate import CertificateRequest, CompetencyScore, CompletedItem
from trainer.reports.fonts import FontBook
from trainer.reports.signing import Issuer

PEOPLE = 30
NAMES = ["Nguyễn Thị Phương Thảo", "Ελένη Παπαδοπούλου", "Дмитрий Иванов", "Maria Lopez"]
SCENARIOS = [
    "Angry caller about a lost parcel",
    "Explaining a refused benefit claim",
    "Noise complaint",
]


def requests() -> list[CertificateRequest]:
    """Thirty realistic certificates: four scripts, three scenarios, competencies."""
    return [
        CertificateRequest(
            name=f"{NAMES[i % len(NAMES)]} {i}",
            programme="Handling Difficult Conversations at the Counter",
            on=date(2025, 3, 7),
            hours=6,
            items=tuple(CompletedItem(t, 70 + (i + j) % 30) for j, t in enumerate(SCENARIOS)),
            competencies=(CompetencyScore("Empathy", 80), CompetencyScore("Clarity", 75)),
            facilitator="Ana Souza",
            organisation="City of Riverton",
        )
        for i in range(PEOPLE)
    ]


def plain_page(canvas: Canvas, fonts: FontBook, i: int) -> None:
    """A page with the same kind of text in the same fonts, and no decoration."""
    canvas.setFont(fonts.primary("serif"), 25)
    canvas.drawCentredString(421, 480, "CERTIFICATE OF COMPLETION")
    canvas.setFont(fonts.primary("serif-bold"), 40)
    canvas.drawCentredString(421, 380, f"{NAMES[i % len(NAMES)]} {i}")
    canvas.setFont(fonts.primary("sans"), 12)
    canvas.drawCentredString(421, 330, "Handling Difficult Conversations at the Counter")
    for j, title in enumerate(SCENARIOS):
        canvas.drawString(200, 280 - 14 * j, f"{title}  {70 + j}%")
    canvas.setFont(fonts.primary("sans-bold"), 11)
    canvas.drawString(100, 100, "Ana Souza")
    canvas.setFont("Courier", 5)
    canvas.drawString(60, 40, "verification code " * 8)
    canvas.showPage()


def plain_one_canvas(fonts: FontBook) -> None:
    canvas = Canvas(io.BytesIO(), pagesize=landscape(A4))
    for i in range(PEOPLE):
        plain_page(canvas, fonts, i)
    canvas.save()


def plain_separate(fonts: FontBook) -> None:
    for i in range(PEOPLE):
        canvas = Canvas(io.BytesIO(), pagesize=landscape(A4))
        plain_page(canvas, fonts, i)
        canvas.save()


def best_of(runs: int, work: Callable[[], object]) -> float:
    """The fastest of a few runs: the least disturbed by the rest of the machine."""
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> int:
    fonts = FontBook()
    with tempfile.TemporaryDirectory() as tmp:
        issuer = Issuer.load_or_create(Path(tmp) / "issuer")
        batch = requests()
        counter = iter(range(1000))

        def run_batch() -> None:
            certify_batch(batch, issuer, Path(tmp) / f"out{next(counter)}", fonts=fonts)

        run_batch()  # warm-up: font loading, imports
        plain_one_canvas(fonts)
        certs = best_of(3, run_batch)
        one = best_of(3, lambda: plain_one_canvas(fonts))
        separate = best_of(3, lambda: plain_separate(fonts))
    same_files = separate + one
    print(f"batch of {PEOPLE} certificates (+ combined PDF): {certs * 1000:.0f} ms")
    print(f"the same files, plain pages:                {same_files * 1000:.0f} ms")
    print(f"  {PEOPLE} plain one-page PDFs:               {separate * 1000:.0f} ms")
    print(f"  {PEOPLE} plain pages on one canvas:         {one * 1000:.0f} ms")
    print(f"ratio vs one canvas only: {certs / one:.1f}")
    print(f"ratio={certs / same_files:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
