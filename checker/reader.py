"""Read notes from `.txt` files (optional YAML front matter), `.jsonl` records and folders.

Nothing is ever dropped and nothing raises for a bad note: a note that cannot be read
becomes a `Note` with `read_error` set (naming the file, and the line for JSONL), so the
report still has its line (contract: notes in = lines out). Only a path given on the
command line that does not exist is a usage error (`InputError`).

Guarantees, in the order the reader applies them:
- Extensions match in any case (`A.TXT`, `B.JSONL`). Folders are walked in sorted path
  order; hidden folders, `gold.jsonl` (annotations, not notes) and report sets (a folder
  holding a `run.json` manifest, or the run's own `--out`) are skipped. A symlink is
  followed only when it stays inside the folders named (a folder symlink once: a loop is
  not walked twice), unless `follow_symlinks`; one that leaves them is an error line. A
  folder that cannot be listed, a dangling or looping symlink, a FIFO or other special
  file named `*.txt` each give an error line; a FIFO is never opened.
- Bytes are decoded as UTF-8 (with or without BOM), UTF-16/32 with BOM, BOM-less UTF-16
  (nearly every other byte zero), else cp1252; binary data (an image or PDF renamed
  `.txt`) is an error line. Line ends (`\\r\\n`, `\\r`, `\\n`, also between JSONL records)
  are normalised to `\\n`; evidence offsets refer to that text. A lone surrogate (from a
  `\\udfff` escape or an undecodable file name) becomes U+FFFD, so every line can be written.
- Front matter is YAML read with limits (aliases, nesting, expanded size), JSONL records
  may nest only so deep and numbers too long for Python are that record's error; ids,
  payers and codes must be plain values (a `!!set` or mapping is an error line).
- Files and JSONL records are read one at a time (a JSONL file line by line), so memory
  does not grow with the batch; a file or record longer than the pipeline accepts is an
  error line, refused before it is loaded.
- An empty file, a note without text, malformed front matter, a broken JSONL line, a
  record without `text` and a repeated `note_id` are error lines.
"""

from __future__ import annotations

import codecs
import contextlib
import datetime as dt
import io
import json
import os
import re
import stat
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any, BinaryIO

import yaml

from checker.models import CLAIM_TYPES, ClaimType, Note
from checker.pipeline import MAX_NOTE_CHARS
from checker.report.files import MANIFEST_NAME

