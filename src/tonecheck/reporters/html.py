"""`--format html`: one self-contained page to read a run with the eyes.

Each message is shown as its text with the flagged spans highlighted in the colour of their
category; hovering or focusing (Tab) a highlight shows its message and suggestions. Above the
messages: the verdict, a bar chart of findings per category, and a table of files.

The page loads nothing (no scripts, fonts or images; a Content-Security-Policy forbids them) and
every piece of message text is escaped, so a draft containing markup shows as text.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from html import escape

from tonecheck.report import CATEGORIES, FileResult, Finding, Level, Report
from tonecheck.reporters import RenderContext
from tonecheck.reporters.text import summary

CSP = "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'"
# Category -> (highlight background, accent): distinct hues, dark enough accents for text.
COLORS: dict[str, tuple[str, str]] = {
    "hostile": ("#ffd6d6", "#b71c1c"),
    "blame": ("#ffe0b8", "#b34700"),
    "sugarcoating": ("#fbd3ee", "#9c1470"),
    "length": ("#d4e5ff", "#1450a0"),
    "opinion": ("#e4dafc", "#5530a8"),
    "contract": ("#ecdccf", "#6b4230"),
    "channel": ("#c9efe9", "#00695c"),
    "checklist": ("#d5f0cb", "#2a6e1f"),
    "register": ("#fff0a8", "#7a6000"),
}
OTHER = ("#e4e4e4", "#505050")


def render(report: Report, context: RenderContext) -> str:
    body = [
        _header(report),
        _summary(report),
        *(_file_section(i, result) for i, result in enumerate(report.files, 1)),
        _footer(report),
    ]
    return _page(_title(report), "\n".join(body))


def _e(value: object) -> str:
    return escape(str(value), quote=True)


def _title(report: Report) -> str:
    counts = report.summary()
    findings, files = _plural(counts["findings"], "finding"), _plural(counts["files"], "file")
    return f"tonecheck: {findings} in {files}"


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def _page(title: str, body: str) -> str:
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="{_e(CSP)}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{_e(title)}</title>
<style>
{_css()}
</style>
</head>
<body>
{body}
</body>
</html>
"""


def _css() -> str:
    colors = "\n".join(
        f".cat-{name} {{ --bg: {bg}; --fg: {fg}; }}"
        for name, (bg, fg) in (*COLORS.items(), ("other", OTHER))
    )
    return BASE_CSS + colors


BASE_CSS = """\
:root { color-scheme: light; }
body { font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #1d1d1f;
  background: #f6f6f4; margin: 0 auto; max-width: 62rem; padding: 1.5rem; }
h1 { font-size: 1.5rem; margin: 0 0 .25rem; }
h2 { font-size: 1.15rem; margin: 2rem 0 .5rem; overflow-wrap: anywhere; }
h3 { font-size: 1rem; margin: 1.25rem 0 .5rem; }
.verdict { font-weight: 600; padding: .5rem .75rem; border-radius: 6px; display: inline-block; }
.verdict.pass { background: #dff3da; color: #1f5d17; }
.verdict.fail { background: #fde0de; color: #8f1b13; }
table { border-collapse: collapse; width: 100%; background: #fff; }
th, td { text-align: left; padding: .3rem .6rem; border-bottom: 1px solid #e5e5e5; }
td.n, th.n { text-align: right; font-variant-numeric: tabular-nums; }
.chart td.bar { width: 60%; }
.chart .fill { display: block; height: .9rem; border-radius: 3px; background: var(--fg);
  min-width: 2px; }
.chart .none { color: #999; }
.swatch { display: inline-block; width: .8rem; height: .8rem; border-radius: 2px;
  background: var(--bg); box-shadow: inset 0 -3px var(--fg); vertical-align: -1px;
  margin-right: .4rem; }
.meta { color: #555; margin: .25rem 0 .5rem; }
.message { background: #fff; border: 1px solid #ddd; border-radius: 6px; padding: 1rem 1.1rem;
  white-space: pre-wrap; overflow-wrap: anywhere; font: 15px/1.7 ui-monospace, "DejaVu Sans Mono",
  Menlo, Consolas, monospace; margin: 0; }
.hl { position: relative; background: var(--bg); box-shadow: inset 0 -2px var(--fg);
  border-radius: 2px; color: inherit; cursor: help; padding: 0; }
.hl.multi { box-shadow: inset 0 -2px var(--fg), inset 0 -4px #fff, inset 0 -6px var(--fg); }
.hl:focus { outline: 2px solid var(--fg); outline-offset: 1px; }
.hl.point::before { content: "\\2038"; color: var(--fg); font-weight: 700; }
.hl:hover::after, .hl:focus::after { content: attr(data-tip); position: absolute; left: 0;
  top: calc(100% + 6px); z-index: 10; width: max-content; max-width: min(56ch, 80vw);
  white-space: pre-line; background: #1d1d1f; color: #fff; padding: .45rem .65rem;
  border-radius: 6px; border-left: 4px solid var(--fg);
  font: 13px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif;
  box-shadow: 0 4px 14px rgba(0,0,0,.25); pointer-events: none; }
.findings { padding-left: 1.2rem; }
.findings li { margin: .3rem 0; }
.findings .where { font-variant-numeric: tabular-nums; }
.level { font-size: .8rem; font-weight: 600; text-transform: uppercase; letter-spacing: .03em; }
.level-error { color: #b71c1c; } .level-warning { color: #9a5b00; }
.level-suggestion { color: #1450a0; }
.rule { font: 13px ui-monospace, "DejaVu Sans Mono", monospace; color: #555; }
.try { color: #2a6e1f; }
.errors li { color: #8f1b13; }
footer { color: #777; margin-top: 2.5rem; font-size: .85rem; }
"""


