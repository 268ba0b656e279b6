"""The library changes only what it owns: a caller's keystoneauth1 session
keeps its adapters, no library call starts a thread, pauses the collector
or installs a warning filter (requests' Session and keystoneauth1's Adapter
change nothing they were handed either)."""

from __future__ import annotations

import gc
import logging
import threading
import warnings

import pytest
from keystoneauth1 import session as ksa_session
from keystoneauth1 import token_endpoint
from requests.adapters import HTTPAdapter

from computeclient import client

URL = "https://nova.example/v2.1"
LARGE = {"servers": [{"id": f"s{i}", "name": f"vm{i}", "status": "ACTIVE",
                      "addresses": {"net": [{"addr": "10.0.0.1", "version": 4}]}}
                     for i in range(2000)]}  # well over 64 KiB of JSON


class CallersAdapter(HTTPAdapter):
    """An adapter class whose constructor takes an argument of its own."""

    def __init__(self, tag: str) -> None:
        super().__init__()
        self.tag = tag


def _session(insecure: bool = False) -> ksa_session.Session:
    sess = ksa_session.Session(auth=token_endpoint.Token(URL, "tok"), verify=not insecure)
    sess.session.mount("https://", CallersAdapter("mine"))
    return sess


def _token_client(**kwargs):
    return client.Client("2.60", auth_token="tok", endpoint_override=URL, **kwargs)


def _session_client(**kwargs):
    return client.Client("2.60", session=_session(kwargs.pop("insecure", False)), **kwargs)


TRANSPORTS = pytest.mark.parametrize("make", [_token_client, _session_client],
                                     ids=["token", "session"])


@pytest.fixture
def nova(requests_mock):
    requests_mock.get(URL + "/servers/detail", json=LARGE)
    requests_mock.get(URL + "/servers/s1", json={"server": {"id": "s1", "name": "vm1"}})
    return requests_mock


def _calls(cs, count: int = 1) -> None:
    for _ in range(count):
        cs.servers.get("s1")
    assert len(cs.servers.list()) == 2000


def test_a_callers_session_keeps_its_adapters_after_a_hundred_calls(nova):
    sess = _session()
    before = dict(sess.session.adapters)
    cs = client.Client("2.60", session=sess)
    _calls(cs, 100)
    after = dict(sess.session.adapters)
    assert after.keys() == before.keys()
    for prefix, adapter in before.items():
        assert after[prefix] is adapter and type(after[prefix]) is type(adapter)
    assert after["https://"].tag == "mine"


@TRANSPORTS
def test_no_library_call_starts_a_thread(make, nova, monkeypatch):
    started = []
    real_start = threading.Thread.start
    monkeypatch.setattr(threading.Thread, "start",
                        lambda self: started.append(self.name) or real_start(self))
    count = threading.active_count()
    _calls(make(), 3)
    assert started == [] and threading.active_count() == count


@TRANSPORTS
@pytest.mark.parametrize("host_gc", [True, False], ids=["gc-on", "gc-off"])
def test_the_collector_is_left_as_the_host_set_it(make, nova, monkeypatch, host_gc):
    real_enable, was = gc.enable, gc.isenabled()
    (gc.enable if host_gc else gc.disable)()
    switched = []
    monkeypatch.setattr(gc, "disable", lambda: switched.append("disable"))
    monkeypatch.setattr(gc, "enable", lambda: switched.append("enable"))
    thresholds = gc.get_threshold()
    try:
        _calls(make())
        assert gc.isenabled() is host_gc
    finally:
        monkeypatch.undo()
        (real_enable if was else gc.disable)()
    assert switched == [] and gc.get_threshold() == thresholds


@TRANSPORTS
def test_warning_filters_are_left_alone_even_when_insecure(make, nova):
    filters = list(warnings.filters)
    _calls(make(insecure=True))
    assert warnings.filters == filters


def test_the_shell_makes_its_process_choices_in_one_place():
    import argparse

    from computeclient import shell
    thresholds = gc.get_threshold()
    gc.set_threshold(700, 10, 10)  # Python's default; another shell test may have run here
    try:
        with warnings.catch_warnings():
            shell.ComputeShell._configure_process(argparse.Namespace(insecure=True, debug=False))
            assert any(f[0] == "ignore" and f[1] is not None
                       and f[1].match("Unverified HTTPS request is being made")
                       for f in warnings.filters)
        assert gc.get_threshold()[0] > 700
    finally:
        gc.set_threshold(*thresholds)


@TRANSPORTS
def test_a_callers_logger_gets_no_filter_and_its_records_are_still_masked(make, nova, caplog):
    """The library masks what it logs without adding a filter to a logger it does not own."""
    mine = logging.getLogger("my.app.compute")
    mine.setLevel(logging.DEBUG)
    filters, handlers, level = list(mine.filters), list(mine.handlers), mine.level
    nova.post(URL + "/os-keypairs", headers={"Content-Type": "application/json"},
              json={"keypair": {"name": "k", "private_key": "PRIVATE"}})
    caplog.set_level(logging.DEBUG, logger="my.app.compute")
    cs = make(logger=mine, http_log_debug=True) if make is _token_client else make(logger=mine)
    cs.keypairs.create("k")
    assert (mine.filters, mine.handlers, mine.level) == (filters, handlers, level)
    mine.setLevel(logging.NOTSET)
    ours = "\n".join(r.getMessage() for r in caplog.records if r.name == "my.app.compute")
    assert '"private_key": "***"' in ours and "PRIVATE" not in ours, ours


def test_the_shell_sets_no_attribute_of_a_built_transport(monkeypatch, requests_mock, tmp_path):
    """What the shell wants of the transport (its version cache...) it gives at
    construction: no module outside the transport's own sets one of its attributes."""
    import sys

    from computeclient import shell, transport
    own = {"computeclient.transport", "computeclient.http_client",
           "computeclient.session_client", "computeclient.warm_auth"}
    outside = []
    real = object.__setattr__

    def record(self, name, value):
        caller = sys._getframe(1).f_globals.get("__name__")
        if caller not in own:
            outside.append(f"{caller}: {name}")
        real(self, name, value)
    monkeypatch.setattr(transport.Transport, "__setattr__", record, raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    for name, value in (("OS_AUTH_TYPE", "admin_token"), ("OS_ENDPOINT", URL), ("OS_TOKEN", "t")):
        monkeypatch.setenv(name, value)
    requests_mock.get(URL + "/", json={"version": {"id": "v2.1", "version": "2.90",
                                                   "min_version": "2.1"}})
    requests_mock.get(URL + "/os-keypairs", json={"keypairs": [{"keypair": {"name": "k"}}]})
    assert shell.main(["keypair-list"]) == 0
    assert requests_mock.call_count == 2 and outside == []
