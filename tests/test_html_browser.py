"""The HTML report in a real headless browser (Debian's chromium, driven by Playwright).

Checks what a parser cannot: where the highlights land in the rendered text, what the tooltip
shows on hover and on keyboard focus, that a `<script>` in a draft does not run, that the page
asks for nothing over the network; and saves a screenshot with a tooltip open.

Skipped when /usr/bin/chromium or Playwright is missing, unless TONECHECK_REQUIRE_BROWSER=1
(as in CI), which turns the skip into a failure. Set TONECHECK_SCREENSHOT_DIR to keep the
screenshot somewhere besides pytest's temporary folder.
"""

from __future__ import annotations

import os
import re
import shutil
import struct
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from multifile import SCRIPT, Sample, build
from tonecheck.reporters.html import COLORS, tooltip

CHROMIUM = Path("/usr/bin/chromium")
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
# Each highlight: the finding ids it covers, its text, and where it starts in the message's
# rendered text (in UTF-16 units, as the browser counts).
MARKS_JS = """
pre => Array.from(pre.querySelectorAll('mark')).map(mark => {
  const range = document.createRange();
  range.setStart(pre, 0);
  range.setEndBefore(mark);
  return {ids: mark.dataset.findings.split(' '), text: mark.textContent,
          at: range.toString().length};
})
"""


def _unavailable(reason: str) -> None:
    if os.environ.get("TONECHECK_REQUIRE_BROWSER") == "1":
        pytest.fail(f"TONECHECK_REQUIRE_BROWSER=1 but {reason}")
    pytest.skip(reason)


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory) -> Sample:
    return build(tmp_path_factory.mktemp("drafts"))


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    if not CHROMIUM.exists():
        _unavailable(f"{CHROMIUM} is not installed (apt-get install chromium)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _unavailable("Playwright for Python is not installed (pip install '.[test]')")
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=ARGS
        )
        yield launched
        launched.close()


@pytest.fixture
def page(browser: Any, sample: Sample, tmp_path: Path) -> Iterator[Any]:
    report = tmp_path / "report.html"
    report.write_text(sample.outputs["html"], encoding="utf-8")
    context = browser.new_context(viewport={"width": 1100, "height": 900})
    opened = context.new_page()
    opened.requests = []
    opened.on("request", lambda request: opened.requests.append(request.url))
    opened.goto(report.as_uri())
    yield opened
    context.close()


