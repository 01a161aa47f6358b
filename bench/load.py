"""Bounded load test of `checker serve` on a loopback port: requests per second, latency
percentiles and errors, with no request lost.

    .venv/bin/python bench/load.py                       # 2,000 requests, 16 clients
    .venv/bin/python bench/load.py --requests 500 --concurrency 4 --workers 1

Starts a real `checker serve` on 127.0.0.1 (a free port), sends a fixed mix of bodies
(sample notes as JSON records; every 10th request a FHIR Bundle, every 10th an HL7 v2
MDM^T02 message) from N concurrent clients, and counts every answer: a request without an
answer, a non-200 status or an `error` report is an error. Times exclude the server's
start-up and a warm-up of 2 requests per checking process. The machine's load average
is printed with the figures, because the machine may be shared.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import json
import os
import signal
import socket
import statistics
import subprocess
import sys
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
INTEROP = ROOT / "tests" / "interop"
HL7_TYPE = "x-application/hl7-v2+er7"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def bodies() -> list[tuple[bytes, str]]:
    """The request mix: (body, content type), cycled through in order."""
    sys.path.insert(0, str(ROOT))
    from checker.reader import read_notes

    notes = [
        json.dumps(
            {
                "note_id": note.note_id,
                "text": note.text,
                "payer": note.payer,
                "billed_codes": note.billed_codes,
            }
        ).encode()
        for note in read_notes([ROOT / "sample_notes"])
    ]
    fhir = (INTEROP / "procedure-note-bundle.json").read_bytes()
    hl7 = (INTEROP / "procedure-note-mdm-t02.hl7").read_bytes()
    mix: list[tuple[bytes, str]] = []
    for index, note in enumerate(notes * 2):
        if index % 10 == 3:
            mix.append((fhir, "application/fhir+json"))
        elif index % 10 == 7:
            mix.append((hl7, HL7_TYPE))
        else:
            mix.append((note, "application/json"))
    return mix


def start_server(port: int, workers: int) -> subprocess.Popen:
    checker = Path(sys.executable).parent / "checker"
    process = subprocess.Popen(
        [str(checker), "serve", "--port", str(port), "--workers", str(workers)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=2).status_code == 200:
                return process
        except httpx.TransportError:
            time.sleep(0.5)
    os.killpg(process.pid, signal.SIGTERM)
    raise SystemExit("checker serve did not start")


async def run_load(base: str, mix: list, requests: int, concurrency: int) -> dict:
    latencies: list[float] = []
    errors: dict[str, int] = {}
    answered = 0
    queue: asyncio.Queue[int] = asyncio.Queue()
    for number in range(requests):
        queue.put_nowait(number)

    async def client(http: httpx.AsyncClient) -> None:
        nonlocal answered
        while not queue.empty():
            number = queue.get_nowait()
            body, content_type = mix[number % len(mix)]
            started = time.perf_counter()
            try:
                response = await http.post(
                    "/v1/check", content=body, headers={"content-type": content_type}
                )
            except httpx.HTTPError as exc:
                errors[type(exc).__name__] = errors.get(type(exc).__name__, 0) + 1
                continue
            latencies.append(time.perf_counter() - started)
            answered += 1
            if response.status_code != 200:
                key = f"HTTP {response.status_code}"
                errors[key] = errors.get(key, 0) + 1
            elif response.json().get("status") == "error":
                errors["error report"] = errors.get("error report", 0) + 1

    limits = httpx.Limits(max_connections=concurrency)
    async with httpx.AsyncClient(base_url=base, timeout=300, limits=limits) as http:
        started = time.perf_counter()
        await asyncio.gather(*(client(http) for _ in range(concurrency)))
        elapsed = time.perf_counter() - started
    ordered = sorted(latencies)
    return {
        "requests": requests,
        "answered": answered,
        "lost": requests - answered,
        "errors": errors,
        "seconds": round(elapsed, 2),
        "requests_per_s": round(answered / elapsed, 1),
        "p50_ms": round(statistics.median(ordered) * 1000, 1),
        "p99_ms": round(ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))] * 1000, 1),
        "max_ms": round(ordered[-1] * 1000, 1),
    }


async def warm_up(base: str, mix: list, count: int) -> None:
    async with httpx.AsyncClient(base_url=base, timeout=300) as http:
        for body, content_type in mix[:count]:
            await http.post("/v1/check", content=body, headers={"content-type": content_type})


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--requests", type=int, default=2000)
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument("--workers", type=int, default=2, help="checking processes")
    args = parser.parse_args()
    mix = bodies()
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    server = start_server(port, args.workers)
    try:
        asyncio.run(warm_up(base, mix, 2 * args.workers))
        load_before = os.getloadavg()
        result = asyncio.run(run_load(base, mix, args.requests, args.concurrency))
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=60)
    result.update(
        concurrency=args.concurrency,
        workers=args.workers,
        load_average_before=[round(x, 1) for x in load_before],
        load_average_after=[round(x, 1) for x in os.getloadavg()],
        cpus=os.cpu_count(),
    )
    RESULTS.mkdir(parents=True, exist_ok=True)
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
    (RESULTS / f"load-{stamp}.json").write_text(json.dumps(result, indent=2) + "\n")
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
