"""Properties over random text and random valid rules (hypothesis).

Whatever the text (emoji, combining marks, right-to-left script, CR and CRLF, control
characters, quotes, template placeholders, markup) and whatever valid rules a pack holds: no
crash; every finding's [start, end) lies in the text and is its match; line and column agree
with the offsets; the JSON report validates against its schema; and fixing a fixed text changes
nothing. HYPOTHESIS_PROFILE=long runs fifty times as many examples.
"""

from __future__ import annotations

import json
import os
import re
import string
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from tonecheck import InputError, Linter, fix, limits
from tonecheck.engine import Engine
from tonecheck.nlp import load_pipeline
from tonecheck.positions import LineIndex
from tonecheck.report import FileResult, Report
from tonecheck.rules.compile import compile_rules
from tonecheck.rules.regexcheck import MAX_TOKEN, bounded
from tonecheck.rules.schema import load_rulebook

ROOT = Path(__file__).resolve().parents[1]
VALIDATOR = jsonschema.Draft202012Validator(
    json.loads((ROOT / "src" / "tonecheck" / "schemas" / "report.schema.json").read_text())
)
SCALE = 50 if os.environ.get("HYPOTHESIS_PROFILE") == "long" else 1


def examples(n: int) -> settings:
    return settings(
        max_examples=n * SCALE,
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )


# -- random text -----------------------------------------------------------------------------

EN = [
    "you", "failed", "to", "send", "your", "fault", "mistake", "I", "think", "obviously", "asap",
    "sorry", "deeply", "we", "will", "not", "renew", "the", "contract", "thanks", "lol", "per",
    "my", "last", "email", "as", "said", "terminate", "refund", "unfortunately", "idiot",
    "STUPID", "never", "again", "whatever", "just", "honestly", "frankly", "it's", "me",
    "please", "kindly", "ok",
]  # fmt: skip
IT = [
    "colpa", "vostra", "secondo", "me", "ovviamente", "grazie", "non", "rinnoveremo", "il",
    "contratto", "scusate", "ci", "dispiace", "Lei", "tu", "ti", "la", "sua", "tua", "cmq", "xké",
    "purtroppo", "come", "già", "detto", "mai", "più", "rimborso",
]  # fmt: skip
OTHER = [
    "😀", "👋🏽", "🇮🇹", "e\u0301", "a\u0308\u0323", "שלום", "مرحبا", "\u202e", "\u200f", "\u200b",
    '"', "“", "”", "'", "‘", "’", "«", "»", "„", ".", ",", "!", "?", "...", ";", ":", "—", "-",
    "(", ")", "{{ name }}", "{name}", "{0}", "%(amount)s", "${date}", "{% if x %}", "{# c #}",
    "> ", "# ", "- ", "1. ", "<b>", "&amp;", "https://example.com/a", "Hi Anna,", "Best,",
    "tonecheck-disable-next-line blame", "<!-- tonecheck-disable -->",
]  # fmt: skip
SPACE = [" ", " ", " ", "\n", "\n\n", "\r\n", "\r", "\t", "\u00a0", "\u2028", "\x0b", "\x0c"]
CONTROL = [chr(c) for c in (*range(1, 9), 14, 15, 16, 27, 31, 127, 0x85)]


def texts(max_size: int = 60) -> st.SearchStrategy[str]:
    """Messages: words of both languages, emoji, scripts, quotes, placeholders, spaces."""
    piece = st.one_of(
        st.sampled_from(EN),
        st.sampled_from(IT),
        st.sampled_from(OTHER),
        st.sampled_from(SPACE),
        st.sampled_from(CONTROL),
        st.text(st.characters(exclude_categories=("Cs",), exclude_characters="\x00"), max_size=4),
    )
    return st.lists(piece, max_size=max_size).map(_joined)


def _joined(pieces: list[str]) -> str:
    """Pieces mostly separated by spaces, as words are."""
    out = []
    for piece in pieces:
        if out and out[-1][-1:].isalnum() and piece[:1].isalnum():
            out.append(" ")
        out.append(piece)
    return "".join(out)


# -- invariants ------------------------------------------------------------------------------


def assert_sound(result: FileResult) -> None:
    """Offsets inside the text, the match is the text there, lines and columns agree."""
    source = result.source
    lines = LineIndex(source)
    for f in result.findings:
        assert 0 <= f.start <= f.end <= len(source), f
        assert source[f.start : f.end] == f.match, f
        assert lines.line_col(f.start) == (f.line, f.column), f
        assert lines.line_col(f.end) == (f.end_line, f.end_column), f
        if f.insert is not None:
            assert 0 <= f.insert.offset <= len(source), f
    VALIDATOR.validate(json.loads(Report(files=(result,)).to_json()))


def assert_fix_settles(result: FileResult, relint: fix.Relint) -> None:
    """Fixing the fixed text changes nothing."""
    first = fix.fix_result(result, relint)
    if first.problem is not None:  # left alone, or stopped: nothing is promised about twice
        return
    second = fix.fix_result(relint(first.after, first.fixed), relint)
    assert second.fixed == first.fixed, (first.fixed, second.fixed)


