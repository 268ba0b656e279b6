"""The sandbox's cell lock: readers never wait for a writer that only waits."""

from __future__ import annotations

import threading

import pytest

from computeclient_sandbox.cell_lock import ReaderPreferringLock

BOUND = 20  # seconds: a bound on a hang, not a speed


def _start(target) -> threading.Thread:
    thread = threading.Thread(target=target, daemon=True)
    thread.start()
    return thread


def test_the_fixture_s_three_thread_cycle_cannot_close():
    # C reads and then needs the database lock; B waits to write; A holds the
    # database lock and reads. fasteners' lock parks A behind B (pending), B
    # waits for C, C for A: Nova stopped answering. Here A's read goes through.
    lock, database = ReaderPreferringLock(), threading.Lock()
    c_reading, a_has_database, done = threading.Event(), threading.Event(), []

    def c() -> None:
        with lock.read_lock():
            c_reading.set()
            a_has_database.wait(BOUND)
            with database:
                done.append("c")

    def b() -> None:
        with lock.write_lock():
            done.append("b")

    def a() -> None:
        with database:
            a_has_database.set()
            with lock.read_lock():
                done.append("a")

    threads = [_start(c)]
    assert c_reading.wait(BOUND)
    threads.append(_start(b))
    threads.append(_start(a))
    for thread in threads:
        thread.join(BOUND)
    assert not any(t.is_alive() for t in threads)
    assert sorted(done) == ["a", "b", "c"] and done[-1] == "b"  # the writer last: C read till then


@pytest.mark.parametrize("holds, waits", [("read", "write"), ("write", "read"),
                                          ("write", "write")])
def test_the_second_side_waits_while_the_first_holds_it(holds, waits):
    # A writer waits until no thread reads; a reader or writer waits while a writer holds it.
    lock, order = ReaderPreferringLock(), []
    holding, release = threading.Event(), threading.Event()

    def first() -> None:
        with getattr(lock, f"{holds}_lock")():
            holding.set()
            release.wait(BOUND)
            order.append("first")

    def second() -> None:
        with getattr(lock, f"{waits}_lock")():
            order.append("second")

    threads = [_start(first)]
    assert holding.wait(BOUND)
    threads.append(_start(second))
    release.set()
    for thread in threads:
        thread.join(BOUND)
    assert order == ["first", "second"]


def test_it_is_re_entrant_as_fasteners_lock_is():
    lock = ReaderPreferringLock()
    with lock.read_lock(), lock.read_lock(), pytest.raises(
            RuntimeError, match="reader cannot take the write lock"), lock.write_lock():
        pass
    with lock.write_lock(), lock.write_lock(), lock.read_lock():
        pass
    assert lock._writer is None and not lock._readers  # all released
