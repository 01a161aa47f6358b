"""Score reports against `gold.jsonl`: per-field precision, recall and F1, and the share of
notes with every field right. Gold format and conventions: docs/report-contract.md and
sample_notes/ANNOTATION.md.

Each field is scored as sets of items per note, summed over notes (micro average):
levels are (side, level) pairs; medications (name, role), with their concentration and
volumes as (name, role, value) items; single-valued fields are one item when present
(gold `guidance: "none"` also matches a note that names no imaging); workflow flags count
only when true, and so does `complication` (an adverse event today). A workflow flag or
`complication` absent from a gold line is not scored for that note.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from checker.models import Report

WORKFLOW_FLAGS = ("consent", "timeout", "sterile_prep", "local_anesthesia", "observation")


class FieldScore(BaseModel):
    field: str
    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def as_row(self) -> dict[str, Any]:
        return {
            "field": self.field,
            "precision": round(self.precision, 4),
            "recall": round(self.recall, 4),
            "f1": round(self.f1, 4),
            "tp": self.tp,
            "fp": self.fp,
            "fn": self.fn,
        }


def _one(value: Any) -> set:
    return set() if value is None else {value}


def _meds(items: Iterable[dict], attribute: str | None) -> set[tuple[Any, ...]]:
    found: set[tuple[Any, ...]] = set()
    for med in items:
        key = (med["name"], med["role"])
        if attribute is None:
            found.add(key)
        elif med.get(attribute) is not None:
            value = med[attribute]
            found.add((*key, float(value) if attribute.startswith("volume") else value))
    return found


# The gold key each scored field comes from. A key the annotators left out of a line (for
# example the levels of an epidural, whose labelling is disputed) means "not labelled": the
# field is not scored for that note, which is not the same as labelling it empty.
_GOLD_KEY = {
    "levels": "levels",
    "region": "region",
    "procedure": "procedure",
    "guidance": "guidance",
    "contrast_used": "contrast_used",
    "contrast_agent": "contrast_agent",
    "medication_names": "medications",
    "concentrations": "medications",
    "volumes_per_level": "medications",
    "volumes_total": "medications",
    "pre_pain": "pre_pain",
    "post_pain": "post_pain",
    "percent_relief": "percent_relief",
    "supported_codes": "supported_codes",
    "supports_64492": "supports_64492",
    **{flag: flag for flag in WORKFLOW_FLAGS},
    "complications": "complication",
    "gaps": "expected_gaps",
}


def gold_items(gold: dict[str, Any]) -> dict[str, set]:
    levels = {
        (side, lv) for side in ("right", "left") for lv in (gold.get("levels") or {}).get(side, [])
    }
    meds = gold.get("medications") or []
    items = {
        "levels": levels,
        "region": _one(gold.get("region")),
        "procedure": _one(gold.get("procedure")),
        "guidance": _one(gold.get("guidance")),
        "contrast_used": _one(gold.get("contrast_used")),
        "contrast_agent": _one(gold.get("contrast_agent")),
        "medication_names": _meds(meds, None),
        "concentrations": _meds(meds, "concentration"),
        "volumes_per_level": _meds(meds, "volume_ml_per_level"),
        "volumes_total": _meds(meds, "volume_ml_total"),
        "pre_pain": _one(gold.get("pre_pain")),
        "post_pain": _one(gold.get("post_pain")),
        "percent_relief": _one(gold.get("percent_relief")),
        "supported_codes": set(gold.get("supported_codes") or []),
        "supports_64492": {True} if gold.get("supports_64492") else set(),
        "complications": {True} if gold.get("complication") else set(),
        "gaps": set(gold.get("expected_gaps") or []),
    }
    for flag in WORKFLOW_FLAGS:
        items[flag] = {True} if gold.get(flag) else set()
    return {name: found for name, found in items.items() if _GOLD_KEY[name] in gold}


def report_items(report: Report, with_gaps: bool) -> dict[str, set]:
    ex = report.extraction
    meds = [m.model_dump() for m in ex.medications]
    items = {
        "levels": {(f.side, f.level) for f in ex.levels},
        "region": _one(ex.region),
        "procedure": _one(ex.procedure),
        "guidance": _one(ex.guidance or "none"),
        "contrast_used": _one(ex.contrast.used),
        "contrast_agent": _one(ex.contrast.agent),
        "medication_names": _meds(meds, None),
        "concentrations": _meds(meds, "concentration"),
        "volumes_per_level": _meds(meds, "volume_ml_per_level"),
        "volumes_total": _meds(meds, "volume_ml_total"),
        "pre_pain": _one(ex.response.pre_pain),
        "post_pain": _one(ex.response.post_pain),
        "percent_relief": _one(ex.response.percent_relief),
        "supported_codes": set(report.codes.supported),
        "supports_64492": {True} if report.codes.supports_64492 else set(),
    }
    for flag in WORKFLOW_FLAGS:
        items[flag] = {True} if getattr(ex.workflow, flag) else set()
    items["complications"] = {True} if ex.workflow.complications not in (None, "none") else set()
    if with_gaps:
        items["gaps"] = {gap.requirement for gap in report.gaps}
    return items


@dataclass
class Evaluation:
    fields: dict[str, FieldScore] = field(default_factory=dict)
    notes: int = 0
    notes_all_right: int = 0
    missing_gold: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    differences: dict[str, dict[str, dict[str, list]]] = field(default_factory=dict)

    @property
    def all_right_share(self) -> float:
        return self.notes_all_right / self.notes if self.notes else 0.0

    def as_dict(self) -> dict[str, Any]:
        return {
            "notes": self.notes,
            "notes_all_fields_right": self.notes_all_right,
            "all_fields_right_share": round(self.all_right_share, 4),
            "fields": [score.as_row() for score in self.fields.values()],
            "missing_gold": self.missing_gold,
            "errors": self.errors,
            "differences": self.differences,
        }


def load_gold(path: Path) -> dict[str, dict[str, Any]]:
    gold = {}
    with path.open(encoding="utf-8") as handle:
        for number, line in enumerate(handle, start=1):
            if line.strip():
                try:
                    row = json.loads(line)
                except json.JSONDecodeError as exc:
                    raise ValueError(f"{path}:{number}: invalid JSON ({exc.msg})") from exc
                gold[row["id"]] = row
    return gold


def amend_gold(gold: dict[str, dict[str, Any]], path: Path) -> list[str]:
    """Replace the keys of gold lines that an amendments file re-annotates (one JSON object
    per line: the id, the keys that change, and a `reason`, for a set whose gold cannot be
    edited where it lives and that an annotation convention has since superseded). Returns
    the ids amended."""
    amended = []
    for note_id, row in load_gold(path).items():
        if note_id not in gold:
            raise ValueError(f"{path}: amendment for {note_id}, which has no gold line")
        if not str(row.get("reason", "")).strip():
            raise ValueError(f"{path}: amendment for {note_id} gives no reason")
        gold[note_id] = {**gold[note_id], **{k: v for k, v in row.items() if k != "reason"}}
        amended.append(note_id)
    return amended


def evaluate(
    reports: Iterable[Report], gold: dict[str, dict[str, Any]], id_of: Callable[[Report], str]
) -> Evaluation:
    result = Evaluation()
    with_gaps = any("expected_gaps" in row for row in gold.values())
    for report in reports:
        note_id = id_of(report)
        expected = gold.get(note_id)
        if expected is None:
            result.missing_gold.append(note_id)
            continue
        if report.status == "error":
            result.errors.append(f"{note_id}: {report.error}")
        want, got = (
            gold_items(expected),
            report_items(report, with_gaps and "gaps" in gold_items(expected)),
        )
        result.notes += 1
        all_right = True
        for name, wanted in want.items():
            found = got.get(name, set())
            score = result.fields.setdefault(name, FieldScore(field=name))
            score.tp += len(wanted & found)
            score.fp += len(found - wanted)
            score.fn += len(wanted - found)
            if wanted != found:
                if name != "gaps":
                    all_right = False
                result.differences.setdefault(note_id, {})[name] = {
                    "missing": sorted(map(str, wanted - found)),
                    "extra": sorted(map(str, found - wanted)),
                }
        result.notes_all_right += all_right
    return result