def utf16_length(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def shown(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


def css_string(value: str) -> str:
    """A computed `content` value ("…" with CSS escapes) as plain text."""
    assert value.startswith('"') and value.endswith('"'), value
    return re.sub(
        r"\\([0-9a-fA-F]{1,6}) ?|\\(.)",
        lambda m: chr(int(m.group(1), 16)) if m.group(1) else m.group(2),
        value[1:-1],
    )


def after_content(page: Any, selector: str) -> str:
    return str(page.eval_on_selector(selector, "el => getComputedStyle(el, '::after').content"))


def test_highlights_sit_where_the_findings_say(page: Any, sample: Sample) -> None:
    for index, result in enumerate(sample.report.files, 1):
        marks = page.eval_on_selector(f"#file-{index} pre", MARKS_JS)
        for n, f in enumerate(result.findings, 1):
            mine = [m for m in marks if f"f{index}-{n}" in m["ids"]]
            assert mine, (result.path, f.rule)
            assert mine[0]["at"] == utf16_length(shown(result.source[: f.start]))
            assert "".join(m["text"] for m in mine) == shown(f.match)


def test_the_rendered_text_is_the_message(page: Any, sample: Sample) -> None:
    for index, result in enumerate(sample.report.files, 1):
        text = page.inner_text(f"#file-{index} pre")
        assert text.rstrip("\n") == shown(result.source).rstrip("\n")


def test_hover_and_focus_show_the_message_and_suggestion(page: Any, sample: Sample) -> None:
    result = next(r for r in sample.report.files if r.path == "e-classic.txt")
    index = sample.report.files.index(result) + 1
    finding = result.findings[0]
    selector = f"#m{index}-1"
    assert after_content(page, selector) in ("none", "normal")
    page.hover(selector)
    assert css_string(after_content(page, selector)) == tooltip(finding)
    assert "Try: the mistake" in tooltip(finding)
    page.mouse.move(0, 0)
    assert after_content(page, selector) in ("none", "normal")
    page.focus(selector)  # keyboard users reach highlights with Tab
    assert css_string(after_content(page, selector)) == tooltip(finding)


def test_highlights_take_their_category_colour(page: Any, sample: Sample) -> None:
    result = next(r for r in sample.report.files if r.path == "e-classic.txt")
    index = sample.report.files.index(result) + 1
    background = page.eval_on_selector(f"#m{index}-1", "el => getComputedStyle(el).background")
    red, green, blue = (int(COLORS["blame"][0][i : i + 2], 16) for i in (1, 3, 5))
    assert f"rgb({red}, {green}, {blue})" in background


def test_a_script_in_a_draft_does_not_run(page: Any) -> None:
    assert page.evaluate("window.__pwned") is None
    assert page.title().startswith("tonecheck:")
    assert page.evaluate("document.scripts.length") == 0
    assert SCRIPT in page.inner_text("#file-2 pre")


def test_the_page_fetches_nothing(page: Any) -> None:
    assert all(url.startswith("file:") for url in page.requests), page.requests
    assert len(page.requests) == 1


def png_colors(data: bytes) -> set[tuple[int, int, int]]:
    """The colours of an 8-bit, non-interlaced RGB or RGBA PNG (what Chromium writes)."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    chunks, at = {}, 8
    while at < len(data):
        size, kind = struct.unpack(">I4s", data[at : at + 8])
        chunks[kind] = chunks.get(kind, b"") + data[at + 8 : at + 8 + size]
        at += 12 + size
    width, height, depth, color_type = struct.unpack(">IIBB", chunks[b"IHDR"][:10])
    assert depth == 8 and color_type in (2, 6), (depth, color_type)
    bpp = 3 if color_type == 2 else 4
    raw, stride = zlib.decompress(chunks[b"IDAT"]), width * bpp
    previous, colors = bytearray(stride), set()
    for y in range(height):
        kind, line = (
            raw[y * (stride + 1)],
            bytearray(raw[y * (stride + 1) + 1 : (y + 1) * (stride + 1)]),
        )
        for x in range(stride):
            a = line[x - bpp] if x >= bpp else 0
            b, c = previous[x], previous[x - bpp] if x >= bpp else 0
            line[x] = (line[x] + _predict(kind, a, b, c)) & 0xFF
        colors.update(tuple(line[x : x + 3]) for x in range(0, stride, bpp))
        previous = line
    return colors


def _predict(kind: int, a: int, b: int, c: int) -> int:
    if kind == 4:  # Paeth
        p = a + b - c
        pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
        return a if pa <= pb and pa <= pc else b if pb <= pc else c
    return (0, a, b, (a + b) // 2)[kind]


def rgb(hex_color: str) -> tuple[int, int, int]:
    return (int(hex_color[1:3], 16), int(hex_color[3:5], 16), int(hex_color[5:7], 16))


def test_screenshot_shows_the_highlights(page: Any, sample: Sample, tmp_path: Path) -> None:
    first = sample.report.files[0]
    leads = {"length", "sugarcoating", "register", "blame"}  # the colours on top in a-reply.txt
    assert leads == {f.category for f in first.findings}
    colors = png_colors(page.locator("#file-1 pre").screenshot())
    for category in leads:
        assert rgb(COLORS[category][0]) in colors, category
    page.hover("#m1-2")  # a tooltip open over the first message
    shot = tmp_path / "tonecheck-report.png"
    page.screenshot(path=str(shot), full_page=True)
    keep = os.environ.get("TONECHECK_SCREENSHOT_DIR")
    if keep:
        Path(keep).mkdir(parents=True, exist_ok=True)
        shot = Path(shutil.copy(shot, Path(keep) / shot.name))
    print(f"screenshot: {shot}")
