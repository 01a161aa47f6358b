"""The one way through: note -> spaCy Doc -> Extraction -> codes -> rules -> Report."""

from __future__ import annotations

import contextlib
import gc
import itertools
import multiprocessing
import multiprocessing.queues
import os
import signal
import threading
import time
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path
from typing import TypeVar

from spacy.language import Language
from spacy.tokens import Doc

from checker.coding import code_summary, supported
from checker.extract import extract
from checker.models import Gap, Note, Report
from checker.pipeline import build_pipeline
from checker.pipeline.normalize import NormalizedText, normalize
from checker.pipeline.reading import read
from checker.reader import build_note, read_notes
from checker.rules import RuleSet, load_ruleset
from checker.rules.facts import claim_of
from checker.stopping import stops_deferred
from checker.store import History

BATCH_SIZE = 64
T = TypeVar("T")
_PARENT_POLL_SECONDS = 0.5
# A batch's result is awaited in slices this long, so a stop is seen between two of them.
_WAIT_SLICE_SECONDS = 0.2
# Added to a batch's time allowance before its worker process counts as stuck and is ended.
STUCK_MARGIN_SECONDS = 30.0
# Strings a process may add to spaCy's vocabulary before batches run in memory zones
# (about 8 MB, reached after some 5,000 notes, whose words then stay in the tokenizer cache).
VOCABULARY_GROWTH = 20_000
_VOCABULARY_LIMITS: dict[int, int] = {}


def status_of(gaps: list[Gap]) -> str:
    severities = {gap.severity for gap in gaps}
    if "blocking" in severities:
        return "fail"
    if "warning" in severities:
        return "needs_review"
    return "pass"


class NoteTimeout(Exception):
    """A note took longer than the per-note time limit."""


@contextlib.contextmanager
def time_limit(seconds: float | None) -> Iterator[None]:
    """Raise `NoteTimeout` in this thread once `seconds` have passed (SIGALRM), so one slow
    note cannot hold up the batch behind it. No limit off the main thread or without
    SIGALRM (Windows)."""
    usable = hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()
    if not seconds or not usable:
        yield
        return
    armed = True

    def expire(signum: int, frame: object) -> None:
        if armed:  # a signal landing just as the block ends is ignored
            raise NoteTimeout(seconds)

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        armed = False
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


@contextlib.contextmanager
def full_collections_after() -> Iterator[None]:
    """Hold Python's full garbage collections until the block ends; young ones run less often.

    Checking a note keeps every token, span and fact of it alive until its report is built,
    and each full collection walks all of them: the longer the note, the more full
    collections it met and the more each one walked, so its cost grew faster than its
    length (a 512 KB note of repeated levels spent 1.7 of 6.2 s of CPU in 15 of them).
    Young collections start after _YOUNG new objects, not Python's 700: a note of the usual
    size makes a few thousand at its peak, and at 700 a collection ran every other note and
    walked them (about 0.2 ms a note) while finding no garbage at all. Cyclic garbage of one
    batch waits for the batch's end at most; reference counting frees everything else as
    usual.
    """
    young, middle, old = gc.get_threshold()
    gc.set_threshold(max(young, _YOUNG), middle, _NEVER)
    try:
        yield
    finally:
        gc.set_threshold(young, middle, old)


_NEVER = 2**31 - 1  # gen1 collections before a full one: none within the block
_YOUNG = 50_000  # new container objects before a young collection, within the block


def timeout_message(seconds: float) -> str:
    return f"not checked: the note took longer than the {seconds:g} s limit (--note-timeout)"


