"""A cheap test run before a case-insensitive regex over a whole note: the regex can match
only where its literal words occur, and a substring search of the lower-cased note is many
times faster than a regex that tries every position. The test never skips a regex that
could match: each regex runs exactly as before whenever one of its words occurs.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

# Characters a case-insensitive regex reads as an ASCII letter though lower() does not
# make them that letter (dotted and dotless i, long s, the Kelvin sign): a note holding one
# skips no regex.
_ODD_CASE = re.compile("[\u0130\u0131\u017f\u212a]")


def lowered(text: str) -> str | None:
    """`text` lower-cased for `names_any`, or None when a literal test could miss a
    case-insensitive match."""
    if not text.isascii() and _ODD_CASE.search(text):
        return None
    return text.lower()


def names_any(lowered_text: str | None, words: Iterable[str]) -> bool:
    """Whether a case-insensitive regex that needs one of `words` (lower case) may match
    the text `lowered` returned: false only when none of them occurs."""
    return lowered_text is None or any(word in lowered_text for word in words)
