"""Plain text: the prose is the file itself.

Inline suppressions in plain text (and in the text part of an email) are lines of their own, so
that they are easy to spot and delete before sending; the line may be wrapped in an HTML comment
so that the same text works in Markdown:

    tonecheck-disable-next-line blame -- the client asked for a plain account
    <!-- tonecheck-disable length -->

Directive lines are blanked in the prose: they are neither checked nor counted as words.
"""

from __future__ import annotations

import re

from tonecheck import suppress
from tonecheck.readers.base import Extract, mask, mask_urls

DIRECTIVE_LINE = re.compile(
    r"^[ \t]*(?:<!--[ \t]*)?(?P<body>tonecheck-[^\r\n]*?)(?:[ \t]*-->)?[ \t]*$", re.MULTILINE
)


def extract(source: str) -> Extract:
    directives, lines = [], []
    if "tonecheck-" in source:
        for m in DIRECTIVE_LINE.finditer(source):
            directive = suppress.parse(m["body"], m.start(), m.end())
            if directive is not None:
                directives.append(directive)
                lines.append(m.span())
    prose = mask(source, lines) if lines else source
    return Extract.identity(mask_urls(prose), directives)
