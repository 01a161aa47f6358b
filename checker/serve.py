"""`checker serve`: the checker as an HTTP service (FastAPI on uvicorn).

- `POST /v1/check`: one input by Content-Type: `application/json` (a note record
  `{"text": ..., "billed_codes": [...]}` or a FHIR resource), `application/fhir+json`
  (a DocumentReference or a Bundle), `x-application/hl7-v2+er7` (HL7 v2 messages) or
  `text/plain` (a note, front matter allowed). Answers the report (a JSON array when the
  input holds several notes), or FHIR Bundles with `Accept: application/fhir+json`.
- `POST /v1/check/batch`: JSON Lines in (note records or FHIR resources), report lines out,
  streamed in input order.
- `GET /v1/schema`, `GET /healthz`, `GET /openapi.json`.
- With `--history DB`: review decisions stored in that database (`checker.store`):
  `GET /v1/decisions` (all, or one note's with its audit log), `POST /v1/decisions`,
  `GET /v1/decisions/log`, `GET /v1/decisions/export.csv`.
- With `--reports DIR` (and `--history`): the report set in DIR under `/reports/`, its
  pages allowed to call these routes (`connect-src 'self'`) and saving decisions here.

Notes are checked in worker processes that build the pipeline once. A note that takes
longer than the timeout gets an error report, and its process is ended and replaced, so
the service keeps answering. Bound to 127.0.0.1 unless told otherwise; on any other address
a bearer token is required and compared in constant time. Bodies over the limit get 413.
Nothing logs a request body: the access log holds method, path and status only.
"""

from __future__ import annotations

import asyncio
import hmac
import ipaddress
import json
import multiprocessing
from collections import deque
from collections.abc import AsyncIterator, Callable, Iterable, Iterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Any

from fastapi import FastAPI, Query, Request
from fastapi.responses import JSONResponse, RedirectResponse, Response, StreamingResponse
from pydantic import ValidationError

from checker.models import Note, Report, report_schema
from checker.reader import note_from_text, notes_from_jsonl_line

FHIR_JSON = "application/fhir+json"
HL7_TYPES = frozenset(
    {
        "x-application/hl7-v2+er7",
        "application/hl7-v2",
        "application/hl7-v2+er7",
        "application/x-hl7",
    }
)
JSON_TYPES = frozenset({"application/json", FHIR_JSON})
NDJSON = "application/x-ndjson"
REQUEST_SOURCE = "request"
# What `--reports` serves, by extension; anything else in the folder is not sent.
REPORT_TYPES = {
    ".html": "text/html; charset=utf-8",
    ".csv": "text/csv; charset=utf-8",
    ".jsonl": "application/x-ndjson",
    ".json": "application/json",
    ".md": "text/markdown; charset=utf-8",
}


@dataclass
class ServiceSettings:
    token: str | None = None
    workers: int = 1
    max_body: int = 5_000_000
    max_batch_body: int = 50_000_000
    timeout: float = 30.0
    payer: str | None = None
    rules_files: list[str] = field(default_factory=list)
    history: str | None = None
    reports: str | None = None

    @classmethod
    def from_options(cls, *, host: str, token_file: Path | None, **options: Any) -> ServiceSettings:
        """Settings from the command line; ValueError for what must not start."""
        token = None
        if token_file is not None:
            try:
                token = token_file.read_text(encoding="utf-8").strip()
            except OSError as exc:
                raise ValueError(f"cannot read --token-file {token_file}: {exc.strerror}") from None
            if not token:
                raise ValueError(f"--token-file {token_file} is empty")
        if token is None and not is_loopback(host):
            raise ValueError(
                f"--host {host} is reachable from other machines: give --token-file with a "
                "bearer token callers must send"
            )
        from checker.resources import DataFileError
        from checker.rules import load_ruleset

        try:
            load_ruleset(options.get("rules_files") or None)  # a bad rules file stops here
        except DataFileError as exc:
            raise ValueError(str(exc)) from None
        _check_decision_options(options.get("history"), options.get("reports"))
        return cls(token=token, **options)


