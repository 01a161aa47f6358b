"""What the checks look at, worked out once per note: levels per side and region, the
billed lines, the claim's keys (diagnoses, place of service, claim type), the patient's
earlier sessions, and what the documentation supports (from `checker.coding.supported`,
the one place codes are worked out)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import cached_property

from checker.coding import (
    SIDES,
    Billing,
    Support,
    code_book,
    in_region,
    supported,
    treated_levels,
)
from checker.models import Codes, Extraction, Note
from checker.rules.ncci import NcciTables
from checker.rules.readings import readings
from checker.rules.schema import CodingTables

__all__ = ["SIDES", "Claim", "EarlierSession", "NoteFacts", "claim_of", "joint_order"]


def joint_order(level: str) -> tuple[int, int]:
    """Sort key running from the skull down: C2-C3 ... T12-L1 ... L5-S1."""
    letters = "CTLS"
    upper = level.split("-")[0]
    return letters.index(upper[0]), int(upper[1:])


@dataclass(frozen=True)
class EarlierSession:
    """A session of the same patient checked before (from the history store)."""

    note_id: str
    date_of_service: dt.date
    region: str | None
    procedure: str | None
    intent: str | None
    payer_profile: str | None = None
    percent_relief: int | None = None

    @property
    def checked_intent(self) -> str | None:
        """The intent the session counts as: stated, else its procedure's default reading."""
        return readings().intent_of(self.procedure, self.intent)


@dataclass(frozen=True)
class Claim:
    """The billing keys a note carries; absent means unknown, never guessed."""

    diagnoses: tuple[str, ...] = ()
    place_of_service: str | None = None
    claim_type: str | None = None
    patient_id: str | None = None
    encounter_id: str | None = None
    date_of_service: dt.date | None = None
    earlier: tuple[EarlierSession, ...] | None = None  # None: no history store in use


def claim_of(note: Note, earlier: tuple[EarlierSession, ...] | None = None) -> Claim:
    return Claim(
        diagnoses=tuple(code.strip().upper() for code in note.diagnoses if code.strip()),
        place_of_service=note.place_of_service,
        claim_type=note.claim_type,
        patient_id=note.patient_id,
        encounter_id=note.encounter_id,
        date_of_service=note.date_of_service,
        earlier=earlier,
    )


@dataclass
class NoteFacts:
    extraction: Extraction
    codes: Codes
    tables: CodingTables
    ncci: NcciTables = field(default_factory=NcciTables)
    payer: str | None = None
    profile: str | None = None
    billing: Billing = field(default_factory=Billing)
    claim: Claim = field(default_factory=Claim)
    known_support: Support | None = None  # `supported(extraction)`, when already worked out

    @property
    def procedure(self) -> str:
        if self.extraction.procedure_performed is False:
            return "none"  # a visit without a procedure: no procedure's documentation applies
        return self.extraction.procedure or "unknown"

    @property
    def intent(self) -> str:
        """The stated intent, else the procedure's default reading (an MBB: diagnostic)."""
        return readings().intent_of(self.extraction.procedure, self.extraction.intent) or "unknown"

    @property
    def intent_assumed(self) -> bool:
        """The note does not state the intent; the rules check it with a default reading."""
        return self.extraction.intent is None and self.intent != "unknown"

    @cached_property
    def support(self) -> Support:
        return supported(self.extraction) if self.known_support is None else self.known_support

    @cached_property
    def levels(self) -> dict[str, list[str]]:
        """Distinct joints per side that codes may count (checker.coding decides), in
        spinal order."""
        sides = treated_levels(self.extraction)
        return {side: sorted(sides[side], key=joint_order) for side in SIDES}

    @property
    def junction_sides(self) -> tuple[str, ...]:
        """Sides with both T12-L1 and L1-L2: one lumbar session, 64490 + 64494 (1.13)."""
        return self.support.junction_sides

    def _in(self, region: str, side: str) -> list[str]:
        found = [lv for lv in self.levels[side] if in_region(lv, region)]
        if side in self.junction_sides:
            found = [lv for lv in found if lv not in code_book().junction.joints]
        return found

    @cached_property
    def ct_levels(self) -> dict[str, list[str]]:
        """Cervical/thoracic joints per side, outside a T12-L1 + L1-L2 junction."""
        return {side: self._in("cervical_thoracic", side) for side in SIDES}

    @cached_property
    def ls_levels(self) -> dict[str, list[str]]:
        """Lumbar/sacral joints per side, outside a T12-L1 + L1-L2 junction."""
        return {side: self._in("lumbar_sacral", side) for side in SIDES}

    @cached_property
    def unsided_ct_levels(self) -> list[str]:
        unsided = set(self.extraction.levels_unsided)
        return sorted(lv for lv in unsided if in_region(lv, "cervical_thoracic"))

    @property
    def has_ct(self) -> bool:
        return any(self.ct_levels.values())

    @property
    def has_ls(self) -> bool:
        return any(self.ls_levels.values())

    @property
    def distinct_levels(self) -> list[str]:
        """Joint levels treated on either side, each counted once (a bilateral level is one)."""
        return sorted({lv for side in SIDES for lv in self.levels[side]}, key=joint_order)

    @property
    def all_levels(self) -> list[str]:
        joints = set(self.distinct_levels)
        return sorted(joints | set(self.extraction.levels_unsided), key=joint_order)

    @property
    def in_family(self) -> bool:
        """A facet injection or MBB under fluoroscopy or CT: 64490-64495 can apply."""
        family = code_book().contract
        return (
            self.extraction.procedure in family.procedures
            and self.extraction.guidance in family.guidance
        )

    @property
    def supported_text(self) -> str:
        """What the documentation supports, for "documentation supports ..." sentences."""
        return self.support.text

    def level_text(self, levels: list[str] | None = None) -> str:
        chosen = self.all_levels if levels is None else levels
        return ", ".join(chosen) if chosen else "none"

    def side_text(self, side: str) -> str:
        return ", ".join(self.levels[side]) or "none"

    def ct_joints(self, side: str) -> list[str]:
        """Cervical/thoracic joints on a side as 64490-64492 count them (T12-L1 included)."""
        return [lv for lv in self.levels[side] if in_region(lv, "cervical_thoracic")]

    def ct_count(self, side: str) -> int:
        return len(self.ct_joints(side))

    @property
    def contract_codes(self) -> list[str]:
        return code_book().contract.codes

    @property
    def lumbar_codes(self) -> list[str]:
        return code_book().family("facet_lumbar_sacral").codes

    @property
    def family_billed(self) -> bool:
        return self.billing.has(*self.contract_codes, *self.lumbar_codes)
