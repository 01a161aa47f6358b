"""Coding, in one place: what the documentation supports, and how billed lines read.

Every code family (64490-64492, 64493-64495, the ultrasound codes 0213T-0218T, the RF
destruction codes 64633-64636) is data in `checker/rules/data/codes.yaml`: the procedure
and imaging it describes, its region, and the documented joint levels on a side each
code needs. `supported()` works them all out for a note; the report's `codes.supported`
(the contract's 64490-64492), every gap's "documentation supports ..." and the queue's
marks on billed codes all come from it. How a side is written (-50, -RT, -LT) is
`side_modifier()`, used for supported codes and billed lines alike.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache, cached_property, lru_cache
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from checker.extract.levels import region_of_joint
from checker.models import Codes, Extraction
from checker.resources import load_yaml

CODES_FILE = Path(__file__).resolve().parent / "rules" / "data" / "codes.yaml"
SIDES = ("right", "left")
BOTH_SIDES = frozenset(SIDES)
_REGIONS = {
    "cervical_thoracic": frozenset({"cervical", "thoracic"}),
    "lumbar_sacral": frozenset({"lumbar", "sacral"}),
}


# ------------------------------------------------------------------ the code book (data)
class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Step(_Strict):
    code: str
    min_levels: int = Field(ge=1)
    add_on: bool = False
    each_additional: bool = False  # one unit per joint beyond the first (RF add-ons)


class Family(_Strict):
    name: str
    title: str
    region: Literal["cervical_thoracic", "lumbar_sacral"]
    procedures: list[str]
    guidance: list[str]
    steps: list[Step]
    verified: bool

    @property
    def codes(self) -> list[str]:
        return [step.code for step in self.steps]

    @property
    def range_text(self) -> str:
        return f"{self.steps[0].code}-{self.steps[-1].code}"


class SideModifiers(_Strict):
    both: str
    right: str
    left: str


class Junction(_Strict):
    joints: list[str] = Field(min_length=2, max_length=2)


class CodeBook(_Strict):
    version: int
    description: str
    side_modifiers: SideModifiers
    contract_family: str
    junction: Junction
    families: list[Family]

    # asked several times a note: looked up, not searched, and kept as plain attributes
    # (a pydantic private attribute is read through a slower path)
    @cached_property
    def families_by_name(self) -> dict[str, Family]:
        return {f.name: f for f in self.families}

    def family(self, name: str) -> Family:
        return self.families_by_name[name]

    @cached_property
    def contract(self) -> Family:
        return self.family(self.contract_family)


@cache
def code_book() -> CodeBook:
    return CodeBook.model_validate(load_yaml(CODES_FILE.read_text(encoding="utf-8")))


def side_modifier(sides: Iterable[str]) -> str | None:
    """The one rule for writing a side: both sides -50, else -RT or -LT (none: no side)."""
    found = set(sides)
    modifiers = code_book().side_modifiers
    if found >= BOTH_SIDES:
        return modifiers.both
    if "right" in found:
        return modifiers.right
    if "left" in found:
        return modifiers.left
    return None


def written(code: str, sides: Iterable[str], units: int = 1) -> str:
    modifier = side_modifier(sides)
    text = f"{code}-{modifier}" if modifier else code
    return f"{text} x{units}" if units > 1 else text


# ------------------------------------------------------------------ billed lines
# CPT (five digits, or four digits and F/T/U for Category II/III and PLA codes) or HCPCS
# Level II (a letter and four digits). "6449O" (letter O for zero) is not a code.
_CODE = re.compile(r"^([0-9]{5}|[0-9]{4}[FTU]|[A-Z][0-9]{4})(?![0-9A-Z])")
_UNITS = re.compile(
    r"(?:\b|^)(?:X|\*|×)\s*(\d{1,3})\b|\b(\d{1,3})\s*UNITS?\b|\bUNITS?\s*[:=]?\s*(\d{1,3})\b"
)
_SEPARATORS = re.compile(r"[\s\-,/:;()]+")
_MODIFIER = re.compile(r"^[0-9A-Z]{2}$")


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
        mods = code_book().side_modifiers
        sides: set[str] = set()
        if mods.both in self.modifiers:
            sides |= BOTH_SIDES
        if mods.right in self.modifiers:
            sides.add("right")
        if mods.left in self.modifiers:
            sides.add("left")
        return frozenset(sides)

    @property
    def side_modifier(self) -> str | None:
        return side_modifier(self.sides)

    @property
    def label(self) -> str:
        return self.raw.strip()


def parse_billed(raw: object) -> BilledLine:
    """A billed line as people write it: "64490-RT", "64492-50-KX", "64492-RT x2",
    "64490 LT", integers from YAML. Anything else is kept with its problem."""
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
    def parse(cls, billed: Iterable[object]) -> Billing:
        return cls([parse_billed(raw) for raw in billed])

    def __bool__(self) -> bool:
        return bool(self.lines)

    def of(self, *codes: str) -> list[BilledLine]:
        return [line for line in self.lines if line.code in codes]

    def has(self, *codes: str) -> bool:
        return any(line.code in codes for line in self.lines)

    def units(self, code: str) -> int:
        return sum(line.units for line in self.of(code))

    def codes_with_sides(self, codes: Iterable[str]) -> set[str]:
        """Billed lines of `codes` as "64490-50", "64490-RT": RT and LT lines of one code
        make -50, as a facility claim writes them."""
        sides: dict[str, set[str]] = {}
        for line in self.of(*codes):
            sides.setdefault(line.code or "", set()).update(line.sides)
        return {written(code, found) for code, found in sides.items()}

    def labels(self, codes: Iterable[str] | None = None) -> str:
        lines = self.lines if codes is None else self.of(*codes)
        return ", ".join(line.label for line in lines)


# ------------------------------------------------------------------ what is supported
def treated_levels(extraction: Extraction) -> dict[str, list[str]]:
    """Distinct treated joints per side that codes may count: certain, sided levels with
    words of the note behind them. A level without evidence, marked uncertain, or without
    a side (`levels_unsided`) never supports a code; this is the one place that decides
    what a code may count."""
    sides: dict[str, list[str]] = {side: [] for side in SIDES}
    for fact in extraction.levels:
        # A level the reader marks uncertain (side inferred, sources disagree) is never
        # counted: the note then needs review rather than a code on a guess.
        if not fact.evidence or getattr(fact, "uncertain", None):
            continue
        if fact.level not in sides[fact.side]:
            sides[fact.side].append(fact.level)
    return sides


@lru_cache(maxsize=4096)  # a few dozen joints and two regions; asked many times a note
def in_region(level: str, region: str) -> bool:
    return region_of_joint(level) <= _REGIONS[region]


@dataclass(frozen=True)
class Support:
    """What one note's documentation supports, for every family that applies."""

    codes: tuple[str, ...] = ()  # the contract family: codes.supported
    other: tuple[str, ...] = ()  # other families (64493-64495, 0213T-0218T, 64633-64636)
    families: tuple[str, ...] = ()
    by_family: dict[str, tuple[str, ...]] = field(default_factory=dict)
    junction_sides: tuple[str, ...] = ()

    @property
    def all(self) -> list[str]:
        return [*self.codes, *self.other]

    @property
    def text(self) -> str:
        """The "documentation supports ..." wording every code gap uses."""
        return ", ".join(self.all) or "none of 64490-64495"

    def of(self, family: str) -> list[str]:
        return list(self.by_family.get(family, ()))

    def covers(self, line: BilledLine) -> bool:
        return covers(self.all, line)


