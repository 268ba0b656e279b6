"""Bulk server actions: overlapping requests, no look-up for UUIDs, every failure named."""

import argparse
import threading
import uuid

import pytest

from computeclient import client, cliutils, exceptions
from computeclient.v2 import client as v2_client
from computeclient.v2.commands import server_actions, server_bulk, servers


class RecordingTransport(client.HTTPClient):
    """Answers from a table and records how many requests were in flight at once.

    With `meet=N`, the first N requests wait for each other at a barrier: they
    only get through if N of them are in flight together.
    """

    def __init__(self, answers, meet=0):
        super().__init__(auth_token="t", management_url="http://nova.test/v2.1",
                         api_version=client.api_versions.APIVersion("2.60"))
        self.answers = answers
        self.calls = []
        self.in_flight = 0
        self.most_in_flight = 0
        self.lock = threading.Lock()
        self.barrier = threading.Barrier(meet) if meet else None
        self.met = 0

    def _raw_request(self, url, method, versioned=True, **kwargs):
        with self.lock:
            self.calls.append((method, url))
            self.in_flight += 1
            self.most_in_flight = max(self.most_in_flight, self.in_flight)
            wait = self.barrier is not None and self.met < self.barrier.parties
            self.met += 1
        try:
            if wait:
                self.barrier.wait(timeout=30)  # a bound, not a measurement
            status, body = self.answers(method, url)
        finally:
            with self.lock:
                self.in_flight -= 1
        if status >= 400:
            raise exceptions.from_response(_Response(status), body, url, method)
        return _Response(status), body


class _Response:
    def __init__(self, status):
        self.status_code = status
        self.headers = {}
        self.text = ""


def _ids(n):
    return [str(uuid.UUID(int=i + 1)) for i in range(n)]


def _accept_all(method, url):
    return 204, None


def test_bulk_delete_overlaps_its_requests_and_needs_no_lookup(capsys):
    transport = RecordingTransport(_accept_all, meet=4)
    cs = v2_client.Client(transport)
    refs = _ids(12)
    servers.do_delete(cs, argparse.Namespace(servers=refs, wait=False, parallel=4))
    assert transport.most_in_flight == 4
    assert sorted(transport.calls) == sorted(("DELETE", f"/servers/{r}") for r in refs)
    out = capsys.readouterr().out.splitlines()
    assert sorted(out) == sorted(f"Request to delete server {r} has been accepted." for r in refs)


def test_parallel_one_runs_one_at_a_time(capsys):
    transport = RecordingTransport(_accept_all)
    cs = v2_client.Client(transport)
    server_actions.do_stop(cs, argparse.Namespace(servers=_ids(5), wait=False, parallel=1))
    assert transport.most_in_flight == 1
    assert [m for m, _ in transport.calls] == ["POST"] * 5


def test_failure_in_the_middle_names_it_and_the_others_are_done(capsys):
    def answers(method, url):
        if method == "GET" and url.startswith("/servers/detail"):  # look-ups: no match
            return 200, {"servers": []}
        return 204, None
    transport = RecordingTransport(answers)
    cs = v2_client.Client(transport)
    refs = [*_ids(3), "missing-vm", *_ids(6)[3:]]
    with pytest.raises(exceptions.CommandError) as info:
        servers.do_delete(cs, argparse.Namespace(servers=refs, wait=False, parallel=8))
    message = str(info.value)
    assert message.startswith("Unable to delete missing-vm: No server with a name or ID of "
                              "'missing-vm' exists")
    deletes = {url for method, url in transport.calls if method == "DELETE"}
    assert deletes == {f"/servers/{r}" for r in refs if r != "missing-vm"}


def test_uuid_that_is_a_name_is_found_after_the_404(capsys):
    named, real = str(uuid.UUID(int=99)), str(uuid.UUID(int=7))

    def answers(method, url):
        if url == f"/servers/{named}/action" or url == f"/servers/{named}":
            return 404, {"itemNotFound": {"code": 404, "message": "Instance could not be found."}}
        if method == "GET" and "name=" in url:
            return 200, {"servers": [{"id": real, "name": named}]}
        return 202, None
    transport = RecordingTransport(answers)
    cs = v2_client.Client(transport)
    server_actions.do_start(cs, argparse.Namespace(servers=[named], wait=False, parallel=8))
    assert transport.calls[0] == ("POST", f"/servers/{named}/action")
    assert transport.calls[-1] == ("POST", f"/servers/{real}/action")


def test_missing_uuid_says_not_found_with_novas_message():
    gone = str(uuid.UUID(int=5))

    def answers(method, url):
        if method == "GET" and url.startswith("/servers/detail"):
            return 200, {"servers": []}
        message = f"Instance {gone} could not be found."
        return 404, {"itemNotFound": {"code": 404, "message": message}}
    cs = v2_client.Client(RecordingTransport(answers))
    with pytest.raises(exceptions.CommandError, match=f"No server with a name or ID of '{gone}' "
                       f"exists \\(Instance {gone} could not be found.\\)"):
        server_bulk.act_on_servers(cs, [gone], cs.servers.delete, "delete")


def test_apply_to_each_reports_failures_in_the_order_given():
    def act(ref):
        if ref.startswith("bad"):
            raise exceptions.NotFound(404, f"{ref} is gone")
        return None
    with pytest.raises(exceptions.CommandError) as info:
        cliutils.apply_to_each(["bad1", "ok", "bad2", "bad3"], act, "stop", parallel=3)
    assert str(info.value) == ("Unable to stop bad1: bad1 is gone (HTTP 404); "
                               "bad2: bad2 is gone (HTTP 404); bad3: bad3 is gone (HTTP 404)")


@pytest.mark.parametrize("text", ["0", "11", "many"])
def test_parallel_is_bounded(text):
    import argparse as ap
    with pytest.raises(ap.ArgumentTypeError):
        cliutils.parallel_count(text)