# -- the shipped rules on random text -------------------------------------------------------

_LINTERS: dict[str, Linter] = {}


def shipped(lang: str) -> Linter:
    if lang not in _LINTERS:
        _LINTERS[lang] = Linter(lang=lang)
    return _LINTERS[lang]


@examples(60)
@given(text=texts(), lang=st.sampled_from(["en", "it", "auto"]))
def test_the_shipped_rules_on_random_text(text: str, lang: str) -> None:
    linter = shipped(lang)
    result = linter.check_result(text)
    assert result.source == text
    assert_sound(result)
    assert_fix_settles(result, lambda r, t: linter.check_result(t, lang=r.language))


@examples(40)
@given(
    text=texts(),
    path=st.sampled_from(["a.txt", "a.md", "a.html", "a.eml", "a.j2", "a.md.hbs", "a.html.j2"]),
)
def test_the_shipped_rules_on_random_files_of_every_format(text: str, path: str) -> None:
    linter = shipped("auto")
    try:
        result = linter.check_source(text, path)
    except InputError as exc:  # an inline directive that names no rule or category
        assert exc.code == "directive"
        return
    assert_sound(result)
    if result.note is None:
        assert_fix_settles(result, lambda r, t: linter.check_source(t, r.path, lang=r.language))


# -- long texts, in pieces -------------------------------------------------------------------


@contextmanager
def pieces_of(size: int) -> Iterator[None]:
    before = limits.CHUNK_CHARS
    limits.CHUNK_CHARS = size
    try:
        yield
    finally:
        limits.CHUNK_CHARS = before


PARAGRAPH = texts(12).map(lambda t: t.replace("\r", " ").replace("\n", " ")[:30])


@examples(40)
@given(paragraphs=st.lists(PARAGRAPH, min_size=2, max_size=12), lang=st.sampled_from(["en", "it"]))
def test_a_text_in_pieces_reads_as_it_does_whole(paragraphs: list[str], lang: str) -> None:
    """Cut at paragraph breaks, a text gives the findings and counts it gives in one piece."""
    text = "\n\n".join(paragraphs)
    linter = shipped(lang)
    whole = linter.check_result(text)
    with pieces_of(80):
        cut = linter.check_result(text)
    assert cut.findings == whole.findings
    assert (cut.stats.words, cut.stats.sentences) == (whole.stats.words, whole.stats.sentences)


@examples(40)
@given(text=texts(120), size=st.integers(min_value=8, max_value=60))
def test_a_text_cut_anywhere_keeps_its_positions(text: str, size: int) -> None:
    with pieces_of(size):
        assert_sound(shipped("en").check_result(text))
    bounds = limits.chunk_bounds(text, size)
    assert "".join(text[a:b] for a, b in bounds) == text
    assert all(b - a <= size + 1 for a, b in bounds)


# -- random valid rules ----------------------------------------------------------------------

VOCABULARY = ["you", "your", "fault", "we", "sorry", "late", "files", "send", "it", "the", "a"]
WORD = st.sampled_from(VOCABULARY)


def _regex_token(regex: str) -> dict[str, Any]:
    return {"LOWER": {"REGEX": regex}}


def _token() -> st.SearchStrategy[dict[str, Any]]:
    """One token description from a safe grammar of spaCy Matcher patterns."""
    described = st.one_of(
        WORD.map(lambda w: {"LOWER": w}),
        WORD.map(lambda w: {"LEMMA": w}),
        WORD.map(lambda w: {"ORTH": w.capitalize()}),
        st.lists(WORD, min_size=1, max_size=3).map(lambda ws: {"LOWER": {"IN": ws}}),
        st.lists(WORD, min_size=1, max_size=3).map(lambda ws: {"LOWER": {"NOT_IN": ws}}),
        st.sampled_from(["IS_PUNCT", "IS_ALPHA", "IS_TITLE", "IS_SPACE"]).map(lambda a: {a: True}),
        st.sampled_from(["^s", "t$", "^[a-z]+$", "ou", "^.$"]).map(
            lambda r: {"LOWER": {"REGEX": r}}
        ),
        st.just({}),
    )
    op = st.sampled_from([None, None, None, "?", "+", "*", "!", "{1,2}"])
    return st.tuples(described, op).map(lambda d: {**d[0], **({"OP": d[1]} if d[1] else {})})


PATTERN = st.lists(_token(), min_size=1, max_size=4).filter(
    lambda p: any(t.get("OP") in (None, "+", "{1,2}") for t in p)  # spaCy refuses empty matches
)


PHRASES = st.lists(st.lists(WORD, min_size=1, max_size=3), min_size=1, max_size=3).map(
    lambda phrases: [" ".join(words) for words in phrases]
)


