"""Metric rules with a formula over counts (`capitals / letters`, `hits`): the safe evaluator, each
count on small texts, strict loading of broken formulas, and the shipped rule that uses one."""

from __future__ import annotations

from pathlib import Path

import pytest

from multifile import pack_error, write_pack
from tonecheck import Linter
from tonecheck.engine import Engine
from tonecheck.rules.compile import compile_rules
from tonecheck.rules.formula import COUNTS, FormulaError, parse_formula
from tonecheck.rules.kinds.metric import display_number, outside, text_counts
from tonecheck.rules.schema import load_rulebook

Engines = dict[tuple[str, str], Engine]

# -- the evaluator ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("source", "value"),
    [
        ("words / sentences", 2.5),
        ("capitals / letters", 0.25),
        ("exclamations", 3.0),
        ("1 + 2 * words", 21.0),
        ("(1 + 2) * words", 30.0),
        ("-words + 12", 2.0),
        ("words - sentences - 1", 5.0),  # left to right
        ("words / 4 / 5", 0.5),
        ("0.5 * letters", 4.0),
    ],
)
def test_formulas_follow_arithmetic(source: str, value: float) -> None:
    counts = {"words": 10, "sentences": 4, "capitals": 2, "letters": 8, "exclamations": 3}
    assert parse_formula(source).evaluate(counts) == pytest.approx(value)


def test_division_by_zero_is_undefined_not_an_error() -> None:
    assert parse_formula("capitals / letters").evaluate({"capitals": 0, "letters": 0}) is None
    assert parse_formula("words / (sentences - 1)").evaluate({"words": 3, "sentences": 1}) is None


def test_a_formula_keeps_its_source_and_the_counts_it_uses() -> None:
    formula = parse_formula("  hits / sentences ")
    assert formula.source == "hits / sentences"
    assert formula.names == frozenset({"hits", "sentences"})


@pytest.mark.parametrize(
    ("source", "message"),
    [
        ("word / sentences", "unknown count 'word' in a formula; known: words"),
        ("word / sentences", "did you mean 'words'?"),
        ("__import__('os').system('true')", "a function call"),
        ("len(words)", "a function call (len(words)) is not allowed"),
        ("words.real", "an attribute (words.real) is not allowed"),
        ("words ** 2", "must be + - * /, not **"),
        ("words // 2", "not //"),
        ("words % 2", "not %"),
        ("+words", "not unary +"),
        ("words > 3", "a comparison"),
        ("words if words else 1", "a conditional"),
        ("words[0]", "a subscript"),
        ("'words'", "constants are numbers, not 'words'"),
        ("True * words", "constants are numbers, not True"),
        ("words /", "the formula 'words /' is not valid: invalid syntax"),
        ("(words", "is not valid"),
        ("3 * 4", "uses no count"),
        ("words" + " + words" * 60, "at most 200 characters"),
    ],
)
def test_formulas_outside_the_whitelist_are_refused(source: str, message: str) -> None:
    with pytest.raises(FormulaError) as caught:
        parse_formula(source)
    assert message in str(caught.value)


def test_every_count_can_be_named() -> None:
    assert parse_formula(" + ".join(COUNTS)).names == frozenset(COUNTS)


# -- the counts -----------------------------------------------------------------------------------


def test_text_counts_in_english() -> None:
    counts = text_counts("WHY is this late?! Send it NOW!")
    assert counts == {
        "words": 7,
        "characters": 25,
        "letters": 22,
        "capitals": 7,  # W H Y S N O W
        "exclamations": 2,
        "questions": 1,
    }


def test_text_counts_in_italian_count_accented_letters() -> None:
    counts = text_counts("PERCHÉ non è già pronto? L'ho chiesto DUE volte!")
    assert counts["words"] == 9  # "L'ho" is one word
    assert counts["letters"] == 37
    assert counts["capitals"] == 10  # P E R C H É L D U E
    assert (counts["exclamations"], counts["questions"]) == (1, 1)


def test_characters_leave_whitespace_out_so_crlf_and_lf_agree() -> None:
    lf = "Hi Anna,\n\nthe files are ready.\nBest,\nSam"
    crlf = lf.replace("\n", "\r\n")
    assert text_counts(crlf) == text_counts(lf)
    assert text_counts(lf)["characters"] == len(lf.replace("\n", "").replace(" ", ""))


def test_values_are_shown_as_integers_or_two_decimals() -> None:
    assert display_number(3.0) == 3 and isinstance(display_number(3.0), int)
    assert display_number(2 / 3) == 0.67
    assert display_number(0.8 - 0.5) == 0.3


def test_outside_reports_the_limit_crossed_and_by_how_much() -> None:
    assert outside(5, {"max": 3}) == (3, 2)
    assert outside(1, {"min": 3}) == (3, 2)
    assert outside(3, {"max": 3, "min": 1}) is None
    assert outside(0, {"max": 3, "min": 1}) == (1, 1)


