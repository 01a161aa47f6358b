"""ICD-10-CM diagnoses the rules read: the spinal region each code names, and covered
lists (the Medicare facet billing article's), from `data/diagnoses.yaml`."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field

from checker.extract.levels import region_of_joint
from checker.resources import load_yaml

DIAGNOSES_FILE = Path(__file__).resolve().parent / "data" / "diagnoses.yaml"


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class CoveredList(_Strict):
    title: str
    source: str
    as_of: str
    verified: bool
    codes: list[str]


class DiagnosisBook(_Strict):
    version: int
    source: str
    regions: dict[str, str]
    covered_lists: dict[str, CoveredList] = Field(default_factory=dict)

    def region_of(self, code: str) -> str | None:
        return self.regions.get(normalise(code))


def normalise(code: str) -> str:
    """ "m47812" -> "M47.812": ICD-10-CM with its dot after the third character."""
    plain = code.strip().upper().replace(".", "")
    return f"{plain[:3]}.{plain[3:]}" if len(plain) > 3 else plain


@cache
def diagnosis_book() -> DiagnosisBook:
    return DiagnosisBook.model_validate(load_yaml(DIAGNOSES_FILE.read_text(encoding="utf-8")))


def level_regions(levels: list[str]) -> set[str]:
    """Spinal regions the treated joints lie in (T12-L1 is both thoracic and lumbar here:
    a thoracolumbar diagnosis fits it)."""
    found: set[str] = set()
    for level in levels:
        found |= {"thoracic", "lumbar"} if level == "T12-L1" else region_of_joint(level)
    return found
