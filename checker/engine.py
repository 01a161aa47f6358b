"""The one way through: note -> spaCy Doc -> Extraction -> codes -> rules -> Report."""

from __future__ import annotations

import multiprocessing
from collections.abc import Iterable, Iterator
from pathlib import Path

from spacy.language import Language

from checker.coding import code_summary
from checker.extract import extract
from checker.models import Gap, Note, Report
from checker.pipeline import build_pipeline
from checker.pipeline.sentences import unwrap_lines
from checker.reader import build_note, read_notes
from checker.rules import RuleSet, load_ruleset

BATCH_SIZE = 64


def status_of(gaps: list[Gap]) -> str:
    severities = {gap.severity for gap in gaps}
    if "blocking" in severities:
        return "fail"
    if "warning" in severities:
        return "needs_review"
    return "pass"


class Checker:
    """Holds the pipeline and the rules; build once, check any number of notes."""

    def __init__(self, ruleset: RuleSet | None = None, payer: str | None = None) -> None:
        self.nlp: Language = build_pipeline()
        self.ruleset = ruleset or load_ruleset()
        self.payer = payer

    def check_notes(self, notes: Iterable[Note]) -> Iterator[Report]:
        """Reports in input order; streams, never holding the batch."""
        stream = (
            (unwrap_lines(note.text) if note.read_error is None else "", note) for note in notes
        )
        for doc, note in self.nlp.pipe(stream, as_tuples=True, batch_size=BATCH_SIZE):
            if note.read_error is not None:
                yield Report.failed(note, note.read_error)
                continue
            try:
                yield self._report(note, doc)
            except Exception as exc:  # one bad note must never stop the batch
                yield Report.failed(
                    note, f"internal error while checking: {type(exc).__name__}: {exc}"
                )

    def _report(self, note: Note, doc) -> Report:
        extraction = extract(doc, note.text)
        codes = code_summary(extraction, note.billed_codes)
        payer = self.payer or note.payer
        gaps = self.ruleset.evaluate(extraction, codes, payer)
        return Report(
            note_id=note.note_id,
            source=note.source,
            status=status_of(gaps),
            provider=note.provider,
            payer=payer,
            date_of_service=note.date_of_service,
            extraction=extraction,
            codes=codes,
            gaps=gaps,
            text=note.text,
        )


_WORKER: Checker | None = None


def _worker_init(rules_files: list[str], payer: str | None) -> None:
    global _WORKER
    _WORKER = Checker(load_ruleset(rules_files), payer)


def _worker_check(note: Note) -> Report:
    assert _WORKER is not None
    report = next(_WORKER.check_notes([note]))
    return report


def check_paths(
    paths: Iterable[str | Path],
    *,
    payer: str | None = None,
    rules_files: list[str] | None = None,
    workers: int = 1,
) -> Iterator[Report]:
    """Check every note below `paths`, yielding reports in input order."""
    notes = read_notes(paths)
    if workers <= 1:
        yield from Checker(load_ruleset(rules_files), payer).check_notes(notes)
        return
    context = multiprocessing.get_context("fork")
    with context.Pool(workers, _worker_init, (rules_files or [], payer)) as pool:
        yield from pool.imap(_worker_check, notes, chunksize=BATCH_SIZE)


_DEFAULT: Checker | None = None


def check_text(text: str, **metadata: object) -> Report:
    """Check one note given as text; metadata as in the front matter (payer, billed_codes...)."""
    global _DEFAULT
    if _DEFAULT is None:
        _DEFAULT = Checker()
    source = str(metadata.pop("source", "<text>"))
    note = build_note(text, dict(metadata), source, default_id=str(metadata.get("note_id", "note")))
    return next(_DEFAULT.check_notes([note]))
