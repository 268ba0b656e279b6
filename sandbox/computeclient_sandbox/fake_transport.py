"""Wake the `fake://` transport's listeners on delivery, as a broker pushes.

oslo.messaging's fake driver appends a message to a list and its listeners
find it by looking every 50 ms: each RPC hop waited up to that long and an
idle sandbox woke twenty times a second per listener. `install()` makes every
delivery (requeues included) and every `stop()` wake the waiting listeners;
the queues, pools, fanout and requeue stay the driver's own. A waiting poll
still looks at its queues every `IDLE_RECHECK_SECONDS`, so a wake-up missed
by some path that bypasses delivery costs latency, never a hang.
"""

from __future__ import annotations

import threading
import time
from typing import Any

IDLE_RECHECK_SECONDS = 1.0

# One condition for all exchanges: `_deliveries` counts deliveries and stops,
# so a poll that found nothing waits only if nothing happened since it looked.
_WAKE = threading.Condition()
_deliveries = 0


def _announce() -> None:
    global _deliveries
    with _WAKE:
        _deliveries += 1
        _WAKE.notify_all()


def _take(listener: Any) -> Any:
    """The first message waiting on one of `listener`'s targets, or None."""
    from oslo_messaging._drivers import impl_fake

    for target in listener._targets:
        exchange = listener._exchange_manager.get_exchange(target.exchange)
        ctxt, message, reply_q, requeue = exchange.poll(target, listener._pool)
        if message is not None:
            return impl_fake.FakeIncomingMessage(ctxt, message, reply_q, requeue)
    return None


def _poll_until_woken(listener: Any, timeout: float | None = None) -> Any:
    """One message, or None once `timeout` has passed or the listener stopped."""
    deadline = None if timeout is None else time.monotonic() + timeout
    while not listener._stopped.is_set():
        with _WAKE:
            seen = _deliveries
        incoming = _take(listener)
        if incoming is not None:
            return incoming
        wait = IDLE_RECHECK_SECONDS
        if deadline is not None:
            left = deadline - time.monotonic()
            if left <= 0:
                break
            wait = min(wait, left)
        with _WAKE:
            if _deliveries == seen and not listener._stopped.is_set():
                _WAKE.wait(wait)
    return None


def install() -> None:
    """Patch the fake driver's classes; idempotent. Only the sandbox's Nova calls it."""
    from oslo_messaging._drivers import base, impl_fake

    if getattr(impl_fake.FakeListener, "_wakes_on_delivery", False):
        return
    deliver = impl_fake.FakeExchange.deliver_message
    stop = impl_fake.FakeListener.stop

    def deliver_message(self: Any, *args: Any, **kwargs: Any) -> None:
        deliver(self, *args, **kwargs)
        _announce()

    def stop_and_wake(self: Any) -> None:
        stop(self)
        _announce()

    impl_fake.FakeExchange.deliver_message = deliver_message
    impl_fake.FakeListener.stop = stop_and_wake
    impl_fake.FakeListener.poll = base.batch_poll_helper(_poll_until_woken)
    impl_fake.FakeListener._wakes_on_delivery = True
