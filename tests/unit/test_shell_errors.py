"""Bad arguments, environment and answers end in one `ERROR (Class): message`
line (exit 1, 2 for usage), never an internal exception."""

from __future__ import annotations

import pytest

from computeclient import resilience, shell
from tests.fuzz.fake_nova import FakeNova, Reply, ok_json, scripted

FLAVOR = {"flavor": {"id": "1", "name": "m1.tiny", "ram": 512, "vcpus": 1, "disk": 1}}
VOLUME = "0b1a2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d"


@pytest.fixture
def token_env(monkeypatch, tmp_path):
    def use(endpoint):
        monkeypatch.setenv("OS_AUTH_TYPE", "admin_token")
        monkeypatch.setenv("OS_ENDPOINT", endpoint)
        monkeypatch.setenv("OS_TOKEN", "t")
        monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    monkeypatch.setattr(resilience.RetryPolicy, "_backoff", lambda self, attempt: 0.001)
    return use


def run(argv, capsys):
    code = shell.main(argv)
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.parametrize("argv, code, expected", [
    (["--os-auth-type", "", "version-list"], 1,
     "ERROR (CommandError): --os-auth-type is empty; choose one of: "),
    (["--os-auth-type", "bogus", "availability-zone-list"], 2,
     "compute: error: unknown --os-auth-type 'bogus'; choose one of: "),
    (["--timeout=99999999999", "version-list"], 2,
     "compute: error: argument --timeout: invalid timeout"),
    (["--timeout=nan", "version-list"], 2, "compute: error: argument --timeout: "),
    (["--retries", "-1", "version-list"], 2, "compute: error: argument --retries: "),
    (["--deadline=0", "version-list"], 2, "compute: error: argument --deadline: "),
    (["list", "--os-auth-type", "password"], 2,
     "compute list: error: unrecognized arguments: --os-auth-type password"),
    (["--os-endpoint-override", "http://[::1", "service-enable", "h", "nova-compute"], 1,
     "ERROR (EndpointNotFound): Invalid URL"),
])
def test_bad_arguments_are_one_line(argv, code, expected, capsys, token_env):
    with FakeNova(scripted()) as nova, \
            pytest.raises(SystemExit) if code == 2 else _nothing() as exited:
        token_env(nova.url)
        result = run(argv, capsys)
    if code == 2:
        assert exited.value.code == 2
        err = capsys.readouterr().err
    else:
        assert result[0] == 1
        err = result[2]
    assert err.startswith(expected), err
    assert "password" in err or "auth-type" not in expected
    assert err.count("\n") <= 2  # the error, and for usage "Try ... -h"


class _nothing:
    value = None

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False


def test_binary_public_key_file(capsys, token_env, tmp_path):
    token_env("http://127.0.0.1:9/v2.1")
    binary = tmp_path / "key"
    binary.write_bytes(b"\x7fELF\x02\x01\x01\x00\xd0\xff\xfe")
    code, _, err = run(["--os-compute-api-version", "2.60", "keypair-add", "k",
                        "--pub-key", str(binary)], capsys)
    assert (code, err) == (1, f"ERROR (CommandError): Can't read '{binary}' (the public key): "
                              f"not UTF-8 text (byte 8)\n")


def test_all_tenants_word_in_environment(capsys, monkeypatch):
    monkeypatch.setenv("ALL_TENANTS", "true")
    code, out, _ = run(["help"], capsys)
    assert code == 0 and "boot" in out


def _nova(post_reply):
    def answer(request):
        if request.method == "GET" and request.path.startswith("/v2.1/flavors/1"):
            return ok_json(FLAVOR)
        if request.method == "POST":
            return post_reply
        return ok_json({"servers": []})
    return answer


def test_boot_whose_answer_is_lost_says_outcome_unknown(capsys, token_env):
    with FakeNova(_nova(Reply(202, {"server": {"id": "x"}}, fault="reset"))) as nova:
        token_env(nova.url)
        code, _, err = run(["--os-compute-api-version", "2.60", "boot", "--flavor", "1",
                            "--boot-volume", VOLUME, "--nic", "none", "vm 1"], capsys)
    assert code == 1
    assert err.startswith("ERROR (ConnectionLost): The connection to http://127.0.0.1:")
    assert "outcome is unknown" in err
    assert err.endswith("see whether it was created with: compute list --name 'vm 1'\n")
    assert "is it running" not in err
    assert nova.count("POST", "/servers") == 1


def test_boot_whose_flavor_look_up_times_out_says_nothing_was_created(capsys, token_env):
    def answer(request):
        if request.method == "GET" and request.path.startswith("/v2.1/flavors"):
            return Reply(fault="hang")
        return ok_json({"servers": []})
    with FakeNova(answer) as nova:
        token_env(nova.url)
        code, _, err = run(["--timeout", "1", "--retries", "0", "--os-compute-api-version",
                            "2.60", "boot", "--flavor", "1", "--boot-volume", VOLUME,
                            "--nic", "none", "vm"], capsys)
    assert code == 1
    assert err.startswith("ERROR (Timeout): GET ") and "flavors/1" in err, err
    assert "see whether it was created" not in err and err.count("\n") == 1
    assert nova.count("POST", "/servers") == 0


@pytest.mark.parametrize("reply, cls", [
    (Reply(200, "not json at all", {"Content-Type": "text/plain"}), "InvalidResponse"),
    (ok_json({"flavors": []}), "MissingField"),
    (ok_json({"flavor": ["x"]}), "InvalidResponse"),
    (Reply(401, "<html><body><h1>401</h1>\n<p>Go away</p></body></html>",
           {"Content-Type": "text/html"}), "Unauthorized"),
])
def test_odd_answers_are_one_line(reply, cls, capsys, token_env):
    with FakeNova(scripted(then=reply)) as nova:
        token_env(nova.url)
        code, _, err = run(["--os-compute-api-version", "2.60", "flavor-show", "1"], capsys)
    assert code == 1
    assert err.startswith(f"ERROR ({cls}): ") and err.count("\n") == 1, err


def test_console_connect_info_odd_answer(capsys, token_env):
    with FakeNova(scripted(then=ok_json({"something": "else"}))) as nova:
        token_env(nova.url)
        code, _, err = run(["--os-compute-api-version", "2.60", "console-connect-info",
                            "tok"], capsys)
    assert (code, err) == (1, "ERROR (MissingField): The server's answer has no field "
                              "'console' (HTTP 200)\n")


@pytest.mark.parametrize("head", [["--os-endpoint"], ["--os-endpoint-override"]])
def test_an_endpoint_option_of_the_plugin_is_not_read_as_an_abbreviation(head, capsys,
                                                                          monkeypatch, tmp_path):
    """`compute --help` lists --os-endpoint (admin_token's); the first pass of the
    parser knew only --os-endpoint-override and --os-endpoint-type, and took the
    plugin's option for an ambiguous abbreviation of them (exit 2)."""
    monkeypatch.delenv("OS_ENDPOINT", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    with FakeNova(scripted(then=ok_json({"servers": []}))) as nova:
        code, _, err = run(["--os-auth-type", "admin_token", "--os-token", "t",
                            *head, nova.url, "list"], capsys)
    assert (code, err) == (0, "")
    assert nova.count("GET", "/servers/detail") == 1


def test_global_options_are_not_abbreviated(capsys):
    with pytest.raises(SystemExit) as exited:
        shell.main(["--os-compute-api", "2.60", "list"])
    assert exited.value.code == 2
    assert "unrecognized arguments: --os-compute-api" in capsys.readouterr().err