# -- the top of the page ---------------------------------------------------------------------


def _header(report: Report) -> str:
    verdict = "fail" if not report.ok else "pass"
    return (
        "<header>\n<h1>tonecheck report</h1>\n"
        f'<p class="verdict {verdict}" id="verdict">{_e(summary(report, RenderContext()))}</p>\n'
        "</header>"
    )


def _summary(report: Report) -> str:
    return "\n".join(
        [
            '<section id="summary">',
            "<h2>By category</h2>",
            _category_chart(report),
            "<h2>By file</h2>",
            _file_table(report),
            _errors(report),
            "</section>",
        ]
    )


def _category_chart(report: Report) -> str:
    counts = Counter(f.category for f in report.findings)
    names = [*CATEGORIES, *sorted(set(counts) - set(CATEGORIES))]
    top = max(counts.values(), default=0)
    rows = [_chart_row(name, counts[name], top) for name in names]
    caption = "<caption hidden>Findings per category</caption>"
    return f'<table class="chart">{caption}\n' + "\n".join(rows) + "\n</table>"


def _chart_row(name: str, count: int, top: int) -> str:
    width = 0 if not top else round(100 * count / top, 1)
    bar = f'<span class="fill" style="width: {width}%"></span>' if count else ""
    return (
        f'<tr class="cat-{_category_class(name)}{"" if count else " none"}" '
        f'data-category="{_e(name)}"><th><span class="swatch"></span>{_e(name)}</th>'
        f'<td class="bar">{bar}</td><td class="n">{count}</td></tr>'
    )


def _file_table(report: Report) -> str:
    head = (
        "<tr><th>file</th><th>language</th><th class='n'>words</th>"
        + "".join(f"<th class='n'>{level.value}s</th>" for level in reversed(Level))
        + "</tr>"
    )
    rows = [_file_row(i, result) for i, result in enumerate(report.files, 1)]
    return '<table class="files">\n<thead>' + head + "</thead>\n" + "\n".join(rows) + "\n</table>"


def _file_row(index: int, result: FileResult) -> str:
    levels = Counter(f.level for f in result.findings)
    cells = "".join(f"<td class='n'>{levels[level]}</td>" for level in reversed(Level))
    return (
        f'<tr><td><a href="#file-{index}">{_e(result.path)}</a></td>'
        f"<td>{_e(result.language)}</td><td class='n'>{result.stats.words}</td>{cells}</tr>"
    )


def _errors(report: Report) -> str:
    if not report.errors:
        return ""
    items = "".join(f"<li>{_e(e.path)}: {_e(e.message)} [{_e(e.code)}]</li>" for e in report.errors)
    return f'<h3>Inputs that could not be read</h3>\n<ul class="errors">{items}</ul>'


def _footer(report: Report) -> str:
    tool = report.tool
    return f"<footer>{_e(tool.get('name', 'tonecheck'))} {_e(tool.get('version', ''))}</footer>"


# -- one file --------------------------------------------------------------------------------


def _file_section(index: int, result: FileResult) -> str:
    marked = _marked_text(index, result)
    return "\n".join(
        [
            f'<section class="file" id="file-{index}" data-path="{_e(result.path)}">',
            f"<h2>{_e(result.path)}</h2>",
            f'<p class="meta">{_e(_meta(result))}</p>',
            f'<pre class="message">{marked}</pre>',
            _finding_list(index, result),
            "</section>",
        ]
    )


