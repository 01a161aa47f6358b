"""The shape of the rules data files, validated with pydantic when they are loaded.

A rules file (built in: `checker/rules/data/requirements.yaml` and `data/payers/*.yaml`;
a user's: `--rules FILE`) may hold:

- `requirements`: requirements to add, or to replace when the id already exists;
- `overrides`: partial changes to existing requirements by id (severity, enabled, ...);
- `payers`: payer profiles (name, aliases, their `payer.<profile>.*` requirements);
- `coding`: the code tables the coding checks read (built-in file only, may be extended).

A file whose top level has `profile:` is one payer profile.
"""

from __future__ import annotations

import re
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from checker.models import Severity

ProcedureKey = Literal[
    "facet_injection", "medial_branch_block", "rf_ablation", "epidural", "other", "unknown", "none"
]
IntentKey = Literal["diagnostic", "therapeutic", "unknown"]

REQUIREMENT_ID = re.compile(r"^[a-z][a-z0-9_]*(\.[a-z0-9_]+)*$")
PROFILE_NAME = re.compile(r"^[a-z][a-z0-9_]*$")


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Applies(Strict):
    """When a requirement applies; a missing list means any value."""

    procedures: list[ProcedureKey] | None = None
    intents: list[IntentKey] | None = None
    payers: list[str] | None = None


class Outcome(Strict):
    """What the reviewer sees for one way a check can fail; unset fields fall back to the
    requirement's own."""

    severity: Severity | None = None
    message: str | None = None
    fix: str | None = None
    source: str | None = None
    verified: bool | None = None


class Requirement(Strict):
    id: str
    title: str
    check: str
    satisfied_by: str
    severity: Severity
    message: str | None = None
    fix: str
    source: str
    verified: bool
    applies: Applies = Field(default_factory=Applies)
    params: dict[str, Any] = Field(default_factory=dict)
    outcomes: dict[str, Outcome] = Field(default_factory=dict)
    enabled: bool = True

    @field_validator("id")
    @classmethod
    def _id_shape(cls, value: str) -> str:
        if not REQUIREMENT_ID.match(value):
            raise ValueError(
                "must be lower-case words joined by dots, e.g. 'contrast' or 'payer.medicare.kx'"
            )
        return value


class RequirementOverride(Strict):
    """A partial change to an existing requirement (a user's `overrides:` entry)."""

    title: str | None = None
    satisfied_by: str | None = None
    severity: Severity | None = None
    message: str | None = None
    fix: str | None = None
    source: str | None = None
    verified: bool | None = None
    applies: Applies | None = None
    params: dict[str, Any] | None = None
    outcomes: dict[str, Outcome] | None = None
    enabled: bool | None = None


class PayerProfile(Strict):
    profile: str
    title: str
    aliases: list[str] = Field(default_factory=list)
    version: str | None = None
    source: str | None = None
    requirements: list[Requirement] = Field(default_factory=list)

    @field_validator("profile")
    @classmethod
    def _profile_shape(cls, value: str) -> str:
        if not PROFILE_NAME.match(value):
            raise ValueError("must be one lower-case word, e.g. 'medicare' or 'bcbs_tn'")
        return value

    @model_validator(mode="after")
    def _ids_under_profile(self) -> PayerProfile:
        prefix = f"payer.{self.profile}."
        for index, requirement in enumerate(self.requirements):
            if not requirement.id.startswith(prefix):
                raise ValueError(
                    f"requirements.{index}.id {requirement.id!r} must start with {prefix!r}"
                )
        return self


class CodingTables(Strict):
    """Code lists the coding checks read besides the code families (which are in
    `checker/rules/data/codes.yaml`, read by `checker.coding`)."""

    no_imaging: list[str] = Field(default_factory=list)
    separate_guidance: list[str] = Field(default_factory=list)
    add_on_primaries: dict[str, list[list[str]]] = Field(default_factory=dict)
    known_modifiers: list[str] = Field(default_factory=list)


class NcciFileNames(Strict):
    """CMS quarterly NCCI files a user has (CSV or tab-separated), relative to the rules file."""

    ptp_files: list[str] = Field(default_factory=list)
    mue_files: list[str] = Field(default_factory=list)


class RulesFile(Strict):
    version: int | str | None = None
    description: str | None = None
    coding: CodingTables | None = None
    ncci: NcciFileNames | None = None
    requirements: list[Requirement] = Field(default_factory=list)
    overrides: dict[str, RequirementOverride] = Field(default_factory=dict)
    payers: list[PayerProfile] = Field(default_factory=list)
