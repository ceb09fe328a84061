"""YAML colours in the editor, with Qt's own QSyntaxHighlighter.

Why not Pygments (through superqt): the scenario format needs five kinds of
token (keys, comments, quoted text, list dashes and ``{{ templates }}``), and
Qt's highlighter re-colours only the lines that changed, on the UI thread,
in well under a millisecond per line; a lexer over the whole document would
be a new dependency (superqt, qtpy) that does more work per keystroke and
cannot carry a block scalar's state from line to line as cheaply. Block
scalars (``text: >-``) are followed with the block state so their lines read
as text, not as keys.
"""

from __future__ import annotations

import re

from PySide6.QtGui import QColor, QFont, QSyntaxHighlighter, QTextCharFormat, QTextDocument

_KEY = re.compile(r"^(\s*)(-\s+)?([A-Za-z0-9_-][^:#\n]*?)(:)(?=\s|$)")
_DASH = re.compile(r"^\s*(-)(?=\s|$)")
_COMMENT = re.compile(r"(?:^|\s)(#.*)$")
# A quote starts a quoted scalar only where a value starts (after "key: ", "- ",
# "[", "{" or ","); inside plain text ("you'll", "I'm") it is just a letter.
_QUOTED = re.compile(
    r"(?:^\s*|(?<=:)\s+|(?<=-)\s+|(?<=[\[{,])\s*)(\"(?:[^\"\\]|\\.)*\"|'(?:[^']|'')*')"
)
_TEMPLATE = re.compile(r"\{\{.*?\}\}|\{%.*?%\}")
_BLOCK_START = re.compile(r":\s*[|>][-+0-9]*\s*(#.*)?$")
_IN_BLOCK_BASE = 1000  # block state: 1000 + the indentation of the key that opened it


def _format(colour: str, *, bold: bool = False, italic: bool = False) -> QTextCharFormat:
    fmt = QTextCharFormat()
    fmt.setForeground(QColor(colour))
    if bold:
        fmt.setFontWeight(QFont.Weight.Bold)
    fmt.setFontItalic(italic)
    return fmt


class YamlHighlighter(QSyntaxHighlighter):
    """Colours keys, comments, quoted text, dashes and templates."""

    def __init__(self, document: QTextDocument, dark: bool = False) -> None:
        super().__init__(document)
        self.set_dark(dark)

    def set_dark(self, dark: bool) -> None:
        if dark:
            self.key = _format("#7fb3ff", bold=True)
            self.comment = _format("#8c9399", italic=True)
            self.quoted = _format("#c3e88d")
            self.template = _format("#ffcb6b", bold=True)
            self.dash = _format("#f78c6c", bold=True)
        else:
            self.key = _format("#1d4f9c", bold=True)
            self.comment = _format("#6a737d", italic=True)
            self.quoted = _format("#22863a")
            self.template = _format("#b35900", bold=True)
            self.dash = _format("#b31d28", bold=True)
        self.rehighlight()

    def highlightBlock(self, text: str) -> None:
        indent = len(text) - len(text.lstrip(" "))
        previous = self.previousBlockState()
        if previous >= _IN_BLOCK_BASE and (not text.strip() or indent > previous - _IN_BLOCK_BASE):
            self._templates(text)  # a line of a block scalar: text, not keys
            self.setCurrentBlockState(previous)
            return
        self.setCurrentBlockState(-1)
        comment = _COMMENT.search(text)
        code_end = comment.start(1) if comment else len(text)
        key = _KEY.match(text[:code_end])
        if key:
            if key.group(2):
                self.setFormat(key.start(2), 1, self.dash)
            self.setFormat(key.start(3), key.end(4) - key.start(3), self.key)
        else:
            dash = _DASH.match(text)
            if dash:
                self.setFormat(dash.start(1), 1, self.dash)
        for m in _QUOTED.finditer(text[:code_end]):
            self.setFormat(m.start(1), m.end(1) - m.start(1), self.quoted)
        self._templates(text[:code_end])
        if comment:
            self.setFormat(comment.start(1), len(text) - comment.start(1), self.comment)
        if _BLOCK_START.search(text[:code_end] if not comment else text):
            self.setCurrentBlockState(_IN_BLOCK_BASE + indent)

    def _templates(self, text: str) -> None:
        for m in _TEMPLATE.finditer(text):
            self.setFormat(m.start(), m.end() - m.start(), self.template)
