"""FHIR R4 input (DocumentReference, Bundle with Claim) and `--format fhir` output."""

from __future__ import annotations

import base64
import copy
import json
import subprocess
import sys
from pathlib import Path

import pytest
from fhir.resources.R4B.bundle import Bundle
from interop_helpers import INTEROP, billing_facts, comparable, notes_of, reports_of

BUNDLE = INTEROP / "procedure-note-bundle.json"
TXT = INTEROP / "procedure-note.txt"


def load_bundle() -> dict:
    return json.loads(BUNDLE.read_text(encoding="utf-8"))


def write_json(tmp_path: Path, name: str, data: object) -> Path:
    path = tmp_path / name
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def entry_index(bundle: dict, resource_type: str) -> int:
    return next(
        i for i, e in enumerate(bundle["entry"]) if e["resource"]["resourceType"] == resource_type
    )


def test_bundle_with_claim_gives_the_same_report_as_the_txt_note(checker):
    [from_fhir] = reports_of(checker, BUNDLE)
    [from_txt] = reports_of(checker, TXT)
    assert from_fhir.status != "error", from_fhir.error
    assert comparable(from_fhir) == comparable(from_txt)
    assert from_fhir.codes.billed == ["64490-RT", "64491-RT", "64492-RT"]


def test_bundle_maps_fhir_fields_onto_the_notes_billing_keys():
    [note] = notes_of(BUNDLE)
    [txt] = notes_of(TXT)
    assert billing_facts(note) == billing_facts(txt)
    assert note.text == txt.text
    assert (
        note.source == f"{BUNDLE}#Bundle.entry[{entry_index(load_bundle(), 'DocumentReference')}]"
    )


def test_a_lone_document_reference_with_an_html_note_is_read_as_text(tmp_path, checker):
    bundle = load_bundle()
    document = copy.deepcopy(bundle["entry"][entry_index(bundle, "DocumentReference")]["resource"])
    [txt] = notes_of(TXT)
    html = "<html><body>" + "".join(
        f"<p>{line.replace('&', '&amp;')}</p>" for line in txt.text.split("\n") if line
    )
    document["content"] = [
        {
            "attachment": {
                "contentType": "text/html",
                "data": base64.b64encode(html.encode()).decode(),
            }
        }
    ]
    [note] = notes_of(write_json(tmp_path, "doc.json", document))
    assert note.read_error is None
    assert "<p>" not in note.text
    assert "Right C4-5, C5-6 and C6-7 cervical medial branch blocks" in note.text
    [report] = checker.check_notes([note])
    [expected] = reports_of(checker, TXT)
    assert report.extraction.levels_by_side() == expected.extraction.levels_by_side()
    assert report.codes.billed == []  # no Claim came with it


def test_jsonl_of_fhir_resources_gives_a_line_per_note(tmp_path):
    bundle = load_bundle()
    document = bundle["entry"][entry_index(bundle, "DocumentReference")]["resource"]
    path = tmp_path / "resources.jsonl"
    path.write_text(
        json.dumps(bundle) + "\n" + json.dumps({**document, "id": "second"}) + "\n",
        encoding="utf-8",
    )
    notes = notes_of(path)
    assert [n.note_id for n in notes] == ["FJ-2026-0001", "second"]
    assert all(n.read_error is None for n in notes)
    assert notes[0].billed_codes and not notes[1].billed_codes


@pytest.mark.parametrize(
    ("damage", "expected"),
    [
        (
            "truncated base64",
            "DocumentReference FJ-2026-0001: Bundle.entry[4].resource.content[0].attachment"
            ".data: not base64",
        ),
        ("Patient instead", "resourceType 'Patient': expected a DocumentReference or a Bundle"),
        ("no DocumentReference", "Bundle has no DocumentReference"),
        ("broken JSON", "invalid JSON"),
        ("huge integer", "invalid JSON (Exceeds the limit (4300 digits)"),
        (
            "no status",
            "DocumentReference FJ-2026-0001: Bundle.entry[4].resource.status: Value for the "
            "field 'status' is required",
        ),
        ("bad date", "DocumentReference FJ-2026-0001: Bundle.entry[4].resource.date: "),
        ("pdf only", "no text/plain or text/html attachment with inline data"),
        ("bad claim", "Claim claim-FJ-2026-0001: Bundle.entry[5].resource.item[0]"),
    ],
)
def test_bad_fhir_input_is_an_error_line_naming_file_resource_and_path(tmp_path, damage, expected):
    bundle = load_bundle()
    doc = bundle["entry"][entry_index(bundle, "DocumentReference")]["resource"]
    claim = bundle["entry"][entry_index(bundle, "Claim")]["resource"]
    data: object = bundle
    if damage == "truncated base64":
        doc["content"][0]["attachment"]["data"] = doc["content"][0]["attachment"]["data"][:-3]
    elif damage == "Patient instead":
        data = bundle["entry"][0]["resource"]
    elif damage == "no DocumentReference":
        bundle["entry"] = [e for e in bundle["entry"] if e["resource"] is not doc]
    elif damage == "no status":
        del doc["status"]
    elif damage == "bad date":
        doc["date"] = "yesterday"
    elif damage == "pdf only":
        doc["content"][0]["attachment"]["contentType"] = "application/pdf"
    elif damage == "bad claim":
        claim["item"][0]["quantity"] = {"value": "three"}
    path = write_json(tmp_path, "bad.json", data)
    if damage == "broken JSON":
        path.write_text(BUNDLE.read_text()[:500], encoding="utf-8")
    elif damage == "huge integer":
        path.write_text('{"resourceType": "Bundle", "total": ' + "9" * 5000 + "}", encoding="utf-8")
    [note] = notes_of(path)
    assert note.read_error is not None
    assert note.read_error.startswith(f"{path}: ")
    assert expected in note.read_error


