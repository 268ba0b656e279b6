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
        if method == "GET" and url.startswith(("/servers?", "/servers/detail")):  # no match
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
        if method == "GET" and url == f"/servers/{real}":  # find(name=) reads the match
            return 200, {"server": {"id": real, "name": named}}
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


def _named(servers_by_name):
    """Answers like Nova for a bulk action by name: `^(a|b)$` filters names by
    regular expression (case-insensitively, as MySQL would); actions succeed."""
    import re
    from urllib.parse import parse_qs, urlparse

    def answers(method, url):
        if method == "GET" and url.startswith("/servers?"):
            pattern = parse_qs(urlparse(url).query)["name"][0]
            return 200, {"servers": [{"id": sid, "name": name}
                                     for name, ids in servers_by_name.items() for sid in ids
                                     if re.search(pattern, name, re.IGNORECASE)]}
        if method == "GET" and url.startswith("/servers/detail"):  # a look-up of one name
            return 200, {"servers": []}
        return 204, None
    return answers


def test_names_are_resolved_by_one_listing_then_acted_on_by_id(capsys):
    by_name = {f"web-{i}": [str(uuid.UUID(int=i + 1))] for i in range(5)}
    transport = RecordingTransport(_named(by_name))
    cs = v2_client.Client(transport)
    servers.do_delete(cs, argparse.Namespace(servers=list(by_name), wait=False, parallel=4))
    lookups = [url for method, url in transport.calls if method == "GET"]
    assert len(lookups) == 1 and lookups[0].startswith("/servers?name=")
    assert sorted(url for method, url in transport.calls if method == "DELETE") == sorted(
        f"/servers/{ids[0]}" for ids in by_name.values())


def test_a_name_of_two_servers_is_refused_and_only_it():
    twins = [str(uuid.UUID(int=50)), str(uuid.UUID(int=51))]
    by_name = {"twin": twins, "solo": [str(uuid.UUID(int=52))],
               "SOLO": [str(uuid.UUID(int=53))]}  # another name to us, a match to Nova's regex
    transport = RecordingTransport(_named(by_name))
    cs = v2_client.Client(transport)
    with pytest.raises(exceptions.CommandError) as info:
        servers.do_delete(cs, argparse.Namespace(servers=["twin", "solo", "gone"], wait=False,
                                                 parallel=4))
    assert str(info.value).startswith(
        "Unable to delete twin: More than one server is named 'twin'; use its ID; "
        "gone: No server with a name or ID of 'gone' exists")
    assert [url for method, url in transport.calls if method == "DELETE"] == [
        f"/servers/{by_name['solo'][0]}"]


def test_long_name_lists_are_split_into_short_queries():
    from urllib.parse import parse_qs, urlparse
    by_name = {f"server-with-a-rather-long-name-{i:04d}": [str(uuid.UUID(int=i + 1))]
               for i in range(300)}
    transport = RecordingTransport(_named(by_name))
    cs = v2_client.Client(transport)
    found = server_bulk.ids_by_name(cs, list(by_name))
    assert found == by_name
    queries = [url for method, url in transport.calls if method == "GET"]
    assert len(queries) > 1
    assert all(len(url) < server_bulk.MAX_PATTERN_CHARS + 200 for url in queries)
    sent = [parse_qs(urlparse(url).query)["name"][0] for url in queries]
    assert sum(pattern.count("|") + 1 for pattern in sent) == len(by_name)


def test_a_refused_listing_falls_back_to_one_look_up_per_name():
    def answers(method, url):
        if method == "GET" and url.startswith("/servers?") and "%7C" in url:  # ^(a|b)$
            return 400, {"badRequest": {"code": 400, "message": "Invalid filter"}}
        if method == "GET" and url.startswith("/servers?"):  # one name: ^a$ or ^b$
            name = "a" if "%5Ea%24" in url else "b"
            return 200, {"servers": [{"id": str(uuid.UUID(int=ord(name))), "name": name}]}
        if method == "GET" and url.startswith("/servers/"):  # find(name=) reads the match
            sid = url.rsplit("/", 1)[1]
            return 200, {"server": {"id": sid, "name": chr(uuid.UUID(sid).int)}}
        return 204, None
    transport = RecordingTransport(answers)
    cs = v2_client.Client(transport)
    servers.do_delete(cs, argparse.Namespace(servers=["a", "b"], wait=False, parallel=2))
    assert sorted(url for method, url in transport.calls if method == "DELETE") == [
        f"/servers/{uuid.UUID(int=ord('a'))}", f"/servers/{uuid.UUID(int=ord('b'))}"]
