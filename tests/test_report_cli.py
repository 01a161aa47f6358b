"""`checker check --out` and `checker feedback` on the command line: files and exit status."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from report_samples import gap, plain_report, queue_rows
from typer.testing import CliRunner

from checker.cli import app

SAMPLE_NOTES = Path(__file__).resolve().parent.parent / "sample_notes"
runner = CliRunner()


@pytest.fixture
def note_file(tmp_path):
    path = tmp_path / "n.txt"
    path.write_text("PROCEDURE: Right C5-6 facet injection.\n", encoding="utf-8")
    return path


def fake_reports(monkeypatch, reports):
    monkeypatch.setattr("checker.engine.check_paths", lambda *args, **kwargs: iter(reports))


def test_a_blocking_gap_holds_the_batch(monkeypatch, tmp_path, note_file):
    fake_reports(
        monkeypatch,
        [plain_report("a"), plain_report("b", "fail", [gap("response", "blocking", "No score")])],
    )
    result = runner.invoke(app, ["check", str(note_file), "--out", str(tmp_path / "rs")])
    assert result.exit_code == 1
    assert (tmp_path / "rs" / "index.html").is_file()
    assert "Fail (hold)" in result.stderr


def test_warnings_pass_unless_fail_on_warning(monkeypatch, tmp_path, note_file):
    reports = [plain_report("a", "needs_review", [gap("timeout", "warning", "No time-out")])]
    fake_reports(monkeypatch, reports)
    out = str(tmp_path / "rs")
    assert runner.invoke(app, ["check", str(note_file), "--out", out]).exit_code == 0
    fake_reports(monkeypatch, reports)
    strict = runner.invoke(app, ["check", str(note_file), "--out", out, "--fail-on", "warning"])
    assert strict.exit_code == 1


def test_format_jsonl_with_out_also_prints_the_lines(monkeypatch, tmp_path, note_file):
    fake_reports(monkeypatch, [plain_report("a"), plain_report("b")])
    result = runner.invoke(
        app, ["check", str(note_file), "--out", str(tmp_path / "rs"), "--format", "jsonl"]
    )
    assert result.exit_code == 0
    assert [json.loads(line)["note_id"] for line in result.stdout.splitlines()] == ["a", "b"]


def test_a_missing_path_is_a_usage_error_and_writes_nothing(tmp_path):
    result = runner.invoke(app, ["check", str(tmp_path / "nope"), "--out", str(tmp_path / "rs")])
    assert result.exit_code == 2
    assert not (tmp_path / "rs").exists()


def test_sample_notes_end_to_end(tmp_path):
    out = tmp_path / "rs"
    result = runner.invoke(app, ["check", str(SAMPLE_NOTES), "--out", str(out)])
    lines = [json.loads(line) for line in (out / "results.jsonl").read_text().splitlines()]
    notes = sorted(SAMPLE_NOTES.glob("*.txt"))
    assert len(lines) == len(notes)
    assert result.exit_code == (1 if any(line["status"] == "fail" for line in lines) else 0)
    assert len(list((out / "notes").glob("*.html"))) == len(notes)
    index = (out / "index.html").read_text(encoding="utf-8")
    assert len(queue_rows(index)) == len(notes)
    one = next((out / "notes").glob("fj-2026-0001-*.html")).read_text(encoding="utf-8")
    assert "Maria Okafor, MD" in one
    assert "<mark" in one


def test_feedback_command_writes_one_page_per_clinician(tmp_path):
    out = tmp_path / "fb"
    result = runner.invoke(app, ["feedback", str(SAMPLE_NOTES), "--out", str(out)])
    assert result.exit_code == 0
    providers = set()
    for note in SAMPLE_NOTES.glob("*.txt"):
        for line in note.read_text(encoding="utf-8").splitlines()[:8]:
            if line.startswith("provider:"):
                providers.add(line.split(":", 1)[1].strip())
    pages = [p for p in out.glob("*.html") if p.name != "index.html"]
    assert len(pages) >= len(providers)
    index = (out / "index.html").read_text(encoding="utf-8")
    for provider in providers:
        assert provider in index
    assert f"wrote feedback for {len(pages)} clinicians" in result.stderr


def test_out_pointing_at_a_file_is_a_usage_error(tmp_path, note_file):
    existing = tmp_path / "taken"
    existing.write_text("keep me", encoding="utf-8")
    for command in ("check", "feedback"):
        result = runner.invoke(app, [command, str(note_file), "--out", str(existing)])
        assert result.exit_code == 2
        assert "is a file" in result.stderr
    assert existing.read_text(encoding="utf-8") == "keep me"
