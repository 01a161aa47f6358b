"""Bad input from exports nobody cleaned: every file gets its line, none stops the batch.

Each case yields its own `error` line naming the file (and the line, for JSONL) with the
reason, or a correct report; the other notes are checked as if the bad one were absent,
and the number of report lines equals the number of notes in.
"""

from __future__ import annotations

import codecs
import json
import multiprocessing
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
import yaml
from evidence import evidence_pieces

import checker.engine as engine
import checker.reader as reader
from checker.engine import check_paths
from checker.models import Note, Report
from checker.pipeline import MAX_NOTE_CHARS
from checker.reader import build_note, iter_paths, read_notes

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "sample_notes" / "s001.txt"
SECOND = ROOT / "sample_notes" / "s004.txt"
CHECKER = Path(sys.executable).parent / "checker"


def front_matter_and_body(path: Path) -> tuple[str, str]:
    text = path.read_text(encoding="utf-8")
    _, front, body = text.split("---\n", 2)
    return front, body


def reports_for(*paths: Path) -> list[Report]:
    return list(check_paths(list(paths)))


def only_report(path: Path) -> Report:
    reports = reports_for(path)
    assert len(reports) == 1
    return reports[0]


def assert_error(report: Report, path: Path, *words: str) -> None:
    assert report.status == "error"
    assert report.error is not None
    assert str(path) in report.error
    assert report.source.startswith(str(path))
    for word in words:
        assert word in report.error


# --- files that cannot be a note: one error line each, naming the file and the reason


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        ("empty.txt", b"", "empty note"),
        ("blank.txt", b"  \n\t\r\n   \n", "empty note"),
        ("image.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00" * 8, "binary"),
        (
            "scan.txt",
            b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Filter /FlateDecode >>\nstream\n"
            + bytes(range(256)) * 4,
            "binary",
        ),
        ("front_only.txt", b"---\nnote_id: X-1\n---\n\n", "empty note"),
        ("unclosed.txt", b"---\nnote_id: X-1\nPROCEDURE: Right C5-6\n", "closing '---'"),
        ("yaml.txt", b"---\nnote_id: [unclosed\npayer: x\n---\nRight C5-6.\n", "at line 3"),
        ("date.txt", b"---\ndate_of_service: 2026-13-45\n---\nRight C5-6.\n", "YAML"),
        ("list.txt", b"---\n- just\n- a list\n---\nRight C5-6.\n", "mapping"),
        ("deep.txt", b"---\nnote_id: " + b"[" * 3000 + b"\n---\nRight C5-6.\n", "YAML"),
    ],
)
def test_a_file_that_is_not_a_note_is_an_error_line(tmp_path, name, content, reason):
    path = tmp_path / name
    path.write_bytes(content)
    assert_error(only_report(path), path, reason)


def test_a_dangling_symlink_is_an_error_line(tmp_path):
    path = tmp_path / "moved.txt"
    path.symlink_to(tmp_path / "gone.txt")
    assert_error(only_report(path), path, "cannot read", "No such file")


def test_a_symlink_loop_is_an_error_line_and_a_folder_loop_is_walked_once(tmp_path):
    (tmp_path / "loop.txt").symlink_to(tmp_path / "loop.txt")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "up").symlink_to(tmp_path)  # folder loop back to the top
    (tmp_path / "sub" / "a.txt").write_bytes(SAMPLE.read_bytes())
    reports = reports_for(tmp_path)
    assert [Path(r.source).name for r in reports] == ["loop.txt", "a.txt"]
    assert_error(reports[0], tmp_path / "loop.txt", "symbolic links")
    assert reports[1].status != "error"


def test_a_folder_symlink_inside_the_input_is_followed_so_its_notes_are_not_lost(tmp_path):
    batch = tmp_path / "batch"
    (batch / "real").mkdir(parents=True)
    (batch / "real" / "a.txt").write_bytes(SAMPLE.read_bytes())
    (batch / "linked").symlink_to(batch / "real")
    reports = reports_for(batch)
    assert [r.status != "error" for r in reports] == [True]  # walked once, not twice


