"""`checker check` as a billing job runs it: exit status, no traceback, same bytes every run,
and whole lines when the run is stopped part way."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from checker.engine import check_paths

ROOT = Path(__file__).resolve().parent.parent
SAMPLE_NOTES = ROOT / "sample_notes"
CHECKER = Path(sys.executable).parent / "checker"
EXIT_OK, EXIT_HOLD, EXIT_USAGE = 0, 1, 2


def run_cli(
    *args: str, env: dict[str, str] | None = None, cwd: Path | None = None
) -> subprocess.CompletedProcess:
    result = subprocess.run(
        [str(CHECKER), *args],
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ, **(env or {})},
        cwd=cwd or ROOT,
    )
    assert "Traceback" not in result.stderr, result.stderr
    return result


@pytest.fixture(scope="module")
def sample_statuses() -> dict[str, str]:
    return {Path(r.source).name: r.status for r in check_paths([SAMPLE_NOTES])}


def first_with(statuses: dict[str, str], wanted: set[str]) -> Path:
    names = [name for name, status in sorted(statuses.items()) if status in wanted]
    assert names, f"no sample note with status {wanted}"
    return SAMPLE_NOTES / names[0]


def test_exit_0_when_no_note_fails(sample_statuses):
    note = first_with(sample_statuses, {"pass", "needs_review"})
    result = run_cli("check", str(note), "--format", "jsonl")
    assert result.returncode == EXIT_OK
    assert json.loads(result.stdout)["status"] in {"pass", "needs_review"}


def test_exit_1_when_any_note_has_a_blocking_gap(sample_statuses):
    passing = first_with(sample_statuses, {"pass", "needs_review"})
    failing = first_with(sample_statuses, {"fail"})
    result = run_cli("check", str(passing), str(failing), "--format", "jsonl")
    assert result.returncode == EXIT_HOLD
    statuses = [json.loads(line)["status"] for line in result.stdout.splitlines()]
    assert "fail" in statuses
    assert len(statuses) == 2


def test_exit_1_when_a_note_cannot_be_read(sample_statuses, tmp_path):
    passing = first_with(sample_statuses, {"pass", "needs_review"})
    (tmp_path / "a.txt").write_bytes(passing.read_bytes())
    (tmp_path / "b.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    result = run_cli("check", str(tmp_path), "--format", "jsonl")
    assert [json.loads(line)["status"] for line in result.stdout.splitlines()][1] == "error"
    assert result.returncode == EXIT_HOLD  # the pre-billing gate holds an unchecked note


def test_without_format_or_out_the_report_set_goes_to_reports(sample_statuses, tmp_path):
    note = first_with(sample_statuses, {"pass", "needs_review"})
    result = run_cli("check", str(note.resolve()), cwd=tmp_path)
    assert result.returncode == EXIT_OK
    assert (tmp_path / "reports" / "index.html").is_file()
    assert len((tmp_path / "reports" / "results.jsonl").read_text().splitlines()) == 1


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["check", "no/such/folder"], "no such file or folder"),
        (["check", "sample_notes/s001.txt", "--workers", "0"], "--workers"),
        (["check", "sample_notes/s001.txt", "--format", "xml"], "--format"),
        (["check", "sample_notes/s001.txt", "--no-such-option"], "No such option"),
        (["check", "sample_notes/s001.txt", "--rules", "no/such/rules.yaml"], "rules.yaml"),
        (["check"], "Missing argument"),
    ],
)
def test_exit_2_on_usage_errors_with_a_message_and_no_report(args, message):
    result = run_cli(*args)
    assert result.returncode == EXIT_USAGE
    assert message in result.stderr
    assert result.stdout == ""


def test_a_malformed_rules_file_is_a_usage_error(tmp_path):
    rules = tmp_path / "rules.yaml"
    rules.write_text("requirements: [\n", encoding="utf-8")
    result = run_cli("check", "sample_notes/s001.txt", "--rules", str(rules))
    assert result.returncode == EXIT_USAGE
    assert str(rules) in result.stderr


def test_same_input_gives_byte_identical_output(tmp_path):
    (tmp_path / "bad.jsonl").write_text('{"note_id": "x", "text": \n{"text": "Right C5-6."}\n')
    runs = [
        run_cli(
            "check",
            "sample_notes",
            str(tmp_path),
            "--format",
            "jsonl",
            env={"PYTHONHASHSEED": seed},
        )
        for seed in ("1", "4242")
    ]
    parallel = run_cli(
        "check", "sample_notes", str(tmp_path), "--format", "jsonl", "--workers", "2"
    )
    assert runs[0].stdout
    assert runs[0].stdout == runs[1].stdout == parallel.stdout
    assert runs[0].returncode == runs[1].returncode == parallel.returncode


@pytest.fixture(scope="module")
def long_batch(tmp_path_factory) -> Path:
    """A JSONL export of 3,000 notes: far more than a run gets through before it is stopped."""
    path = tmp_path_factory.mktemp("long") / "export.jsonl"
    bodies = [
        json.dumps({"note_id": f"{note.stem}-{copy}", "text": note.read_text(encoding="utf-8")})
        for copy in range(60)
        for note in sorted(SAMPLE_NOTES.glob("*.txt"))[:50]
    ]
    path.write_text("\n".join(bodies) + "\n", encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("workers", "stop"),
    [("1", signal.SIGINT), ("2", signal.SIGINT), ("2", signal.SIGTERM)],
)
def test_an_interrupted_run_leaves_whole_lines_and_no_stray_workers(
    tmp_path, long_batch, workers, stop
):
    out_path, err_path = tmp_path / "out.jsonl", tmp_path / "err.txt"
    with out_path.open("w") as out, err_path.open("w") as err:
        process = subprocess.Popen(
            [str(CHECKER), "check", str(long_batch), "--format", "jsonl", "--workers", workers],
            stdout=out,
            stderr=err,
            # a shell starts background jobs with Ctrl-C ignored; a user's terminal does not
            preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
        )
        deadline = time.monotonic() + 120
        while out_path.stat().st_size < 50_000 and time.monotonic() < deadline:
            time.sleep(0.05)
        helpers = descendants(process.pid)
        process.send_signal(stop)
        returncode = process.wait(timeout=60)
    assert returncode != EXIT_OK
    text = out_path.read_text(encoding="utf-8")
    lines = text.splitlines()
    assert 0 < len(lines) < 3000
    assert text.endswith("\n")
    for line in lines:
        json.loads(line)
    assert "Traceback" not in err_path.read_text(encoding="utf-8")
    if workers != "1":
        assert helpers  # the worker processes were seen, so the next check means something
    time.sleep(1.5)  # workers notice a killed parent within half a second
    assert not still_alive(helpers)


def test_an_interrupted_report_set_keeps_whole_lines_for_the_notes_done(tmp_path, long_batch):
    out = tmp_path / "reports"
    with (tmp_path / "err.txt").open("w") as err:
        process = subprocess.Popen(
            [str(CHECKER), "check", str(long_batch), "--out", str(out)],
            stdout=subprocess.DEVNULL,
            stderr=err,
            preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
        )
        deadline = time.monotonic() + 120
        while len(list((out / "notes").glob("*.html"))) < 50 and time.monotonic() < deadline:
            time.sleep(0.05)
        process.send_signal(signal.SIGINT)
        assert process.wait(timeout=60) != EXIT_OK
    assert "Traceback" not in (tmp_path / "err.txt").read_text(encoding="utf-8")
    text = (out / "results.jsonl").read_text(encoding="utf-8")
    lines = text.splitlines()
    assert 0 < len(lines) < 3000
    assert text.endswith("\n")
    for line in lines:
        json.loads(line)
    assert (out / "index.html").is_file()


def parent_of(pid: int) -> int | None:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    fields = stat.rsplit(")", 1)[1].split()
    return None if fields[0] == "Z" else int(fields[1])  # a zombie is already gone


def descendants(root: int) -> set[int]:
    """Live processes below `root` (its workers and the fork server that starts them)."""
    parents = {
        int(entry.name): parent_of(int(entry.name))
        for entry in Path("/proc").iterdir()
        if entry.name.isdigit()
    }
    found: set[int] = set()
    frontier = {root}
    while frontier:
        frontier = {pid for pid, parent in parents.items() if parent in frontier} - found
        found |= frontier
    return found


def still_alive(pids: set[int]) -> set[int]:
    return {pid for pid in pids if parent_of(pid) is not None}


# --- the gate never passes a batch nobody read


@pytest.mark.parametrize("layout", ["empty folder", "only other files"])
def test_a_run_that_finds_no_note_is_a_usage_error_unless_allowed(tmp_path, layout):
    if layout == "only other files":
        (tmp_path / "notes.pdf").write_bytes(b"%PDF-1.4")
        (tmp_path / "gold.jsonl").write_text("{}\n")
    result = run_cli("check", str(tmp_path), "--format", "jsonl")
    assert result.returncode == EXIT_USAGE
    assert "no notes found" in result.stderr and "--allow-empty" in result.stderr
    assert result.stdout == ""
    allowed = run_cli("check", str(tmp_path), "--format", "jsonl", "--allow-empty")
    assert allowed.returncode == EXIT_OK
    assert allowed.stdout == ""


def test_upper_case_extensions_are_read_and_can_hold_the_batch(sample_statuses, tmp_path):
    failing = first_with(sample_statuses, {"fail"})
    (tmp_path / "A.TXT").write_bytes(failing.read_bytes())
    record = {"note_id": "B-1", "text": "Right C5-6 facet injection."}
    (tmp_path / "B.JSONL").write_text(json.dumps(record) + "\n")
    result = run_cli("check", str(tmp_path), "--format", "jsonl")
    assert result.returncode == EXIT_HOLD
    assert len(result.stdout.splitlines()) == 2


def test_an_out_folder_inside_the_input_is_not_read_as_notes(sample_statuses, tmp_path):
    note = first_with(sample_statuses, {"pass", "needs_review"})
    (tmp_path / "a.txt").write_bytes(note.read_bytes())
    out = tmp_path / "reports"
    for _ in range(2):
        result = run_cli("check", str(tmp_path), "--out", str(out))
        assert result.returncode == EXIT_OK, result.stderr
        assert len((out / "results.jsonl").read_text().splitlines()) == 1
    # a report set written elsewhere is recognised by its manifest
    moved = tmp_path / "old-run"
    out.rename(moved)
    result = run_cli("check", str(tmp_path), "--format", "jsonl")
    assert len(result.stdout.splitlines()) == 1
