"""Review decisions: the states and override reasons a coder chooses from (data, in
`decisions.yaml`), how a note is known across runs, and what a decision holds. The static
pages (decisions kept in the browser) and `checker serve` (kept in the history database)
both take them from here."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib import resources
from urllib.parse import quote

import yaml
from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

NOTE_LEVEL = ""  # `finding` of a decision on the whole note rather than on one requirement


@dataclass(frozen=True)
class DecisionState:
    id: str
    label: str


@dataclass(frozen=True)
class DecisionChoices:
    states: tuple[DecisionState, ...]
    override_reasons: tuple[str, ...]


@cache
def decision_choices() -> DecisionChoices:
    """The decision states and override reasons (decisions.yaml)."""
    raw = resources.files("checker.report").joinpath("decisions.yaml").read_text("utf-8")
    loaded = yaml.safe_load(raw)
    return DecisionChoices(
        states=tuple(DecisionState(**state) for state in loaded["states"]),
        override_reasons=tuple(loaded["override_reasons"]),
    )


def note_key(note_id: str, patient_id: str | None = None, encounter_id: str | None = None) -> str:
    """How a note is known across runs, for its review decisions: its note id, qualified by
    the patient and the encounter when the input gives them (one encounter may hold several
    notes; the same note id may recur for another patient). The date of service is left
    out: an amendment may correct it. Each part is percent-encoded, so no two notes share
    a key."""
    parts = [("patient", patient_id), ("encounter", encounter_id), ("note", note_id)]
    return "/".join(f"{name}:{quote(value, safe='')}" for name, value in parts if value)


class DecisionChange(BaseModel):
    """A coder's decision on a note (`finding` empty) or on one of its findings."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    note_key: str = Field(min_length=1, max_length=1000)
    finding: str = Field(
        default=NOTE_LEVEL, max_length=200, description="a requirement; empty: the note"
    )
    note_id: str = Field(min_length=1, max_length=500)
    source: str = Field(default="", max_length=2000)
    page: str = Field(default="", max_length=500, description="the note's page in the report set")
    state: str = Field(description="a decision state id (decisions.yaml)")
    reason: str = Field(
        default="", max_length=200, description="an override reason (decisions.yaml)"
    )
    note: str = Field(default="", max_length=4000, description="free text")
    by: str = Field(min_length=1, max_length=200, description="who decides")
    gaps: list[str] | None = Field(
        None, max_length=500, description="the requirements with gaps the decision was made on"
    )

    @field_validator("state")
    @classmethod
    def known_state(cls, state: str) -> str:
        states = [choice.id for choice in decision_choices().states]
        if state not in states:
            raise ValueError(f"state must be one of {', '.join(states)}")
        return state

    @field_validator("reason")
    @classmethod
    def known_reason(cls, reason: str) -> str:
        reasons = decision_choices().override_reasons
        if reason and reason not in reasons:
            raise ValueError(f"reason must be empty or one of: {'; '.join(reasons)}")
        return reason

    @model_validator(mode="after")
    def override_has_reason(self) -> DecisionChange:
        if self.state == "overridden" and not self.reason:
            raise ValueError("an override needs its reason")
        return self