NOTE_SUFFIXES = (".txt", ".jsonl", ".json", ".hl7")  # lower-cased; .json, .hl7: checker.interop
# Gold annotations sit beside annotated notes (contract); a folder walk does not read them as notes.
GOLD_FILE = "gold.jsonl"
_RESERVED_KEYS = frozenset(Note.model_fields) | {"text"}
_FRONT_MATTER_FENCE = "---"
# A UTF-8 character takes at most 4 bytes; a file past this cannot fit the limit once decoded.
MAX_NOTE_BYTES = 4 * MAX_NOTE_CHARS + 64 * 1024
_READ_CHUNK = 1 << 20
_BINARY_SAMPLE = 4096
_BINARY_SHARE = 0.1
# BOM-less UTF-16: this share of the odd (or even) bytes is zero and almost none of the others.
_UTF16_ZERO_SHARE = 0.7
# A binary sample needs this many control characters, not just a share (tiny text files).
_BINARY_MIN_CONTROL = 4
# Front matter and JSONL records hold a few keys; these bounds keep hostile ones cheap.
MAX_ALIASES = 20
MAX_NESTING = 32
MAX_EXPANDED_NODES = 10_000
MAX_FRONT_MATTER_CHARS = 64 * 1024
_BRACKET = re.compile(r"[\[\]{}]")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f]")  # control characters but \t \n \f \r
_LONE_SURROGATE = re.compile("[\ud800-\udfff]")
_BOMS = (  # longest first: the UTF-32 LE mark starts with the UTF-16 LE mark
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


class InputError(Exception):
    """A path given on the command line does not exist."""


def is_note_file(name: str) -> bool:
    lowered = name.lower()
    return lowered.endswith(NOTE_SUFFIXES) and lowered != GOLD_FILE


def iter_paths(
    paths: Iterable[str | Path],
    *,
    follow_symlinks: bool = False,
    skip: Iterable[str | Path] = (),
) -> Iterator[Path]:
    """Every note file below the given paths: files as given, folders recursively, sorted.

    A folder that cannot be listed, and a symlink leaving the named folders (unless
    `follow_symlinks`), is yielded itself, so reading it gives an error line. Folders in
    `skip` (the run's own output) and report sets are not walked.
    """
    skipped = {_resolved(Path(folder)) for folder in skip}
    roots = [_resolved(Path(raw)) for raw in paths] if not follow_symlinks else None
    for raw in paths:
        if _is_standard_input(raw):
            yield _standard_input(raw)
            continue
        path = Path(raw)
        if path.is_dir():
            if not _is_report_set(path, skipped):
                yield from _walk(path, roots, skipped)
        elif path.exists() or path.is_symlink():
            yield path
        else:
            raise InputError(f"no such file or folder: {raw}")


def _resolved(path: Path) -> Path:
    try:
        return path.resolve()
    except (OSError, RuntimeError):  # a symlink loop: judged by where it sits
        return path.absolute()


def _is_report_set(folder: Path, skipped: set[Path]) -> bool:
    """The run's own output folder, or any folder holding a report set's manifest."""
    return _resolved(folder) in skipped or (folder / MANIFEST_NAME).is_file()


def _inside(path: Path, roots: list[Path] | None) -> bool:
    if roots is None:
        return True
    target = _resolved(path)
    return any(target == root or target.is_relative_to(root) for root in roots)


def _walk(folder: Path, roots: list[Path] | None, skipped: set[Path]) -> Iterator[Path]:
    found: list[Path] = []
    visited: set[tuple[int, int]] = set()
    pending = [folder]
    while pending:
        current = pending.pop()
        try:
            info = current.stat()
            if (info.st_dev, info.st_ino) in visited:
                continue  # a symlink back to a folder already walked
            visited.add((info.st_dev, info.st_ino))
            entries = list(os.scandir(current))
        except OSError:
            found.append(current)  # read_notes turns it into an error line
            continue
        for entry in entries:
            path = Path(entry.path)
            if entry.is_symlink() and not _inside(path, roots):
                if _is_folder(entry) or is_note_file(entry.name):
                    found.append(path)  # read_notes says it leads outside the input
            elif _is_folder(entry):
                if not entry.name.startswith(".") and not _is_report_set(path, skipped):
                    pending.append(path)
            elif is_note_file(entry.name):
                found.append(path)
    yield from sorted(found)


def _is_folder(entry: os.DirEntry) -> bool:
    try:
        return entry.is_dir()  # follows symlinks; a looping or dangling link is not a folder
    except OSError:
        return False


def read_notes(
    paths: Iterable[str | Path],
    *,
    follow_symlinks: bool = False,
    skip: Iterable[str | Path] = (),
) -> Iterator[Note]:
    """Yield a `Note` per note in input order (a JSONL file yields one per line)."""
    paths = list(paths)
    roots = None if follow_symlinks else [_resolved(Path(raw)) for raw in paths]
    seen: dict[str, str] = {}
    for path in iter_paths(paths, follow_symlinks=follow_symlinks, skip=skip):
        inside = _is_standard_input(path) or _inside(path, roots)
        notes = _read_path_safely(path) if inside else _outside(path)
        for note in notes:
            where = seen.get(note.note_id)
            if where is not None and note.read_error is None:
                note.read_error = (
                    f"{note.source}: duplicate note_id {note.note_id!r} (also in {where})"
                )
            seen.setdefault(note.note_id, note.source)
            yield note


def _outside(path: Path) -> Iterator[Note]:
    kind = "folder" if path.is_dir() else "file"
    yield error_note(
        path.stem,
        str(path),
        f"not read: a symbolic link to a {kind} outside the folders given "
        "(--follow-symlinks reads it)",
    )


def _read_path_safely(path: Path) -> Iterator[Note]:
    """`_read_path`, with any unexpected failure turned into an error line for that file."""
    produced = 0
    try:
        for note in _read_standard_input(path) if _is_standard_input(path) else _read_path(path):
            produced += 1
            yield note
    except Exception as exc:  # one bad file must never stop the batch
        source = str(path) if produced == 0 else f"{path} (after record {produced})"
        yield error_note(path.stem, source, f"cannot read: {type(exc).__name__}: {exc}")


def error_note(note_id: str, source: str, reason: str) -> Note:
    """A note that could not be read: it still gets its report line."""
    note_id, source = scrub(note_id), scrub(source)
    return Note(note_id=note_id, source=source, text="", read_error=f"{source}: {scrub(reason)}")


def scrub(text: str) -> str:
    """Lone surrogates (a JSON `\\udfff` escape, an undecodable file name) cannot be written
    as UTF-8; they become U+FFFD so the note's line can always be written."""
    return _LONE_SURROGATE.sub("\ufffd", text)


def _scrub_value(value: Any) -> Any:
    if isinstance(value, str):
        return scrub(value)
    if isinstance(value, list):
        return [_scrub_value(item) for item in value]
    if isinstance(value, dict):
        return {_scrub_value(key): _scrub_value(item) for key, item in value.items()}
    return value


def _read_path(path: Path) -> Iterator[Note]:
    source = str(path)
    try:
        info = path.stat()
    except OSError as exc:
        yield error_note(path.stem, source, f"cannot read: {exc.strerror or exc}")
        return
    if stat.S_ISDIR(info.st_mode):
        yield error_note(path.stem, source, f"cannot list folder: {_listing_problem(path)}")
        return
    if not stat.S_ISREG(info.st_mode):
        yield error_note(path.stem, source, "cannot read: not a regular file")
        return
    try:
        with path.open("rb") as handle:
            if path.suffix.lower() == ".jsonl":
                yield from _read_jsonl(path, handle)
                return
            if path.suffix.lower() in (".json", ".hl7"):  # FHIR and HL7 v2: checker.interop
                from checker.interop import read_interop_path

                yield from read_interop_path(path, handle)
                return
            if info.st_size > MAX_NOTE_BYTES:
                yield error_note(path.stem, source, _too_long(f"{info.st_size:,} bytes"))
                return
            raw = handle.read()
    except OSError as exc:
        yield error_note(path.stem, source, f"cannot read: {exc.strerror or exc}")
        return
    text, problem = decode(raw)
    if problem:
        yield error_note(path.stem, source, problem)
        return
    yield note_from_text(text, source=source, default_id=path.stem)


def _listing_problem(folder: Path) -> str:
    try:
        os.listdir(folder)
    except OSError as exc:
        return exc.strerror or str(exc)
    return "it changed while being read"


def _too_long(size: str) -> str:
    return f"note too long ({size}; limit {MAX_NOTE_CHARS:,} characters)"


def sniff_encoding(head: bytes) -> str | None:
    """The encoding a byte-order mark (or BOM-less UTF-16 zero bytes) announces, else None."""
    for bom, encoding in _BOMS:
        if head.startswith(bom):
            return encoding
    sample = head[:_BINARY_SAMPLE]
    sample = sample[: len(sample) - len(sample) % 2]
    if len(sample) >= 4:
        half = len(sample) // 2
        odd_zeros, even_zeros = sample[1::2].count(0), sample[0::2].count(0)
        # mostly ASCII in UTF-16: one byte of each pair zero, the other almost never
        # (a curly quote or dash has both bytes set); decode() still checks the whole file
        if odd_zeros >= _UTF16_ZERO_SHARE * half and even_zeros <= half // 100:
            return "utf-16-le"
        if even_zeros >= _UTF16_ZERO_SHARE * half and odd_zeros <= half // 100:
            return "utf-16-be"
    return None


def decode(raw: bytes) -> tuple[str, str | None]:
    """(text, problem): UTF-8, UTF-16/32 with BOM, BOM-less UTF-16, else cp1252; binary fails."""
    encoding = sniff_encoding(raw)
    try:
        text = raw.decode(encoding or "utf-8")
    except UnicodeDecodeError:
        if encoding or b"\x00" in raw[:_BINARY_SAMPLE]:
            return "", _binary_problem(encoding)
        text = raw.decode("cp1252", errors="replace")
    if _looks_binary(text):
        return "", _binary_problem(encoding)
    return normalise_line_ends(text), None


def _binary_problem(encoding: str | None) -> str:
    if encoding:
        return f"not valid {encoding} text despite its byte-order mark"
    return "binary data, not a text note"


def normalise_line_ends(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _looks_binary(text: str) -> bool:
    sample = text[:_BINARY_SAMPLE]
    control = len(_CONTROL.findall(sample))
    odd = control + sample.count("\ufffd")
    return odd >= _BINARY_MIN_CONTROL and odd / len(sample) > _BINARY_SHARE


def note_from_text(text: str, source: str, default_id: str) -> Note:
    """A note from a `.txt` body with optional front matter."""
    metadata: dict[str, Any] = {}
    body = text
    lines = text.split("\n")
    if lines and lines[0].strip() == _FRONT_MATTER_FENCE:
        closing = next(
            (i for i, line in enumerate(lines[1:], 1) if line.strip() == _FRONT_MATTER_FENCE), None
        )
        if closing is None:
            return error_note(default_id, source, "front matter has no closing '---'")
        loaded, problem = _load_front_matter("\n".join(lines[1:closing]))
        if problem:
            return error_note(default_id, source, problem)
        metadata = loaded
        body = "\n".join(lines[closing + 1 :])
    return build_note(body, metadata, source, default_id)


_PLAIN_VALUE = (
    r"""(?:\[\]|\{\}|'[^'\n]*'|"[^"\\\n]*"|[^&*!\[\]{}|>\t%@`"'#\n]*)"""
    r"(?: +#[^\n]*)?"
)
_PLAIN_KEY = r"[A-Za-z0-9_][A-Za-z0-9_ .-]*:"
# Lines of `key: value`, `- item`, `- key: value`, comments or nothing; each line is an
# atomic group, so a block that does not match fails in linear time.
_PLAIN_FRONT_MATTER = re.compile(
    rf"(?>(?: {{0,8}}(?:- +)?{_PLAIN_KEY}(?: +{_PLAIN_VALUE})?| {{0,8}}- +{_PLAIN_VALUE}"
    rf"| *(?:#[^\n]*)?)(?:\n|\Z))*"
)
_C_LOADER = getattr(yaml, "CSafeLoader", None)


class _TooBig(ValueError):
    """Front matter past the reader's limits (an alias bomb, deep nesting)."""


class _BoundedLoader(yaml.SafeLoader):
    """PyYAML's safe loader with the limits YAML loaders in services use: a few aliases,
    shallow nesting and a bounded size once aliases are expanded (an alias bomb of 2 KB
    otherwise expands to gigabytes)."""

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self.aliases = 0
        self.depth = 0

    def compose_node(self, parent: Any, index: Any) -> Any:
        if self.check_event(yaml.AliasEvent):
            self.aliases += 1
            if self.aliases > MAX_ALIASES:
                raise _TooBig(f"more than {MAX_ALIASES} aliases")
        self.depth += 1
        try:
            if self.depth > MAX_NESTING:
                raise _TooBig(f"nested more than {MAX_NESTING} levels")
            return super().compose_node(parent, index)
        finally:
            self.depth -= 1


def _expanded_nodes(node: yaml.Node, sizes: dict[int, int]) -> int:
    """Nodes the document has once every alias is expanded (shared nodes counted once each
    time they are used, computed without expanding)."""
    known = sizes.get(id(node))
    if known is not None:
        return known
    total = 1
    if isinstance(node, yaml.SequenceNode):
        total += sum(_expanded_nodes(item, sizes) for item in node.value)
    elif isinstance(node, yaml.MappingNode):
        total += sum(_expanded_nodes(k, sizes) + _expanded_nodes(v, sizes) for k, v in node.value)
    sizes[id(node)] = total = min(total, MAX_EXPANDED_NODES + 1)
    return total


def _flow_depth(block: str) -> int:
    """How deeply `[` and `{` nest, counted in one pass: PyYAML's scanner slows down with
    the square of the depth, so a deep block is refused before it is parsed."""
    depth = deepest = 0
    for match in _BRACKET.finditer(block):
        depth = depth + 1 if match.group() in "[{" else max(depth - 1, 0)
        deepest = max(deepest, depth)
    return deepest


def load_bounded_yaml(block: str) -> Any:
    """`yaml.safe_load` within the limits above; `_TooBig` (a ValueError) past them.

    Front matter of plain `key: value` and `- item` lines (no anchor, alias, tag or nested
    flow collection, shallow indentation: nothing to bound but its size) is read by libyaml
    when PyYAML has it, five times faster; anything else, and any error, by the pure-Python
    loader, which counts aliases and nesting as it goes and words the errors."""
    if len(block) > MAX_FRONT_MATTER_CHARS:
        raise _TooBig(f"longer than {MAX_FRONT_MATTER_CHARS:,} characters")
    if _flow_depth(block) > MAX_NESTING:
        raise _TooBig(f"nested more than {MAX_NESTING} levels")
    if _C_LOADER is not None and _PLAIN_FRONT_MATTER.fullmatch(block):
        with contextlib.suppress(yaml.YAMLError):
            return _load_node(_C_LOADER(block))
    return _load_node(_BoundedLoader(block))


def _load_node(loader: Any) -> Any:
    try:
        node = loader.get_single_node()
        if node is None:
            return None
        if _expanded_nodes(node, {}) > MAX_EXPANDED_NODES:
            raise _TooBig(f"more than {MAX_EXPANDED_NODES:,} values once aliases are expanded")
        return loader.construct_document(node)
    finally:
        loader.dispose()


def _load_front_matter(block: str) -> tuple[dict[str, Any], str | None]:
    try:
        loaded = load_bounded_yaml(block)
    except _TooBig as exc:
        return {}, f"YAML front matter refused: {exc}"
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 2}" if mark else ""  # +1 for 1-based, +1 for the fence
        return {}, f"malformed YAML front matter{where}"
    except (ValueError, RecursionError) as exc:  # e.g. a date like 2026-13-45
        return {}, f"malformed YAML front matter ({type(exc).__name__}: {exc})"
    if loaded is None:
        return {}, None
    if not isinstance(loaded, dict):
        return {}, "front matter is not a mapping of keys to values"
    return loaded, None


# Keys that must hold one plain value, and keys that may also hold a list of them.
_SCALAR_KEYS = (
    "note_id",
    "provider",
    "payer",
    "date_of_service",
    "patient_id",
    "encounter_id",
    "place_of_service",
    "claim_type",
)
_LIST_KEYS = ("billed_codes", "diagnoses")
_PLAIN = (str, int, float, dt.date)


def _metadata_problem(metadata: dict[str, Any]) -> str | None:
    """Why a key cannot be used (a set, a mapping or a nested list where a value belongs).

    A set has no order (its output would change from run to run), so it is refused too.
    """
    for key in _SCALAR_KEYS:
        value = metadata.get(key)
        if value is not None and not isinstance(value, _PLAIN):
            return f"{key!r} must be a single value, not {_kind(value)}"
    for key in _LIST_KEYS:
        value = metadata.get(key)
        items = value if isinstance(value, list) else [value]
        for item in items:
            if item is not None and not isinstance(item, _PLAIN):
                return f"{key!r} must be a code or a list of codes, not {_kind(item)}"
    return None


def _kind(value: Any) -> str:
    names: dict[type, str] = {set: "a set", frozenset: "a set", dict: "a mapping", list: "a list"}
    return names.get(type(value), f"a {type(value).__name__} value")


def build_note(body: str, metadata: dict[str, Any], source: str, default_id: str) -> Note:
    """A note from its text and front-matter (or JSONL record) keys; problems set `read_error`."""
    body, source, default_id = scrub(body), scrub(source), scrub(default_id)
    metadata = _scrub_value(metadata)
    problem = _metadata_problem(metadata)
    if problem:
        note_id = metadata.get("note_id")
        usable_id = str(note_id) if isinstance(note_id, _PLAIN) and note_id != "" else default_id
        return error_note(usable_id, source, problem)
    note_id = str(metadata.get("note_id") or default_id)
    extra = {k: v for k, v in metadata.items() if _is_extra_key(k)}
    note = Note(
        note_id=note_id,
        source=source,
        text=body,
        provider=_text_or_none(metadata.get("provider")),
        payer=_text_or_none(metadata.get("payer")),
        date_of_service=_date_or_none(metadata.get("date_of_service")),
        billed_codes=_codes(metadata.get("billed_codes")),
        patient_id=_text_or_none(metadata.get("patient_id")),
        encounter_id=_text_or_none(metadata.get("encounter_id")),
        diagnoses=_codes(metadata.get("diagnoses")),
        place_of_service=_place_of_service(metadata.get("place_of_service")),
        claim_type=_claim_type(metadata.get("claim_type")),
        **extra,
    )
    if not body.strip():
        note.read_error = f"{source}: empty note (no text)"
    elif len(body) > MAX_NOTE_CHARS:
        note.read_error = f"{source}: {_too_long(f'{len(body):,} characters')}"
    return note


def _is_extra_key(key: object) -> bool:
    return (
        isinstance(key, str)
        and key.isidentifier()
        and not key.startswith("_")
        and (key not in _RESERVED_KEYS)
    )


def _read_jsonl(path: Path, handle: BinaryIO) -> Iterator[Note]:
    """One note per non-blank line, read a line at a time; a bad line is that line's error."""
    head = handle.peek(_BINARY_SAMPLE)[:_BINARY_SAMPLE] if hasattr(handle, "peek") else b""
    encoding = sniff_encoding(head)
    if _looks_binary(head.decode(encoding or "utf-8", errors="replace")):
        yield error_note(path.stem, str(path), _binary_problem(None))
        return
    records = 0
    for number, line, problem in _jsonl_lines(handle, encoding):
        records += 1
        source = f"{path}:{number}"
        default_id = f"{path.stem}-{number}"
        if problem:
            yield error_note(default_id, source, problem)
            continue
        yield from _notes_from_record(line, source, default_id)
    if records == 0:
        yield error_note(path.stem, str(path), "empty JSONL file (no records)")


def _jsonl_lines(handle: BinaryIO, encoding: str | None) -> Iterator[tuple[int, str, str | None]]:
    """(line number, text, problem) for each non-blank line; an over-long line is not kept.

    Records end at `\\n`, `\\r\\n` or a lone `\\r` (old Mac exports): JSON never holds a
    raw line break inside a value. UTF-8 lines that do not decode are read as cp1252.
    """
    utf8 = not (encoding and encoding.startswith(("utf-16", "utf-32")))
    text = io.TextIOWrapper(
        handle,
        encoding="utf-8-sig" if utf8 else (encoding or "utf-8"),
        errors="surrogateescape" if utf8 else "replace",
        newline=None,
    )
    for number, line, complete in _lines(lambda: text.readline(MAX_NOTE_BYTES + 1), "\n"):
        if not complete:
            yield number, "", _too_long(f"line longer than {MAX_NOTE_BYTES:,} characters")
            continue
        if utf8 and _LONE_SURROGATE.search(line):
            line = line.encode("utf-8", "surrogateescape").decode("cp1252", errors="replace")
        if line.strip():
            yield number, line, None


def notes_in_file(path: Path) -> int:
    """How many notes (so report lines) reading `path` gives, counted without checking them:
    one per `.txt` or unreadable entry, one per non-blank JSONL record (at least one)."""
    if path.suffix.lower() != ".jsonl":
        return 1
    try:
        with path.open("rb") as handle:
            head = handle.peek(_BINARY_SAMPLE)[:_BINARY_SAMPLE]
            encoding = sniff_encoding(head)
            if _looks_binary(head.decode(encoding or "utf-8", errors="replace")):
                return 1
            return max(1, sum(1 for _ in _jsonl_lines(handle, encoding)))
    except (OSError, ValueError):
        return 1


def _lines(read: Callable[[], Any], newline: Any) -> Iterator[tuple[int, Any, bool]]:
    number = 0
    while True:
        line = read()
        if not line:
            return
        number += 1
        if len(line) > MAX_NOTE_BYTES and not line.endswith(newline):
            while line and not line.endswith(newline):  # skip the rest of the long line
                line = read()
            yield number, line[:0], False
            continue
        yield number, line, True


def parse_json(text: str) -> tuple[Any, str | None]:
    """The JSON value of `text`, or None and why it is not JSON (for an error line)."""
    try:
        return json.loads(text), None
    except json.JSONDecodeError as exc:
        return None, f"invalid JSON ({exc.msg} at line {exc.lineno} column {exc.colno})"
    except RecursionError:
        return None, "invalid JSON (nested too deeply)"
    except ValueError as exc:  # e.g. an integer of more than 4,300 digits
        return None, f"invalid JSON ({exc})"


def _notes_from_record(line: str, source: str, default_id: str) -> Iterator[Note]:
    """A JSONL line: a note record, or a FHIR resource (`resourceType`) for checker.interop."""
    record, problem = parse_json(line)
    if problem:
        yield error_note(default_id, source, problem)
        return
    if not isinstance(record, dict):
        yield error_note(default_id, source, "record is not a JSON object")
        return
    if _nesting(record) > MAX_NESTING:
        yield error_note(default_id, source, f"record nested more than {MAX_NESTING} levels")
        return
    if "resourceType" in record:
        from checker.interop import notes_from_jsonl_record

        yield from notes_from_jsonl_record(record, source, default_id)
        return
    body = record.get("text")
    if not isinstance(body, str):
        note_id = str(record.get("note_id") or default_id)
        yield error_note(note_id, source, "record has no 'text' string")
        return
    yield build_note(normalise_line_ends(body), record, source, default_id)


def notes_from_jsonl_line(line: str, source: str, default_id: str) -> Iterator[Note]:
    """The notes one JSON Lines record holds (one, or several for a FHIR Bundle)."""
    return _notes_from_record(line, source, default_id)


def _is_standard_input(raw: object) -> bool:
    return str(raw) == "-" or type(raw).__name__ == "StandardInput"


def _standard_input(raw: object):
    """`-` as standard input (checker.interop.StandardInput, which knows its input format)."""
    from checker.interop import StandardInput

    return raw if isinstance(raw, StandardInput) else StandardInput()


def _read_standard_input(stdin) -> Iterator[Note]:
    """A note, JSON Lines, a FHIR resource or HL7 messages on standard input."""
    from checker.interop import notes_from_bytes

    raw = stdin.read()
    fmt = stdin.resolved_format()
    source, default_id = str(stdin), stdin.stem
    if fmt == "jsonl":
        yield from _read_jsonl(stdin, io.BufferedReader(io.BytesIO(raw)))
    elif fmt in ("fhir", "hl7"):
        yield from notes_from_bytes(raw, fmt, source, default_id)
    elif len(raw) > MAX_NOTE_BYTES:
        yield error_note(default_id, source, _too_long(f"over {MAX_NOTE_BYTES:,} bytes"))
    else:
        text, problem = decode(raw)
        yield (
            error_note(default_id, source, problem)
            if problem
            else note_from_text(text, source=source, default_id=default_id)
        )


def _nesting(value: Any) -> int:
    """How deeply lists and objects nest in a JSON value (iteratively: no recursion limit)."""
    deepest, pending = 0, [(value, 1)]
    while pending:
        current, depth = pending.pop()
        if isinstance(current, dict | list):
            deepest = max(deepest, depth)
            items = current.values() if isinstance(current, dict) else current
            pending.extend((item, depth + 1) for item in items)
    return deepest


def _text_or_none(value: Any) -> str | None:
    return None if value is None else str(value)


def _place_of_service(value: Any) -> str | None:
    """CMS place-of-service codes are two digits; YAML reads `11` as a number."""
    if value is None or value == "":
        return None
    text = str(value).strip()
    return text.zfill(2) if text.isdigit() else text


def _claim_type(value: Any) -> ClaimType | None:
    text = str(value).strip().lower() if value is not None else ""
    return next((kind for kind in CLAIM_TYPES if kind == text), None)


def _date_or_none(value: Any) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value)) if value else None
    except ValueError:
        return None


def _codes(value: Any) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        value = value.replace(";", ",").split(",")
    if not isinstance(value, list):
        value = [value]
    return [str(code).strip() for code in value if str(code).strip()]
