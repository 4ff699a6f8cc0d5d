"""Run slow work (building and signing a record, making a key) off the window's thread.

The work is a plain function; only this adapter knows Qt. Results come back as signals, which
Qt delivers on the window's thread.

Python's cyclic garbage collector runs in whichever thread happens to allocate; if it ran in
the worker it could free Qt widgets off the window's thread, which crashes Qt. So garbage is
collected on the window's thread before a job starts, and the collector is paused while any
job runs (jobs are short: a record signed, a key made).
"""

from __future__ import annotations

import gc
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal


class _Signals(QObject):
    finished = Signal(object)
    failed = Signal(object)


class Job(QRunnable):
    def __init__(self, work: Callable[[], Any]) -> None:
        super().__init__()
        self.work = work
        self.signals = _Signals()
        self.setAutoDelete(False)

    def run(self) -> None:
        try:
            result = self.work()
        except Exception as exc:  # handed to the window, which says what went wrong
            self.signals.failed.emit(exc)
        else:
            self.signals.finished.emit(result)


_running: set[Job] = set()
_gc_was_enabled = True


def _pause_gc() -> None:
    global _gc_was_enabled
    if not _running:
        gc.collect()  # here, on the window's thread
        _gc_was_enabled = gc.isenabled()
        gc.disable()


def _resume_gc() -> None:
    if not _running and _gc_was_enabled:
        gc.enable()


def start(work: Callable[[], Any], on_done: Callable[[Any], None],
          on_error: Callable[[BaseException], None]) -> Job:
    job = Job(work)
    _pause_gc()
    _running.add(job)

    def done(result: Any) -> None:
        _running.discard(job)
        _resume_gc()
        on_done(result)

    def failed(exc: Any) -> None:
        _running.discard(job)
        _resume_gc()
        on_error(exc)

    job.signals.finished.connect(done)
    job.signals.failed.connect(failed)
    QThreadPool.globalInstance().start(job)
    return job