def covers(supported: Iterable[str], line: BilledLine) -> bool:
    """A billed line is supported when its code is supported on every side it claims (a
    line with no side: on some side). Other modifiers (KX, GA ...) and units do not matter."""
    if line.code is None:
        return False
    sides: set[str] = set()
    found = False
    for entry in supported:
        parsed = parse_billed(entry)
        if parsed.code == line.code:
            found = True
            sides |= parsed.sides
    if not found:
        return False
    return line.sides <= sides if line.sides else True


def unsupported_lines(billed: Iterable[str], supported: Iterable[str]) -> list[str]:
    """Billed lines the documentation does not support (the queue's ✖ marks)."""
    chosen = list(supported)
    return [raw for raw in billed if not covers(chosen, parse_billed(raw))]


def _family_codes(family: Family, counts: dict[str, int], first_taken: set[str]) -> list[str]:
    """Codes for `counts` levels per side; on `first_taken` sides the first code is billed
    in the neighbouring region (T12-L1 with 64490 at the junction)."""
    found = []
    for index, step in enumerate(family.steps):
        sides = [
            side
            for side in SIDES
            if counts[side] >= step.min_levels and not (index == 0 and side in first_taken)
        ]
        if not sides:
            continue
        if not step.each_additional:
            found.append(written(step.code, sides))
            continue
        units = {side: counts[side] - step.min_levels + 1 for side in sides}
        if len(sides) == 2 and units["right"] == units["left"]:
            found.append(written(step.code, sides, units["right"]))
        else:
            found += [written(step.code, [side], units[side]) for side in sides]
    return found