class Checker:
    """Holds the pipeline and the rules; build once, check any number of notes.

    `note_timeout` (seconds) bounds the time one note may take; a slower note gets an
    error line naming the limit and the batch goes on.
    """

    def __init__(
        self,
        ruleset: RuleSet | None = None,
        payer: str | None = None,
        note_timeout: float | None = None,
    ) -> None:
        self.note_timeout = note_timeout
        self.nlp: Language = build_pipeline()
        # one limit per pipeline (it is shared), set when the first Checker is built
        _VOCABULARY_LIMITS.setdefault(id(self.nlp), len(self.nlp.vocab.strings) + VOCABULARY_GROWTH)
        self.ruleset = ruleset or load_ruleset()
        self.payer = payer

    def check_notes(self, notes: Iterable[Note]) -> Iterator[Report]:
        """Reports in input order; streams in batches, never holding the whole run.

        spaCy keeps every string it meets (accession numbers, names, dates), so memory
        would grow with the run. Once the vocabulary has grown by VOCABULARY_GROWTH strings
        in this process, each batch runs in a spaCy memory zone that frees its strings with
        it: memory stays flat however long the run. Not from the start, because inside a
        zone spaCy stops filling its tokenizer cache, which the first notes warm up for the
        rest. Reports are plain data, built before the zone closes and handed out after.
        """
        for batch in batched(notes, BATCH_SIZE):
            with full_collections_after():
                if len(self.nlp.vocab.strings) < _VOCABULARY_LIMITS.setdefault(id(self.nlp), 0):
                    reports = list(self._check_batch(batch))
                else:
                    with self.nlp.memory_zone():
                        reports = list(self._check_batch(batch))
            yield from reports

    def _check_batch(self, batch: list[Note]) -> Iterator[Report]:
        views = [_normalized(note) for note in batch]
        texts = [_pipeline_text(view) for view in views]
        for note, view, doc in zip(batch, views, self._docs(texts), strict=True):
            if note.read_error is not None:
                yield Report.failed(note, note.read_error)
            elif isinstance(doc, NoteTimeout):
                yield Report.failed(note, f"{note.source}: {timeout_message(doc.args[0])}")
            elif isinstance(doc, Exception):
                yield Report.failed(note, _internal_error("in the language pipeline", doc))
            else:
                yield self._report_or_error(note, view, doc)

    def _docs(self, texts: list[str]) -> Iterator[Doc | Exception]:
        """The batch's Docs in order, one at a time: a note's Doc is let go once its report
        is built, so a batch never holds all of its Docs (64 notes' tokens, facts and tables
        held at once were most of a process's peak memory). Each note's reading gets the
        note allowance; if the pipeline fails on a note, that note and the rest of the batch
        are read one at a time, so only the bad note fails."""
        docs = self.nlp.pipe(texts, batch_size=BATCH_SIZE)
        for index in range(len(texts)):
            try:
                with time_limit(self.note_timeout):
                    doc = next(docs)
            except Exception:
                yield from (self._doc_or_error(text) for text in texts[index:])
                return
            yield doc
            del doc  # not kept while the next note is read

    def _doc_or_error(self, text: str) -> Doc | Exception:
        try:
            with time_limit(self.note_timeout):
                return self.nlp(text)
        except Exception as exc:
            return exc

    def _report_or_error(self, note: Note, view: NormalizedText, doc: Doc) -> Report:
        try:
            with time_limit(self.note_timeout):
                return self._report(note, view, doc)
        except NoteTimeout as exc:
            return Report.failed(note, f"{note.source}: {timeout_message(exc.args[0])}")
        except Exception as exc:  # one bad note must never stop the batch
            return Report.failed(note, _internal_error("while checking", exc))

    def _report(self, note: Note, view: NormalizedText, doc: Doc) -> Report:
        extraction = extract(read(doc, view.text), note.date_of_service)
        view.restore(extraction)  # evidence quotes the note as written
        support = supported(extraction)  # once: the codes and the rules both need it
        codes = code_summary(extraction, note.billed_codes, support)
        payer = self.payer or note.payer
        claim = claim_of(note)
        gaps = self.ruleset.evaluate(extraction, codes, payer, claim, support=support)
        gaps += view.gaps()
        return Report.of_note(
            note,
            status=status_of(gaps),
            payer=payer,
            extraction=extraction,
            codes=codes,
            gaps=gaps,
            text=note.text,
        )


def _normalized(note: Note) -> NormalizedText:
    """The note as a person reads it (see `checker.pipeline.normalize`), with the way back."""
    if note.read_error is not None:
        return normalize("")
    try:
        return normalize(note.text)
    except Exception:  # never lose a note to normalising: read it as written
        return normalize("") if not note.text else NormalizedText(note.text, note.text)