def test_one_bad_document_in_a_bundle_spoils_only_its_own_line(tmp_path, checker):
    bundle = load_bundle()
    index = entry_index(bundle, "DocumentReference")
    broken = copy.deepcopy(bundle["entry"][index])
    broken["resource"]["id"] = "broken"
    broken["fullUrl"] = "urn:example:DocumentReference/broken"
    broken["resource"]["content"][0]["attachment"]["data"] = "bm90IGJhc2U2N"
    bundle["entry"].append(broken)
    reports = reports_of(checker, write_json(tmp_path, "two.json", bundle))
    assert [r.note_id for r in reports] == ["FJ-2026-0001", "broken"]
    assert reports[0].status != "error"
    assert reports[1].status == "error"
    assert "content[0].attachment.data: not base64" in reports[1].error


def test_a_replaced_or_withdrawn_document_is_not_checked(tmp_path):
    bundle = load_bundle()
    index = entry_index(bundle, "DocumentReference")
    amended = copy.deepcopy(bundle["entry"][index])
    amended["resource"]["id"] = "FJ-2026-0001-A"
    amended["fullUrl"] = "urn:example:DocumentReference/FJ-2026-0001-A"
    amended["resource"]["relatesTo"] = [
        {"code": "replaces", "target": {"reference": "DocumentReference/FJ-2026-0001"}}
    ]
    bundle["entry"].append(amended)
    original, replacement = notes_of(write_json(tmp_path, "amended.json", bundle))
    assert "replaced by DocumentReference FJ-2026-0001-A" in original.read_error
    assert replacement.read_error is None
    assert replacement.model_extra["replaces"] == ["DocumentReference/FJ-2026-0001"]

    withdrawn = bundle["entry"][index]["resource"] | {"status": "entered-in-error"}
    [note] = notes_of(write_json(tmp_path, "withdrawn.json", withdrawn))
    assert "DocumentReference.status: entered in error" in note.read_error


def run_cli(*args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "checker.cli", *args],
        input=stdin,
        capture_output=True,
        timeout=300,
        check=False,
    )


def test_format_fhir_output_validates_as_fhir_r4(tmp_path):
    bundle = load_bundle()
    broken = copy.deepcopy(bundle)
    broken["entry"][entry_index(broken, "DocumentReference")]["resource"]["content"][0][
        "attachment"
    ]["data"] = "abc"
    bad = write_json(tmp_path, "bad.json", broken)
    result = run_cli("check", str(BUNDLE), str(bad), "--format", "fhir")
    assert result.returncode == 1, result.stderr.decode()
    lines = result.stdout.decode().splitlines()
    assert len(lines) == 2  # notes in = lines out
    report_lines = run_cli("check", str(BUNDLE), "--format", "jsonl").stdout.decode()
    report = json.loads(report_lines.splitlines()[0])
    [note] = notes_of(BUNDLE)

    checked = Bundle.model_validate_json(lines[0])
    issues = [e.resource for e in checked.entry]
    assert [i.get_resource_type() for i in issues] == ["DetectedIssue"] * len(report["gaps"])
    severity = {"blocking": "high", "warning": "moderate", "info": "low"}
    for issue, gap in zip(issues, report["gaps"], strict=True):
        assert issue.code.coding[0].code == gap["requirement"]
        assert issue.severity == severity[gap["severity"]]
        assert issue.detail == gap["message"]
        assert [r.reference for r in issue.implicated] == [
            "DocumentReference/FJ-2026-0001",
            "Claim/claim-FJ-2026-0001",
        ]
        for evidence, span in zip(issue.evidence or [], gap["evidence"], strict=True):
            offsets = {e.url: e.valueInteger for e in evidence.extension[0].extension}
            assert note.text[offsets["start"] : offsets["end"]] == span["text"]
    cited = [(i, g) for i, g in zip(issues, report["gaps"], strict=True) if "L38773" in g["source"]]
    assert cited, "the sample note is expected to break a rule citing LCD L38773"
    assert all(i.reference.endswith("lcdid=38773") for i, _ in cited)
    assert checked.meta.tag[0].code == report["status"]

    failed = Bundle.model_validate_json(lines[1])
    [outcome] = [e.resource for e in failed.entry]
    assert outcome.get_resource_type() == "OperationOutcome"
    assert "not base64" in outcome.issue[0].diagnostics
