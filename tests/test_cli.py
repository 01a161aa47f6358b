"""`checker check` as a billing job runs it: exit status, no traceback, same bytes every run,
and whole lines when the run is stopped part way."""

from __future__ import annotations

import csv
import html
import json
import os
import re
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
        env={**os.environ, "COLUMNS": "400", **(env or {})},  # no wrapped messages
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
    # an addendum re-labelling every level: its warning cites a level the correction names
    (tmp_path / "corrected.txt").write_text(
        "PROCEDURE: Bilateral C4, C5, C6 medial branch blocks under fluoroscopy. 0.5 mL of "
        "0.5% bupivacaine at each nerve.\n\nADDENDUM: Correction to the procedure above - "
        "the medial branches blocked today were C5, C6 and C7 bilaterally, not C4, C5, C6 "
        "as dictated.\n"
    )
    runs = [
        run_cli(
            "check",
            "sample_notes",
            str(tmp_path),
            "--format",
            "jsonl",
            env={"PYTHONHASHSEED": seed},
        )
        for seed in ("1", "4242", "7", "99")
    ]
    parallel = run_cli(
        "check", "sample_notes", str(tmp_path), "--format", "jsonl", "--workers", "2"
    )
    assert runs[0].stdout
    assert all(run.stdout == parallel.stdout for run in runs)
    assert all(run.returncode == parallel.returncode for run in runs)


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
    # the workers end before the run exits: none is left to notice its parent has gone
    assert not still_alive(helpers)


def test_a_run_started_under_nohup_keeps_going_on_sighup(tmp_path, long_batch):
    out_path = tmp_path / "out.jsonl"
    with out_path.open("w") as out:
        process = subprocess.Popen(
            [str(CHECKER), "check", str(long_batch), "--format", "jsonl", "--workers", "2"],
            stdout=out,
            stderr=subprocess.DEVNULL,
            preexec_fn=lambda: signal.signal(signal.SIGHUP, signal.SIG_IGN),  # as nohup does
        )
        deadline = time.monotonic() + 120
        while out_path.stat().st_size < 50_000 and time.monotonic() < deadline:
            time.sleep(0.05)
        process.send_signal(signal.SIGHUP)  # the terminal closes
        written = out_path.stat().st_size
        deadline = time.monotonic() + 120
        while out_path.stat().st_size == written and time.monotonic() < deadline:
            time.sleep(0.05)  # the next batch's lines, written after the signal
        grew = out_path.stat().st_size > written
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
        process.wait(timeout=60)
    assert grew
    assert process.returncode in (EXIT_OK, EXIT_HOLD, 128 + signal.SIGTERM)  # never 129: SIGHUP


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


# --- files that tell the truth: manifest, superseded results, lock, output faults


def lines_in(path: Path) -> int:
    """Lines in a file another process is writing (it may not exist yet, or any more)."""
    try:
        return path.read_bytes().count(b"\n")
    except FileNotFoundError:
        return 0


def read_manifest(out: Path) -> dict:
    return json.loads((out / "run.json").read_text(encoding="utf-8"))


def test_a_complete_run_says_so_in_its_manifest(sample_statuses, tmp_path):
    note = first_with(sample_statuses, {"pass", "needs_review"})
    out = tmp_path / "reports"
    result = run_cli("check", str(note), str(note.parent / "s004.txt"), "--out", str(out))
    assert result.returncode in (EXIT_OK, EXIT_HOLD)
    manifest = read_manifest(out)
    assert manifest["complete"] is True
    assert manifest["notes_in"] == manifest["lines_out"] == 2
    assert manifest["started"] <= manifest["finished"]
    assert manifest["stopped_by"] is None
    assert not list(out.glob(".*.partial"))


