"""Review decisions and the report set served by `checker serve --history --reports`,
over a real socket."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys

import httpx
import pytest
from served import Served, check_into, served_reports, write_note

from checker.report.decisions import decision_choices, note_key

KEY = note_key("A-1", "P-7", "E-A-1")
REASON = decision_choices().override_reasons[0]


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    with served_reports(tmp_path_factory.mktemp("served")) as running:
        yield running


def csp(page: str) -> str:
    policy = page.split('http-equiv="Content-Security-Policy" content="')[1].split('"')[0]
    return policy.replace("&#x27;", "'").replace("&#39;", "'")


def decision(**fields) -> dict:
    return {"note_key": KEY, "note_id": "A-1", "state": "queried", "by": "A. Coder", **fields}


def test_a_decision_is_set_read_logged_and_exported(served: Served):
    with served.http() as http:
        first = http.post(
            "/v1/decisions",
            json=decision(state="overridden", reason=REASON, note="=1+1", page="notes/a.html"),
        )
        assert first.status_code == 200, first.text
        http.post("/v1/decisions", json=decision(finding="consent", state="billed_as_is"))
        second = http.post("/v1/decisions", json=decision(state="queried", by="B. Lead"))
        assert second.json()["state"] == "queried"
        note = http.get("/v1/decisions", params={"note": KEY}).json()
        log = http.get("/v1/decisions/log", params={"note": KEY}).json()
        exported = http.get("/v1/decisions/export.csv")
    states = {d["finding"]: (d["state"], d["by"]) for d in note["decisions"]}
    assert states == {"": ("queried", "B. Lead"), "consent": ("billed_as_is", "A. Coder")}
    assert note["log"] == log
    assert [(e["by"], e["old"] and e["old"]["state"], e["new"]["state"]) for e in log] == [
        ("B. Lead", "overridden", "queried"),
        ("A. Coder", None, "billed_as_is"),
        ("A. Coder", None, "overridden"),
    ]
    assert exported.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(exported.content.decode("utf-8-sig"))))
    assert list(rows[0]) == [
        "note_id",
        "source",
        "page",
        "finding",
        "decision",
        "decision_reason",
        "decision_note",
        "decided_by",
        "decided_at",
    ]
    ours = [r for r in rows if r["note_id"] == "A-1"]
    assert [(r["finding"], r["decision"], r["decided_by"], r["page"]) for r in ours] == [
        ("", "queried", "B. Lead", "notes/a.html"),  # the page kept from the first save
        ("consent", "billed_as_is", "A. Coder", ""),
    ]


def test_unknown_states_reasons_and_oversized_bodies_are_refused(served: Served):
    with served.http() as http:
        unknown_state = http.post("/v1/decisions", json=decision(state="approved"))
        unknown_reason = http.post(
            "/v1/decisions", json=decision(state="overridden", reason="felt like it")
        )
        no_reason = http.post("/v1/decisions", json=decision(state="overridden"))
        as_checker = http.post("/v1/decisions", json=decision(by="Checker"))
        extra = http.post("/v1/decisions", json=decision(approved=True))
        too_big = http.post("/v1/decisions", json=decision(note="x" * 30_000))
        before = http.get("/v1/decisions/log").json()
        described = http.get("/openapi.json").json()["paths"]["/v1/decisions"]["post"]
    for refused in (unknown_state, unknown_reason, no_reason, as_checker, extra):
        assert refused.status_code == 422, refused.text
    assert "state must be one of" in unknown_state.text
    assert "reason must be empty or one of" in unknown_reason.text
    assert too_big.status_code == 413
    body = described["requestBody"]["content"]["application/json"]["schema"]
    assert {"note_key", "state", "reason", "by"} <= set(body["properties"])
    assert not any(entry["new"]["state"] == "approved" for entry in before)


def test_the_token_guards_the_decisions_and_the_pages(served: Served):
    with httpx.Client(base_url=served.base, timeout=30) as anonymous:
        assert anonymous.get("/v1/decisions").status_code == 401
        assert anonymous.post("/v1/decisions", json=decision()).status_code == 401
        assert anonymous.get("/reports/index.html").status_code == 401


def test_the_pages_are_served_allowed_to_call_the_service_and_nothing_else(served: Served):
    with served.http() as http:
        index = http.get("/reports/index.html")
        page = next((served.reports / "notes").glob("a-1-*.html")).name
        note = http.get(f"/reports/notes/{page}")
        results = http.get("/reports/results.jsonl")
        outside = [
            http.get("/reports/../history.db"),
            http.get("/reports/%2e%2e/token"),
            http.get("/reports/..%2f..%2fetc/passwd"),
            http.get("/reports/.lock"),
        ]
    for served_page in (index, note):
        assert served_page.status_code == 200
        policy = csp(served_page.text)
        assert "connect-src 'self'" in policy and "default-src 'none'" in policy
        assert '<meta name="facet-checker-service"' in served_page.text
    on_disk = (served.reports / "index.html").read_text(encoding="utf-8")
    assert "connect-src" not in csp(on_disk) and "default-src 'none'" in csp(on_disk)
    assert '<meta name="facet-checker-service"' not in on_disk
    assert results.status_code == 200 and '"note_id":"A-1"' in results.text.replace(" ", "")
    assert [response.status_code for response in outside] == [404, 404, 404, 404]


def test_a_rerun_over_an_amended_note_reopens_it_in_the_service(served: Served):
    key = note_key("B-2", "P-7", "E-B-2")
    with served.http() as http:
        gaps = sorted(
            {
                gap["requirement"]
                for line in http.get("/reports/results.jsonl").text.splitlines()
                if '"B-2"' in line
                for gap in json.loads(line)["gaps"]
            }
        )
        http.post(
            "/v1/decisions",
            json={
                "note_key": key,
                "note_id": "B-2",
                "state": "queried",
                "by": "A. Coder",
                "gaps": gaps,
            },
        )
        check_into(served)  # the same note again: the decision stays
        assert (
            http.get("/v1/decisions", params={"note": key}).json()["decisions"][0]["state"]
            == "queried"
        )
        write_note(served.notes, "B-2", consent=False)
        check_into(served)  # amended: the consent line is gone
        after = http.get("/v1/decisions", params={"note": key}).json()
    current = after["decisions"][0]
    assert (current["state"], current["by"], current["reopened"]) == ("open", "checker", True)
    assert [entry["by"] for entry in after["log"]] == ["checker", "A. Coder"]
    write_note(served.notes, "B-2")  # leave the note as the other tests expect it


def test_reports_without_history_or_without_a_report_set_do_not_start(tmp_path):
    def serve(*options: str) -> subprocess.CompletedProcess:
        return subprocess.run(
            [sys.executable, "-m", "checker.cli", "serve", *options],
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )

    alone = serve("--reports", str(tmp_path))
    empty = serve("--reports", str(tmp_path), "--history", str(tmp_path / "h.db"))
    assert alone.returncode == 2 and "--history" in alone.stderr
    assert empty.returncode == 2 and "no report set" in empty.stderr