def junction_sides(levels: dict[str, list[str]]) -> tuple[str, ...]:
    joints = code_book().junction.joints
    return tuple(side for side in SIDES if all(joint in levels[side] for joint in joints))


def supported(extraction: Extraction) -> Support:
    """What the documentation supports, per family (the one place codes are worked out)."""
    book = code_book()
    levels = treated_levels(extraction)
    junction = junction_sides(levels)
    by_family: dict[str, tuple[str, ...]] = {}
    for family in book.families:
        if extraction.procedure not in family.procedures:
            continue
        if extraction.guidance not in family.guidance:
            continue
        counts = {side: sum(in_region(lv, family.region) for lv in levels[side]) for side in SIDES}
        first_taken: set[str] = set()
        if family.region == "lumbar_sacral":
            # T12-L1 counts as the first level of the lumbar session on a junction side
            counts = {s: counts[s] + (s in junction) for s in SIDES}
            first_taken = set(junction)
        codes = _family_codes(family, counts, first_taken)
        if codes:
            by_family[family.name] = tuple(codes)
    contract = by_family.get(book.contract_family, ())
    other = tuple(
        code for name, codes in by_family.items() if name != book.contract_family for code in codes
    )
    return Support(contract, other, tuple(by_family), by_family, junction)


def code_summary(
    extraction: Extraction, billed: list[str], support: Support | None = None
) -> Codes:
    """The report's codes; `support` is `supported(extraction)` when already worked out."""
    support = supported(extraction) if support is None else support
    third = book_third_level_code()
    return Codes(
        supported=list(support.codes),
        supported_other=list(support.other),
        billed=billed,
        supports_64492=any(code.startswith(third) for code in support.codes),
    )


def book_third_level_code() -> str:
    """The contract family's "third and any additional level" code (64492)."""
    return code_book().contract.steps[-1].code


def unbilled_codes(supported: Iterable[str], billed: Iterable[str]) -> list[str]:
    """Supported codes no billed line claims (a -50 code is claimed by RT and LT lines)."""
    lines = [parse_billed(raw) for raw in billed]
    missing = []
    for entry in supported:
        wanted = parse_billed(entry)
        sides: set[str] = set()
        found = False
        for line in lines:
            if line.code == wanted.code:
                found = True
                sides |= line.sides
        if not found or (wanted.sides and not wanted.sides <= sides and sides):
            missing.append(entry)
    return missing
