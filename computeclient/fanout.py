"""One call on several clouds (or regions) at once, each answering for itself.

An operator's clouds.yaml names several clouds and regions; asking each in
turn costs the sum of their latencies, and one that is down must not hide the
others. `run` calls `call(target)` for every target in threads, at most
`parallel` at once, each bounded by `timeout`, and returns one `Outcome` per
target in the order given: its value or its error, never one for all.

This is the one library call that starts threads, because running at once
is what the caller asks of it; the threads are daemons, so a target that
never answers is abandoned at its deadline and does not hold the process.

Example::

    from computeclient import client, fanout

    clients = {"east": client.Client("2.latest", session=east_session),
               "west": client.Client("2.latest", session=west_session)}
    for outcome in fanout.run(clients, lambda cs: cs.servers.list()):
        print(outcome.target, outcome.error or len(outcome.value))

Cloud names of clouds.yaml serve as targets too::

    names = {n: n for n in ("prod-a", "prod-b")}
    fanout.run(names, lambda name: fanout.cloud_client(name).flavors.list())
"""

from __future__ import annotations

import threading
import time
from collections import deque
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Callable, Generic, Iterable, Mapping, TypeVar

from computeclient import exceptions

if TYPE_CHECKING:
    from computeclient.v2.client import Client

T = TypeVar("T")
V = TypeVar("V")

#: Targets asked at once unless the caller says otherwise.
DEFAULT_PARALLEL = 8


class TargetTimeout(exceptions.Timeout):
    """A target did not finish within the fan-out's per-target timeout."""


@dataclass
class Outcome(Generic[V]):
    """What one target gave: `value`, or the `error` it raised (value None)."""

    target: str
    value: V | None = None
    error: BaseException | None = None
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        return self.error is None


def run(targets: Mapping[str, T] | Iterable[tuple[str, T]], call: Callable[[T], V],
        parallel: int = DEFAULT_PARALLEL, timeout: float | None = None) -> list[Outcome[V]]:
    """Call `call(target)` for every target, `parallel` at once; one Outcome each.

    targets: label -> target (a Client, a cloud name, anything `call` takes),
    or (label, target) pairs; labels name the target in errors.
    timeout: seconds each target may take from its start; one that takes
    longer gets a `TargetTimeout` error (its thread is left to finish alone).
    Any exception `call` raises, even SystemExit, is that target's error.

    Example: ``fanout.run({"a": cs_a, "b": cs_b}, lambda cs: cs.flavors.list())``
    """
    items = list(targets.items()) if isinstance(targets, Mapping) else list(targets)
    if parallel < 1:
        raise exceptions.InvalidArgument("parallel must be at least 1")
    outcomes: list[Outcome[V] | None] = [None] * len(items)
    changed = threading.Condition()

    def work(index: int, started: float) -> None:
        label, target = items[index]
        try:
            outcome: Outcome[V] = Outcome(label, value=call(target))
        except BaseException as exc:  # the target's error, whatever it is
            outcome = Outcome(label, error=exc)
        outcome.seconds = time.monotonic() - started
        with changed:
            if outcomes[index] is None:  # not already given up on
                outcomes[index] = outcome
            changed.notify_all()

    waiting = deque(range(len(items)))
    running: dict[int, float] = {}  # index -> its deadline
    with changed:
        while waiting or running:
            while waiting and len(running) < parallel:
                index = waiting.popleft()
                started = time.monotonic()
                running[index] = started + timeout if timeout is not None else float("inf")
                threading.Thread(target=work, args=(index, started), daemon=True,
                                 name=f"fanout-{items[index][0]}").start()
            now = time.monotonic()
            for index, deadline in list(running.items()):
                if outcomes[index] is not None:
                    del running[index]
                elif now >= deadline:
                    outcomes[index] = Outcome(items[index][0], error=TargetTimeout(
                        f"no answer within {timeout:g} s", request_sent=True),
                        seconds=now - deadline + (timeout or 0))
                    del running[index]
            if running and not (waiting and len(running) < parallel):
                soonest = min(running.values())
                changed.wait(None if soonest == float("inf") else max(soonest - now, 0.001))
    return [o for o in outcomes if o is not None]


def cloud_client(name: str, api_version: str = "2.latest",
                 region_name: str | None = None) -> Client:
    """A Client for cloud `name` of clouds.yaml (read as the shell reads it),
    authenticated by keystoneauth1 with the cloud's auth_type and auth.

    Example: ``fanout.cloud_client("prod-east").servers.list()``
    """
    from keystoneauth1 import loading, session

    from computeclient import client, cloud_config

    cloud = cloud_config.get_cloud(name, region_name=region_name)
    loader: Any = loading.get_plugin_loader(cloud["auth_type"])
    auth: dict[str, Any] = cloud["auth"]
    options = {o.dest: auth[o.dest] for o in loader.get_options() if auth.get(o.dest)}
    verify, cert = cloud_config.requests_verify(cloud)
    sess = session.Session(auth=loader.load_from_options(**options), verify=verify, cert=cert)
    return client.Client(cloud.get("compute_api_version") or api_version, session=sess,
                         region_name=cloud.get("region_name") or None,
                         interface=cloud.get("interface"),
                         endpoint_override=cloud.get("compute_endpoint_override"))
