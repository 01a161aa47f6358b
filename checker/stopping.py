"""Stopping a run on Ctrl-C, SIGTERM or SIGHUP without wedging the worker pool.

Python runs a signal handler between any two bytecodes of the main thread, so an exception
raised by the handler can land just after a lock was taken and before the `with` block that
releases it begins (a known limit of `with` in CPython). When that lock is one of the
process pool's own (its shutdown lock, a result's condition), the clean-up that ends the
workers then waits on it for ever and the run never exits.

So while the run talks to its pool, a stop is only noted; it is raised at the next safe
point: when that exchange ends, or between two short waits for a batch's result. Anywhere
else it is raised at once, as before, and the run stops between two reports.
"""

from __future__ import annotations

import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager

STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)
# One stop is enough: a second SIGTERM or SIGHUP during the clean-up is ignored so it finishes.
_IGNORED_AFTER_A_STOP = (signal.SIGTERM, signal.SIGHUP)


class Stopped(KeyboardInterrupt):
    """Ctrl-C, SIGTERM or SIGHUP: whole lines written, an incomplete report set."""

    def __init__(self, signal_name: str) -> None:
        super().__init__(signal_name)
        self.signal_name = signal_name


class _StopState:
    def __init__(self) -> None:
        self.deferring = 0
        self.pending: str | None = None
        self.ignored_by_us: set[int] = set()


_STATE = _StopState()


def handle_stop_signals() -> None:
    """Route the stop signals through `request_stop` (main thread only, as Python requires).
    A signal the run was started with ignored stays ignored: `nohup` ignores SIGHUP, and a
    shell starts a background job with Ctrl-C ignored."""
    if threading.current_thread() is threading.main_thread():
        _STATE.pending = None
        for signum in STOP_SIGNALS:
            ignored = signal.getsignal(signum) is signal.SIG_IGN
            if not ignored or signum in _STATE.ignored_by_us:
                signal.signal(signum, request_stop)
        _STATE.ignored_by_us.clear()


def request_stop(signum: int, frame: object) -> None:
    """The stop signals' handler: stop now, or at the next safe point if now is not one."""
    for other in _IGNORED_AFTER_A_STOP:
        if signal.getsignal(other) is request_stop:
            signal.signal(other, signal.SIG_IGN)
            _STATE.ignored_by_us.add(other)
    name = signal.Signals(signum).name
    if _STATE.deferring:
        _STATE.pending = _STATE.pending or name
        return
    raise Stopped(name)


def raise_if_stopping() -> None:
    """Raise the stop noted while it could not be raised (a safe point calls this)."""
    name, _STATE.pending = _STATE.pending, None
    if name is not None:
        raise Stopped(name)


@contextmanager
def stops_deferred() -> Iterator[None]:
    """A stand-off for the stop signals while the pool's locks may be held."""
    _STATE.deferring += 1
    try:
        yield
    finally:
        _STATE.deferring -= 1
    if not _STATE.deferring:
        raise_if_stopping()