def test_symlinks_leaving_the_input_are_error_lines_unless_followed(tmp_path):
    secret = tmp_path / "private"
    secret.mkdir()
    (secret / "passwd.txt").write_text("root:x:0:0:SECRET-LINE\n", encoding="utf-8")
    (secret / "other.txt").write_bytes(SAMPLE.read_bytes())
    batch = tmp_path / "batch"
    batch.mkdir()
    (batch / "a.txt").write_bytes(SECOND.read_bytes())
    (batch / "leak.txt").symlink_to(secret / "passwd.txt")
    (batch / "linked").symlink_to(secret)
    reports = reports_for(batch)
    assert [Path(r.source).name for r in reports] == ["a.txt", "leak.txt", "linked"]
    assert reports[0].status != "error"
    assert_error(reports[1], batch / "leak.txt", "outside the folders given", "--follow-symlinks")
    assert_error(reports[2], batch / "linked", "outside the folders given")
    assert all("SECRET" not in r.to_json_line() for r in reports)
    followed = list(check_paths([batch], follow_symlinks=True))
    assert len(followed) == 4
    assert all(r.status != "error" or "duplicate" in (r.error or "") for r in followed)


def test_a_fifo_is_an_error_line_and_never_blocks(tmp_path):
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)  # opening it for reading would wait for a writer forever
    assert_error(only_report(fifo), fifo, "not a regular file")


def test_a_file_that_cannot_be_opened_is_an_error_line(tmp_path, monkeypatch):
    locked = tmp_path / "locked.txt"
    locked.write_bytes(SAMPLE.read_bytes())
    real_open = Path.open

    def refuse(self, *args, **kwargs):
        if self == locked:
            raise PermissionError(13, "Permission denied", str(self))
        return real_open(self, *args, **kwargs)

    monkeypatch.setattr(Path, "open", refuse)
    assert_error(only_report(locked), locked, "Permission denied")


def test_a_folder_that_cannot_be_listed_is_an_error_line(tmp_path, monkeypatch):
    (tmp_path / "a.txt").write_bytes(SAMPLE.read_bytes())
    closed = tmp_path / "closed"
    closed.mkdir()
    (closed / "hidden_from_us.txt").write_bytes(SAMPLE.read_bytes())
    real_scandir = os.scandir

    def refuse(path):
        if Path(path) == closed:
            raise PermissionError(13, "Permission denied", str(path))
        return real_scandir(path)

    def refuse_listdir(path):
        raise PermissionError(13, "Permission denied", str(path))

    monkeypatch.setattr(reader.os, "scandir", refuse)
    monkeypatch.setattr(reader.os, "listdir", refuse_listdir)
    reports = reports_for(tmp_path)
    assert len(reports) == 2
    assert reports[0].status != "error"
    assert_error(reports[1], closed, "cannot list folder", "Permission denied")


def test_gold_annotations_are_not_read_as_notes_in_a_folder(tmp_path):
    (tmp_path / "a.txt").write_bytes(SAMPLE.read_bytes())
    (tmp_path / "gold.jsonl").write_text('{"id": "a", "levels": {}}\n', encoding="utf-8")
    assert [Path(p).name for p in iter_paths([tmp_path])] == ["a.txt"]


# --- encodings: the note is read and checked the same as its clean UTF-8 twin


def clean_twin(tmp_path: Path) -> Report:
    clean = tmp_path / "clean" / "note.txt"
    clean.parent.mkdir()
    clean.write_bytes(SAMPLE.read_bytes())
    return only_report(clean)