def _pipeline_text(view: NormalizedText) -> str:
    """The text the pipeline reads (its first step joins hard-wrapped lines)."""
    return view.text


def _internal_error(where: str, exc: BaseException) -> str:
    return f"internal error {where}: {type(exc).__name__}: {exc}"


def batched(items: Iterable[T], size: int) -> Iterator[list[T]]:
    """Lists of up to `size` items, read lazily from `items`."""
    iterator = iter(items)
    while batch := list(itertools.islice(iterator, size)):
        yield batch


_WORKER: Checker | None = None


def _worker_init(
    rules_files: list[str], payer: str | None, parent: int, note_timeout: float | None
) -> None:
    global _WORKER
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C stops the parent, which ends us
    for signum in (signal.SIGTERM, signal.SIGHUP):  # the parent's stop handlers are not ours
        signal.signal(signum, signal.SIG_DFL)
    threading.Thread(target=_exit_with, args=(parent,), daemon=True).start()
    _WORKER = Checker(load_ruleset(rules_files), payer, note_timeout)
    settle()


def _exit_with(parent: int) -> None:
    """End this worker once the checking process is gone (killed, say), leaving no orphan."""
    while True:
        time.sleep(_PARENT_POLL_SECONDS)
        try:
            os.kill(parent, 0)
        except ProcessLookupError:
            os._exit(1)
        except PermissionError:
            pass  # still there, under another user after a pid wrap: keep going


def _worker_check(notes: list[Note]) -> list[Report]:
    if _WORKER is None:
        raise RuntimeError("worker process was not initialised")
    return list(_WORKER.check_notes(notes))


def check_paths(
    paths: Iterable[str | Path],
    *,
    payer: str | None = None,
    rules_files: list[str] | None = None,
    workers: int = 1,
    follow_symlinks: bool = False,
    skip: Iterable[str | Path] = (),
    note_timeout: float | None = None,
    history: str | Path | None = None,
) -> Iterator[Report]:
    """Check every note below `paths`, yielding reports in input order.

    With `workers` > 1, batches of notes go to that many worker processes; at most two
    batches per worker are in flight, so memory stays flat however many notes there are.
    `follow_symlinks` reads symlinks that lead outside `paths`; folders in `skip` (the
    run's own output) are not read. `note_timeout` (seconds) gives a slower note an error
    line instead of the run's time.
    With `history`, each report is also checked against the patient's earlier sessions in
    that database and recorded there, in input order, in this process.
    """
    ruleset = load_ruleset(rules_files)  # a bad rules file fails here, in this process
    settings = (ruleset, rules_files, payer, workers, note_timeout)
    read = read_notes(paths, follow_symlinks=follow_symlinks, skip=skip)
    if history is None:
        yield from _check_notes(read, *settings)
        return
    store = History(history)  # an unusable database fails here, before any output
    try:
        notes, kept = itertools.tee(read)
        reports = _check_notes(notes, *settings)
        for note, report in zip(kept, reports, strict=True):
            yield with_history(note, report, store, ruleset, payer)
    finally:
        store.close()


# Checks that read earlier sessions; the history pass runs them again with the sessions, and
# their gaps replace the first pass's (a note-only finding is not reported twice).
HISTORY_CHECKS = frozenset({"session_frequency", "repeat_therapeutic_relief"})


def with_history(
    note: Note, report: Report, store: History, ruleset: RuleSet, payer: str | None
) -> Report:
    """The report with the checks that need earlier sessions, then the session recorded
    (and the note's review decision reopened when the report has new gaps)."""
    if report.status == "error":
        return report
    payer_name = payer or note.payer
    claim = claim_of(note, store.earlier_sessions(note))
    extra = ruleset.evaluate(
        report.extraction, report.codes, payer_name, claim, checks=HISTORY_CHECKS
    )
    redone = ruleset.requirement_ids(HISTORY_CHECKS)
    gaps = [*(g for g in report.gaps if g.requirement not in redone), *extra]
    if gaps != report.gaps:
        report = report.model_copy(update={"gaps": gaps, "status": status_of(gaps)})
    store.record(note, report, ruleset.resolve_payer(payer_name))
    store.note_rechecked(report)  # new gaps reopen a decided note
    return report


