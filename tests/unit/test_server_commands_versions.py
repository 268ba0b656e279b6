"""The shell's server commands at each microversion, now that the library's
methods take python-novaclient's keywords per version (a keyword of another
version is a TypeError): a command passes a keyword only when it was given,
and refuses in one line what the library no longer refuses."""

import json

import pytest

from computeclient import shell
from tests.unit.conftest import ENDPOINT

SID = "6f0c8e9e-1d2a-4a4f-9b0e-3c5d7e9f1a2b"
BY_ID = f"{ENDPOINT}/servers/{SID}"


def _shell(capsys, monkeypatch, version, *argv):
    monkeypatch.setenv("OS_AUTH_TYPE", "admin_token")
    monkeypatch.setenv("OS_ENDPOINT", ENDPOINT)
    monkeypatch.setenv("OS_TOKEN", "t")
    code = shell.main(["--os-compute-api-version", version, *argv])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def server(mock_http):
    mock_http.get(BY_ID, json={"server": {"id": SID, "name": "vm", "status": "ACTIVE"}})
    mock_http.post(f"{BY_ID}/action", status_code=202)
    mock_http.put(BY_ID, json={"server": {"id": SID, "name": "vm2", "status": "ACTIVE"}})

    def sent():
        return json.loads(mock_http.last_request.body)
    return sent


@pytest.mark.parametrize("version, argv, body", [
    ("2.55", ["migrate", SID], {"migrate": None}),
    ("2.56", ["migrate", SID], {"migrate": {}}),
    ("2.56", ["migrate", "--host", "c2", SID], {"migrate": {"host": "c2"}}),
    ("2.72", ["lock", SID], {"lock": None}),
    ("2.73", ["lock", "--reason", "why", SID], {"lock": {"locked_reason": "why"}}),
    ("2.76", ["unshelve", SID], {"unshelve": None}),
    ("2.77", ["unshelve", "--availability-zone", "az2", SID],
     {"unshelve": {"availability_zone": "az2"}}),
    ("2.91", ["unshelve", "--host", "c2", SID], {"unshelve": {"host": "c2"}}),
])
def test_action_commands_send_only_what_was_given(capsys, monkeypatch, server, version, argv,
                                                  body):
    code, _, err = _shell(capsys, monkeypatch, version, *argv)
    assert (code, err) == (0, "")
    assert server() == body


@pytest.mark.parametrize("version, argv, body", [
    ("2.18", ["update", SID, "--name", "vm2"], {"server": {"name": "vm2"}}),
    ("2.19", ["update", SID, "--description", ""], {"server": {"description": None}}),
    ("2.90", ["update", SID, "--hostname", "h2"], {"server": {"hostname": "h2"}}),
])
def test_update_sends_only_what_was_given(capsys, monkeypatch, server, version, argv, body):
    code, _, err = _shell(capsys, monkeypatch, version, *argv, "-f", "json")
    assert (code, err) == (0, "")
    assert server() == body


def test_update_with_nothing_to_change_is_one_error_line(capsys, monkeypatch, mock_http):
    code, out, err = _shell(capsys, monkeypatch, "2.90", "update", SID)
    assert (code, out) == (1, "")
    assert err.startswith("ERROR (CommandError): Nothing to update") and err.count("\n") == 1
    assert not mock_http.called  # refused before the look-up


def test_backup_prints_the_image_id(capsys, monkeypatch, mock_http, server):
    mock_http.post(f"{BY_ID}/action", status_code=202, json={"image_id": "img-9"})
    code, out, _ = _shell(capsys, monkeypatch, "2.60", "backup", SID, "b1", "daily", "2",
                          "-f", "json")
    assert code == 0 and json.loads(out) == {"id": "img-9", "name": "b1"}
    assert server() == {"createBackup": {"name": "b1", "backup_type": "daily", "rotation": 2}}
