"""What the documentation supports: contract `codes.supported`.

Only cervical/thoracic facet injections or medial branch blocks under fluoroscopy or CT
support 64490-64492 (domain-rules.md 1.1, 1.2, 1.8). Per side with n levels: 64490
(n >= 1), +64491 (n >= 2), +64492 (n >= 3, one unit however many more: 1.14). A code
supported on both sides is written -50 (4.1), else -RT or -LT.
"""

from __future__ import annotations

from checker.extract.levels import region_of_joint
from checker.models import Codes, Extraction

FAMILY = ("64490", "64491", "64492")
SUPPORTING_PROCEDURES = frozenset({"facet_injection", "medial_branch_block"})
SUPPORTING_GUIDANCE = frozenset({"fluoroscopy", "ct"})
_CERVICOTHORACIC = frozenset({"cervical", "thoracic"})


def levels_per_side(extraction: Extraction) -> dict[str, int]:
    """Distinct cervical/thoracic joints per side (T12-L1 counts; L1-L2 does not)."""
    counts = {"right": 0, "left": 0}
    for side, levels in extraction.levels_by_side().items():
        counts[side] = len({lv for lv in levels if region_of_joint(lv) <= _CERVICOTHORACIC})
    return counts


def supported_codes(extraction: Extraction) -> list[str]:
    if extraction.procedure not in SUPPORTING_PROCEDURES:
        return []
    if extraction.guidance not in SUPPORTING_GUIDANCE:
        return []
    counts = levels_per_side(extraction)
    codes = []
    for needed, code in enumerate(FAMILY, start=1):
        right, left = counts["right"] >= needed, counts["left"] >= needed
        if right and left:
            codes.append(f"{code}-50")
        elif right:
            codes.append(f"{code}-RT")
        elif left:
            codes.append(f"{code}-LT")
    return codes


def code_summary(extraction: Extraction, billed: list[str]) -> Codes:
    supported = supported_codes(extraction)
    return Codes(
        supported=supported,
        billed=billed,
        supports_64492=any(code.startswith("64492") for code in supported),
    )
