"""The room's vote as bars, one per option, once the facilitator has revealed it.

Hands, not percentages: "9" is what the room counted, and a percentage sign
on the projector would read like a score. The bar of the option with the
most hands is drawn in the accent colour; a tie has no such bar.
"""

from __future__ import annotations

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QPainter, QPaintEvent, QPalette
from PySide6.QtWidgets import QSizePolicy, QWidget

from trainer.ui import style
from trainer.workshop.views import VoteView


def hands(count: int) -> str:
    return f"{count} hand{'' if count == 1 else 's'}"


def votes(count: int, hand: int, phone: int, *, phones: bool | None = None) -> str:
    """An option's count: "9 hands", or once phones voted "9 votes: 3 hands + 6 phones".

    ``phones`` says whether the vote had phone votes at all (so every option
    of it reads the same way); by default, whether this one has.
    """
    if not (phone > 0 if phones is None else phones):
        return hands(count)
    on_phones = f"{phone} phone{'' if phone == 1 else 's'}"
    return f"{count} vote{'' if count == 1 else 's'}: {hands(hand)} + {on_phones}"


class VoteBars(QWidget):
    """Horizontal bars of a revealed vote: "1 ██████ 9 hands"."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.counts: tuple[int, ...] = ()
        self.labels: tuple[str, ...] = ()
        self.majority: int | None = None
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setAccessibleName("The room's vote")

    def set_vote(self, vote: VoteView) -> None:
        counts = vote.counts if vote.revealed else ()
        majority = vote.majority if vote.revealed else None
        any_phones = sum(vote.phones) > 0
        labels = tuple(
            votes(c, _at(vote.hands, i), _at(vote.phones, i), phones=any_phones)
            for i, c in enumerate(counts)
        )
        if (counts, majority, labels) == (self.counts, self.majority, self.labels):
            return
        self.counts, self.majority, self.labels = counts, majority, labels
        parts = [f"option {n}: {label}" for n, label in enumerate(labels, start=1)]
        self.setAccessibleName("The room's vote: " + "; ".join(parts))
        self.updateGeometry()
        self.update()

    def _row(self) -> int:
        return round(self.fontMetrics().height() * 1.5)

    def sizeHint(self) -> QSize:
        return QSize(400, self._row() * len(self.counts))

    def minimumSizeHint(self) -> QSize:
        return self.sizeHint()

    def paintEvent(self, event: QPaintEvent) -> None:
        if not self.counts:
            return
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        pal = self.palette()
        metrics = self.fontMetrics()
        row = self._row()
        number_width = metrics.horizontalAdvance("9") * 2
        widest = max([hands(88), *self.labels], key=metrics.horizontalAdvance)
        count_width = metrics.horizontalAdvance(widest) + row // 2
        room = max(1.0, self.width() - number_width - count_width)
        top = max(self.counts) or 1
        text = pal.color(QPalette.ColorRole.WindowText)
        plain = style.blend(pal.color(QPalette.ColorRole.Window), text, 0.45)
        strong = style.accent(pal, "trainee")
        for i, count in enumerate(self.counts):
            y = i * row
            p.setPen(text)
            centre = Qt.AlignmentFlag.AlignVCenter
            p.drawText(
                QRectF(0, y, number_width, row), centre | Qt.AlignmentFlag.AlignLeft, str(i + 1)
            )
            bar = QRectF(number_width, y + row * 0.18, room * count / top, row * 0.64)
            p.setPen(Qt.PenStyle.NoPen)
            p.setBrush(strong if self.majority == i + 1 else plain)
            if count:
                p.drawRoundedRect(bar, 4, 4)
            p.setPen(text)
            p.drawText(
                QRectF(bar.right() + row // 4, y, count_width, row),
                centre | Qt.AlignmentFlag.AlignLeft,
                self.labels[i],
            )


def _at(values: tuple[int, ...], i: int) -> int:
    return values[i] if i < len(values) else 0