def _check_decision_options(history: str | None, reports: str | None) -> None:
    """The history database opens (created and migrated here), and a report folder to
    serve holds a report set and comes with a database for its decisions."""
    from checker.store import History, HistoryError

    if reports is not None:
        if history is None:
            raise ValueError("--reports needs --history: the database the pages' decisions go to")
        if not (Path(reports) / "index.html").is_file():
            raise ValueError(f"--reports {reports}: no report set there (no index.html)")
    if history is not None:
        try:
            History(history).close()
        except HistoryError as exc:
            raise ValueError(str(exc)) from None


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


# ---------------------------------------------------------------- checking processes


def _worker_main(connection: Any, rules_files: list[str], payer: str | None) -> None:
    """A checking process: builds the pipeline once, then checks notes sent to it."""
    import signal

    from checker.engine import Checker
    from checker.rules import load_ruleset

    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the service stops us
    checker = Checker(load_ruleset(rules_files or None), payer)
    connection.send("ready")
    while True:
        try:
            note = connection.recv()
        except (EOFError, OSError):
            return
        connection.send(next(checker.check_notes([note])))


class _Worker:
    def __init__(self, settings: ServiceSettings) -> None:
        context = multiprocessing.get_context("spawn")  # the server runs threads: no fork
        self.connection, child = context.Pipe()
        self.process = context.Process(
            target=_worker_main,
            args=(child, settings.rules_files, settings.payer),
            daemon=True,
        )
        self.process.start()
        child.close()

    def wait_ready(self) -> None:
        if self.connection.recv() != "ready":
            raise RuntimeError("checking process did not start")

    def check(self, note: Note, timeout: float) -> Report:
        """The report, or TimeoutError / EOFError when the process is stuck or gone."""
        self.connection.send(note)
        if not self.connection.poll(timeout):
            raise TimeoutError
        return self.connection.recv()

    def stop(self) -> None:
        if self.process.is_alive():
            self.process.kill()
        self.process.join(timeout=5)
        self.connection.close()


class CheckerPool:
    """Checking processes handed out one note at a time; a stuck one is replaced."""

    def __init__(self, settings: ServiceSettings) -> None:
        self.settings = settings
        self.idle: asyncio.Queue[_Worker] = asyncio.Queue()
        self.workers: list[_Worker] = []
        self.running: set[asyncio.Future[Report]] = set()

    async def start(self) -> None:
        for _ in range(self.settings.workers):
            self.idle.put_nowait(await self._new_worker())

    async def _new_worker(self) -> _Worker:
        worker = _Worker(self.settings)
        await asyncio.to_thread(worker.wait_ready)
        self.workers.append(worker)
        return worker

    async def check(self, note: Note) -> Report:
        """The note's report. Shielded: a caller that goes away (client disconnected) does
        not leave a process mid-note; the check finishes and the process is handed back."""
        if note.read_error is not None:
            return Report.failed(note, note.read_error)
        task = asyncio.ensure_future(self._check_on_worker(note))
        self.running.add(task)
        task.add_done_callback(self.running.discard)
        return await asyncio.shield(task)

    async def _check_on_worker(self, note: Note) -> Report:
        worker = await self.idle.get()
        try:
            report = await asyncio.to_thread(worker.check, note, self.settings.timeout)
        except TimeoutError:
            worker = await self._replace(worker)
            return Report.failed(
                note,
                f"not checked: it took longer than {self.settings.timeout:g} s "
                "(the service's time limit per note); check it from the command line",
            )
        except (EOFError, OSError) as exc:
            worker = await self._replace(worker)
            return Report.failed(note, f"internal error: its checking process stopped ({exc!r})")
        finally:
            self.idle.put_nowait(worker)
        return report

    async def _replace(self, worker: _Worker) -> _Worker:
        await asyncio.to_thread(worker.stop)
        self.workers.remove(worker)
        return await self._new_worker()

    async def check_in_order(self, notes: AsyncIterator[Note]) -> AsyncIterator[Report]:
        """Reports in input order, with up to one note per process in flight."""
        pending: deque[asyncio.Task[Report]] = deque()
        async for note in notes:
            pending.append(asyncio.create_task(self.check(note)))
            if len(pending) >= self.settings.workers:
                yield await pending.popleft()
        while pending:
            yield await pending.popleft()

    def stop(self) -> None:
        for worker in self.workers:
            worker.stop()
        self.workers.clear()


