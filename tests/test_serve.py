"""`checker serve`: the HTTP service, in process (httpx test client) and over a real socket."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import httpx
import pytest
import yaml
from fastapi.testclient import TestClient
from interop_helpers import INTEROP, comparable
from served import free_port, running_service

from checker.serve import ServiceSettings, create_app

TXT = INTEROP / "procedure-note.txt"
BUNDLE = INTEROP / "procedure-note-bundle.json"
MDM = INTEROP / "procedure-note-mdm-t02.hl7"
MDM_TXT = INTEROP / "procedure-note-mdm.txt"
HL7_TYPE = "x-application/hl7-v2+er7"


def cli_report(path: Path) -> dict:
    result = subprocess.run(
        [sys.executable, "-m", "checker.cli", "check", str(path), "--format", "jsonl"],
        capture_output=True,
        timeout=300,
        check=False,
    )
    return json.loads(result.stdout.decode().splitlines()[0])


@pytest.fixture(scope="module")
def expected() -> dict[str, dict]:
    return {"txt": cli_report(TXT), "mdm": cli_report(MDM_TXT)}


@pytest.fixture(scope="module")
def client():
    settings = ServiceSettings(workers=1, max_body=200_000, timeout=60)
    with TestClient(create_app(settings)) as test_client:
        yield test_client


def test_check_answers_for_fhir_hl7_json_and_text(client, expected):
    fhir = client.post(
        "/v1/check",
        content=BUNDLE.read_bytes(),
        headers={"content-type": "application/fhir+json"},
    )
    hl7 = client.post("/v1/check", content=MDM.read_bytes(), headers={"content-type": HL7_TYPE})
    text = client.post(
        "/v1/check", content=TXT.read_bytes(), headers={"content-type": "text/plain"}
    )
    _, front_matter, body = TXT.read_text(encoding="utf-8").split("---\n", 2)
    metadata = yaml.safe_load(front_matter)
    metadata["date_of_service"] = metadata["date_of_service"].isoformat()
    record = client.post("/v1/check", json={**metadata, "text": body})
    for response in (fhir, hl7, text, record):
        assert response.status_code == 200, response.text
    assert comparable(fhir.json()) == comparable(expected["txt"])
    assert comparable(text.json()) == comparable(expected["txt"])
    assert comparable(record.json()) == comparable(expected["txt"])
    assert comparable(hl7.json()) == comparable(expected["mdm"])


def test_fhir_is_answered_when_asked_for(client, expected):
    response = client.post(
        "/v1/check",
        content=MDM.read_bytes(),
        headers={"content-type": HL7_TYPE, "accept": "application/fhir+json"},
    )
    assert response.headers["content-type"] == "application/fhir+json"
    from fhir.resources.R4B.bundle import Bundle

    bundle = Bundle.model_validate(response.json())
    assert len(bundle.entry or []) == len(expected["mdm"]["gaps"])


def test_batch_streams_a_report_line_per_record_in_order(client):
    bundle = json.loads(BUNDLE.read_text(encoding="utf-8"))
    body = "\n".join(
        [
            json.dumps({"note_id": "one", "text": "Right C5-6 medial branch block."}),
            "{not json",
            json.dumps(bundle),
            "",
            json.dumps({"note_id": "four", "text": "Left C3-4 facet injection."}),
        ]
    )
    response = client.post("/v1/check/batch", content=body)
    assert response.status_code == 200
    lines = [json.loads(line) for line in response.text.splitlines()]
    assert [line["note_id"] for line in lines] == ["one", "request-2", "FJ-2026-0001", "four"]
    assert lines[1]["status"] == "error" and lines[1]["error"].startswith("request:2: invalid")


def test_limits_and_content_types(client):
    too_big = client.post(
        "/v1/check", content=b"x" * 200_001, headers={"content-type": "text/plain"}
    )
    assert too_big.status_code == 413
    unknown = client.post("/v1/check", content=b"%PDF-1.4", headers={"content-type": "image/png"})
    assert unknown.status_code == 415
    assert client.get("/healthz").json()["status"] == "ok"
    assert "properties" in client.get("/v1/schema").json()
    assert "/v1/check" in client.get("/openapi.json").json()["paths"]


def test_a_token_when_set_is_required_and_checked(tmp_path):
    settings = ServiceSettings(token="s3cret-token", workers=1)
    with TestClient(create_app(settings)) as secured:
        note = {"content": b"Right C5-6 MBB.", "headers": {"content-type": "text/plain"}}
        assert secured.post("/v1/check", **note).status_code == 401
        wrong = {"authorization": "Bearer s3cret-tokem", "content-type": "text/plain"}
        assert secured.post("/v1/check", content=note["content"], headers=wrong).status_code == 401
        right = {"authorization": "Bearer s3cret-token", "content-type": "text/plain"}
        assert secured.post("/v1/check", content=note["content"], headers=right).status_code == 200
        assert secured.get("/healthz").status_code == 200


def test_binding_beyond_loopback_needs_a_token(tmp_path):
    with pytest.raises(ValueError, match="--token-file"):
        ServiceSettings.from_options(host="0.0.0.0", token_file=None)
    token = tmp_path / "token"
    token.write_text("abc\n")
    assert ServiceSettings.from_options(host="0.0.0.0", token_file=token).token == "abc"
    assert ServiceSettings.from_options(host="127.0.0.1", token_file=None).token is None
    result = subprocess.run(
        [sys.executable, "-m", "checker.cli", "serve", "--host", "0.0.0.0"],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 2
    assert "--token-file" in result.stderr


# ------------------------------------------------------------------ a real server


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """`checker serve` on a free loopback port, with a 3-second limit per note."""
    log = tmp_path_factory.mktemp("serve") / "server.log"
    options = ["--timeout", "3", "--max-body", "10000000"]
    with running_service(free_port(), options, log) as base:
        yield base, log


def test_real_server_answers_all_three_input_kinds_over_http(server, expected):
    base, log = server
    with httpx.Client(base_url=base, timeout=120) as http:
        fhir = http.post(
            "/v1/check",
            content=BUNDLE.read_bytes(),
            headers={"content-type": "application/fhir+json"},
        )
        hl7 = http.post("/v1/check", content=MDM.read_bytes(), headers={"content-type": HL7_TYPE})
        body = TXT.read_text(encoding="utf-8").split("---\n", 2)[2]
        note = http.post("/v1/check", json={"note_id": "FJ-2026-0001", "text": body})
    assert comparable(fhir.json()) == comparable(expected["txt"])
    assert comparable(hl7.json()) == comparable(expected["mdm"])
    assert note.json()["extraction"] == expected["txt"]["extraction"]
    logged = log.read_text(encoding="utf-8", errors="replace")
    assert '"POST /v1/check HTTP/1.1" 200' in logged
    assert "medial branch" not in logged.lower()  # no note text in the access log


def test_a_note_past_the_time_limit_gets_an_error_and_the_server_keeps_serving(server):
    base, _ = server
    body = TXT.read_text(encoding="utf-8").split("---\n", 2)[2]
    huge = (body + "\n") * (4_000_000 // len(body))  # far more than 3 seconds of checking
    with httpx.Client(base_url=base, timeout=180) as http:
        slow = http.post("/v1/check", json={"note_id": "huge", "text": huge})
        assert slow.status_code == 200
        assert slow.json()["status"] == "error"
        assert "took longer than 3 s" in slow.json()["error"]
        after = http.post("/v1/check", json={"note_id": "next", "text": body})
        assert after.json()["status"] != "error"
        assert http.get("/healthz").status_code == 200
