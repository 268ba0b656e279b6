"""Smaller defects: dates with an offset, one error line (usage's period line,
retry lines), a json stream cut short still one document, the paging bound."""

from __future__ import annotations

import itertools
import json
import sys
from urllib.parse import parse_qs, urlparse

import pytest

from computeclient import base, exceptions, output, resilience, shell
from tests.unit.conftest import ENDPOINT

TOKEN = ["--os-auth-type", "admin_token", "--os-token", "t:p1",
         "--os-endpoint-override", ENDPOINT, "--os-compute-api-version", "2.60"]


@pytest.fixture(autouse=True)
def isolated(monkeypatch, tmp_path):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    monkeypatch.setattr(resilience.RetryPolicy, "_backoff", lambda self, attempt: 0.001)


def test_usage_list_takes_dates_with_an_offset(mock_http, capsys):
    mock_http.get(f"{ENDPOINT}/os-simple-tenant-usage", json={"tenant_usages": []})
    code = shell.main([*TOKEN, "usage-list", "--start", "2019-12-01T01:00:00+01:00",
                       "--end", "2020-01-01T00:00:00Z"])
    assert code == 0, capsys.readouterr().err
    query = parse_qs(urlparse(mock_http.last_request.url).query)
    assert query["start"] == ["2019-12-01T00:00:00"] and query["end"] == ["2020-01-01T00:00:00"]


@pytest.mark.parametrize("command", [["usage-list"], ["usage"]])
def test_a_usage_error_is_one_line(mock_http, capsys, command):
    mock_http.get(f"{ENDPOINT}/os-simple-tenant-usage", status_code=403,
                  json={"forbidden": {"message": "Policy doesn't allow it", "code": 403}})
    mock_http.get(f"{ENDPOINT}/os-simple-tenant-usage/p1", status_code=403,
                  json={"forbidden": {"message": "Policy doesn't allow it", "code": 403}})
    assert shell.main([*TOKEN, *command]) == 1
    err = capsys.readouterr().err
    assert err.startswith("ERROR (Forbidden)") and err.count("\n") == 1, err


def _unavailable(mock_http):
    mock_http.get(f"{ENDPOINT}/flavors/detail", status_code=503,
                  json={"message": "busy"})


def _retry_records(caplog):
    return [r for r in caplog.records if "; retry " in r.getMessage()]


def test_retries_do_not_make_the_final_error_several_lines(mock_http, capsys, caplog):
    _unavailable(mock_http)
    assert shell.main([*TOKEN, "flavor-list"]) == 1
    err = capsys.readouterr().err
    assert mock_http.call_count == 1 + resilience.DEFAULT_STATUS_CODE_RETRIES
    assert err.count("\n") == 1 and err.startswith("ERROR ("), err
    assert _retry_records(caplog) == []  # what stderr would have shown


def test_retries_are_shown_on_a_terminal(mock_http, capsys, monkeypatch, caplog):
    _unavailable(mock_http)
    monkeypatch.setattr(sys.stderr, "isatty", lambda: True)
    assert shell.main([*TOKEN, "flavor-list"]) == 1
    assert len(_retry_records(caplog)) == resilience.DEFAULT_STATUS_CODE_RETRIES
    assert capsys.readouterr().err.splitlines()[-1].startswith("ERROR (")


def _page(ids, marker=None):
    body = {"servers": [{"id": i, "name": f"vm-{i}", "status": "ACTIVE", "networks": {}}
                        for i in ids]}
    if marker:
        body["servers_links"] = [{"rel": "next",
                                  "href": f"{ENDPOINT}/servers/detail?marker={marker}"}]
    return body


def test_a_json_stream_cut_short_is_still_one_document(mock_http, capsys):
    mock_http.get(f"{ENDPOINT}/servers/detail", [
        {"json": _page(["a", "b"], "b")},
        {"status_code": 500, "json": {"computeFault": {"message": "boom", "code": 500}}}])
    assert shell.main([*TOKEN, "list", "--limit", "-1", "-f", "json"]) == 1
    out, err = capsys.readouterr()
    assert [row["ID"] for row in json.loads(out)] == ["a", "b"]
    assert err.startswith("ERROR (") and err.count("\n") == 1


def test_emit_closes_the_array_whatever_cut_the_rows_short():
    def rows():
        yield ["a"]
        raise exceptions.ConnectionLost("lost")

    class Sink:
        text = ""

        def write(self, chunk):
            self.text += chunk
    sink = Sink()
    with pytest.raises(exceptions.ConnectionLost):
        output.emit(output.Listing(["ID"], rows(), stream=True), "json", stream=sink)
    assert json.loads(sink.text) == [{"ID": "a"}] and sink.text.endswith("]\n")


def test_a_server_that_never_stops_paging_costs_at_most_a_thousand_requests(mock_http):
    counter = itertools.count()

    def fresh_page(request, context):
        n = next(counter)
        return _page([f"s{n}"], f"s{n}")
    mock_http.get(f"{ENDPOINT}/servers/detail", json=fresh_page)
    from computeclient import client
    cs = client.Client("2.60", auth_token="t", endpoint_override=ENDPOINT)
    with pytest.raises(exceptions.PagingLoop):
        cs.servers.list(limit=-1)
    assert mock_http.call_count == base.MAX_PAGES <= 1000