# ---------------------------------------------------------------- requests


class BodyTooLarge(Exception):
    pass


async def read_body(request: Request, limit: int) -> bytes:
    declared = request.headers.get("content-length")
    if declared and declared.isdigit() and int(declared) > limit:
        raise BodyTooLarge
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise BodyTooLarge
        chunks.append(chunk)
    return b"".join(chunks)


def media_type(value: str | None) -> str:
    return (value or "").split(";")[0].strip().lower()


def notes_from_body(body: bytes, content_type: str) -> list[Note] | None:
    """The notes a /v1/check body holds; None for a Content-Type the service does not read."""
    from checker.interop import notes_from_bytes

    if content_type in HL7_TYPES:
        return list(notes_from_bytes(body, "hl7", REQUEST_SOURCE, REQUEST_SOURCE))
    if content_type in JSON_TYPES:
        return list(notes_from_bytes(body, "fhir", REQUEST_SOURCE, REQUEST_SOURCE))
    if content_type == "text/plain":
        from checker.reader import decode

        text, problem = decode(body)
        if problem:
            from checker.reader import error_note

            return [error_note(REQUEST_SOURCE, REQUEST_SOURCE, problem)]
        return [note_from_text(text, source=REQUEST_SOURCE, default_id=REQUEST_SOURCE)]
    return None


def wants_fhir(request: Request) -> bool:
    return FHIR_JSON in request.headers.get("accept", "")


def render(report: Report, note: Note, fhir: bool) -> Any:
    if fhir:
        from checker.interop.fhir_output import report_bundle

        return report_bundle(report, note)
    return json.loads(report.to_json_line())


