"""Run slow work (building and signing a record, making a key) off the window's thread.

The work is a plain function; only this adapter knows Qt. Results come back as signals, which
Qt delivers on the window's thread.
"""

from __future__ import annotations

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


def start(work: Callable[[], Any], on_done: Callable[[Any], None],
          on_error: Callable[[BaseException], None]) -> Job:
    job = Job(work)
    _running.add(job)

    def done(result: Any) -> None:
        _running.discard(job)
        on_done(result)

    def failed(exc: Any) -> None:
        _running.discard(job)
        on_error(exc)

    job.signals.finished.connect(done)
    job.signals.failed.connect(failed)
    QThreadPool.globalInstance().start(job)
    return job
