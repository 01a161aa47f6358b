"""`--format fhir`: per note, a FHIR R4 Bundle with one DetectedIssue per gap, or an
OperationOutcome for a note that could not be checked, built and validated with
`fhir.resources` (R4B models) so nothing invalid goes out.
"""

from __future__ import annotations

import re
import uuid
from typing import Any

from fhir.resources.R4B.bundle import Bundle

from checker.models import Gap, Note, Report

REQUIREMENT_SYSTEM = "urn:facet-checker:requirement"
STATUS_SYSTEM = "urn:facet-checker:status"
# The note offsets of a gap's evidence: start and end index the note text as the report
# returns it (the same offsets as the JSONL report).
OFFSETS_EXTENSION = "urn:facet-checker:StructureDefinition/note-offsets"
SEVERITY = {"blocking": "high", "warning": "moderate", "info": "low"}
# Medicare Coverage Database pages for the article (A) and LCD (L) numbers gaps cite
_MCD_PAGES = {
    "A": "https://www.cms.gov/medicare-coverage-database/view/article.aspx?articleid={}",
    "L": "https://www.cms.gov/medicare-coverage-database/view/lcd.aspx?lcdid={}",
}
_POLICY_NUMBER = re.compile(r"\b([AL])(\d{5})\b")
_NAMESPACE = uuid.UUID("6f1c3a0e-7d52-4c8e-9a51-2f4d0c7b9e31")


def report_bundle(report: Report, note: Note | None = None) -> dict[str, Any]:
    """The FHIR Bundle (type collection) for one report, validated; as JSON-ready data."""
    implicated = _implicated(report, note)
    if report.status == "error":
        resources = [_operation_outcome(report)]
    else:
        resources = [
            _detected_issue(gap, index, report, implicated, note)
            for index, gap in enumerate(report.gaps)
        ]
    bundle = {
        "resourceType": "Bundle",
        "id": _id(report.note_id, "bundle"),
        "meta": {"tag": [{"system": STATUS_SYSTEM, "code": report.status}]},
        "identifier": {"system": "urn:facet-checker:note", "value": report.note_id},
        "type": "collection",
        "entry": [
            {"fullUrl": f"urn:uuid:{resource['id']}", "resource": resource}
            for resource in resources
        ],
    }
    if not bundle["entry"]:
        del bundle["entry"]
    return Bundle.model_validate(bundle).model_dump(mode="json", exclude_none=True)


def report_bundle_json(report: Report, note: Note | None = None) -> str:
    import json

    return json.dumps(report_bundle(report, note), ensure_ascii=False, separators=(",", ":"))


def _detected_issue(
    gap: Gap, index: int, report: Report, implicated: list[dict], note: Note | None
) -> dict[str, Any]:
    issue: dict[str, Any] = {
        "resourceType": "DetectedIssue",
        "id": _id(report.note_id, f"gap-{index}"),
        "status": "final",
        "code": {
            "coding": [{"system": REQUIREMENT_SYSTEM, "code": gap.requirement}],
            "text": gap.requirement,
        },
        "severity": SEVERITY[gap.severity],
        "implicated": implicated,
        "detail": gap.message,
    }
    patient = getattr(note, "patient_id", None)
    if patient:
        issue["patient"] = {"reference": f"Patient/{patient}"}
    policy = _policy_url(gap.source)
    if policy:
        issue["reference"] = policy
    if gap.fix:
        issue["mitigation"] = [{"action": {"text": gap.fix}}]
    if gap.evidence:
        issue["evidence"] = [
            {
                "extension": [
                    {
                        "url": OFFSETS_EXTENSION,
                        "extension": [
                            {"url": "start", "valueInteger": span.start},
                            {"url": "end", "valueInteger": span.end},
                        ],
                    }
                ],
                "detail": [{"display": span.text}],
            }
            for span in gap.evidence
        ]
    return issue


def _operation_outcome(report: Report) -> dict[str, Any]:
    return {
        "resourceType": "OperationOutcome",
        "id": _id(report.note_id, "outcome"),
        "issue": [
            {
                "severity": "error",
                "code": "processing",
                "diagnostics": report.error or "the note could not be checked",
            }
        ],
    }


def _implicated(report: Report, note: Note | None) -> list[dict[str, Any]]:
    """The note (its DocumentReference when it came as one) and the Claim that bills it."""
    extra = (note.model_extra or {}) if note is not None else {}
    document = extra.get("document_reference")
    references = [
        {"reference": document}
        if document
        else {
            "type": "DocumentReference",
            "identifier": {"value": report.note_id},
            "display": report.source,
        }
    ]
    if extra.get("claim_reference"):
        references.append({"reference": extra["claim_reference"]})
    return references


def _policy_url(source: str | None) -> str | None:
    match = _POLICY_NUMBER.search(source or "")
    return _MCD_PAGES[match.group(1)].format(match.group(2)) if match else None


def _id(note_id: str, part: str) -> str:
    """A FHIR id (64 characters at most, [A-Za-z0-9-.]): stable for the same note and part."""
    return str(uuid.uuid5(_NAMESPACE, f"{note_id}\0{part}"))
