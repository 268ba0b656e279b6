"""The fake transport wakes listeners on delivery and on stop (sandbox's fake_transport)."""

from __future__ import annotations

import threading

import pytest

oslo_messaging = pytest.importorskip("oslo_messaging")  # installed with the sandbox extra
from oslo_messaging._drivers import impl_fake  # noqa: E402

from computeclient_sandbox import fake_transport  # noqa: E402

#: Bounds every wait of these tests; a poll that is not woken waits longer than this.
BOUND = 30
NEVER = 3600


@pytest.fixture
def exchanges(monkeypatch):
    """The real fake driver's objects, patched for the test only; rechecks disabled."""
    for cls, name in ((impl_fake.FakeExchange, "deliver_message"),
                      (impl_fake.FakeListener, "stop"), (impl_fake.FakeListener, "poll")):
        monkeypatch.setattr(cls, name, getattr(cls, name))
    monkeypatch.setattr(impl_fake.FakeListener, "_wakes_on_delivery", False, raising=False)
    monkeypatch.setattr(fake_transport, "IDLE_RECHECK_SECONDS", NEVER)
    fake_transport.install()
    manager = impl_fake.FakeExchangeManager("sandbox-test")
    yield manager
    impl_fake.FakeExchangeManager.cleanup()


@pytest.fixture
def waiting(monkeypatch):
    """Set once a poll is about to wait on the condition (it holds the lock until then)."""
    event = threading.Event()
    wait = fake_transport._WAKE.wait

    def wait_and_tell(timeout=None):
        event.set()
        return wait(timeout)

    monkeypatch.setattr(fake_transport._WAKE, "wait", wait_and_tell)
    return event


def _poll_in_thread(listener, timeout):
    result = {}
    thread = threading.Thread(target=lambda: result.update(got=listener.poll(timeout=timeout)))
    thread.start()
    return thread, result


def _finished(thread, result):
    thread.join(BOUND)
    assert not thread.is_alive(), "the poll was not woken"
    return result["got"]


def test_delivery_wakes_a_waiting_listener(exchanges, waiting):
    target = oslo_messaging.Target(topic="compute", server="host1")
    listener = impl_fake.FakeListener(exchanges, [target])
    thread, result = _poll_in_thread(listener, NEVER)
    assert waiting.wait(BOUND)

    exchanges.get_exchange(None).deliver_message("compute", {}, {"method": "boot"},
                                                 server="host1")

    [incoming] = _finished(thread, result)
    assert incoming.message == {"method": "boot"}


def test_stop_ends_a_waiting_poll(exchanges, waiting):
    listener = impl_fake.FakeListener(exchanges, [oslo_messaging.Target(topic="conductor")])
    thread, result = _poll_in_thread(listener, None)
    assert waiting.wait(BOUND)

    listener.stop()

    assert _finished(thread, result) == []


def test_timeout_without_message_returns_nothing(exchanges):
    listener = impl_fake.FakeListener(exchanges, [oslo_messaging.Target(topic="scheduler")])
    assert listener.poll(timeout=0.01) == []


def test_fanout_and_pools_each_get_a_copy(exchanges, waiting):
    exchange = exchanges.get_exchange(None)
    servers = [impl_fake.FakeListener(exchanges, [oslo_messaging.Target(topic="t", server=s)])
               for s in ("a", "b")]
    pools = [impl_fake.FakeListener(exchanges, [oslo_messaging.Target(topic="n")], pool=p)
             for p in ("p1", "p2")]
    thread, result = _poll_in_thread(servers[0], NEVER)
    assert waiting.wait(BOUND)

    exchange.deliver_message("t", {}, {"fan": 1}, fanout=True)
    exchange.deliver_message("n", {}, {"pool": 1})

    assert [m.message for m in _finished(thread, result)] == [{"fan": 1}]
    assert [m.message for m in servers[1].poll(timeout=NEVER)] == [{"fan": 1}]
    for listener in pools:
        assert [m.message for m in listener.poll(timeout=NEVER)] == [{"pool": 1}]


def test_requeue_wakes_the_next_listener(exchanges, waiting):
    target = oslo_messaging.Target(topic="conductor")
    first, second = (impl_fake.FakeListener(exchanges, [target]) for _ in range(2))
    exchanges.get_exchange(None).deliver_message("conductor", {}, {"method": "save"})
    [incoming] = first.poll(timeout=NEVER)
    thread, result = _poll_in_thread(second, NEVER)
    assert waiting.wait(BOUND)

    incoming.requeue()

    assert [m.message for m in _finished(thread, result)] == [{"method": "save"}]


def test_install_is_idempotent(exchanges):
    poll = impl_fake.FakeListener.poll
    fake_transport.install()
    assert impl_fake.FakeListener.poll is poll