@pytest.mark.parametrize(
    ("label", "encode"),
    [
        ("utf-16 with BOM", lambda text: text.encode("utf-16")),
        ("utf-16-be with BOM", lambda text: codecs.BOM_UTF16_BE + text.encode("utf-16-be")),
        ("utf-16-le without BOM", lambda text: text.encode("utf-16-le")),
        ("utf-32 with BOM", lambda text: text.encode("utf-32")),
        ("utf-8 BOM and CRLF", lambda text: codecs.BOM_UTF8 + text.replace("\n", "\r\n").encode()),
        ("old Mac CR line ends", lambda text: text.replace("\n", "\r").encode()),
    ],
)
def test_other_encodings_give_the_same_report_as_utf8(tmp_path, label, encode):
    expected = clean_twin(tmp_path)
    path = tmp_path / "note.txt"
    path.write_bytes(encode(SAMPLE.read_text(encoding="utf-8")))
    report = only_report(path)
    assert report.status == expected.status, label
    assert report.extraction == expected.extraction
    assert report.codes == expected.codes
    assert [g.requirement for g in report.gaps] == [g.requirement for g in expected.gaps]


def test_cp1252_bytes_are_decoded_and_the_note_is_checked(tmp_path):
    text = SAMPLE.read_text(encoding="utf-8").replace("Omnipaque", "Omnipaque\u2122 caf\u00e9")
    path = tmp_path / "windows.txt"
    path.write_bytes(text.encode("cp1252"))
    report = only_report(path)
    assert report.status != "error"
    note = next(read_notes([path]))
    assert "Omnipaque\u2122 caf\u00e9" in note.text
    for piece in evidence_pieces(report.model_dump()):
        assert note.text[piece["start"] : piece["end"]] == piece["text"]


def test_latin1_bytes_undefined_in_cp1252_do_not_stop_the_note(tmp_path):
    path = tmp_path / "latin.txt"
    body = "Right C5-6 facet injection under fluoroscopy, pain 7\x81/10.\n"
    path.write_bytes(body.encode("latin-1"))
    assert only_report(path).status != "error"


def test_crlf_offsets_slice_the_normalised_text(tmp_path):
    path = tmp_path / "crlf.txt"
    path.write_bytes(codecs.BOM_UTF8 + SAMPLE.read_bytes().replace(b"\n", b"\r\n"))
    note = next(read_notes([path]))
    assert "\r" not in note.text
    report = only_report(path)
    pieces = list(evidence_pieces(report.model_dump()))
    assert pieces
    for piece in pieces:
        assert note.text[piece["start"] : piece["end"]] == piece["text"]


# --- size


