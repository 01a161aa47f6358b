"""A stop signal is raised where the run can clean up, never inside the worker pool's locks."""

from __future__ import annotations

import os
import signal

import pytest

from checker.stopping import Stopped, handle_stop_signals, stops_deferred


@pytest.fixture
def stop_handlers():
    saved = {signum: signal.getsignal(signum) for signum in (signal.SIGTERM, signal.SIGHUP)}
    saved[signal.SIGINT] = signal.getsignal(signal.SIGINT)
    for signum in saved:
        signal.signal(signum, signal.SIG_DFL if signum != signal.SIGINT else saved[signum])
    yield
    for signum, handler in saved.items():
        signal.signal(signum, handler)


def test_a_stop_outside_the_pool_is_raised_at_once(stop_handlers):
    handle_stop_signals()
    with pytest.raises(Stopped) as stop:
        os.kill(os.getpid(), signal.SIGTERM)
        signal.sigtimedwait([], 0)  # gives Python a point to run the handler
        raise AssertionError("the stop was not raised where it arrived")
    assert stop.value.signal_name == "SIGTERM"


def test_a_stop_while_the_pool_is_busy_waits_for_the_end_of_that_exchange(stop_handlers):
    handle_stop_signals()
    finished_inside = False
    with pytest.raises(Stopped) as stop, stops_deferred():
        os.kill(os.getpid(), signal.SIGHUP)
        signal.sigtimedwait([], 0)
        finished_inside = True  # the handler ran here and did not raise
    assert finished_inside
    assert stop.value.signal_name == "SIGHUP"


def test_a_second_stop_during_the_clean_up_is_ignored(stop_handlers):
    handle_stop_signals()
    with pytest.raises(Stopped):
        os.kill(os.getpid(), signal.SIGTERM)
        signal.sigtimedwait([], 0)
    assert signal.getsignal(signal.SIGTERM) is signal.SIG_IGN
    assert signal.getsignal(signal.SIGHUP) is signal.SIG_IGN
    handle_stop_signals()  # the next run in this process stops on them again
    assert signal.getsignal(signal.SIGTERM) is not signal.SIG_IGN


def test_a_signal_ignored_when_the_run_started_stays_ignored(stop_handlers):
    signal.signal(signal.SIGHUP, signal.SIG_IGN)  # as under nohup
    handle_stop_signals()
    assert signal.getsignal(signal.SIGHUP) is signal.SIG_IGN
    assert signal.getsignal(signal.SIGTERM) is not signal.SIG_DFL


def test_a_stop_just_after_a_line_is_written_still_counts_that_line(
    stop_handlers, tmp_path, monkeypatch
):
    # The manifest's lines_out is the results file's line count: a stop landing right after
    # the write returned must not leave a written line uncounted.
    from checker.report import files

    handle_stop_signals()
    real_write = os.write

    def write_then_stop(fd: int, data: bytes) -> int:
        written = real_write(fd, data)
        os.kill(os.getpid(), signal.SIGTERM)
        signal.sigtimedwait([], 0)  # the handler runs here, as it would after the syscall
        return written

    results = files.LineFile(tmp_path / "results.jsonl")
    monkeypatch.setattr(files.os, "write", write_then_stop)
    with pytest.raises(Stopped), results:
        results.write_line('{"note_id": "a"}')
    monkeypatch.undo()
    assert (tmp_path / "results.jsonl").read_text() == '{"note_id": "a"}\n'
    assert results.lines == 1