def create_app(settings: ServiceSettings, pool_factory: Callable[..., CheckerPool] = CheckerPool):
    """The FastAPI application; the checking processes start with it and stop with it."""

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        pool = pool_factory(settings)
        await pool.start()
        app.state.pool = pool
        try:
            yield
        finally:
            pool.stop()

    app = FastAPI(
        title="facet-checker",
        summary="Checks facet injection procedure notes (CPT 64490-64492) for billing "
        "completeness.",
        lifespan=lifespan,
        docs_url=None,  # the interactive pages load scripts from a CDN; /openapi.json stays
        redoc_url=None,
    )

    @app.middleware("http")
    async def require_token(request: Request, call_next: Callable) -> Response:
        if settings.token is None or request.url.path == "/healthz":
            return await call_next(request)
        scheme, _, given = request.headers.get("authorization", "").partition(" ")
        expected = settings.token.encode("utf-8")
        if scheme.lower() != "bearer" or not hmac.compare_digest(given.encode("utf-8"), expected):
            return JSONResponse(
                {"detail": "a valid bearer token is required"},
                status_code=401,
                headers={"WWW-Authenticate": "Bearer"},
            )
        return await call_next(request)

    @app.get("/healthz")
    async def healthz() -> dict[str, Any]:
        return {"status": "ok", "workers": settings.workers}

    @app.get("/v1/schema")
    async def schema() -> dict[str, Any]:
        """The JSON Schema of a report."""
        return report_schema()

    @app.post(
        "/v1/check",
        responses={
            200: {"description": "The report (an array when the input holds several notes)"},
            413: {"description": "Body over the size limit"},
            415: {"description": "Content-Type not read"},
        },
    )
    async def check(request: Request) -> Response:
        """Check a note: JSON note record, FHIR DocumentReference or Bundle, HL7 v2, or text."""
        try:
            body = await read_body(request, settings.max_body)
        except BodyTooLarge:
            return _too_large(settings.max_body)
        notes = notes_from_body(body, media_type(request.headers.get("content-type")))
        if notes is None:
            return JSONResponse(
                {
                    "detail": "Content-Type must be application/json, application/fhir+json, "
                    "x-application/hl7-v2+er7 or text/plain"
                },
                status_code=415,
            )
        pool: CheckerPool = request.app.state.pool
        reports = [await pool.check(note) for note in notes]
        fhir = wants_fhir(request)
        rendered = [render(r, n, fhir) for r, n in zip(reports, notes, strict=True)]
        if fhir:
            content = rendered[0] if len(rendered) == 1 else _collection(rendered)
            return JSONResponse(content, media_type=FHIR_JSON)
        return JSONResponse(rendered[0] if len(rendered) == 1 else rendered)

    @app.post("/v1/check/batch")
    async def check_batch(request: Request) -> Response:
        """JSON Lines in (note records or FHIR resources), one report line per note out.

        The body is read whole (up to the batch limit) before answering; the report lines
        stream out as each note is checked, in input order."""
        try:
            body = await read_body(request, settings.max_batch_body)
        except BodyTooLarge:
            return _too_large(settings.max_batch_body)
        pool: CheckerPool = request.app.state.pool
        fhir = wants_fhir(request)
        queue: deque[Note] = deque()

        async def notes() -> AsyncIterator[Note]:
            for note in _batch_notes(body):
                queue.append(note)
                yield note

        async def lines() -> AsyncIterator[str]:
            async for report in pool.check_in_order(notes()):
                note = queue.popleft()
                yield json.dumps(render(report, note, fhir), separators=(",", ":")) + "\n"

        return StreamingResponse(lines(), media_type=NDJSON)

    if settings.history is not None:
        _add_decision_routes(app, settings)
    if settings.reports is not None:
        _add_report_routes(app, Path(settings.reports))
    return app


# ---------------------------------------------------------------- review decisions


def _add_decision_routes(app: FastAPI, settings: ServiceSettings) -> None:
    from checker.report.decisions import DecisionChange
    from checker.report.queue import DECISIONS_EXPORT_COLUMNS, csv_line
    from checker.store import CHECKER, History

    history = str(settings.history)

    def in_store(action: Callable[[History], Any]) -> Any:
        with History(history) as store:  # a connection per call: safe beside other writers
            return action(store)

    async def run_in_store(action: Callable[[History], Any]) -> Any:
        return await asyncio.to_thread(in_store, action)

    @app.get("/v1/decisions")
    async def decisions(
        note: Annotated[str | None, Query(max_length=1000, description="a note key")] = None,
    ) -> dict[str, Any]:
        """The current review decisions (all notes', or one note's with its audit log)."""

        def read(store: History) -> dict[str, Any]:
            found = {"decisions": [d.model_dump() for d in store.decisions(note)]}
            if note is not None:
                found["log"] = [entry.model_dump() for entry in store.decision_log(note)]
            return found

        return await run_in_store(read)

    @app.post(
        "/v1/decisions",
        openapi_extra={
            "requestBody": {
                "required": True,
                "content": {"application/json": {"schema": DecisionChange.model_json_schema()}},
            }
        },
        responses={
            413: {"description": "Body over the size limit"},
            422: {"description": "Unknown state or reason, or a field missing or too long"},
        },
    )
    async def decide(request: Request) -> Response:
        """Record a decision on a note (`finding` empty) or on one of its findings; the
        change goes into the audit log. Body: `DecisionChange` (see `/openapi.json`)."""
        try:
            body = await read_body(request, settings.max_body)
        except BodyTooLarge:
            return _too_large(settings.max_body)
        try:
            change = DecisionChange.model_validate_json(body)
        except ValidationError as exc:
            errors = exc.errors(include_url=False, include_context=False, include_input=False)
            return JSONResponse({"detail": errors}, status_code=422)
        if change.by.casefold() == CHECKER:
            detail = [{"loc": ["by"], "msg": f"'{CHECKER}' is reserved for re-runs"}]
            return JSONResponse({"detail": detail}, status_code=422)
        saved = await run_in_store(lambda store: store.decide(change))
        return JSONResponse(saved.model_dump())

    @app.get("/v1/decisions/log")
    async def decision_log(
        note: Annotated[str | None, Query(max_length=1000, description="a note key")] = None,
        limit: Annotated[int, Query(ge=1, le=10_000)] = 1000,
    ) -> list[dict[str, Any]]:
        """The audit log, newest first: who changed which decision when, old and new value."""
        entries = await run_in_store(lambda store: store.decision_log(note, limit))
        return [entry.model_dump() for entry in entries]

    @app.get("/v1/decisions/export.csv")
    async def export_decisions() -> Response:
        """The decisions as CSV, with the columns of the report pages' decisions export."""
        found = await run_in_store(lambda store: store.decisions())
        lines = [csv_line(list(DECISIONS_EXPORT_COLUMNS))]
        # the note's own decision first, then its findings', as the pages export them
        lines += [
            csv_line(
                [d.note_id, d.source, d.page, d.finding, d.state, d.reason, d.note, d.by, d.at]
            )
            for d in found
        ]
        return Response(
            "\ufeff" + "".join(lines),
            media_type="text/csv; charset=utf-8",
            headers={"content-disposition": 'attachment; filename="decisions.csv"'},
        )