@pytest.mark.parametrize("stop", [signal.SIGTERM, signal.SIGHUP, signal.SIGKILL])
def test_a_stopped_run_never_leaves_the_previous_report_set_looking_current(
    tmp_path, long_batch, stop
):
    out = tmp_path / "reports"
    small = tmp_path / "small"
    small.mkdir()
    (small / "a.txt").write_bytes((SAMPLE_NOTES / "s001.txt").read_bytes())
    run_cli("check", str(small), "--out", str(out))  # yesterday's complete report set
    assert read_manifest(out)["complete"] is True
    with (tmp_path / "err.txt").open("w") as err:
        process = subprocess.Popen(
            [str(CHECKER), "check", str(long_batch), "--out", str(out), "--workers", "2"],
            stdout=subprocess.DEVNULL,
            stderr=err,
        )
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            if lines_in(out / "results.jsonl") >= 20:
                break
            time.sleep(0.05)
        helpers = descendants(process.pid)
        process.send_signal(stop)
        returncode = process.wait(timeout=60)
    stderr = (tmp_path / "err.txt").read_text(encoding="utf-8")
    assert "Traceback" not in stderr
    if stop != signal.SIGKILL:
        assert returncode == 128 + stop  # not 1: 1 means "hold", this means "stopped"
        assert f"stopped by {stop.name}" in stderr
    manifest = read_manifest(out)
    assert manifest["complete"] is False
    text = (out / "results.jsonl").read_text(encoding="utf-8")
    lines = text.splitlines()
    if stop == signal.SIGKILL and not text.endswith("\n"):
        # the kernel may cut a write of several pages short for a process being killed; the
        # manifest (complete: false) is what tells a billing job, and every line before the
        # cut is whole
        lines = lines[:-1]
    else:
        assert text.endswith("\n")
    assert 20 <= len(lines) < 3000
    assert all(json.loads(line) for line in lines)
    assert json.loads(lines[0])["source"].startswith(str(long_batch))  # not yesterday's note
    assert "Incomplete run" in (out / "index.html").read_text(encoding="utf-8")
    if stop != signal.SIGKILL:
        assert manifest["stopped_by"] == stop.name
        assert manifest["lines_out"] == len(lines)
    time.sleep(1.5)
    assert not still_alive(helpers)


def test_a_second_run_on_the_same_out_is_refused_while_the_first_runs(tmp_path, long_batch):
    out = tmp_path / "reports"
    with (tmp_path / "err.txt").open("w") as err:
        first = subprocess.Popen(
            [str(CHECKER), "check", str(long_batch), "--out", str(out)],
            stdout=subprocess.DEVNULL,
            stderr=err,
        )
        deadline = time.monotonic() + 120
        while not (out / "results.jsonl").exists() and time.monotonic() < deadline:
            time.sleep(0.05)
        second = run_cli("check", str(SAMPLE_NOTES / "s001.txt"), "--out", str(out))
        first.send_signal(signal.SIGTERM)
        first.wait(timeout=60)
    assert second.returncode == 3
    assert "in use by another checker run" in second.stderr
    assert str(first.pid) in second.stderr
    assert read_manifest(out)["inputs"] == [str(long_batch)]  # the first run's set, untouched