def _rule(index: int, kind: str, draw: st.DrawFn) -> dict[str, Any]:
    """A valid rule of any kind but dependency (which needs a parse the blank pipeline lacks)
    and checklist (see `_checklist`)."""
    section: dict[str, Any] = {"examples": {"flag": ["[x]"], "pass": ["y"]}}
    rule: dict[str, Any] = {}
    message = ["“{match}” ({count}).", "{{ {match} }}", "Plain."]
    if kind == "phrase":
        section["phrases"] = draw(PHRASES)
        section["exact"] = draw(st.sampled_from([False, True, "case"]))
    elif kind == "pattern":
        section["patterns"] = draw(st.lists(PATTERN, min_size=1, max_size=3))
    elif kind == "metric":
        scope = draw(st.sampled_from(["message", "paragraph", "sentence"]))
        rule = {"measure": "words", "scope": scope, "limits": {"max": draw(st.integers(1, 12))}}
        message = ["{value} words, {over} over {limit}: “{match}”.", "Plain."]
    else:  # mixed: two sets of words that should not meet in one message
        one, two = draw(st.lists(WORD, min_size=2, max_size=2, unique=True))
        section["variants"] = {"one": {"phrases": [one]}, "two": {"phrases": [two]}}
        message = ["“{match}”: {first} then {then}.", "Plain."]
    template = draw(st.sampled_from(["{match}", "the {match}", "", "{{{match}}}", "ok"]))
    if kind in ("phrase", "pattern") and draw(st.booleans()):
        section["fix"] = template  # an empty fix deletes the match
    else:
        section["suggest"] = [template or "Say it another way."]
    return {
        "id": f"blame.random-{index}",
        "kind": kind,
        **rule,
        "level": draw(st.sampled_from(["suggestion", "warning", "error"])),
        "summary": "Random.",
        "message": draw(st.sampled_from(message)),
        "explain": "Random.",
        "min_count": draw(st.integers(min_value=1, max_value=2)),
        "quotes": draw(st.booleans()),
        "en": section,
    }


def _checklist(index: int, draw: st.DrawFn) -> dict[str, Any]:
    """A checklist item of the random intent, placed anywhere the kind allows."""
    return {
        "id": f"checklist.random-{index}",
        "kind": "checklist",
        "when": {"intent": "random"},
        "place": draw(st.sampled_from(["after-intent", "before-closing", "end"])),
        "level": "warning",
        "summary": "Random.",
        "message": "Missing.",
        "explain": "Random.",
        "en": {
            "phrases": draw(PHRASES),
            "insert": draw(st.sampled_from(["Thanks.", " {{x}} ", "\n\nNext steps."])),
            "examples": {"flag": ["y"], "pass": ["x"]},
        },
    }


@st.composite
def packs(draw: st.DrawFn) -> str:
    kinds = draw(
        st.lists(
            st.sampled_from(["phrase", "pattern", "metric", "mixed", "checklist"]),
            min_size=1,
            max_size=4,
        )
    )
    rules = [
        _checklist(i, draw) if kind == "checklist" else _rule(i, kind, draw)
        for i, kind in enumerate(kinds)
    ]
    markers = {
        "random": {"intent": True, "en": {"phrases": draw(PHRASES)}},
        "closing": {"en": {"phrases": ["thanks", "best"]}},
    }
    return yaml.safe_dump({"rules": rules, "markers": markers})


_PROFILE: list[Any] = []


def engine_for(pack: Path) -> Engine:
    """The random pack's rules alone, compiled for the blank English pipeline."""
    if not _PROFILE:
        _PROFILE.append(shipped("en").profile)
    book = load_rulebook([pack])
    markers = book.markers.values()
    return Engine(compile_rules(book.rules, markers, load_pipeline("en")), _PROFILE[0])


@examples(40)
@given(pack=packs(), text=texts(40))
def test_random_valid_rules_on_random_text(
    tmp_path_factory: pytest.TempPathFactory, pack: str, text: str
) -> None:
    folder = tmp_path_factory.mktemp("pack")
    (folder / "pack.yaml").write_text(pack, encoding="utf-8")
    engine = engine_for(folder)
    result = engine.check(text, "<text>")
    assert_sound(result)
    assert_fix_settles(result, lambda r, t: engine.check(t, "<text>"))


# -- a REGEX bounded to the length of a word -------------------------------------------------

_REGEX_ATOMS = ["a", "b", "ab", ".", "[ab]", r"\w", r"\d", "^", "$", r"\b", "(a)", r"\1", "(?=a)"]
REGEX = st.lists(
    st.tuples(
        st.sampled_from(_REGEX_ATOMS), st.sampled_from(["", "", "?", "*", "+", "{1,2}", "|"])
    ),
    max_size=6,
).map(lambda parts: "".join(a + q for a, q in parts))


@examples(300)
@given(
    regex=REGEX,
    flags=st.sampled_from(["", "(?i)", "(?m)", "(?s)"]),
    text=st.text(alphabet=string.ascii_letters[:4] + "1 \n", max_size=MAX_TOKEN + 3),
)
def test_a_bounded_regex_matches_exactly_the_words_the_original_does(
    regex: str, flags: str, text: str
) -> None:
    try:
        original = re.compile(flags + regex)
    except re.error:
        assume(False)
        return
    expected = len(text) <= MAX_TOKEN and original.search(text) is not None
    assert (re.search(bounded(flags + regex), text) is not None) == expected