# ---------------------------------------------------------------- the report set


def _add_report_routes(app: FastAPI, folder: Path) -> None:
    from checker.report.html import served_page

    root = folder.resolve()

    @app.get("/", include_in_schema=False)
    async def home() -> Response:
        return RedirectResponse("/reports/index.html")

    @app.get("/reports/{path:path}", include_in_schema=False)
    async def report_file(path: str) -> Response:
        """A file of the report set; pages allowed to call this service, and no other."""
        wanted = (root / (path or "index.html")).resolve()
        kind = REPORT_TYPES.get(wanted.suffix.lower())
        if kind is None or not wanted.is_relative_to(root) or not wanted.is_file():
            return JSONResponse({"detail": "not in the report set"}, status_code=404)
        content = await asyncio.to_thread(wanted.read_bytes)
        if wanted.suffix.lower() == ".html":
            content = served_page(content.decode("utf-8")).encode("utf-8")
        headers = {"x-content-type-options": "nosniff", "cache-control": "no-store"}
        return Response(content, media_type=kind, headers=headers)


def _too_large(limit: int) -> JSONResponse:
    return JSONResponse(
        {"detail": f"request body over the limit of {limit:,} bytes"}, status_code=413
    )


def _collection(bundles: list[dict[str, Any]]) -> dict[str, Any]:
    return {
        "resourceType": "Bundle",
        "type": "collection",
        "entry": [{"resource": bundle} for bundle in bundles],
    }


def _batch_notes(body: bytes) -> Iterator[Note]:
    """Notes from a JSON Lines body, one record per line (blank lines skipped)."""
    for number, line in enumerate(body.split(b"\n"), 1):
        yield from _line_notes(line, number)


def _line_notes(line: bytes, number: int) -> Iterable[Note]:
    text = line.decode("utf-8", errors="replace").strip()
    if not text:
        return []
    return notes_from_jsonl_line(text, f"request:{number}", f"request-{number}")


def run(settings: ServiceSettings, host: str = "127.0.0.1", port: int = 8080) -> None:
    """Serve until stopped (Ctrl-C or SIGTERM)."""
    import uvicorn

    uvicorn.run(
        create_app(settings),
        host=host,
        port=port,
        log_level="info",
        access_log=True,  # method, path and status: never a body
        server_header=False,
    )