# -- rules with a formula, end to end -----------------------------------------------------------


def _rule(rule_id: str, measure: str, *, scope: str = "message", extra: str = "") -> str:
    """A rule that reports its value for every unit (max -1), so the tests read the counts."""
    phrases = "      phrases: [sorry, scusa, scusate]\n" if "hits" in measure else ""
    sections = "".join(
        f"    {lang}:\n{phrases}      suggest: [x]\n"
        f"      examples: {{flag: [{word}], pass: [{word}]}}\n"
        for lang, word in (("en", "a"), ("it", "a"))
    )
    return (
        f"  - id: length.{rule_id}\n    kind: metric\n    measure: {measure!r}\n"
        f"    scope: {scope}\n    level: suggestion\n    summary: x\n"
        f'    message: "{{value}}|{{limit}}|{{over}}"\n    explain: x\n'
        f"    limits: {{max: -1}}\n{extra}{sections}"
    )


RULES = {
    **{f"count-{name}": _rule(f"count-{name}", name) for name in COUNTS},
    "per-sentence": _rule("per-sentence", "capitals / letters", scope="sentence"),
    "per-paragraph": _rule("per-paragraph", "sentences", scope="paragraph"),
    "long-only": _rule(
        "long-only", "capitals / letters", scope="sentence", extra="    min_words: 4\n"
    ),
    "average": _rule("average", "words / sentences"),
}


@pytest.fixture(scope="module")
def engines(tmp_path_factory: pytest.TempPathFactory) -> dict[tuple[str, str], Engine]:
    """One engine per test rule and language: a linter would keep one finding per span and
    category, and every test rule flags the whole message."""
    folder = tmp_path_factory.mktemp("formula-pack")
    (folder / "pack.yaml").write_text("rules:\n" + "".join(RULES.values()), encoding="utf-8")
    book = load_rulebook([folder])
    engines = {}
    for lang in ("en", "it"):
        base = Linter(lang=lang)
        pipeline = base.engine(lang).compiled.pipeline
        for rule in book.rules:
            compiled = compile_rules([rule], book.markers.values(), pipeline)
            engines[lang, rule.id.removeprefix("length.")] = Engine(compiled, base.profile)
    return engines


def _values(engines: Engines, lang: str, text: str, name: str) -> list[tuple[str, str]]:
    """(matched text, value) of each finding of one test rule."""
    found = engines[lang, name].check(text, "<test>").findings
    return [(f.match, f.message.split("|")[0]) for f in found]


def _count(engines: Engines, lang: str, text: str, name: str) -> str:
    (value,) = _values(engines, lang, text, f"count-{name}")
    return value[1]


EN = 'Hi Anna,\n\nWHY is this late?! "Sorry" is not enough.\n\nSorry, we are sorry. Send it NOW!'
IT = "Buongiorno,\n\nPERCHÉ è in ritardo?! Scusate.\n\nScusa, mandatelo ORA!"


@pytest.mark.parametrize(
    ("lang", "text", "expected"),
    [
        (
            "en",
            EN,
            {
                "words": "17",
                "sentences": "5",
                "characters": "68",
                "letters": "59",
                "capitals": "11",
                "exclamations": "2",
                "questions": "1",
                "hits": "2",  # the quoted "Sorry" is the client's word, not the writer's
            },
        ),
        (
            "it",
            IT,
            {
                "words": "9",
                "sentences": "4",
                "characters": "56",
                "letters": "50",
                "capitals": "12",
                "exclamations": "2",
                "questions": "1",
                "hits": "2",  # "scusate" and "scusa"
            },
        ),
    ],
)
def test_each_count_of_a_message(
    engines: Engines, lang: str, text: str, expected: dict[str, str]
) -> None:
    assert {name: _count(engines, lang, text, name) for name in COUNTS} == expected


def test_crlf_text_gives_the_same_counts_and_places(engines: Engines) -> None:
    crlf = EN.replace("\n", "\r\n")
    for name in COUNTS:
        assert _count(engines, "en", crlf, name) == _count(engines, "en", EN, name), name
    assert _values(engines, "en", crlf, "per-sentence") == _values(
        engines, "en", EN, "per-sentence"
    )


def test_a_sentence_scope_reports_each_sentence_with_a_ratio(engines: Engines) -> None:
    found = _values(engines, "en", "WHY is this late?! Send it NOW!", "per-sentence")
    assert found == [("WHY is this late?!", "0.23"), ("Send it NOW!", "0.44")]


def test_a_paragraph_scope_counts_the_sentences_of_each_paragraph(engines: Engines) -> None:
    found = _values(engines, "en", EN, "per-paragraph")
    assert [value for _, value in found] == ["1", "2", "2"]