def test_a_note_over_the_limit_is_an_error_line_naming_the_limit(tmp_path):
    _, body = front_matter_and_body(SAMPLE)
    path = tmp_path / "several_mb.txt"
    path.write_text((body * (MAX_NOTE_CHARS // len(body) + 2)), encoding="utf-8")
    assert path.stat().st_size > 3_000_000
    assert_error(only_report(path), path, "too long", f"{MAX_NOTE_CHARS:,}")


def test_a_huge_file_is_refused_by_its_size_before_it_is_loaded(tmp_path):
    path = tmp_path / "huge.txt"
    with path.open("wb") as handle:
        handle.truncate(reader.MAX_NOTE_BYTES + 1)  # sparse zero bytes: binary if it were read
    assert_error(only_report(path), path, "too long", "bytes")


def test_a_million_character_line_is_checked_with_exact_evidence(tmp_path):
    _, body = front_matter_and_body(SAMPLE)
    line = body.replace("\n", " ")
    text = (line * (1_000_000 // len(line) + 1))[:1_000_000]
    path = tmp_path / "one_line.txt"
    path.write_text(text, encoding="utf-8")
    report = only_report(path)
    assert report.status != "error", report.error
    assert report.extraction.levels
    for piece in evidence_pieces(report.model_dump()):
        assert text[piece["start"] : piece["end"]] == piece["text"]


# --- metadata


def test_nonsense_billed_codes_are_reported_not_fatal(tmp_path):
    _, body = front_matter_and_body(SAMPLE)
    path = tmp_path / "codes.txt"
    path.write_text(f"---\nbilled_codes: [64492-XX, '6449']\n---\n{body}", encoding="utf-8")
    report = only_report(path)
    assert report.status != "error"
    assert report.codes.billed == ["64492-XX", "6449"]
    assert "64492-XX" not in report.codes.supported
    messages = [g.message for g in report.gaps if g.requirement.startswith("code.")]
    assert any("64492-XX" in m for m in messages)
    assert any("6449" in m for m in messages)


@pytest.mark.parametrize("key", ["source", "read_error", "text", "_private", "model_config"])
def test_front_matter_keys_that_clash_with_note_fields_are_ignored(tmp_path, key):
    _, body = front_matter_and_body(SAMPLE)
    path = tmp_path / "clash.txt"
    path.write_text(f"---\n{key}: sneaky\nnote_id: C-1\n---\n{body}", encoding="utf-8")
    report = only_report(path)
    assert report.status != "error", report.error
    assert report.source == str(path)
    assert report.note_id == "C-1"


def test_duplicate_note_ids_the_repeat_is_an_error_naming_both_files(tmp_path):
    first, second = tmp_path / "a.txt", tmp_path / "b.txt"
    first.write_bytes(SAMPLE.read_bytes())
    second.write_bytes(SAMPLE.read_bytes())
    reports = reports_for(tmp_path)
    assert reports[0].status != "error"
    assert_error(reports[1], second, "duplicate note_id", str(first))


# --- JSONL


def test_jsonl_bad_lines_are_their_own_errors_and_the_rest_is_checked(tmp_path):
    _, body = front_matter_and_body(SAMPLE)
    other_front, other = front_matter_and_body(SECOND)
    other_meta = {k: v for k, v in yaml.safe_load(other_front).items() if k != "note_id"}
    lines = [
        json.dumps({"note_id": "J-1", "text": body}),
        '{"note_id": "J-2", "text": "truncated',
        "",
        json.dumps({"note_id": "J-3", "payer": "aetna"}),
        json.dumps(["not", "an", "object"]),
        json.dumps({"note_id": "J-5", "text": ""}),
        json.dumps({**other_meta, "note_id": "J-6", "text": other}, default=str),
    ]
    path = tmp_path / "export.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    reports = reports_for(path)
    assert len(reports) == 6  # the blank line is not a note
    assert [r.status == "error" for r in reports] == [False, True, True, True, True, False]
    for report, line, reason in zip(
        reports[1:5],
        (2, 4, 5, 6),
        ("invalid JSON", "no 'text'", "not a JSON object", "empty note"),
        strict=True,
    ):
        assert_error(report, Path(f"{path}:{line}"), reason)
    assert reports[2].note_id == "J-3"
    alone = reports_for(SECOND)[0]
    assert reports[5].extraction == alone.extraction
    assert [g.requirement for g in reports[5].gaps] == [g.requirement for g in alone.gaps]


def test_an_empty_jsonl_file_is_an_error_line_not_silence(tmp_path):
    path = tmp_path / "nothing.jsonl"
    path.write_text("\n\n", encoding="utf-8")
    assert_error(only_report(path), path, "no records")


def test_a_binary_jsonl_file_is_one_error_line(tmp_path):
    path = tmp_path / "image.jsonl"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" * 50)
    assert_error(only_report(path), path, "binary")


def test_jsonl_in_utf16_and_with_a_utf8_bom_is_read(tmp_path):
    _, body = front_matter_and_body(SAMPLE)
    record = json.dumps({"note_id": "U-1", "text": body}, ensure_ascii=False)
    for name, data in (
        ("u16.jsonl", (record + "\n").encode("utf-16")),
        ("bom.jsonl", codecs.BOM_UTF8 + (record + "\r\n").encode()),
    ):
        path = tmp_path / name
        path.write_bytes(data)
        (report,) = reports_for(path)
        assert report.status != "error", (name, report.error)
        assert report.note_id == "U-1"


# --- the whole matrix in one batch, on the command line


def build_matrix(folder: Path) -> int:
    """A folder of every bad input plus two good notes; returns the number of notes in it."""
    _, body = front_matter_and_body(SAMPLE)
    files = {
        "00_good.txt": SAMPLE.read_bytes(),
        "01_empty.txt": b"",
        "02_blank.txt": b" \n \n",
        "03_image.txt": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" * 8,
        "04_utf16.txt": SECOND.read_text(encoding="utf-8").encode("utf-16"),
        "05_cp1252.txt": "Right C5-6 facet injection, caf\u00e9 \u2013 7/10.".encode("cp1252"),
        "06_crlf.txt": codecs.BOM_UTF8 + body.replace("\n", "\r\n").encode(),
        "07_yaml.txt": b"---\nnote_id: [broken\n---\nRight C5-6.\n",
        "08_codes.txt": f"---\nbilled_codes: [64492-XX, '6449']\n---\n{body}".encode(),
        "09_duplicate.txt": SAMPLE.read_bytes(),
        "10_export.jsonl": (
            json.dumps({"note_id": "J-1", "text": body})
            + '\n{"note_id": "J-2", "text": \n'
            + json.dumps({"note_id": "J-3"})
            + "\n"
            + json.dumps({"note_id": "J-4", "text": body})
            + "\n"
        ).encode(),
    }
    for name, data in files.items():
        (folder / name).write_bytes(data)
    (folder / "11_dangling.txt").symlink_to(folder / "nowhere.txt")
    (folder / "12_loop.txt").symlink_to(folder / "12_loop.txt")
    os.mkfifo(folder / "13_fifo.txt")
    return len(files) - 1 + 4 + 3  # the JSONL holds 4 notes; 3 unreadable entries


def run_cli(*args: str, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(CHECKER), *args], capture_output=True, text=True, timeout=300, **kwargs
    )


@pytest.mark.parametrize("workers", ["1", "2"])
def test_the_whole_matrix_on_the_command_line(tmp_path, workers):
    expected_notes = build_matrix(tmp_path)
    result = run_cli("check", str(tmp_path), "--format", "jsonl", "--workers", workers)
    assert "Traceback" not in result.stderr
    assert result.returncode == 1  # blocking gaps and unreadable notes hold the batch
    lines = result.stdout.splitlines()
    assert len(lines) == expected_notes
    by_name: dict[str, dict] = {}
    for line in lines:
        report = json.loads(line)
        by_name[Path(report["source"]).name] = report
        if report["status"] == "error":
            assert report["error"].startswith(report["source"])
    errors = {name for name, report in by_name.items() if report["status"] == "error"}
    assert errors == {
        "01_empty.txt",
        "02_blank.txt",
        "03_image.txt",
        "07_yaml.txt",
        "09_duplicate.txt",
        "10_export.jsonl:2",
        "10_export.jsonl:3",
        "11_dangling.txt",
        "12_loop.txt",
        "13_fifo.txt",
    }
    good = run_cli("check", str(tmp_path / "00_good.txt"), "--format", "jsonl")
    assert json.loads(good.stdout) == by_name["00_good.txt"]


# --- long runs and workers


def notes_with_unique_numbers(count: int) -> list[Note]:
    bodies = [next(read_notes([path])).text for path in (SAMPLE, SECOND)]
    return [
        build_note(
            f"Accession: ACC{index:07d} MRN {index * 7919:08d}\n" + bodies[index % 2],
            {"note_id": f"U-{index}"},
            source=f"<run {index}>",
            default_id="u",
        )
        for index in range(count)
    ]


def test_past_the_vocabulary_limit_strings_are_freed_and_reports_unchanged(checker, monkeypatch):
    notes = notes_with_unique_numbers(3 * engine.BATCH_SIZE)
    plain = [r.to_json_line() for r in checker.check_notes(notes)]
    monkeypatch.setitem(engine._VOCABULARY_LIMITS, id(checker.nlp), 0)  # zone every batch
    before = len(checker.nlp.vocab.strings)
    fresh = notes_with_unique_numbers(6 * engine.BATCH_SIZE)[3 * engine.BATCH_SIZE :]
    list(checker.check_notes(fresh))  # numbers this process has never seen
    assert len(checker.nlp.vocab.strings) == before
    assert [r.to_json_line() for r in checker.check_notes(notes)] == plain


_WORKER_CHECK = engine._worker_check


def dies_on_poison(notes: list[Note]) -> list[Report]:
    """A worker's task that ends its process, as if killed for memory, on a poisoned note."""
    if any(note.text.startswith("POISON") for note in notes):
        os._exit(1)
    return _WORKER_CHECK(notes)


def test_a_note_that_kills_its_worker_is_the_only_error_line(tmp_path, monkeypatch):
    for index in range(3 * engine.BATCH_SIZE):
        note = tmp_path / f"n{index:04d}.txt"
        _, body = front_matter_and_body(SECOND)
        text = f"---\nnote_id: W-{index}\n---\n{body}"
        note.write_text(text, encoding="utf-8")
    (tmp_path / "n0070.txt").write_text("POISON: this note kills its worker\n", encoding="utf-8")
    monkeypatch.setattr(engine, "_worker_check", dies_on_poison)
    monkeypatch.setattr(
        engine, "_worker_context", lambda: multiprocessing.get_context("fork")
    )  # the forked workers see the patched function
    reports = list(check_paths([tmp_path], workers=2))
    assert len(reports) == 3 * engine.BATCH_SIZE
    assert [Path(r.source).name for r in reports] == sorted(p.name for p in tmp_path.iterdir())
    lost = [r for r in reports if r.status == "error"]
    assert [Path(r.source).name for r in lost] == ["n0070.txt"]  # only the note that kills
    assert "worker process stopped" in lost[0].error


# --- hostile and unlucky inputs: every one still gets its line, no other note is lost


def test_extensions_match_in_any_case_and_a_named_upper_case_jsonl_is_jsonl(tmp_path):
    _, body = front_matter_and_body(SAMPLE)
    (tmp_path / "A.TXT").write_bytes(SAMPLE.read_bytes())
    records = [{"note_id": f"J-{n}", "text": body} for n in (1, 2)]
    export = tmp_path / "B.JSONL"
    export.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    assert [Path(p).name for p in iter_paths([tmp_path])] == ["A.TXT", "B.JSONL"]
    named = reports_for(export)
    assert [r.note_id for r in named] == ["J-1", "J-2"]
    assert all(r.status != "error" for r in named)


@pytest.mark.parametrize(
    ("line_end", "label"), [("\r", "old Mac CR only"), ("\r\n", "CRLF"), ("\n", "LF")]
)
def test_jsonl_records_end_at_any_line_end(tmp_path, line_end, label):
    _, body = front_matter_and_body(SAMPLE)
    records = [json.dumps({"note_id": f"R-{n}", "text": body}) for n in range(3)]
    path = tmp_path / "export.jsonl"
    path.write_bytes(line_end.join(records).encode() + line_end.encode())
    reports = reports_for(path)
    assert [r.note_id for r in reports] == ["R-0", "R-1", "R-2"], label
    assert [r.source for r in reports] == [f"{path}:{n}" for n in (1, 2, 3)]
    assert all(r.status != "error" for r in reports)


def test_lone_surrogates_in_values_and_file_names_never_stop_the_run(tmp_path):
    _, body = front_matter_and_body(SAMPLE)
    export = tmp_path / "a.jsonl"
    export.write_text(
        '{"note_id": "B-\\udfff", "text": "Right C5-6 \\ud800 injection."}\n'
        + json.dumps({"note_id": "B-2", "text": body})
        + "\n",
        encoding="utf-8",
    )
    (tmp_path / "b.txt").write_text(
        '---\nnote_id: "Y-\\udfff"\nprovider: "Dr \\ud83d"\n---\n' + body, encoding="utf-8"
    )
    (tmp_path / os.fsdecode(b"c-\xff.txt")).write_text(front_matter_and_body(SECOND)[1])
    result = run_cli("check", str(tmp_path), "--format", "jsonl")
    assert "Traceback" not in result.stderr
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert [line["note_id"] for line in lines] == ["B-\ufffd", "B-2", "Y-\ufffd", "c-\ufffd"]
    assert [line["status"] != "error" for line in lines] == [True] * 4


@pytest.mark.parametrize("workers", ["1", "2"])
def test_huge_numbers_and_deep_nesting_are_that_records_error(tmp_path, workers):
    _, body = front_matter_and_body(SAMPLE)
    good = [json.dumps({"note_id": f"G-{n}", "text": body}) for n in range(70)]
    lines = [
        *good[:30],
        '{"note_id": "H-1", "text": "Right C5-6.", "n": ' + "9" * 5000 + "}",
        '{"note_id": "D-1", "text": "Right C5-6.", "x": ' + "[" * 900 + "]" * 900 + "}",
        *good[30:],
    ]
    path = tmp_path / "export.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = run_cli("check", str(path), "--format", "jsonl", "--workers", workers)
    assert "Traceback" not in result.stderr
    reports = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(reports) == 72
    errors = {r["source"].rsplit(":", 1)[1]: r["error"] for r in reports if r["status"] == "error"}
    assert set(errors) == {"31", "32"}
    assert "4300" in errors["31"] or "digits" in errors["31"]
    assert "nested more than" in errors["32"]


def test_a_yaml_alias_bomb_is_refused_quickly_and_small(tmp_path):
    bomb = ['a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for level in range(1, 9):
        bomb.append(f"a{level}: &a{level} [" + ", ".join([f"*a{level - 1}"] * 9) + "]")
    path = tmp_path / "bomb.txt"
    path.write_text("---\n" + "\n".join(bomb) + "\nnote_id: BOMB\n---\nRight C5-6.\n")
    assert path.stat().st_size < 3000
    report = only_report(path)  # before: 1.9 GB, 15 s and a 624 MB report line
    assert_error(report, path, "YAML front matter refused", "aliases")
    assert len(report.to_json_line()) < 2000


def test_a_few_yaml_aliases_are_still_read(tmp_path):
    _, body = front_matter_and_body(SAMPLE)
    path = tmp_path / "alias.txt"
    path.write_text(
        "---\nnote_id: &id AL-1\nencounter_id: *id\nbilled_codes: [64490-RT]\n---\n" + body
    )
    report = only_report(path)
    assert report.status != "error", report.error
    assert report.note_id == "AL-1"


def test_bomless_utf16_with_curly_quotes_is_text_not_binary(tmp_path):
    expected = clean_twin(tmp_path)
    text = SAMPLE.read_text(encoding="utf-8").replace("PROCEDURE", "PROCEDURE \u2019\u201c\u2014")
    for name, codec in (("le.txt", "utf-16-le"), ("be.txt", "utf-16-be")):
        path = tmp_path / name
        path.write_bytes(text.encode(codec))
        report = only_report(path)
        assert report.status == expected.status, (name, report.error)
        assert report.codes == expected.codes


@pytest.mark.parametrize(
    ("front", "reason"),
    [
        ("note_id: !!set {b, a}", "'note_id' must be a single value, not a set"),
        ("billed_codes: !!set {64490-RT, 64491-RT}", "'billed_codes' must be a code"),
        ("billed_codes: [{code: 64490}]", "not a mapping"),
        ("payer: [medicare, aetna]", "'payer' must be a single value, not a list"),
        ("diagnoses: [[M47.812]]", "'diagnoses' must be a code"),
    ],
)
def test_non_scalar_ids_payers_and_codes_are_error_lines(tmp_path, front, reason):
    _, body = front_matter_and_body(SAMPLE)
    path = tmp_path / "set.txt"
    path.write_text(f"---\n{front}\n---\n{body}", encoding="utf-8")
    assert_error(only_report(path), path, reason)


def test_set_values_give_the_same_bytes_whatever_the_hash_seed(tmp_path):
    _, body = front_matter_and_body(SAMPLE)
    path = tmp_path / "set.txt"
    path.write_text(f"---\nbilled_codes: !!set {{64490-RT, 64491-RT, 64492-RT}}\n---\n{body}")
    outputs = {
        run_cli(
            "check", str(path), "--format", "jsonl", env={**os.environ, "PYTHONHASHSEED": seed}
        ).stdout
        for seed in ("0", "1", "2", "3")
    }
    assert len(outputs) == 1


# --- characters that read the same to a person and differently to a matcher


NEGATED = front_matter_and_body(SAMPLE)[1].replace(
    "Needles were removed intact.", "The C6-7 level was not injected. Needles were removed intact."
)
BILLED = ["64490-RT", "64491-RT", "64492-RT"]


@pytest.mark.parametrize(
    ("label", "old", "new", "warned"),
    [
        ("zero-width space in not", "was not injected", "was no\u200bt injected", True),
        ("Cyrillic o in not", "was not injected", "was n\u043et injected", True),
        ("right-to-left override", "was not injected", "was \u202enot\u202c injected", True),
        ("zero-width joiner", "was not injected", "was n\u200dot injected", True),
        ("soft hyphen in a level", "C5-6 and", "C5\u00ad-6 and", True),
        ("Cyrillic C in a level", "Right C4-5, C5-6", "Right C4-5, \u04215-6", True),
        ("Greek omicron", "was not injected", "was n\u03bft injected", True),
        (
            "Cyrillic o between invisibles",
            "was not injected",
            "was n\u200b\u043e\u200bt injected",
            True,
        ),
        ("non-breaking hyphen", "C5-6 and", "C5\u20116 and", False),
        ("minus sign", "C5-6 and", "C5\u22126 and", False),
        ("no-break space", "Right C4-5", "Right\u00a0C4-5", False),
        ("full-width digits", "C5-6 and", "C\uff15-\uff16 and", False),
    ],
)
def test_look_alike_and_invisible_characters_read_as_a_person_reads_them(
    check, label, old, new, warned
):
    clean = check(NEGATED, billed_codes=BILLED)
    assert "C6-C7" not in [fact.level for fact in clean.extraction.levels]  # the premise
    text = NEGATED.replace(old, new, 1)
    assert text != NEGATED
    report = check(text, billed_codes=BILLED)
    assert report.extraction.levels_by_side() == clean.extraction.levels_by_side(), label
    assert report.codes == clean.codes, label
    assert "64492-RT" not in report.codes.supported
    for piece in evidence_pieces(report.model_dump()):
        assert text[piece["start"] : piece["end"]] == piece["text"]  # the note as written
    hidden = [gap for gap in report.gaps if gap.requirement == "text.hidden_characters"]
    assert bool(hidden) == warned, label
    if warned:
        assert hidden[0].severity == "warning"
        assert report.status in ("needs_review", "fail")
        assert any(new.strip() in text[e.start : e.end] or e.text for e in hidden[0].evidence)


def test_a_cyrillic_word_is_left_as_written(check):
    body = front_matter_and_body(SAMPLE)[1]
    report = check(body + "\nПациент доволен.\n")
    assert "text.hidden_characters" not in [gap.requirement for gap in report.gaps]


def stuck_on_marker(notes: list[Note]) -> list[Report]:
    """A worker's task that hangs where no alarm reaches it (as C code can), on a marked note."""
    if any(note.text.startswith("STUCK") for note in notes):
        signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGALRM})
        time.sleep(600)
    return _WORKER_CHECK(notes)


def test_a_worker_stuck_past_the_time_limit_is_ended_and_only_its_note_fails(tmp_path, monkeypatch):
    _, body = front_matter_and_body(SECOND)
    for index in range(3):
        (tmp_path / f"n{index}.txt").write_text(f"---\nnote_id: S-{index}\n---\n{body}")
    (tmp_path / "n1.txt").write_text("STUCK: this note never finishes\n")
    monkeypatch.setattr(engine, "_worker_check", stuck_on_marker)
    monkeypatch.setattr(engine, "STUCK_MARGIN_SECONDS", 2.0)
    monkeypatch.setattr(engine, "_worker_context", lambda: multiprocessing.get_context("fork"))
    started = time.monotonic()
    reports = list(check_paths([tmp_path], workers=2, note_timeout=0.5))
    assert time.monotonic() - started < 60
    assert [r.status == "error" for r in reports] == [False, True, False]
    assert "0.5 s limit (--note-timeout)" in reports[1].error
