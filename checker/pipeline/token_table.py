"""The token attributes the components and the hand-off read, from one `Doc.to_array` per
note instead of one per component.

Each `Doc.to_array` call costs some 25 microseconds before it reads a single token, and six
components asked for their own columns (word and cased rulers, the Matcher windows,
sentences, context, the hand-off). The table is made on first request, once the tokens are
final: `number_words`, the only component that merges tokens or changes norms, runs first
and drops any table made before it.
"""

from __future__ import annotations

import numpy
from spacy.attrs import IDX, IS_SPACE, LENGTH, LIKE_NUM, LOWER, NORM, ORTH
from spacy.tokens import Doc

TABLE_KEY = "token_table"
_ATTRS = (ORTH, NORM, LOWER, LIKE_NUM, IS_SPACE, IDX, LENGTH)
_COLUMN = {attr: index for index, attr in enumerate(_ATTRS)}
_FEW = 4  # values looked for with numpy comparisons, not a pass in Python


class TokenTable:
    """Per token: ORTH, NORM, LOWER, LIKE_NUM, IS_SPACE, IDX and LENGTH (spaCy attribute
    ids), as numpy columns or Python lists (each list made once)."""

    def __init__(self, doc: Doc) -> None:
        self.size = len(doc)
        if self.size:
            self.array = doc.to_array(list(_ATTRS))
        else:
            self.array = numpy.zeros((0, len(_ATTRS)), dtype="uint64")
        # one contiguous row per attribute: comparing a strided column costs twice as much
        self._columns = numpy.ascontiguousarray(self.array.T)
        self._lists: dict[int, list[int]] = {}
        self._distinct: dict[int, frozenset[int]] = {}

    def column(self, attr: int) -> numpy.ndarray:
        return self._columns[_COLUMN[attr]]

    def any_of(self, attr: int, values) -> numpy.ndarray:
        """Per token, whether `attr` is one of `values` (a few: one comparison each)."""
        return any_of(self.column(attr), values)

    def values(self, attr: int) -> list[int]:
        found = self._lists.get(attr)
        if found is None:
            found = self._lists[attr] = self.column(attr).tolist()
        return found

    def distinct(self, attr: int) -> frozenset[int]:
        """The values `attr` takes in the note."""
        found = self._distinct.get(attr)
        if found is None:
            found = self._distinct[attr] = frozenset(self.values(attr))
        return found

    def positions(self, attr: int, values: frozenset[int]) -> list[int]:
        """The tokens whose `attr` is one of `values`, in order."""
        present = values.intersection(self.distinct(attr))
        if not present:
            return []
        if len(present) > _FEW:
            return [i for i, value in enumerate(self.values(attr)) if value in present]
        # a few values: one comparison each beats a set per token
        return numpy.flatnonzero(self.any_of(attr, present)).tolist()


def any_of(values: numpy.ndarray, keys) -> numpy.ndarray:
    """values == any of a few keys (cheaper than numpy.isin for a handful); each key as a
    numpy.uint64, as a Python int above 2**63 makes the comparison convert it each time."""
    found = numpy.zeros(len(values), dtype=bool)
    for key in keys:
        found |= values == numpy.uint64(key)
    return found


def token_table(doc: Doc) -> TokenTable:
    """The note's table, made on first request."""
    table = doc.user_data.get(TABLE_KEY)
    if table is None or table.size != len(doc):
        table = doc.user_data[TABLE_KEY] = TokenTable(doc)
    return table


def drop_token_table(doc: Doc) -> None:
    """Forget the table (the tokens or their norms changed)."""
    doc.user_data.pop(TABLE_KEY, None)