def test_min_words_skips_short_units_of_a_formula(engines: Engines) -> None:
    text = "THANKS. The files are ready for you."
    assert _values(engines, "en", text, "long-only") == [("The files are ready for you.", "0.05")]


def test_an_undefined_value_is_no_hit(engines: Engines) -> None:
    # no letters: capitals / letters divides by zero, so the sentence is not measured
    assert _values(engines, "en", "2024 - 2025 - 42.", "per-sentence") == []


def test_a_ratio_message_shows_two_decimals(engines: Engines) -> None:
    assert _values(engines, "en", "One two three. Four five six seven.", "average")[0][1] == "3.5"
    (finding,) = engines["en", "average"].check("One two three.", "<test>").findings
    assert finding.message == "3|-1|4"  # value, limit and over, all integral


# -- strict loading -----------------------------------------------------------------------------

METRIC = """\
rules:
  - id: hostile.test-caps
    kind: metric
    measure: "capitals / letters"
    scope: sentence
    level: warning
    summary: Test.
    message: "{value} of the letters are capitals."
    explain: Because.
    limits: {max: 0.8}
    en:
      suggest: ["Write it in normal case."]
      examples:
        flag: ["WHERE IS THE PAYMENT?"]
        pass: ["Where is it?"]
"""


def test_a_good_formula_rule_loads_and_runs(tmp_path: Path) -> None:
    folder = write_pack(tmp_path, METRIC)
    linter = Linter(lang="en", rule_paths=[folder], select=["hostile.test-caps"])
    found = linter.check("Hi. WHERE IS THE PAYMENT?").findings
    assert [(f.match, f.message) for f in found] == [
        ("WHERE IS THE PAYMENT?", "1 of the letters are capitals.")
    ]


@pytest.mark.parametrize(
    ("old", "new", "line", "message"),
    [
        ("capitals / letters", "capital / letters", 4, "unknown count 'capital'"),
        ("capitals / letters", "capitals ** letters", 4, "not **"),
        ("capitals / letters", "open('x').read()", 4, "is not allowed in a formula"),
        ("capitals / letters", "capitals / (letters", 4, "is not valid"),
        ('"capitals / letters"', "[words]", 4, "'measure' must be one of words, readability"),
        ("scope: sentence", "scope: line", 5, "'scope' of 'capitals / letters' must be one of"),
        ("    limits: {max: 0.8}\n", "", 2, "needs 'limits: {max: …}' or 'limits: {min: …}'"),
        ("capitals / letters", "hits", 11, "'en' section has nothing to match: 'hits' counts"),
        (
            '      suggest: ["Write',
            '      phrases: [sorry]\n      suggest: ["Write',
            11,
            "the measure does not use 'hits'",
        ),
    ],
)
def test_broken_formula_rules_name_the_file_and_line(
    tmp_path: Path, old: str, new: str, line: int, message: str
) -> None:
    assert old in METRIC
    error = pack_error(tmp_path, METRIC.replace(old, new))
    assert error.path.endswith("pack.yaml")
    assert (error.line, message in error.message) == (line, True), error.message
    assert str(error).startswith(f"{error.path}:{line}: ")


def test_a_min_limit_is_enough_for_a_formula(tmp_path: Path) -> None:
    text = METRIC.replace("limits: {max: 0.8}", "limits: {min: 0.1}")
    folder = write_pack(tmp_path, text.replace('["WHERE IS THE PAYMENT?"]', '["x y z"]'))
    Linter(lang="en", rule_paths=[folder], select=["hostile.test-caps"])


# -- the shipped rule -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("lang", "text", "flagged"),
    [
        ("en", "Hi Tom,\n\nWE HAVE BEEN WAITING FOR THIS PAYMENT SINCE MARCH!", True),
        ("en", "Hi Tom,\r\n\r\nWE HAVE BEEN WAITING FOR THIS PAYMENT SINCE MARCH!\r\n", True),
        ("en", "The SOW, the NDA and the PDF went to the CFO and the CTO.", False),
        ("en", "TERMS AND CONDITIONS OF THE AGREEMENT\nPayment is due in 30 days.", False),
        ("en", "WHERE IS MY REFUND", False),  # under five words
        ("it", "Buongiorno,\n\nASPETTIAMO QUESTO PAGAMENTO DA MARZO, È INACCETTABILE!", True),
        ("it", "Vi mando la PEC con la partita IVA e il DURC aggiornato.", False),
        ("it", "CONDIZIONI GENERALI DI FORNITURA DEL SERVIZIO\nIl pagamento è a 30 giorni.", False),
    ],
)
def test_capitals_ratio_flags_shouted_sentences_only(
    en: Linter, it: Linter, lang: str, text: str, flagged: bool
) -> None:
    linter = en if lang == "en" else it
    rules = [f.rule for f in linter.check(text).findings]
    assert ("hostile.capitals-ratio" in rules) == flagged, rules