def _meta(result: FileResult) -> str:
    stats = result.stats
    parts = [result.language, f"{stats.words} words", f"{stats.sentences} sentences"]
    if stats.readability is not None:
        name = stats.readability.index.replace("_", " ")
        parts.append(f"{name} {stats.readability.score:.0f}")
    if result.intent:
        parts.append(f"reads as: {result.intent}")
    if result.note:
        parts.append(result.note)
    return " · ".join(parts)


def _finding_list(index: int, result: FileResult) -> str:
    if not result.findings:
        return '<p class="clean">No findings.</p>'
    items = (_finding_item(index, n, f) for n, f in enumerate(result.findings, 1))
    return '<ol class="findings">\n' + "\n".join(items) + "\n</ol>"


def _finding_item(index: int, n: int, f: Finding) -> str:
    advice = "".join(f' <span class="try">{_e(line)}</span>' for line in _advice(f))
    return (
        f'<li id="f{index}-{n}" class="cat-{_category_class(f.category)}">'
        f'<a class="where" href="#m{index}-{n}">{f.line}:{f.column}</a> '
        f'<span class="level level-{f.level.value}">{f.level.value}</span> '
        f'<span class="rule">{_e(f.rule)}</span> {_e(f.message)}{advice}</li>'
    )


def _advice(f: Finding) -> list[str]:
    lines = [f"Try: {s}" if s else "Try: delete it" for s in f.suggestions[:3]]
    if f.insert is not None:
        lines.append(f"Add: {f.insert.text.strip()}")
    return lines


def tooltip(f: Finding) -> str:
    """The text shown when a highlight is hovered or focused, for one finding."""
    return "\n".join([f"{f.level.value} · {f.rule}", f.message, *_advice(f)])


def _category_class(category: str) -> str:
    return category if category in COLORS else "other"


# -- highlighting ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Piece:
    """A run of text covered by the same findings (indexes into the file's findings)."""

    start: int
    end: int
    covering: tuple[int, ...]


def pieces(length: int, findings: Sequence[Finding]) -> Iterator[Piece]:
    """Split [0, length) at every finding boundary; empty findings become empty pieces."""
    spans = [(max(0, min(f.start, length)), max(0, min(f.end, length))) for f in findings]
    bounds = sorted({0, length, *(s for s, _ in spans), *(e for _, e in spans)})
    for i, at in enumerate(bounds):
        points = tuple(k for k, (s, e) in enumerate(spans) if s == e == at)
        if points:
            yield Piece(at, at, points)
        if i + 1 < len(bounds):
            end = bounds[i + 1]
            yield Piece(at, end, tuple(k for k, (s, e) in enumerate(spans) if s <= at < end <= e))


def _marked_text(index: int, result: FileResult) -> str:
    findings = result.findings
    first_piece: dict[int, int] = {}
    out: list[str] = []
    for n, piece in enumerate(pieces(len(result.source), findings)):
        text = _display(result.source[piece.start : piece.end])
        if not piece.covering:
            out.append(_e(text))
            continue
        anchors = [k for k in piece.covering if k not in first_piece]
        first_piece.update((k, n) for k in anchors)
        out.append(_mark(index, piece, text, findings, anchors))
    return "".join(out)


def _mark(
    index: int, piece: Piece, text: str, findings: Sequence[Finding], anchors: list[int]
) -> str:
    # The most serious finding leads: its colour, and first in the tooltip.
    covering = sorted((findings[k] for k in piece.covering), key=lambda f: -f.level.rank)
    lead = covering[0]
    classes = ["hl", f"cat-{_category_class(lead.category)}", f"level-{lead.level.value}"]
    if len(covering) > 1:
        classes.append("multi")
    if piece.start == piece.end:
        classes.append("point")
    ids = " ".join(f"f{index}-{k + 1}" for k in piece.covering)
    anchor = f' id="m{index}-{anchors[0] + 1}"' if anchors else ""
    extra = "".join(f'<span id="m{index}-{k + 1}"></span>' for k in anchors[1:])
    tip = "\n\n".join(tooltip(f) for f in covering)
    return (
        f'<mark{anchor} class="{" ".join(classes)}" tabindex="0" data-findings="{ids}" '
        f'aria-describedby="{ids}" data-tip="{_e(tip)}">{extra}{_e(text)}</mark>'
    )


def _display(text: str) -> str:
    """Line endings as the browser will show them (it reads CR and CRLF as LF anyway)."""
    return text.replace("\r\n", "\n").replace("\r", "\n")