def test_an_unwritable_out_is_exit_3_with_a_message(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    result = run_cli("check", str(SAMPLE_NOTES / "s001.txt"), "--out", str(blocker / "reports"))
    assert result.returncode == 3
    assert "cannot write" in result.stderr and "Not a directory" in result.stderr


def limit_file_size(limit: int):
    def apply() -> None:
        import resource

        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write past the limit then fails
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    return apply


def test_a_full_disk_is_exit_3_and_leaves_whole_lines(tmp_path):
    out = tmp_path / "reports"
    result = subprocess.run(
        [str(CHECKER), "check", str(SAMPLE_NOTES), "--out", str(out)],
        capture_output=True,
        text=True,
        timeout=300,
        cwd=ROOT,
        preexec_fn=limit_file_size(150_000),  # as if the disk filled part way through
    )
    assert "Traceback" not in result.stderr
    assert result.returncode == 3, result.stderr
    assert "File too large" in result.stderr
    text = (out / "results.jsonl").read_text(encoding="utf-8")
    assert text.endswith("\n")
    lines = text.splitlines()
    assert 0 < len(lines) < 124
    for line in lines:
        json.loads(line)
    assert read_manifest(out)["complete"] is False


def test_standard_output_on_a_full_device_is_exit_3_without_a_traceback():
    with open("/dev/full", "w") as full:
        result = subprocess.run(
            [str(CHECKER), "check", str(SAMPLE_NOTES / "s001.txt"), "--format", "jsonl"],
            stdout=full,
            stderr=subprocess.PIPE,
            text=True,
            timeout=300,
            cwd=ROOT,
        )
    assert result.returncode == 3
    assert "standard output" in result.stderr
    assert "Traceback" not in result.stderr and "Exception ignored" not in result.stderr


# --- time limit per note


@pytest.mark.parametrize("workers", ["1", "2"])
def test_a_slow_note_gets_an_error_line_naming_the_limit_and_the_run_goes_on(tmp_path, workers):
    body = (SAMPLE_NOTES / "s004.txt").read_text(encoding="utf-8").split("---\n", 2)[2]
    (tmp_path / "a.txt").write_text(body)
    # about 3.9 MB on one line: several seconds to check, well past a 1-second limit
    (tmp_path / "b_slow.txt").write_text(body.replace("\n", " ") * 2500)
    (tmp_path / "c.txt").write_text(body)
    started = time.monotonic()
    result = run_cli(
        "check", str(tmp_path), "--format", "jsonl", "--note-timeout", "1", "--workers", workers
    )
    elapsed = time.monotonic() - started
    reports = [json.loads(line) for line in result.stdout.splitlines()]
    assert [Path(r["source"]).name for r in reports] == ["a.txt", "b_slow.txt", "c.txt"]
    assert [r["status"] == "error" for r in reports] == [False, True, False]
    assert "1 s limit (--note-timeout)" in reports[1]["error"]
    assert result.returncode == EXIT_HOLD
    assert elapsed < 60


# --- escaping: terminal, Markdown, CSV, page policy


def test_control_characters_in_paths_never_reach_the_terminal_raw(tmp_path):
    evil = tmp_path / "evil\x1b[2J\x1b]0;owned\x07.yaml"
    evil.write_text("requirements: [\n", encoding="utf-8")
    result = run_cli("check", str(SAMPLE_NOTES / "s001.txt"), "--rules", str(evil))
    assert result.returncode == EXIT_USAGE
    assert "\x1b" not in result.stderr and "\x07" not in result.stderr
    assert "\\x1b[2J" in result.stderr.replace("\n", "")


def test_summary_md_and_worklist_keep_hostile_values_as_plain_text(tmp_path):
    body = (SAMPLE_NOTES / "s001.txt").read_text(encoding="utf-8").split("---\n", 2)[2]
    hostile = {
        "link.txt": "FJ-1](https://evil.example/login) [x",
        "img.txt": "<img src=x onerror=alert(1)>",
        "details.txt": "<details open ontoggle=alert(1)>",
        "formula.txt": ' \n=HYPERLINK("https://evil.example")',
        "wide.txt": "\uff1dcmd|' /C calc'!A0",
    }
    for name, note_id in hostile.items():
        (tmp_path / name).write_text(
            f"---\nnote_id: {json.dumps(note_id)}\nbilled_codes: [64490-RT, 64491-RT, "
            f"64492-RT, 64493-RT]\n---\n{body}",
            encoding="utf-8",
        )
    out = tmp_path / "reports"
    run_cli("check", str(tmp_path), "--out", str(out))
    summary = (out / "summary.md").read_text(encoding="utf-8")
    assert not re.search(r"(?<!\\)\]\(https", summary)  # no link but ours to the note pages
    assert "FJ-1\\](https://evil.example/login) \\[x" in summary
    assert not re.search(r"(?<!\\)<", summary)  # every tag escaped
    assert "\\<img" in summary and "\\<details" in summary
    with (out / "worklist.csv").open(encoding="utf-8", newline="") as handle:
        ids = [row["note_id"] for row in csv.DictReader(handle)]
    for note_id in ids:
        if note_id.lstrip()[:1] in ("=", "\uff1d"):
            raise AssertionError(f"formula cell not neutralised: {note_id!r}")
    assert sum(note_id.startswith("'") for note_id in ids) == 2
    page = html.unescape((out / "index.html").read_text(encoding="utf-8"))
    assert "base-uri 'none'" in page and "form-action 'none'" in page


def test_format_summary_prints_the_markdown_summary(sample_statuses):
    failing = first_with(sample_statuses, {"fail"})
    result = run_cli("check", str(failing), "--format", "summary")
    assert result.returncode == EXIT_HOLD
    assert result.stdout.startswith("# Note check summary")
    assert "1 notes checked" in result.stdout
    assert not result.stdout.lstrip().startswith("{")


def test_an_unknown_payer_on_the_command_line_is_a_usage_error(sample_statuses):
    note = first_with(sample_statuses, {"pass", "needs_review"})
    result = run_cli("check", str(note), "--format", "jsonl", "--payer", "medicar")
    assert result.returncode == EXIT_USAGE
    assert "medicar" in result.stderr and "medicare" in result.stderr and "aetna" in result.stderr
    assert result.stdout == ""
    known = run_cli("check", str(note), "--format", "jsonl", "--payer", "Medicare")
    assert known.returncode in (EXIT_OK, EXIT_HOLD)


def test_eval_with_markup_in_note_ids_does_not_crash(tmp_path):
    body = (SAMPLE_NOTES / "s001.txt").read_text(encoding="utf-8").split("---\n", 2)[2]
    (tmp_path / "[bold]x[-].txt").write_text(body)
    (tmp_path / "[not-checked].txt").write_text("---\nnote_id: '[/]'\n---\n")  # an error line
    gold = [{"id": "[bold]x[-]", "levels": {"right": ["C4-C5"], "left": []}}]
    gold.append({"id": "[not-checked]"})
    (tmp_path / "gold.jsonl").write_text("".join(json.dumps(g) + "\n" for g in gold))
    result = run_cli("eval", str(tmp_path), "--diff", "--json", str(tmp_path / "eval.json"))
    assert result.returncode == 0, result.stderr
    stdout = " ".join(result.stdout.split())
    assert "[bold]x[-]" in stdout and "[not-checked]" in stdout  # shown as written


# --- rules files: every problem is exit 2 naming the file and the field, at load time


@pytest.mark.parametrize(
    ("name", "content", "words"),
    [
        (
            "cp1252.yaml",
            "overrides:\n  contrast: {message: 'caf\u00e9'}\n".encode("cp1252"),
            ["UTF-8"],
        ),
        ("utf16.yaml", "overrides: {}\n".encode("utf-16"), ["UTF-8"]),
        ("binary.yaml", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" * 4, ["not a text file"]),
        ("deep.yaml", b"overrides: " + b"[" * 3000 + b"]" * 3000 + b"\n", ["nest"]),
        (
            "conversion.yaml",
            b"overrides:\n  levels: {message: 'Levels {levels!z} missing'}\n",
            ["overrides.levels", "message", "{levels!z}"],
        ),
        (
            "format.yaml",
            b"overrides:\n  levels: {message: 'Levels {levels:d} missing'}\n",
            ["overrides.levels", "{levels:d}"],
        ),
        (
            "alias.yaml",
            b"profile: medicare_plus\ntitle: Medicare Plus\naliases: [Medicare]\n",
            ["alias.yaml", "aliases", "'Medicare'", "'medicare'"],
        ),
    ],
)
def test_a_bad_rules_file_is_exit_2_naming_file_and_field(tmp_path, name, content, words):
    rules = tmp_path / name
    rules.write_bytes(content)
    result = run_cli("check", "sample_notes/s001.txt", "--format", "jsonl", "--rules", str(rules))
    assert result.returncode == EXIT_USAGE, result.stderr
    assert result.stdout == ""
    stderr = " ".join(result.stderr.split())
    assert str(rules) in stderr.replace(" ", "") or name in stderr
    for word in words:
        assert word in stderr, (word, stderr)


def test_a_message_override_of_a_documentation_requirement_is_used(tmp_path):
    rules = tmp_path / "rules.yaml"
    rules.write_text(
        "overrides:\n  response: {message: 'Our clinic wants pain scores before and after.'}\n"
    )
    body = (SAMPLE_NOTES / "s001.txt").read_text(encoding="utf-8").split("---\n", 2)[2]
    note = tmp_path / "n.txt"
    note.write_text(
        body.replace("Pre-procedure pain was 7/10.", "").replace("Pain 1/10", "Comfortable")
    )
    result = run_cli("check", str(note), "--format", "jsonl", "--rules", str(rules))
    gaps = {g["requirement"]: g["message"] for g in json.loads(result.stdout)["gaps"]}
    assert gaps["response"].startswith("Our clinic wants pain scores before and after.")
