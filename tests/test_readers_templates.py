"""The template reader: placeholders as a neutral word, every branch checked, file positions.

Files as support teams keep them: a Jinja payment reminder with conditionals and a loop, a
Handlebars HTML handover email, a plain-text reply with Python format fields.
"""

from __future__ import annotations

import pytest

from test_readers_support import DATA, FIXTURE, blame_linter, file_text, lint_file, positions, uses
from tonecheck import Linter, readers
from tonecheck.readers.template import NEUTRAL

TEMPLATES = DATA / "templates"


@pytest.fixture(scope="module")
def blame() -> Linter:
    return blame_linter()


def test_a_jinja_payment_reminder_with_conditionals(blame: Linter) -> None:
    path = TEMPLATES / "payment-reminder.txt.j2"
    result = lint_file(blame, path)
    assert result.source == file_text(path)
    assert positions(result) == [("your mistake", 7, 14)]
    assert uses(result) == [(13, ("blame",), 1)]


def test_every_branch_of_a_conditional_is_prose() -> None:
    source = file_text(TEMPLATES / "payment-reminder.txt.j2")
    prose = readers.read(source, "reminder.txt.j2").prose
    paragraphs = [" ".join(p.split()) for p in prose.split("\n\n") if p.strip()]
    assert paragraphs == [
        f"Dear {NEUTRAL},",
        f"Invoice {NEUTRAL} for {NEUTRAL} is now {NEUTRAL} days late. "
        "The delay is your mistake: the purchase order never reached us.",
        f"A friendly reminder that invoice {NEUTRAL} was due on {NEUTRAL}.",
        f"Thank you for paying invoice {NEUTRAL} on time.",
        f"Under clause 7, late fees caused by your mistake are charged to {NEUTRAL}.",
        f"- {NEUTRAL}: {NEUTRAL}",
        f"Kind regards, {NEUTRAL}",
    ]


def test_a_handlebars_html_email(blame: Linter) -> None:
    path = TEMPLATES / "project-handover.html.hbs"
    result = lint_file(blame, path)
    assert result.source == file_text(path)
    assert positions(result) == [("your fault", 8, 83)]
    assert uses(result) == [(12, ("blame",), 1)]
    prose = readers.read(result.source, str(path)).prose
    assert "Everything arrived on time. Thank you!" in prose  # the {{else}} branch
    assert "color" not in prose and "Sent when" not in prose


def test_python_format_fields_are_found_by_content(blame: Linter) -> None:
    path = TEMPLATES / "support-reply.txt"
    result = lint_file(blame, path)
    assert positions(result) == [("your mistake", 7, 9)]
    prose = readers.read(file_text(path), str(path)).prose
    assert prose.startswith(f"Hello {NEUTRAL},\n\nYour ticket {NEUTRAL} was closed on {NEUTRAL}.")
    assert f"quote {NEUTRAL}." in prose


def test_no_finding_starts_or_ends_inside_a_placeholder() -> None:
    # The fixture's sentence rule flags sentences of more than six words: here both start or
    # end at a placeholder, and the findings cover the placeholders whole.
    linter = Linter(lang="en", rule_paths=[FIXTURE], select=["length.fixture-words"])
    source = (
        "{{ greeting }} we checked every page of the site today.\n"
        "The new pages are all ready for review by {{ client.name | title }}.\n"
        "Call {name}.\n"
    )
    text = readers.read(source, "update.j2")
    result = linter.check_result(text)
    assert positions(result) == [
        ("{{ greeting }} we checked every page of the site today.", 1, 1),
        ("The new pages are all ready for review by {{ client.name | title }}.", 2, 1),
    ]
    for f in result.findings:
        for low, high in text.protected:
            assert not low < f.start < high and not low < f.end < high


@pytest.mark.parametrize(
    ("source", "prose"),
    [
        ("Hi {{ name }}!", f"Hi {NEUTRAL}!"),
        ("Hi {{{ name }}}!", f"Hi {NEUTRAL}!"),
        ("Hi {{& name}}!", f"Hi {NEUTRAL}!"),
        ("Hi {{- name -}}!", f"Hi {NEUTRAL}!"),
        ("Hi {{ elsewhere }}!", f"Hi {NEUTRAL}!"),
        ("A{% if x %}B{% else %}C{% endif %}.", "A B C."),
        ("Hello {{#if vip}}dear {{/if}}friend{{> footer}}", "Hello dear friend"),
        ("x{# note #}y {{! note }}z {{!-- {{ nested }} --}}w", "x y z w"),
        ("{% comment %}Your fault.{% endcomment %}Fine.", "Fine."),
        ("{% raw %}{{ literal }}{% endraw %} text", "{{ literal }} text"),
        ("${first} %(last)s {0} {name!r:>10} {order.id} {items[0]}", " ".join([NEUTRAL] * 6)),
        ("Costs {{ price }}€ {{^ empty }}none{{/ empty }}", f"Costs {NEUTRAL}€ none"),
    ],
)
def test_template_syntax(source: str, prose: str) -> None:
    assert readers.read(source, "t.j2").prose == prose


@pytest.mark.parametrize(
    ("comment", "names"),
    [
        ("{# tonecheck-disable-next-line blame #}", ("blame",)),
        ("{#- tonecheck-disable-next-line blame, length -#}", ("blame", "length")),
        ("{{! tonecheck-disable-next-line blame }}", ("blame",)),
        ("{{!-- tonecheck-disable-next-line blame --}}", ("blame",)),
        ("{% comment %}tonecheck-disable-next-line blame{% endcomment %}", ("blame",)),
    ],
)
def test_suppressions_in_the_templates_own_comments(
    blame: Linter, comment: str, names: tuple[str, ...]
) -> None:
    source = f"Hello.\n{comment}\nIt was your fault.\nYour mistake too.\n"
    result = blame.check_result(readers.read(source, "t.j2"))
    assert positions(result) == [("Your mistake", 4, 1)]
    assert [(s.line, s.rules) for s in result.suppressions] == [(2, (n,)) for n in names]
    assert "tonecheck" not in readers.read(source, "t.j2").prose
