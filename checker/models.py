"""Typed records passed between the stages: input note -> extraction -> codes -> report.

The report models mirror the contract (docs/report-contract.md, schema version 1): keys
may be added, never renamed or removed without bumping SCHEMA_VERSION.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal, TypeVar, get_args

from pydantic import BaseModel, ConfigDict, Field

SCHEMA_VERSION = "1"

Side = Literal["left", "right"]
Region = Literal["cervical", "thoracic", "cervicothoracic", "lumbar", "sacral"]
Procedure = Literal["facet_injection", "medial_branch_block", "rf_ablation", "epidural", "other"]
Guidance = Literal["fluoroscopy", "ct", "ultrasound", "none"]
Role = Literal["anesthetic", "steroid", "skin_local", "other"]
Severity = Literal["blocking", "warning", "info"]
Status = Literal["pass", "needs_review", "fail", "error"]
ClaimType = Literal["professional", "facility"]
Intent = Literal["diagnostic", "therapeutic"]

SIDES: tuple[Side, ...] = get_args(Side)
REGIONS: tuple[Region, ...] = get_args(Region)
PROCEDURES: tuple[Procedure, ...] = get_args(Procedure)
GUIDANCE: tuple[Guidance, ...] = get_args(Guidance)
ROLES: tuple[Role, ...] = get_args(Role)
INTENTS: tuple[Intent, ...] = get_args(Intent)
CLAIM_TYPES: tuple[ClaimType, ...] = get_args(ClaimType)

L = TypeVar("L", bound=str)


def one_of(values: tuple[L, ...], value: str) -> L:
    """`value` as the one of `values` (a Literal's) it equals: the readers' labels are plain
    strings from the pattern data. A label the data does not allow is an error."""
    for allowed in values:
        if allowed == value:
            return allowed
    raise ValueError(f"{value!r} is none of {', '.join(values)}")


class Note(BaseModel):
    """One note as read from disk or JSONL, before any language processing."""

    model_config = ConfigDict(extra="allow")

    note_id: str
    source: str
    text: str
    provider: str | None = None
    payer: str | None = None
    date_of_service: dt.date | None = None
    billed_codes: list[str] = Field(default_factory=list)
    # Billing keys the contract names; absent means unknown, never guessed.
    patient_id: str | None = None
    encounter_id: str | None = None
    diagnoses: list[str] = Field(default_factory=list)
    place_of_service: str | None = None
    claim_type: ClaimType | None = None
    read_error: str | None = None


# The keys a note carries beside its text (front matter, JSONL record, FHIR/HL7 fields, a
# DataFrame's columns): every field of Note but the text and what the reader sets itself.
NOTE_METADATA_KEYS: tuple[str, ...] = tuple(
    name for name in Note.model_fields if name not in ("text", "source", "read_error")
)


class Evidence(BaseModel):
    """A stretch of the note body that supports a fact; `text == body[start:end]`."""

    start: int
    end: int
    text: str


class LevelFact(BaseModel):
    level: str
    side: Side
    evidence: list[Evidence] = Field(default_factory=list)
    # Set when the reading of this level is uncertain (its side was inferred, or sources
    # disagree): what to confirm. Codes must not count an uncertain level.
    uncertain: str | None = None


class ReadingWarning(BaseModel):
    """Something the reader could not settle: what a coder should confirm in the note."""

    subject: str  # "levels"
    message: str
    evidence: list[Evidence] = Field(default_factory=list)


class ContrastFact(BaseModel):
    used: bool | None = None
    agent: str | None = None
    placement_confirmed: bool = False
    omission_reason: str | None = None
    negated_by: str | None = None  # the words that say it was not used ("no")
    evidence: list[Evidence] = Field(default_factory=list)


class MedicationFact(BaseModel):
    name: str
    role: Role
    concentration: str | None = None
    volume_ml_per_level: float | None = None
    volume_ml_total: float | None = None
    dose_mg: float | None = None
    evidence: list[Evidence] = Field(default_factory=list)


class ResponseFact(BaseModel):
    pre_pain: int | None = None
    post_pain: int | None = None
    percent_relief: int | None = None
    pre_pain_mm: int | None = None  # a 0-100 mm visual analogue scale, when the note uses one
    post_pain_mm: int | None = None
    scale: str | None = None
    pain_range: str | None = None
    evidence: list[Evidence] = Field(default_factory=list)

    def summary(self) -> list[str]:
        """What the note gives, in words: ["pre-procedure 7/10", "80% relief", ...]."""
        parts = []
        for when in ("pre", "post"):
            score = getattr(self, f"{when}_pain")
            millimetres = getattr(self, f"{when}_pain_mm")
            if score is not None:
                parts.append(f"{when}-procedure {score}/10")
            if millimetres is not None:
                parts.append(f"{when}-procedure {millimetres} mm")
        if self.percent_relief is not None:
            parts.append(f"{self.percent_relief}% relief")
        if self.pain_range:
            parts.append(f"a range ({self.pain_range})")
        return parts


class WorkflowFact(BaseModel):
    consent: bool = False
    timeout: bool = False
    sterile_prep: bool = False
    local_anesthesia: bool = False
    observation: bool = False
    complications: str | None = None
    sedation: str | None = None
    evidence: dict[str, list[Evidence]] = Field(default_factory=dict)


class NotCounted(BaseModel):
    """Words that name a fact but were not counted for today's procedure, and why: the
    section they sit in (outside the sections that count for that fact) and/or the context
    that took them out (NEGATED, HISTORICAL, HYPOTHETICAL, IMAGING, ...)."""

    fact: str  # level | guidance | contrast | medication
    value: str  # what the words name, as the reading normalised them ("C4-5", "fluoroscopy")
    section: str
    counted_sections: bool  # whether the section counts for this fact
    context: list[str] = Field(default_factory=list)
    # the note's words that set each context: {"NEGATED": "no"}
    cues: dict[str, str] = Field(default_factory=dict)
    evidence: list[Evidence] = Field(default_factory=list)


class Extraction(BaseModel):
    region: Region | None = None
    procedure: Procedure | None = None
    procedure_evidence: list[Evidence] = Field(default_factory=list)
    # False when the note says no procedure was done at this visit (a clinic visit that
    # plans or reviews one); None when it does not say. An addition to the contract.
    procedure_performed: bool | None = None
    intent: Intent | None = None
    levels: list[LevelFact] = Field(default_factory=list)
    levels_unsided: list[str] = Field(default_factory=list)
    levels_unsided_evidence: list[Evidence] = Field(default_factory=list)
    reading_warnings: list[ReadingWarning] = Field(default_factory=list)
    guidance: Guidance | None = None
    guidance_evidence: list[Evidence] = Field(default_factory=list)
    contrast: ContrastFact = Field(default_factory=ContrastFact)
    medications: list[MedicationFact] = Field(default_factory=list)
    # Drugs given intravenously for sedation or anxiolysis (midazolam, fentanyl, propofol):
    # the sedation service, not the injectate, so not `medications`; an addition to the
    # contract, read by the sedation checks.
    sedation_medications: list[MedicationFact] = Field(default_factory=list)
    response: ResponseFact = Field(default_factory=ResponseFact)
    workflow: WorkflowFact = Field(default_factory=WorkflowFact)
    history: dict[str, list[Evidence]] = Field(default_factory=dict)
    not_counted: list[NotCounted] = Field(default_factory=list)

    def levels_by_side(self) -> dict[str, list[str]]:
        sides: dict[str, list[str]] = {"right": [], "left": []}
        for fact in self.levels:
            sides[fact.side].append(fact.level)
        return sides


class Codes(BaseModel):
    supported: list[str] = Field(default_factory=list)
    # Codes of neighbouring families the documentation supports (64493-64495, the T12-L1 +
    # L1-L2 junction's 64494, 0213T-0218T, 64633-64636); an addition to the contract.
    supported_other: list[str] = Field(default_factory=list)
    billed: list[str] = Field(default_factory=list)
    supports_64492: bool = False


class Gap(BaseModel):
    requirement: str
    severity: Severity
    message: str
    fix: str | None = None
    source: str | None = None
    verified: bool = True
    evidence: list[Evidence] = Field(default_factory=list)


class Report(BaseModel):
    """One line of `checker check --format jsonl`."""

    schema_version: str = SCHEMA_VERSION
    note_id: str
    source: str
    status: Status
    error: str | None = None
    provider: str | None = None
    payer: str | None = None
    date_of_service: dt.date | None = None
    # Billing identifiers from the input, passed through for work queues (never inferred).
    patient_id: str | None = None
    encounter_id: str | None = None
    place_of_service: str | None = None
    extraction: Extraction = Field(default_factory=Extraction)
    codes: Codes = Field(default_factory=Codes)
    gaps: list[Gap] = Field(default_factory=list)
    text: str | None = Field(default=None, exclude=True)

    def __reduce__(self) -> tuple[object, tuple[str, str | None]]:
        """Pickled as its JSON line plus the note text: worker processes send reports back
        this way, at 0.17 ms a report against 0.42 ms for pickling the model tree (and
        0.14 ms, not 0.24, in the one process that reads them all)."""
        return (_report_from_json, (self.model_dump_json(), self.text))

    def to_json_line(self) -> str:
        return self.model_dump_json(exclude={"text"})

    @classmethod
    def of_note(cls, note: Note, **found: Any) -> Report:
        """A report on `note`: its id, source and the identifiers it carries (its payer
        unless `found` names another), with what was found."""
        carried = {
            "note_id": note.note_id,
            "source": note.source,
            "provider": note.provider,
            "payer": note.payer,
            "date_of_service": note.date_of_service,
            "patient_id": note.patient_id,
            "encounter_id": note.encounter_id,
            "place_of_service": note.place_of_service,
        }
        return cls(**(carried | found))

    @classmethod
    def failed(cls, note: Note, error: str) -> Report:
        return cls.of_note(note, status="error", error=error, codes=Codes(billed=note.billed_codes))


def report_schema() -> dict[str, Any]:
    return Report.model_json_schema(mode="serialization")


def _report_from_json(line: str, text: str | None) -> Report:
    report = Report.model_validate_json(line)
    report.text = text
    return report
