"""What a new user and a script written for nova meet first: the shell does
what nova does with the same command line (boot's networks, user data and
generated password, keypair-add's generated key)."""

import json
import re

import pytest

from computeclient import shell
from tests.unit.conftest import ENDPOINT

IMAGES = "http://glance.test/image"
IMAGE_ID = "6b1b3c6e-0f8c-4d3e-9d44-1f1a1d0c0a01"
FLAVOR = {"id": "1", "name": "m1.tiny"}
SERVER = {"id": "s1", "name": "vm", "status": "BUILD", "addresses": {},
          "flavor": {"id": "1"}, "image": {"id": IMAGE_ID}}


@pytest.fixture
def compute(mock_http, monkeypatch, capsys, tmp_path):
    """compute(*argv) -> (exit code, stdout, stderr), Nova answered by requests-mock."""
    monkeypatch.setenv("OS_AUTH_TYPE", "admin_token")
    monkeypatch.setenv("OS_ENDPOINT", ENDPOINT)
    monkeypatch.setenv("OS_TOKEN", "tok")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))

    def run(*argv):
        code = shell.main(["--os-image-endpoint", IMAGES, *argv])
        out, err = capsys.readouterr()
        return code, out, err
    return run


@pytest.fixture
def nova(mock_http):
    mock_http.get(re.compile(re.escape(f"{ENDPOINT}/flavors")),
                  json={"flavor": FLAVOR, "flavors": [FLAVOR]})
    mock_http.get(f"{IMAGES}/v2/images/{IMAGE_ID}", json={"id": IMAGE_ID, "name": "cirros"})
    mock_http.post(f"{ENDPOINT}/servers", status_code=202,
                   json={"server": {"id": "s1", "adminPass": "Generated-9x"}})
    mock_http.get(f"{ENDPOINT}/servers/s1", json={"server": SERVER})
    return mock_http


def _posted(mock_http):
    posts = [r for r in mock_http.request_history if r.method == "POST"]
    return [json.loads(r.body) for r in posts]


BOOT = ("boot", "--flavor", "1", "--image", IMAGE_ID)


@pytest.mark.parametrize("version, networks", [("2.37", "auto"), ("2.90", "auto"),
                                               ("2.36", None)])
def test_boot_without_nic_sends_auto_from_2_37(compute, nova, version, networks):
    code, _, err = compute("--os-compute-api-version", version, *BOOT, "vm")
    assert code == 0, err
    assert _posted(nova)[0]["server"].get("networks") == networks


def test_boot_shows_the_generated_admin_pass(compute, nova):
    code, out, err = compute("--os-compute-api-version", "2.60", *BOOT, "-f", "json", "vm")
    assert code == 0, err
    assert json.loads(out)["adminPass"] == "Generated-9x"


def test_boot_does_not_echo_a_chosen_admin_pass(compute, nova):
    code, out, err = compute("--os-compute-api-version", "2.60", *BOOT, "--admin-pass",
                             "Chosen-1", "-f", "json", "vm")
    assert code == 0, err
    assert "adminPass" not in json.loads(out)
    assert _posted(nova)[0]["server"]["adminPass"] == "Chosen-1"


@pytest.mark.parametrize("command", [(*BOOT, "vm"), ("rebuild", "s1", IMAGE_ID)])
def test_user_data_that_is_no_file_is_refused_before_anything_is_sent(compute, nova, command):
    nova.get(f"{ENDPOINT}/servers/s1", json={"server": SERVER})
    code, _, err = compute("--os-compute-api-version", "2.60", *command,
                           "--user-data", "#cloud-config")
    assert code == 1
    assert err.startswith("ERROR (CommandError): Can't open '#cloud-config' (user data): "
                          "No such file or directory"), err
    assert _posted(nova) == []


def test_user_data_file_is_sent(compute, nova, tmp_path):
    import base64
    path = tmp_path / "ud"
    path.write_text("#cloud-config\n")
    code, _, err = compute("--os-compute-api-version", "2.60", *BOOT, "--user-data", str(path),
                           "vm")
    assert code == 0, err
    assert base64.b64decode(_posted(nova)[0]["server"]["user_data"]) == b"#cloud-config\n"


PRIVATE = "-----BEGIN OPENSSH PRIVATE KEY-----\nabc\n-----END OPENSSH PRIVATE KEY-----\n"


@pytest.fixture
def keypairs(mock_http):
    def answer(request, context):
        body = request.json()["keypair"]
        reply = {"name": body["name"], "fingerprint": "aa:bb", "user_id": "u",
                 "public_key": body.get("public_key", "ssh-rsa GEN")}
        if "public_key" not in body:
            reply["private_key"] = PRIVATE
        return {"keypair": reply}
    mock_http.post(f"{ENDPOINT}/os-keypairs", json=answer)
    return mock_http


def test_keypair_add_without_public_key_prints_the_generated_key(compute, keypairs):
    code, out, err = compute("--os-compute-api-version", "2.91", "keypair-add", "k")
    assert (code, out, err) == (0, PRIVATE + "\n", "")
    assert _posted(keypairs) == [{"keypair": {"name": "k", "type": "ssh"}}]


def test_keypair_add_generated_key_is_a_field_in_json(compute, keypairs):
    code, out, err = compute("--os-compute-api-version", "2.91", "keypair-add", "k", "-f", "json")
    assert code == 0, err
    assert json.loads(out)["private_key"] == PRIVATE


def test_keypair_add_at_2_1_imports_a_key_file(compute, keypairs, tmp_path):
    path = tmp_path / "id.pub"
    path.write_text("ssh-ed25519 AAAAC3 me@host\n")
    code, _, err = compute("--os-compute-api-version", "2.1", "keypair-add", "--pub-key",
                           str(path), "k")
    assert code == 0, err
    assert _posted(keypairs) == [{"keypair": {"name": "k",
                                              "public_key": "ssh-ed25519 AAAAC3 me@host"}}]
