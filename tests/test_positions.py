"""Lines and columns from offsets: CRLF, lone CR, emoji and combining characters."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from tonecheck.positions import LineIndex


def test_line_endings_lf_crlf_and_lone_cr() -> None:
    text = "a\r\nbc\rdef\nghi"
    lines = LineIndex(text)
    assert lines.line_col(text.index("b")) == (2, 1)
    assert lines.line_col(text.index("e")) == (3, 2)
    assert lines.line_col(text.index("h")) == (4, 2)
    assert [lines.line_text(n) for n in range(1, 5)] == ["a", "bc", "def", "ghi"]


def test_columns_count_code_points() -> None:
    text = "😀 café e\u0301 x"
    assert LineIndex(text).line_col(text.index("x")) == (1, len(text))


PIECES = st.sampled_from(["a", "é", "\n", "\r", "\r\n", "😀", " "])


@given(st.lists(PIECES, max_size=60).map("".join))
def test_line_col_agrees_with_a_plain_count_of_line_breaks(text: str) -> None:
    lines = LineIndex(text)
    ends = [m.end() for m in re.finditer(r"\r\n|\r|\n", text)]
    for offset in range(len(text) + 1):
        passed = [end for end in ends if end <= offset]
        assert lines.line_col(offset) == (len(passed) + 1, offset - max([0, *passed]) + 1)
