"""Listings that follow pages do so lazily: a page is requested when reached."""

import json

from computeclient import shell
from tests.unit.conftest import ENDPOINT


def _pages(mock_http, sizes):
    """Register len(sizes) pages of servers chained by markers; returns all ids."""
    ids, start = [], 0
    for number, size in enumerate(sizes):
        page_ids = [f"s{start + i:04d}" for i in range(size)]
        body = {"servers": [{"id": i, "name": f"vm-{i}", "status": "ACTIVE"} for i in page_ids]}
        if number < len(sizes) - 1:
            body["servers_links"] = [{"rel": "next",
                                      "href": f"{ENDPOINT}/servers/detail?marker={page_ids[-1]}"}]
        marker = f"marker={ids[-1]}" if ids else None
        mock_http.get(f"{ENDPOINT}/servers/detail", json=body,
                      additional_matcher=(lambda r, m=marker: (m in (r.query or "")) if m
                                          else "marker" not in (r.query or "")))
        ids += page_ids
        start += size
    return ids


def test_iterate_requests_each_page_when_reached(make_cs, mock_http):
    ids = _pages(mock_http, [3, 3, 2])
    servers = make_cs().servers.iterate(page_size=3)
    first = [next(servers) for _ in range(3)]
    assert [s.id for s in first] == ids[:3]
    assert mock_http.call_count == 1
    assert "limit=3" in mock_http.request_history[0].url
    rest = list(servers)
    assert [s.id for s in first + rest] == ids
    assert mock_http.call_count == 3


def test_list_all_collects_every_page(make_cs, mock_http):
    ids = _pages(mock_http, [2, 2, 1])
    # then, as python-novaclient does, the page after the last server: empty
    mock_http.get(f"{ENDPOINT}/servers/detail?marker={ids[-1]}", json={"servers": []})
    assert [s.id for s in make_cs().servers.list(limit=-1)] == ids
    assert [r.qs.get("marker") for r in mock_http.request_history] == [
        None, [ids[1]], [ids[3]], [ids[4]]]


def test_list_limit_minus_one_json_equals_the_pages(mock_http, monkeypatch, capsys):
    ids = _pages(mock_http, [2, 2, 2])
    for name, value in {"OS_AUTH_TYPE": "admin_token", "OS_ENDPOINT": ENDPOINT,
                        "OS_TOKEN": "t", "COMPUTECLIENT_NO_CACHE": "1"}.items():
        monkeypatch.setenv(name, value)
    assert shell.main(["--os-compute-api-version", "2.60", "list", "--limit", "-1",
                       "-f", "json", "-c", "ID"]) == 0
    assert json.loads(capsys.readouterr().out) == [{"ID": i} for i in ids]
