"""Readings the rules apply where a note is silent (an MBB of unstated intent is checked as
diagnostic): judgements of policy kept as data (`data/readings.yaml`) with their source and
verified flag, so the reader reports only what the note says."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict

from checker.resources import load_yaml

READINGS_FILE = Path(__file__).resolve().parent / "data" / "readings.yaml"


class IntentDefault(BaseModel):
    model_config = ConfigDict(extra="forbid")

    procedure: str
    intent: Literal["diagnostic", "therapeutic"]
    why: str
    source: str
    verified: bool


class Readings(BaseModel):
    model_config = ConfigDict(extra="forbid")

    version: int
    description: str
    intent_defaults: list[IntentDefault] = []

    def intent_default(self, procedure: str | None) -> IntentDefault | None:
        """The intent a procedure is checked with when its note does not state one."""
        return next((d for d in self.intent_defaults if d.procedure == procedure), None)

    def intent_of(self, procedure: str | None, stated: str | None) -> str | None:
        """The stated intent, else the procedure's default, else None."""
        if stated:
            return stated
        default = self.intent_default(procedure)
        return default.intent if default else None


@cache
def readings() -> Readings:
    return Readings.model_validate(load_yaml(READINGS_FILE.read_text(encoding="utf-8")))
