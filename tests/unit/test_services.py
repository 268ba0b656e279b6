"""services: python-novaclient's positional calls mean what they mean there
(before 2.53 a service is host + binary, from 2.53 its uuid), and the shell's
service commands send the same requests."""

import json

import pytest

from computeclient import exceptions, shell
from tests.unit.conftest import ENDPOINT

SERVICE = {"service": {"id": "u1", "host": "h", "binary": "nova-compute"}}


@pytest.mark.parametrize("version, call, path, body", [
    ("2.53", lambda s: s.force_down("u1", False), "u1", {"forced_down": False}),
    ("2.53", lambda s: s.force_down("u1", True), "u1", {"forced_down": True}),
    ("2.53", lambda s: s.force_down("u1"), "u1", {"forced_down": True}),
    ("2.53", lambda s: s.force_down("u1", force_down=False), "u1", {"forced_down": False}),
    ("2.53", lambda s: s.disable_log_reason("u1", "r"), "u1",
     {"status": "disabled", "disabled_reason": "r"}),
    ("2.53", lambda s: s.disable("u1"), "u1", {"status": "disabled"}),
    ("2.53", lambda s: s.disable("u1", reason="r"), "u1",
     {"status": "disabled", "disabled_reason": "r"}),
    ("2.53", lambda s: s.enable("u1"), "u1", {"status": "enabled"}),
    ("2.52", lambda s: s.force_down("h", "nova-compute", False), "force-down",
     {"host": "h", "binary": "nova-compute", "forced_down": False}),
    ("2.11", lambda s: s.force_down("h", "nova-compute", True), "force-down",
     {"host": "h", "binary": "nova-compute", "forced_down": True}),
    ("2.52", lambda s: s.disable_log_reason("h", "nova-compute", "r"), "disable-log-reason",
     {"host": "h", "binary": "nova-compute", "disabled_reason": "r"}),
    ("2.52", lambda s: s.disable("h", "nova-compute"), "disable",
     {"host": "h", "binary": "nova-compute"}),
    ("2.52", lambda s: s.disable("h", "nova-compute", reason="r"), "disable-log-reason",
     {"host": "h", "binary": "nova-compute", "disabled_reason": "r"}),
    ("2.1", lambda s: s.enable("h", "nova-compute"), "enable",
     {"host": "h", "binary": "nova-compute"}),
])
def test_novaclient_positional_calls_send_novaclients_request(make_cs, mock_http, version,
                                                               call, path, body):
    mock_http.put(f"{ENDPOINT}/os-services/{path}", json=SERVICE)
    assert call(make_cs(version).services).id == "u1"
    assert json.loads(mock_http.last_request.body) == body
    assert mock_http.call_count == 1


@pytest.mark.parametrize("version, call, refused, message", [
    ("2.53", lambda s: s.force_down("u1", None, False), TypeError, "positional"),
    ("2.53", lambda s: s.disable("u1", "nova-compute"), TypeError, "positional"),
    ("2.53", lambda s: s.force_down("h", binary="nova-compute"),
     exceptions.VersionNotAvailable, "'force_down' with binary needs microversion 2.11-2.52"),
    ("2.52", lambda s: s.enable("u1"), TypeError, "binary"),
    ("2.10", lambda s: s.force_down("h", "nova-compute"), exceptions.VersionNotAvailable,
     "needs microversion 2.11-2.52 or >= 2.53"),
])
def test_a_call_of_the_other_range_is_refused_not_misread(make_cs, mock_http, version, call,
                                                           refused, message):
    with pytest.raises(refused, match=message):
        call(make_cs(version).services)
    assert not mock_http.called


@pytest.fixture
def admin_token(monkeypatch):
    monkeypatch.setenv("OS_AUTH_TYPE", "admin_token")
    monkeypatch.setenv("OS_ENDPOINT", ENDPOINT)
    monkeypatch.setenv("OS_TOKEN", "t")


@pytest.mark.parametrize("argv, path, body", [
    (["2.60", "service-force-down", "u1"], "u1", {"forced_down": True}),
    (["2.60", "service-force-down", "--unset", "u1"], "u1", {"forced_down": False}),
    (["2.60", "service-disable", "u1", "--reason", "r"], "u1",
     {"status": "disabled", "disabled_reason": "r"}),
    (["2.60", "service-enable", "u1"], "u1", {"status": "enabled"}),
    (["2.60", "service-force-down", "--unset", "h", "nova-compute"], "u1",
     {"forced_down": False}),
    (["2.52", "service-force-down", "--unset", "h"], "force-down",
     {"host": "h", "binary": "nova-compute", "forced_down": False}),
    (["2.52", "service-disable", "h", "nova-compute"], "disable",
     {"host": "h", "binary": "nova-compute"}),
    (["2.52", "service-enable", "h"], "enable", {"host": "h", "binary": "nova-compute"}),
])
def test_service_commands_send_the_same_requests(admin_token, mock_http, capsys, argv, path,
                                                 body):
    mock_http.get(f"{ENDPOINT}/os-services?host=h&binary=nova-compute",
                  json={"services": [SERVICE["service"]]})
    mock_http.put(f"{ENDPOINT}/os-services/{path}", json=SERVICE)
    assert shell.main(["--os-compute-api-version", *argv]) == 0
    assert json.loads(mock_http.last_request.body) == body
    assert "nova-compute" in capsys.readouterr().out
