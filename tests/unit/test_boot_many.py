"""boot --min-count/--max-count: every server is found, waited for and printed."""

import itertools
import json
import re

import pytest

from computeclient import shell
from tests.unit.conftest import ENDPOINT

IMAGES = "http://glance.test/image"
IMAGE_ID = "6b1b3c6e-0f8c-4d3e-9d44-1f1a1d0c0a01"
FLAVOR = {"id": "1", "name": "m1.tiny"}


@pytest.fixture
def boot(mock_http, monkeypatch, capsys):
    monkeypatch.setenv("OS_AUTH_TYPE", "admin_token")
    monkeypatch.setenv("OS_ENDPOINT", ENDPOINT)
    monkeypatch.setenv("OS_TOKEN", "tok")
    monkeypatch.setattr("time.sleep", lambda seconds: None)
    mock_http.get(re.compile(re.escape(f"{ENDPOINT}/flavors")),
                  json={"flavor": FLAVOR, "flavors": [FLAVOR]})
    mock_http.get(f"{IMAGES}/v2/images/{IMAGE_ID}", json={"id": IMAGE_ID, "name": "cirros"})
    mock_http.post(f"{ENDPOINT}/servers", status_code=202, json={"reservation_id": "r-9"})

    def run(*extra):
        code = shell.main(["--os-compute-api-version", "2.60", "--os-image-endpoint", IMAGES,
                           "boot", "--flavor", "1", "--image", IMAGE_ID, "--nic", "none",
                           "-f", "json", *extra, "vm"])
        out, err = capsys.readouterr()
        return code, out, err
    return run


def _servers(mock_http, *pages):
    """Each GET of the reservation's servers answers the next page of statuses."""
    answers = itertools.chain(pages, itertools.repeat(pages[-1]))

    def answer(request, context):
        assert request.qs["reservation_id"] == ["r-9"]
        statuses = next(answers)
        return {"servers": [
            {"id": f"id-{i}", "name": f"vm-{i}", "status": status, "addresses": {},
             "fault": {"message": "No valid host was found."} if status == "ERROR" else None}
            for i, status in enumerate(statuses, 1)]}
    mock_http.get(f"{ENDPOINT}/servers/detail", json=answer)


def _posted(mock_http):
    posts = [r for r in mock_http.request_history if r.method == "POST"]
    assert len(posts) == 1
    return json.loads(posts[0].body)["server"]


def test_every_server_created_is_printed(boot, mock_http):
    _servers(mock_http, ["BUILD", "BUILD", "BUILD"])
    code, out, err = boot("--max-count", "3")
    assert code == 0 and err == ""
    assert [s["ID"] for s in json.loads(out)] == ["id-1", "id-2", "id-3"]
    body = _posted(mock_http)
    assert (body["min_count"], body["max_count"], body["return_reservation_id"]) == (1, 3, True)


def test_fewer_than_max_count_is_said_and_is_not_a_failure(boot, mock_http):
    _servers(mock_http, ["BUILD"] * 4)
    code, out, err = boot("--max-count", "50")
    assert code == 0
    assert len(json.loads(out)) == 4
    assert err == ("Nova created 4 of the 50 servers asked (reservation r-9); "
                   "quota or capacity allowed no more.\n")


def test_wait_waits_for_every_server(boot, mock_http):
    _servers(mock_http, ["BUILD", "BUILD"], ["ACTIVE", "BUILD"], ["ACTIVE", "ACTIVE"])
    code, out, err = boot("--min-count", "2", "--wait")
    assert code == 0, err
    assert [s["Status"] for s in json.loads(out)] == ["ACTIVE", "ACTIVE"]
    polls = [r for r in mock_http.request_history if r.path.endswith("/servers/detail")]
    assert len(polls) == 3
    assert "1 ACTIVE, 1 BUILD" in err


def test_a_server_in_error_fails_the_wait_and_names_it(boot, mock_http):
    _servers(mock_http, ["BUILD", "BUILD", "BUILD"], ["ACTIVE", "ERROR", "ACTIVE"])
    code, out, err = boot("--min-count", "1", "--max-count", "3", "--wait")
    assert code == 1 and out == ""
    assert err.splitlines()[-1] == (
        "ERROR (CommandError): 2 of 3 servers of reservation r-9 became ACTIVE (at least 1 "
        "asked); id-2 ERROR: No valid host was found.; see 'compute list --reservation-id "
        "r-9'")


def test_fewer_active_than_min_count_fails(boot, mock_http):
    _servers(mock_http, ["ACTIVE", "ACTIVE"])
    code, out, err = boot("--min-count", "3", "--max-count", "3", "--wait")
    assert code == 1 and out == ""
    assert "Nova created 2 of the 3 servers asked" in err
    assert "2 of 2 servers of reservation r-9 became ACTIVE (at least 3 asked)" in err


def test_one_server_keeps_the_single_server_record(boot, mock_http):
    mock_http.post(f"{ENDPOINT}/servers", status_code=202,
                   json={"server": {"id": "s1", "adminPass": "p"}})
    mock_http.get(f"{ENDPOINT}/servers/s1", json={"server": {
        "id": "s1", "name": "vm", "status": "BUILD", "addresses": {}}})
    code, out, err = boot("--max-count", "1")
    assert code == 0, err
    assert json.loads(out)["id"] == "s1"
    assert "return_reservation_id" not in _posted(mock_http)
