"""Safe output files: line files that never hold a torn line, and page names from any note id."""

from __future__ import annotations

import hashlib
import os
import re
import unicodedata
from pathlib import Path
from types import TracebackType
from typing import Self

_SLUG_KEEP = re.compile(r"[^a-z0-9]+")
SLUG_MAX = 40
HASH_CHARS = 10
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


class LineFile:
    """A text file written one whole line at a time, renamed into place when closed.

    Each line goes out in one write and is flushed, so the temporary file only ever ends
    between lines; `close()` (also on an exception) moves it to its final name, so an
    interrupted run still leaves every line written so far, each complete.
    """

    def __init__(self, path: Path, newline: str | None = "\n") -> None:
        self.path = path
        self.partial = path.with_name(f".{path.name}.partial")
        self.handle = self.partial.open("w", encoding="utf-8", newline=newline)

    def write_line(self, line: str) -> None:
        if not line.endswith("\n"):
            line += "\n"
        self.handle.write(line)
        self.handle.flush()

    def close(self) -> None:
        if self.handle.closed:
            return
        self.handle.close()
        os.replace(self.partial, self.path)

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
    partial.write_text(text, encoding="utf-8")
    os.replace(partial, path)
