"""benchmarks/fake_nova.py serves what `delete NAME...` of compute and nova send."""

import importlib.util
import json
import threading
import urllib.error
import urllib.request
from pathlib import Path

import pytest

FAKE = Path(__file__).parents[2] / "benchmarks" / "fake_nova.py"


@pytest.fixture
def fake_nova():
    spec = importlib.util.spec_from_file_location("fake_nova", FAKE)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    server, endpoint = module.make_server(12, service_time=0, max_limit=5)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield endpoint
    server.shutdown()
    server.server_close()


def _call(method, url):
    """(status, decoded body or None)."""
    request = urllib.request.Request(url, method=method)
    try:
        with urllib.request.urlopen(request, timeout=10) as answer:
            body = answer.read()
            return answer.status, json.loads(body) if body else None
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read())


def _names(fake_nova, query, path="/servers"):
    """Every name the listing gives, following next links."""
    names, url = [], f"{fake_nova}{path}?{query}"
    while url:
        status, body = _call("GET", url)
        assert status == 200
        names += [server["name"] for server in body["servers"]]
        url = next((link["href"] for link in body.get("servers_links", [])), None)
    return names


def test_a_name_pattern_lists_exactly_its_names_on_both_listings(fake_nova):
    query = "name=%5E%28vm%5C-00002%7Cvm%5C-00011%29%24"  # ^(vm\-00002|vm\-00011)$
    assert _names(fake_nova, query) == ["vm-00002", "vm-00011"]
    assert _names(fake_nova, query, "/servers/detail") == ["vm-00002", "vm-00011"]


def test_a_name_is_searched_for_anywhere_and_pages_keep_the_filter(fake_nova):
    assert _names(fake_nova, "name=vm-0001") == ["vm-00010", "vm-00011", "vm-00012"]
    assert _names(fake_nova, "name=0&limit=2") == [f"vm-{i:05d}" for i in range(1, 13)]


def test_a_deleted_server_is_gone(fake_nova):
    server_id = "00000000-0000-0000-0000-000000000007"
    status, body = _call("GET", f"{fake_nova}/servers/{server_id}")
    assert (status, body["server"]["name"]) == (200, "vm-00007")
    assert _call("DELETE", f"{fake_nova}/servers/{server_id}") == (204, None)
    status, body = _call("GET", f"{fake_nova}/servers/{server_id}")
    assert status == 404
    assert body["itemNotFound"]["message"] == f"Instance {server_id} could not be found."
    assert _call("DELETE", f"{fake_nova}/servers/{server_id}")[0] == 404
    assert "vm-00007" not in _names(fake_nova, "name=vm")