def settle() -> None:
    """Before a run: the objects made so far, above all the pipeline (vocabulary, patterns,
    rules: some 100,000 objects that live as long as the process), leave the cyclic garbage
    collector's watch (`gc.freeze`), so its collections during the run stop walking them
    again: about a tenth of the time per note. Few of them are garbage (a few hundred)."""
    gc.freeze()


def _check_notes(
    notes: Iterable[Note],
    ruleset: RuleSet,
    rules_files: list[str] | None,
    payer: str | None,
    workers: int,
    note_timeout: float | None = None,
) -> Iterator[Report]:
    if workers <= 1:
        checker = Checker(ruleset, payer, note_timeout)
        settle()
        yield from checker.check_notes(notes)
        return
    yield from _check_in_workers(notes, rules_files or [], payer, workers, note_timeout)


def _check_in_workers(
    notes: Iterable[Note],
    rules_files: list[str],
    payer: str | None,
    workers: int,
    note_timeout: float | None = None,
) -> Iterator[Report]:
    pools = _WorkerPools(rules_files, payer, workers, note_timeout)
    in_flight: deque[tuple[list[Note], Future[list[Report]], ProcessPoolExecutor]] = deque()
    try:
        for batch in batched(notes, BATCH_SIZE):
            in_flight.append(pools.submit(batch))
            while len(in_flight) >= 2 * workers:
                yield from pools.results(*in_flight.popleft())
        while in_flight:
            yield from pools.results(*in_flight.popleft())
        with stops_deferred():
            pools.pool.shutdown(wait=True)
    finally:
        _stop_pool(pools.pool)  # no-op after a clean shutdown; ends the workers on interruption


class _WorkerPools:
    """The worker pool, replaced when a worker dies (killed, out of memory).

    A dead worker fails every batch in flight; each is redone alone in a fresh pool, and a
    batch that kills its worker again is redone note by note, so only the note that kills
    a worker gets an error line.
    """

    def __init__(
        self,
        rules_files: list[str],
        payer: str | None,
        workers: int,
        note_timeout: float | None = None,
    ) -> None:
        self.settings = (rules_files, payer, workers, note_timeout)
        self.pool = _start_pool(*self.settings)

    def submit(self, batch: list[Note]) -> tuple[list[Note], Future, ProcessPoolExecutor]:
        try:
            return batch, self._submit(self.pool, batch), self.pool
        except BrokenProcessPool:
            self._replace(self.pool)
            return batch, self._submit(self.pool, batch), self.pool

    @staticmethod
    def _submit(pool: ProcessPoolExecutor, batch: list[Note]) -> Future[list[Report]]:
        with stops_deferred():  # the pool's shutdown lock is held inside
            return pool.submit(_worker_check, batch)

    def patience(self, size: int) -> float | None:
        """Seconds a batch of `size` notes may take before its worker counts as stuck: the
        per-note limit for the batch, then for each note alone, and a margin. A backstop
        for a note stuck where the per-note alarm cannot reach (inside C code)."""
        limit = self.settings[3]
        return None if not limit else limit * (2 * size + 2) + STUCK_MARGIN_SECONDS

    def results(
        self, batch: list[Note], future: Future[list[Report]], pool: ProcessPoolExecutor
    ) -> list[Report]:
        try:
            return _result(future, self.patience(len(batch)))
        except TimeoutError:  # a stuck worker: end it, then find the note that holds it
            self._replace(pool)
            return [report for note in batch for report in self._alone([note])]
        except BrokenProcessPool:
            self._replace(pool)
            return self._alone(batch) or [r for note in batch for r in self._alone([note])]
        except Exception:  # e.g. one note that cannot be sent to a worker: redo note by note
            return [report for note in batch for report in self._alone([note])]

    def _alone(self, batch: list[Note]) -> list[Report]:
        """The batch on its own; empty if it killed its worker (then one note is the cause)."""
        pool = self.pool
        try:
            return _result(self._submit(pool, batch), self.patience(len(batch)))
        except TimeoutError:
            self._replace(pool)
            if len(batch) > 1:
                return []
            limit = self.settings[3] or 0
            return _failed(batch, f"{batch[0].source}: {timeout_message(limit)}")
        except BrokenProcessPool as exc:
            self._replace(pool)
            if len(batch) > 1:
                return []
            reason = "its worker process stopped while checking it (out of memory?)"
            return _failed(batch, _internal_error(f"({reason})", exc))
        except Exception as exc:
            return _failed(batch, _internal_error("in a worker process", exc))

    def _replace(self, broken: ProcessPoolExecutor) -> None:
        if broken is self.pool:  # not yet replaced by an earlier failure of the same pool
            _stop_pool(broken)
            with stops_deferred():
                self.pool = _start_pool(*self.settings)


