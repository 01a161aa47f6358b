"""Payer names as people write them, normalised for matching profile aliases."""

from __future__ import annotations

import re

_NON_WORD = re.compile(r"[^a-z0-9]+")


def normalise_payer(name: str) -> str:
    return _NON_WORD.sub(" ", name.lower()).strip()
