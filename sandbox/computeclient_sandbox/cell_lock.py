"""The cell lock of Nova's CellDatabases fixture, without its deadlock.

The fixture (Nova's test base, which the sandbox runs on) lets one process
hold several cell databases: `target_cell` takes a reader-writer lock — the
write side to switch which cell an untargeted database access reaches, the
read side for the whole targeted block — and every untargeted access takes
the read side for a moment. fasteners' lock makes a new reader wait while a
writer is waiting. Nova also serializes writes to one sqlite database with a
plain lock (DatabaseWriteLock), so three threads can wait on each other for
good: A writes (holds the database lock) and, inside, reads untargeted
(waits: a writer is pending); B switches cells (waits until no thread reads);
C, reading inside its targeted block, wants to write (waits for A). Seen on
the sandbox in a CI run: a service heartbeat (A), a conductor's quota
recheck (B) and a block device mapping write (C), and Nova answered nothing
more.

This lock lets a reader in whenever no writer *holds* the lock, so A's
untargeted read goes through and the cycle cannot close; writers wait until
no thread reads. The guarantee the fixture relies on — no switch of cell
while any thread reads — is unchanged.
"""

from __future__ import annotations

import contextlib
import threading
from typing import Iterator


class ReaderPreferringLock:
    """Reader-writer lock: readers wait only for a writer that holds it.

    Re-entrant like fasteners' ReaderWriterLock: a reader may read again, a
    writer may write again or read; a reader may not become a writer.
    """

    def __init__(self) -> None:
        self._cond = threading.Condition()
        self._readers: dict[int, int] = {}  # thread id -> depth
        self._writer: int | None = None
        self._writer_depth = 0

    @contextlib.contextmanager
    def read_lock(self) -> Iterator[ReaderPreferringLock]:
        me = threading.get_ident()
        with self._cond:
            while self._writer not in (None, me):
                self._cond.wait()
            self._readers[me] = self._readers.get(me, 0) + 1
        try:
            yield self
        finally:
            with self._cond:
                depth = self._readers.pop(me) - 1
                if depth:
                    self._readers[me] = depth
                self._cond.notify_all()

    @contextlib.contextmanager
    def write_lock(self) -> Iterator[ReaderPreferringLock]:
        me = threading.get_ident()
        with self._cond:
            if me in self._readers and self._writer != me:
                raise RuntimeError("a reader cannot take the write lock")
            while self._writer not in (None, me) or any(t != me for t in self._readers):
                self._cond.wait()
            self._writer = me
            self._writer_depth += 1
        try:
            yield self
        finally:
            with self._cond:
                self._writer_depth -= 1
                if not self._writer_depth:
                    self._writer = None
                self._cond.notify_all()
