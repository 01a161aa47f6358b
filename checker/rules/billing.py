"""Billed code lines as people write them: "64490-RT", "64492-50-KX", "64492-RT x2",
"64490 LT", "0213T", integers from YAML. Anything that is not a CPT/HCPCS code with
two-character modifiers is kept as malformed, so a rule can say so."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

# CPT (five digits, or four digits and a letter for Category II/III) or HCPCS (letter, four digits).
_CODE = re.compile(r"^([0-9]{4}[0-9A-Z]|[A-Z][0-9]{4})(?![0-9A-Z])")
_UNITS = re.compile(
    r"(?:\b|^)(?:X|\*|×)\s*(\d{1,3})\b|\b(\d{1,3})\s*UNITS?\b|\bUNITS?\s*[:=]?\s*(\d{1,3})\b"
)
_SEPARATORS = re.compile(r"[\s\-,/:;()]+")
_MODIFIER = re.compile(r"^[0-9A-Z]{2}$")

BOTH_SIDES = frozenset({"right", "left"})


@dataclass(frozen=True)
class BilledLine:
    raw: str
    code: str | None
    modifiers: tuple[str, ...] = ()
    units: int = 1
    problem: str | None = None

    @property
    def sides(self) -> frozenset[str]:
        """The sides this line claims: -50 or RT with LT is both; none when unmodified."""
        sides = set()
        if "50" in self.modifiers:
            sides |= BOTH_SIDES
        if "RT" in self.modifiers:
            sides.add("right")
        if "LT" in self.modifiers:
            sides.add("left")
        return frozenset(sides)

    @property
    def side_modifier(self) -> str | None:
        """How the line's side is written in a code such as 64490-RT."""
        sides = self.sides
        if sides == BOTH_SIDES:
            return "50"
        if sides:
            return "RT" if "right" in sides else "LT"
        return None

    @property
    def label(self) -> str:
        return self.raw.strip()


def parse_billed(raw: object) -> BilledLine:
    text = str(raw).strip()
    upper = text.upper()
    match = _CODE.match(upper)
    if match is None:
        return BilledLine(raw=text, code=None, problem="not a CPT or HCPCS code")
    rest = upper[match.end() :]
    units = 1
    unit_match = _UNITS.search(rest)
    if unit_match:
        units = int(next(group for group in unit_match.groups() if group))
        rest = rest[: unit_match.start()] + " " + rest[unit_match.end() :]
    tokens = [token for token in _SEPARATORS.split(rest) if token]
    bad = [token for token in tokens if not _MODIFIER.match(token)]
    modifiers = tuple(token for token in tokens if _MODIFIER.match(token))
    problem = f"cannot read {' '.join(bad)!r} as a modifier" if bad else None
    if units < 1:
        problem = "zero units"
    return BilledLine(
        raw=text, code=match.group(1), modifiers=modifiers, units=units, problem=problem
    )


@dataclass
class Billing:
    """All billed lines of one note, with lookups by code."""

    lines: list[BilledLine] = field(default_factory=list)

    @classmethod
    def parse(cls, billed: list[object]) -> Billing:
        return cls([parse_billed(raw) for raw in billed])

    def __bool__(self) -> bool:
        return bool(self.lines)

    def of(self, *codes: str) -> list[BilledLine]:
        return [line for line in self.lines if line.code in codes]

    def has(self, *codes: str) -> bool:
        return any(line.code in codes for line in self.lines)

    def codes_with_sides(self, codes: tuple[str, ...] | list[str]) -> set[str]:
        """Billed lines of `codes` normalised to "64490-50", "64490-RT": RT and LT lines of
        one code make -50, as some payers want them (domain-rules.md 4.2)."""
        sides: dict[str, set[str]] = {}
        for line in self.of(*codes):
            sides.setdefault(line.code or "", set()).update(line.sides or {"unspecified"})
        written = set()
        for code, found in sides.items():
            if found >= BOTH_SIDES:
                written.add(f"{code}-50")
            elif "right" in found:
                written.add(f"{code}-RT")
            elif "left" in found:
                written.add(f"{code}-LT")
            else:
                written.add(code)
        return written

    def labels(self, codes: tuple[str, ...] | list[str] | None = None) -> str:
        lines = self.lines if codes is None else self.of(*codes)
        return ", ".join(line.label for line in lines)
