"""What the checks look at, worked out once per note: levels per side and region, the
billed lines, and what the documentation supports (to state in every code gap)."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

from checker.coding import SUPPORTING_GUIDANCE, SUPPORTING_PROCEDURES
from checker.extract.levels import region_of_joint
from checker.models import Codes, Extraction
from checker.rules.billing import Billing
from checker.rules.schema import CodingTables

SIDES = ("right", "left")
_CT = frozenset({"cervical", "thoracic"})
_LS = frozenset({"lumbar", "sacral"})
JUNCTION = ("T12-L1", "L1-L2")


def joint_order(level: str) -> tuple[int, int]:
    """Sort key running from the skull down: C2-C3 ... T12-L1 ... L5-S1."""
    letters = "CTLS"
    upper = level.split("-")[0]
    return letters.index(upper[0]), int(upper[1:])


def write_codes(per_side: dict[str, list[str]], family: list[str]) -> list[str]:
    """Codes for n levels per side, -50 when both sides reach a code (contract)."""
    codes = []
    for needed, code in enumerate(family, start=1):
        right = len(per_side.get("right", [])) >= needed
        left = len(per_side.get("left", [])) >= needed
        if right and left:
            codes.append(f"{code}-50")
        elif right or left:
            codes.append(f"{code}-{'RT' if right else 'LT'}")
    return codes


@dataclass
class NoteFacts:
    extraction: Extraction
    codes: Codes
    tables: CodingTables
    payer: str | None = None
    profile: str | None = None
    billing: Billing = field(default_factory=Billing)

    @property
    def procedure(self) -> str:
        return self.extraction.procedure or "unknown"

    @property
    def intent(self) -> str:
        return self.extraction.intent or "unknown"

    @cached_property
    def levels(self) -> dict[str, list[str]]:
        """Distinct joints per side, in spinal order."""
        sides = self.extraction.levels_by_side()
        return {side: sorted(set(sides.get(side, [])), key=joint_order) for side in SIDES}

    @cached_property
    def junction_sides(self) -> list[str]:
        """Sides with both T12-L1 and L1-L2: one lumbar session, 64490 + 64494 (1.13)."""
        return [side for side in SIDES if all(lv in self.levels[side] for lv in JUNCTION)]

    def _in(self, regions: frozenset[str], side: str) -> list[str]:
        found = [lv for lv in self.levels[side] if region_of_joint(lv) <= regions]
        if side in self.junction_sides:
            found = [lv for lv in found if lv not in JUNCTION]
        return found

    @cached_property
    def ct_levels(self) -> dict[str, list[str]]:
        """Cervical/thoracic joints per side, outside a T12-L1 + L1-L2 junction."""
        return {side: self._in(_CT, side) for side in SIDES}

    @cached_property
    def ls_levels(self) -> dict[str, list[str]]:
        """Lumbar/sacral joints per side, outside a T12-L1 + L1-L2 junction."""
        return {side: self._in(_LS, side) for side in SIDES}

    @cached_property
    def unsided_ct_levels(self) -> list[str]:
        unsided = set(self.extraction.levels_unsided)
        return sorted(lv for lv in unsided if region_of_joint(lv) <= _CT)

    @property
    def has_ct(self) -> bool:
        return any(self.ct_levels.values())

    @property
    def has_ls(self) -> bool:
        return any(self.ls_levels.values())

    @property
    def all_levels(self) -> list[str]:
        joints = {lv for side in SIDES for lv in self.levels[side]}
        return sorted(joints | set(self.extraction.levels_unsided), key=joint_order)

    @property
    def imaging_supports_codes(self) -> bool:
        return self.extraction.guidance in SUPPORTING_GUIDANCE

    @property
    def procedure_supports_codes(self) -> bool:
        return self.extraction.procedure in SUPPORTING_PROCEDURES

    @property
    def in_family(self) -> bool:
        """A facet injection or MBB under fluoroscopy or CT: 64490-64495 can apply."""
        return self.imaging_supports_codes and self.procedure_supports_codes

    @cached_property
    def lumbar_supported(self) -> list[str]:
        if not self.in_family:
            return []
        return write_codes(self.ls_levels, self.tables.lumbar_sacral)

    @cached_property
    def junction_supported(self) -> list[str]:
        """64490 for T12-L1 and 64494 for L1-L2 on each junction side (1.12, 1.13)."""
        if not self.in_family or not self.junction_sides:
            return []
        first, second = self.tables.cervical_thoracic[0], self.tables.lumbar_sacral[1]
        both = len(self.junction_sides) == 2
        suffix = "50" if both else ("RT" if self.junction_sides[0] == "right" else "LT")
        return [f"{first}-{suffix}", f"{second}-{suffix}"]

    @property
    def supported_text(self) -> str:
        """What the documentation supports, for "documentation supports ..." sentences."""
        if self.junction_supported:
            return ", ".join(self.junction_supported)
        if self.codes.supported and self.lumbar_supported:  # two regions in one session
            return ", ".join(self.codes.supported + self.lumbar_supported)
        if self.codes.supported:
            return ", ".join(self.codes.supported)
        if self.lumbar_supported:
            return ", ".join(self.lumbar_supported)
        return "none of 64490-64495"

    def level_text(self, levels: list[str] | None = None) -> str:
        chosen = self.all_levels if levels is None else levels
        return ", ".join(chosen) if chosen else "none"

    def side_text(self, side: str) -> str:
        return ", ".join(self.levels[side]) or "none"

    def ct_joints(self, side: str) -> list[str]:
        """Cervical/thoracic joints on a side as 64490-64492 count them (T12-L1 included)."""
        return [lv for lv in self.levels[side] if region_of_joint(lv) <= _CT]

    def ct_count(self, side: str) -> int:
        return len(self.ct_joints(side))

    @property
    def family_billed(self) -> bool:
        return self.billing.has(*self.tables.cervical_thoracic, *self.tables.lumbar_sacral)
