"""The YAML reader: text stays text, and broken or hostile input is refused at a position.

A refusal this reader makes itself is asserted at its exact line and column
(1-based), because that is what an author's editor jumps to. A syntax error the
YAML parser reports is asserted at its line and by what the author reads (the
hint): the column libyaml picks for its own errors is its business and has
moved between releases.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from trainer.errors import ContentError, FileAccessError
from trainer.scenarios import yaml_source
from trainer.scenarios.checker import check_text
from trainer.scenarios.yaml_source import MAX_BYTES, MAX_DEPTH, parse, read, read_text

QUICK = 1.0  # seconds; hostile input must be refused well within this


def refusal(text: str, path: str = "s.yaml") -> ContentError:
    with pytest.raises(ContentError) as info:
        parse(text, path)
    return info.value


def assert_at(err: ContentError, line: int, column: int, *phrases: str) -> None:
    assert err.location is not None, err
    assert (err.location.line, err.location.column) == (line, column), str(err)
    for phrase in phrases:
        assert phrase in err.message, err.message
    assert "Traceback" not in err.message


def assert_on_line(err: ContentError, line: int, *phrases: str) -> None:
    """A parser-reported error: the file, the line and a clear reason, any column."""
    assert err.location is not None, err
    assert err.location.line == line, str(err)
    assert err.location.column >= 1, str(err)
    for phrase in phrases:
        assert phrase in err.message, err.message
    assert "Traceback" not in err.message


@contextmanager
def quickly(limit: float = QUICK) -> Iterator[None]:
    began = time.monotonic()
    yield
    elapsed = time.monotonic() - began
    assert elapsed < limit, f"took {elapsed:.2f}s"


# --- YAML 1.1 surprises ---------------------------------------------------


@pytest.mark.parametrize(
    "word", ["No", "no", "yes", "Yes", "on", "off", "ON", "y", "n", "true", "False"]
)
def test_yaml11_booleans_stay_the_text_the_author_wrote(word: str) -> None:
    assert parse(f"answer: {word}\n", "s.yaml").data == {"answer": word}


@pytest.mark.parametrize("word", ["1.10", "12:30", "0x1F", "1e3", "0o17", ".inf", "2001-01-01"])
def test_yaml11_numbers_and_dates_stay_text(word: str) -> None:
    assert parse(f"answer: {word}\n", "s.yaml").data == {"answer": word}


def test_tilde_and_null_are_nothing_but_quoted_they_are_text() -> None:
    doc = parse("a: ~\nb: null\nc:\nd: '~'\ne: \"null\"\n", "s.yaml")
    assert doc.data == {"a": None, "b": None, "c": None, "d": "~", "e": "null"}


def test_keys_are_text_too() -> None:
    assert parse("1: x\nno: y\n", "s.yaml").data == {"1": "x", "no": "y"}


def test_an_unquoted_no_as_a_title_reaches_the_model_as_no(tmp_path: Path) -> None:
    text = _SCENARIO.replace("title: Mini", "title: No")
    report = check_text(text, "s.yaml")
    assert not report.errors, [str(d) for d in report.errors]
    assert report.model is not None
    assert report.model.title == "No"  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("value", "phrase"),
    [
        ("1.10", "YAML 1.1 would have read this as a number; use a whole number"),
        ("12:30", "YAML 1.1 would have read this as a number; use a whole number"),
        ("yes", "must be a whole number, not 'yes'"),
        ("~", "must be a whole number, not nothing"),
    ],
)
def test_text_where_a_number_is_expected_says_what_to_do(value: str, phrase: str) -> None:
    text = _SCENARIO.replace("difficulty: 1\n", f"difficulty: {value}\n")
    report = check_text(text, "s.yaml")
    [error] = report.errors
    assert (error.location.line, error.location.column) == (5, 13)
    assert "'difficulty'" in error.message
    assert phrase in error.message


# --- duplicate keys ---------------------------------------------------------


def test_duplicate_key_names_both_lines() -> None:
    err = refusal("id: a\ntitle: x\nsummary: y\ntitle: z\n")
    assert_at(err, 4, 1, "duplicate key 'title'", "first at line 2")


def test_duplicate_key_in_a_nested_flow_mapping() -> None:
    err = refusal("nodes:\n  a:\n    effects: {tension: 1, mood: 2, tension: 3}\n")
    assert_at(err, 3, 36, "duplicate key 'tension'", "first at line 3")


def test_duplicate_key_deep_in_a_block_mapping() -> None:
    err = refusal("cast:\n  ann:\n    name: Ann\n  bob:\n    name: Bob\n  ann:\n    name: X\n")
    assert_at(err, 6, 3, "duplicate key 'ann'", "first at line 2")


def test_a_duplicate_key_from_a_missing_dash_says_to_add_it() -> None:
    """The likely cause is a new choice without its '- ': deleting a key would lose text."""
    text = "nodes:\n  a:\n    choices:\n      - text: Hi\n        to: b\n        text: Again\n"
    err = refusal(text)
    assert_at(err, 6, 9, "duplicate key 'text'", "first at line 4", "begin it with '- '")


# --- what a mistake in indentation or quoting reads as ------------------------


def test_a_line_out_of_line_says_to_check_its_indentation() -> None:
    err = refusal("nodes:\n  a:\n    text: hi\n   speaker: x\n")
    assert_on_line(err, 4, "YAML syntax", "check this line's indentation", "'- '")


def test_a_colon_hint_names_indentation_as_well_as_quotes() -> None:
    err = refusal("a:\n  text: Note: this\n")
    assert_on_line(err, 2, "must be in quotes", "indentation")


def test_an_unclosed_quote_is_shown_where_it_opened_not_at_the_end() -> None:
    err = refusal('title: "The late benefit\nsummary: a\ntopic: b\nminutes: 5\n')
    assert_at(err, 1, 8, "a quote opened here is never closed")


# --- anchors, aliases and tags ---------------------------------------------


def test_anchor_and_alias_are_refused_at_the_anchor() -> None:
    err = refusal("a: &x 1\nb: *x\n")
    assert_at(err, 1, 4, "anchors and aliases", "write it out")


def test_alias_to_a_collection_is_refused() -> None:
    err = refusal("a: &x [1, 2]\nb:\n  c: *x\n")
    assert_at(err, 1, 4, "anchors and aliases")


def test_undefined_alias_hints_at_quoting() -> None:
    err = refusal("title: *bold\n")
    assert_on_line(err, 1, "undefined alias", "must be in quotes")
    err = refusal("title: *bold*\n")
    assert_on_line(err, 1, "while scanning an alias", "must be in quotes")


def test_merge_key_is_refused() -> None:
    err = refusal("base: &b {x: 1}\nother:\n  <<: *b\n  y: 2\n")
    assert_at(err, 1, 7, "anchors and aliases")


BILLION_LAUGHS = """\
a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]
b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]
c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]
d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]
e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]
f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]
g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]
h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]
i: &i [*h,*h,*h,*h,*h,*h,*h,*h,*h]
"""


def test_billion_laughs_is_refused_fast() -> None:
    with quickly(0.5):
        err = refusal(BILLION_LAUGHS)
    assert_at(err, 1, 4, "anchors and aliases")


@pytest.mark.parametrize(
    ("text", "column", "tag"),
    [
        ("a: !!python/object:os.system 1\n", 4, "python/object:os.system"),
        ("a: !!python/object/apply:os.system ['ls']\n", 4, "python/object/apply:os.system"),
        ("a: !!python/name:builtins.eval ''\n", 4, "python/name:builtins.eval"),
        ("a: !!binary aGVsbG8=\n", 4, "binary"),
        ("a: !!int 5\n", 4, "int"),
        ("a: !custom 1\n", 4, "!custom"),
        ("a: !!set {x}\n", 4, "set"),
    ],
)
def test_tags_are_refused(text: str, column: int, tag: str) -> None:
    err = refusal(text)
    assert_at(err, 1, column, "tags such as", tag, "not supported")


def test_tag_on_a_mapping_and_on_a_key_is_refused() -> None:
    assert_at(refusal("a:\n  b: !!omap\n    - x: 1\n"), 2, 6, "tags such as", "omap")
    assert_at(refusal("a: 1\n!!python/str k: v\n"), 2, 1, "must be plain text")


def test_tag_from_a_directive_is_refused() -> None:
    err = refusal("%TAG !e! tag:example.com,2000:\n---\na: !e!foo 1\n")
    assert_at(err, 3, 4, "tags such as", "tag:example.com,2000:foo")


def test_complex_keys_are_refused() -> None:
    assert_at(refusal("? [a, b]\n: 1\n"), 1, 3, "a key must be plain text")
    assert_at(refusal("x: {[1]: 2}\n"), 1, 5, "a key must be plain text")


# --- bytes and characters ---------------------------------------------------


def test_non_utf8_byte_is_refused_at_its_line_and_column(tmp_path: Path) -> None:
    path = tmp_path / "latin1.yaml"
    path.write_bytes(b"id: x\ntitle: Caf" + b"\xe9 au lait\n")
    with pytest.raises(ContentError) as info:
        read_text(path)
    assert_at(info.value, 2, 11, "not UTF-8", "save the file as UTF-8")
    assert info.value.location is not None
    assert info.value.location.path.endswith("latin1.yaml")


def test_non_utf8_after_multibyte_text_counts_bytes_from_the_line_start(tmp_path: Path) -> None:
    # The column is the byte's position in the line as the bytes lie in the file.
    path = tmp_path / "mixed.yaml"
    path.write_bytes(b"a: 1\nb: 2\nc: \xc3\xa9\xff\n")
    with pytest.raises(ContentError) as info:
        read_text(path)
    assert_at(info.value, 3, 6, "not UTF-8")


def test_utf16_file_is_refused_at_the_start(tmp_path: Path) -> None:
    path = tmp_path / "utf16.yaml"
    path.write_bytes("id: x\n".encode("utf-16"))
    with pytest.raises(ContentError) as info:
        read_text(path)
    assert_at(info.value, 1, 1, "not UTF-8")


def test_utf8_bom_is_accepted(tmp_path: Path) -> None:
    path = tmp_path / "bom.yaml"
    path.write_bytes(b"\xef\xbb\xbfid: x\n")
    assert read(path).data == {"id": "x"}


def test_truncated_multibyte_sequence_at_the_end(tmp_path: Path) -> None:
    path = tmp_path / "cut.yaml"
    path.write_bytes(b"id: x\ntitle: \xe2\x82")
    with pytest.raises(ContentError) as info:
        read_text(path)
    assert_at(info.value, 2, 8, "not UTF-8")


@pytest.mark.parametrize(
    ("char", "column"),
    [("\x00", 10), ("\x01", 10), ("\x1b", 10), ("\x7f", 10), ("\x80", 10), ("\x85", 10)],
)
def test_control_characters_are_refused_at_their_position(char: str, column: int) -> None:
    err = refusal(f"id: x\ntitle: Mi{char}ni\n")
    assert_at(err, 2, column, "control character")


@pytest.mark.parametrize("char", ["\ud800", "\udfff", "\ufffe", "\uffff"])
def test_code_points_libyaml_refuses_are_refused_at_their_position(char: str) -> None:
    # A lone surrogate can reach parse() from unsaved editor text; it must not crash.
    err = refusal(f"id: x\ntitle: Mi{char}ni\n")
    assert_at(err, 2, 10)


def test_tab_and_carriage_return_are_ordinary() -> None:
    assert parse("a: b\tc\r\nd: e\r\n", "s.yaml").data == {"a": "b\tc", "d": "e"}


@pytest.mark.parametrize(
    ("text", "line", "column"),
    [
        ("a:\n\tb: 1\n", 2, 1),  # a tab alone
        ("a:\n  - x\n\t- y\n", 3, 1),  # in a list
        ("a:\n  b: 1\n  \tc: 2\n", 3, 3),  # after spaces
        ("nodes:\n  open:\n\tspeaker: x\n", 3, 1),
        ("a:\n  b:\n    c: 1\n\t\td: 2\n", 4, 1),  # libyaml words this one differently
    ],
)
def test_tab_indentation_says_indent_with_spaces_at_the_tab(
    text: str, line: int, column: int
) -> None:
    err = refusal(text, "my.yaml")
    assert_at(err, line, column, "a tab in the indentation", "indent with spaces")
    assert str(err).startswith(f"my.yaml:{line}:{column}: ")


def test_a_tab_in_a_block_of_text_stays_text() -> None:
    assert parse("a: |\n  x\n  \ty\n", "s.yaml").data == {"a": "x\n\ty\n"}


def test_unquoted_colon_in_text_gets_a_hint() -> None:
    err = refusal("text: Note: bring ID\n")
    assert_on_line(err, 1, "YAML syntax", "must be in quotes")


def test_text_starting_with_at_sign_gets_a_hint() -> None:
    err = refusal("id: x\ntext: @home\n")
    assert_on_line(err, 2, "YAML syntax", "'@' or '`' must be in quotes")


# --- size and nesting --------------------------------------------------------


def test_oversize_file_is_refused_before_parsing(tmp_path: Path) -> None:
    path = tmp_path / "big.yaml"
    path.write_bytes(b"# " + b"x" * (MAX_BYTES + 10) + b"\n")
    with quickly(), pytest.raises(ContentError) as info:
        read_text(path)
    assert "larger than 1024 KiB" in info.value.message
    assert "split it" in info.value.message
    # A whole-file problem: the file is named, with no line to point at.
    assert info.value.location is not None
    assert info.value.location.path.endswith("big.yaml")
    assert (info.value.location.line, info.value.location.column) == (0, 0)


def test_a_file_of_exactly_the_limit_is_read(tmp_path: Path) -> None:
    path = tmp_path / "edge.yaml"
    path.write_bytes(b"a: " + b"x" * (MAX_BYTES - 4) + b"\n")
    assert len(read_text(path).encode()) == MAX_BYTES


def test_flow_brackets_100k_are_refused_quickly() -> None:
    with quickly():
        err = refusal("[" * 100_000)
    # Pointed at the opener that passes the limit.
    assert_at(err, 1, 5001, "'[' and '{' in one file", "split the file")


def test_flow_mappings_nested_are_refused_quickly() -> None:
    with quickly():
        err = refusal("{a: " * 100_000)
    assert_at(err, 1, 20_001, "'[' and '{' in one file")


def test_flow_nesting_under_the_opener_limit_is_refused_at_depth() -> None:
    n = 4_000
    with quickly():
        err = refusal("x: " + "[" * n + "]" * n + "\n")
    # Refused by our depth limit or by libyaml's own (6.0.4 and later): either
    # way on the line, saying how deep is allowed.
    assert_on_line(err, 1, "nested", f"{MAX_DEPTH} levels")


def test_flow_mapping_nesting_closed_is_refused_at_depth() -> None:
    n = 2_500
    with quickly():
        err = refusal("{a: " * n + "1" + "}" * n + "\n")
    assert_on_line(err, 1, "nested", f"{MAX_DEPTH} levels")


def test_block_sequence_dashes_on_one_line() -> None:
    with quickly():
        err = refusal("- " * 100_000 + "x\n")
    assert_at(err, 1, 1, "indented or nested far too deeply")


def test_block_sequence_dashes_below_the_prefix_limit_hit_the_depth_limit() -> None:
    err = refusal("- " * 60 + "x\n")
    assert_at(err, 1, 2 * (MAX_DEPTH + 1) + 1, f"nested more than {MAX_DEPTH} levels deep")


def test_block_sequences_nested_over_many_lines() -> None:
    text = "".join("  " * i + "-\n" for i in range(700))  # about 490 KB
    with quickly():
        err = refusal(text)
    # Pointed at the most deeply indented line, the last one.
    assert_at(err, 700, 1, "indented or nested far too deeply")


def test_deep_indentation_of_mappings() -> None:
    text = "".join(" " * i + f"k{i}:\n" for i in range(1_000)) + " " * 1_000 + "v\n"
    with quickly():
        err = refusal(text)
    assert_at(err, 1_001, 1, "indented or nested far too deeply")


def test_moderate_indentation_hits_the_depth_limit_at_the_node() -> None:
    text = "".join(" " * i + f"k{i}:\n" for i in range(60)) + " " * 60 + "v\n"
    err = refusal(text)
    # k40 (line 41) holds the value at depth 41: the mapping starting at line 42, column 42.
    assert_at(err, 42, 42, "nested more than")


def test_a_long_line_of_text_is_fine_and_fast() -> None:
    with quickly():
        doc = parse("x: " + "a" * 1_000_000 + "\n", "s.yaml")
    assert len(doc.data["x"]) == 1_000_000


# --- documents --------------------------------------------------------------


@pytest.mark.parametrize("text", ["", "\n\n", "# only a comment\n", "\ufeff"])
def test_empty_file(text: str) -> None:
    assert_at(refusal(text), 1, 1, "the file is empty")


@pytest.mark.parametrize(
    ("text", "line"), [("---\n", 2), ("---\n...\n", 2), ("~\n", 1), ("- a\n", 1), ("hi\n", 1)]
)
def test_a_document_that_is_not_a_mapping(text: str, line: int) -> None:
    [error] = check_text(text, "s.yaml").diagnostics
    assert error.severity == "error"
    assert (error.location.line, error.location.column) == (line, 1)
    assert "the file must be a mapping of keys" in error.message


def test_multi_document_file_points_at_the_second_document() -> None:
    err = refusal("id: a\n---\nid: b\n")
    assert_on_line(err, 2, "YAML syntax", "remove the extra '---'")


def test_single_document_with_markers_is_fine() -> None:
    assert parse("%YAML 1.1\n---\nid: a\n...\n", "s.yaml").data == {"id": "a"}


def test_unterminated_single_quote_points_at_the_quote() -> None:
    assert_at(refusal("id: a\ntitle: 'open\n"), 2, 8, "YAML syntax", "never closed")


def test_error_path_is_the_given_path() -> None:
    err = refusal("a: 1\na: 2\n", path="content/x.yaml")
    assert str(err).startswith("content/x.yaml:2:1: ")


def test_file_access_errors(tmp_path: Path) -> None:
    with pytest.raises(FileAccessError, match="file not found"):
        read_text(tmp_path / "missing.yaml")
    folder = tmp_path / "folder.yaml"
    folder.mkdir()
    with pytest.raises(FileAccessError, match="is a folder, not a file"):
        read_text(folder)


# --- positions of values found later ----------------------------------------


def test_locations_of_keys_and_values() -> None:
    doc = parse("a:\n  b:\n    - x\n    - y: 1\n", "s.yaml")
    assert (doc.location(["a", "b", 1, "y"]).line, doc.location(["a", "b", 1, "y"]).column) == (
        4,
        10,
    )
    key = doc.location(["a", "b", 1, "y"], key=True)
    assert (key.line, key.column) == (4, 7)
    # A path that runs off the data stops at the deepest node found.
    assert doc.location(["a", "zz"]).line == 2
    assert yaml_source.MAX_DEPTH == MAX_DEPTH


_SCENARIO = """\
format: 1
id: mini
title: Mini
topic: de-escalation
difficulty: 1
minutes: 5
summary: A tiny scenario.
objectives:
  - Stay calm
reflection: What will you do at work?
cast:
  res:
    name: Rae
    role: Resident
start: open
nodes:
  open:
    speaker: res
    text: Hello.
    choices:
      - text: Calm.
        to: good
        scores: {composure: 2}
        feedback: Good.
      - text: Rude.
        to: good
        scores: {composure: -2}
        feedback: Bad.
endings:
  good:
    outcome: resolved
    title: Done
    text: Done.
    debrief:
      - technique: CARP
        text: Well done.
"""