def _result(future: Future[list[Report]], timeout: float | None) -> list[Report]:
    """The batch's reports, awaited in short slices: between two of them a stop is raised
    (while a slice waits, the future's lock may be held). TimeoutError after `timeout`."""
    deadline = None if timeout is None else time.monotonic() + timeout
    while True:
        left = _WAIT_SLICE_SECONDS if deadline is None else deadline - time.monotonic()
        with stops_deferred():
            try:
                return future.result(timeout=max(0.0, min(_WAIT_SLICE_SECONDS, left)))
            except TimeoutError:
                if deadline is not None and time.monotonic() >= deadline:
                    raise


def _failed(batch: list[Note], reason: str) -> list[Report]:
    return [Report.failed(note, note.read_error or reason) for note in batch]


def _start_pool(
    rules_files: list[str], payer: str | None, workers: int, note_timeout: float | None
) -> ProcessPoolExecutor:
    context = _worker_context()
    if context.get_start_method() == "fork":
        build_pipeline()  # built once here; the forked workers share it instead of building
    elif context.get_start_method() == "forkserver":
        context.set_forkserver_preload(["checker.engine"])
    return ProcessPoolExecutor(
        workers,
        mp_context=context,
        initializer=_worker_init,
        initargs=(rules_files, payer, os.getpid(), note_timeout),
    )


def _worker_context() -> multiprocessing.context.BaseContext:
    """fork while this process has no other thread (forking a thread that holds a lock can
    hang the child); else forkserver, which forks workers from a clean helper process."""
    methods = multiprocessing.get_all_start_methods()
    if "fork" in methods and threading.active_count() == 1:
        return multiprocessing.get_context("fork")
    return multiprocessing.get_context("forkserver" if "forkserver" in methods else "spawn")


def _stop_pool(pool: ProcessPoolExecutor) -> None:
    """Stop now, also when the run is interrupted: queued batches are dropped, workers ended."""
    with stops_deferred():  # a stop raised inside shutdown() would leave its lock held
        processes = list((getattr(pool, "_processes", None) or {}).values())
        results = getattr(pool, "_result_queue", None)  # shutdown() forgets it
        pool.shutdown(wait=False, cancel_futures=True)
        ended = [process for process in processes if process.is_alive()]
        for process in ended:
            process.terminate()
        for process in processes:
            process.join()
        if ended and results is not None:
            _unblock_result_reader(results)


def _unblock_result_reader(results: multiprocessing.queues.SimpleQueue) -> None:
    """A worker ended while sending a batch's reports leaves half a message in the result
    pipe; the pool's manager thread then waits for the rest for ever, and so does the exit,
    which joins that thread. With every worker gone, closing this process's own copy of the
    pipe's writing end turns the half message into end of file: the pool counts as broken
    and its thread ends."""
    writer = getattr(results, "_writer", None)
    if writer is not None:
        writer.close()


_DEFAULT: Checker | None = None


def check_text(text: str, **metadata: object) -> Report:
    """Check one note given as text; metadata as in the front matter (payer, billed_codes...)."""
    global _DEFAULT
    if _DEFAULT is None:
        _DEFAULT = Checker()
    source = str(metadata.pop("source", "<text>"))
    note = build_note(text, dict(metadata), source, default_id=str(metadata.get("note_id", "note")))
    return next(_DEFAULT.check_notes([note]))
