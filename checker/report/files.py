"""Safe output files: line files that never hold a torn line, and page names from any note id."""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import unicodedata
from pathlib import Path
from types import TracebackType
from typing import Self

from checker.stopping import stops_deferred

_SLUG_KEEP = re.compile(r"[^a-z0-9]+")
SLUG_MAX = 40
HASH_CHARS = 10
# A report set's manifest: what a billing job checks, and how input walks know to skip it.
MANIFEST_NAME = "run.json"
_PAGE_NAME = re.compile(rf"[a-z0-9-]*-[0-9a-f]{{{HASH_CHARS}}}(-[0-9]+)?\.html")


def slug(text: str) -> str:
    """Lower-case ASCII letters, digits and single dashes; never empty."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    cleaned = _SLUG_KEEP.sub("-", ascii_text.lower()).strip("-")
    return cleaned[:SLUG_MAX].strip("-") or "note"


class PageNames:
    """File names for pages: a readable slug plus a short hash of what the page stands for.

    Ids can contain any character (slashes, dots, markup) and can repeat, so the slug is
    only for people; the hash of (key parts) keeps names stable across runs, and a counter
    makes a repeated key unique within one run.
    """

    def __init__(self, suffix: str = ".html") -> None:
        self.suffix = suffix
        self.used: set[str] = set()

    def name(self, label: str, *key: str) -> str:
        digest = hashlib.sha256("\0".join((label, *key)).encode("utf-8")).hexdigest()
        digest = digest[:HASH_CHARS]
        base = f"{slug(label)}-{digest}"
        candidate, repeat = base, 1
        while candidate + self.suffix in self.used:
            repeat += 1
            candidate = f"{base}-{repeat}"
        self.used.add(candidate + self.suffix)
        return candidate + self.suffix


def remove_stale_pages(folder: Path, keep: set[str]) -> None:
    """Delete pages an earlier run wrote here for notes or clinicians that are gone.

    Only names of the form `PageNames` makes are touched, so other files are safe.
    """
    for page in folder.glob("*.html"):
        if page.name not in keep and _PAGE_NAME.fullmatch(page.name):
            page.unlink()


class OutputError(OSError):
    """The report set cannot be written: disk full, read-only or unwritable folder, or
    another run is writing to the same folder. The message says which and where."""


def output_error(where: Path, exc: OSError) -> OutputError:
    reason = exc.strerror or str(exc)
    return OutputError(exc.errno or 0, f"cannot write {where}: {reason}")


class OutputLock:
    """An exclusive lock on an output folder (`.lock`), so two runs never write into the
    same report set. The operating system releases it when the process ends, however."""

    def __init__(self, folder: Path) -> None:
        import fcntl  # POSIX; the checker runs on Linux and macOS

        self.path = folder / ".lock"
        try:
            self.fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        except OSError as exc:
            raise output_error(self.path, exc) from exc
        try:
            fcntl.flock(self.fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as exc:
            holder = os.pread(self.fd, 32, 0).decode("ascii", "replace").strip() or "unknown"
            os.close(self.fd)
            raise OutputError(
                exc.errno or 0,
                f"{folder} is in use by another checker run (process {holder}); "
                "wait for it to finish or give another --out",
            ) from exc
        os.ftruncate(self.fd, 0)
        os.pwrite(self.fd, f"{os.getpid()}\n".encode(), 0)

    def release(self) -> None:
        if self.fd >= 0:
            os.close(self.fd)  # closing drops the lock
            self.fd = -1


class LineFile:
    """A text file written one whole line at a time, straight to its final name.

    Each line goes out in one unbuffered write; should the disk fill (or a size limit hit)
    part way through a line, the file is cut back to the last whole line before the error
    is raised, so the file ends between lines after any error or stop the run handles. Only
    `kill -9` in the middle of a write of several pages can leave a cut last line (the kernel
    may end such a write early for a process being killed). Whether the run finished is the
    manifest's business (`run.json`, `complete: false`), not the file's.
    """

    def __init__(self, path: Path, newline: str | None = "\n") -> None:
        self.path = path
        try:
            self.fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
        except OSError as exc:
            raise output_error(path, exc) from exc
        self.size = 0
        self.lines = 0

    def write_line(self, line: str) -> None:
        if not line.endswith("\n"):
            line += "\n"
        data = memoryview(line.encode("utf-8"))
        written = 0
        # A stop arriving between the write and the count would leave a line in the file that
        # the manifest does not count, so it waits until both are done.
        with stops_deferred():
            try:
                while written < len(data):
                    written += os.write(self.fd, data[written:])
            except OSError as exc:
                if written:
                    os.ftruncate(self.fd, self.size)
                raise output_error(self.path, exc) from exc
            self.size += written
            self.lines += 1

    def close(self) -> None:
        if self.fd >= 0:
            os.close(self.fd)
            self.fd = -1

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self.close()


def write_text_atomic(path: Path, text: str) -> None:
    """Write a whole file under a temporary name, then rename: readers never see half a page."""
    partial = path.with_name(f".{path.name}.partial")
    try:
        partial.write_text(text, encoding="utf-8")
        os.replace(partial, path)
    except OSError as exc:
        with contextlib.suppress(OSError):
            partial.unlink(missing_ok=True)
        raise output_error(path, exc) from exc
