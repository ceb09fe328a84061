"""The editor's YAML colours: quoted text is coloured only where YAML quotes it."""

from __future__ import annotations

from PySide6.QtGui import QTextDocument

from trainer.ui.author.highlighter import YamlHighlighter

TEXT = """\
    choices:
      - text: I can start it now; you'll have it by Thursday, and I'll email you.
        technique: "CARP: acknowledge"
        title: 'It''s fine'
        scores: {listening: 2, note: "x"}
"""


def quoted_spans(qtbot) -> list[str]:
    doc = QTextDocument()
    highlighter = YamlHighlighter(doc)
    doc.setPlainText(TEXT)
    highlighter.rehighlight()
    colour = highlighter.quoted.foreground().color()
    found = []
    block = doc.begin()
    while block.isValid():
        for r in block.layout().formats():
            if r.format.foreground().color() == colour:
                found.append(block.text()[r.start : r.start + r.length])
        block = block.next()
    return found


def test_quotes_are_coloured_where_yaml_quotes_and_not_inside_words(qtbot) -> None:
    # "you'll ... I'll" is plain text with apostrophes, not a quoted string.
    assert quoted_spans(qtbot) == ['"CARP: acknowledge"', "'It''s fine'", '"x"']
