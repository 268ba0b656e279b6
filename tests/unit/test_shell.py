"""The generic shell: light paths, parsing, errors and exit codes."""

import subprocess
import sys

import pytest

from computeclient import __version__, shell, shell_parsers
from tests.unit.conftest import ENDPOINT


def run(argv, capsys):
    code = shell.main(argv)
    out, err = capsys.readouterr()
    return code, out, err


def test_version(capsys):
    assert run(["--version"], capsys) == (0, __version__ + "\n", "")


HEAVY = ("keystoneauth1", "requests", "oslo_utils", "prettytable", "stevedore", "yaml")
#: What help and bash-completion read from the command index or leave for
#: later: the built-in command modules, base (json, urllib), csv, tempfile.
INDEXED = ("computeclient.v2.commands.", "computeclient.base", "csv", "tempfile")


def _heavy_modules_after(argv, env=None, setup="", watched=HEAVY):
    """Run shell.main(argv) in a fresh interpreter; which of `watched` it
    imported (a name ending in '.' stands for the modules under it)."""
    prefixes = tuple(w for w in watched if w.endswith("."))
    code = (f"import sys; {setup}from computeclient import shell; code = shell.main({argv!r}); "
            f"print('HEAVY', sorted(m for m in sys.modules if m in {watched!r} "
            f"or m.startswith({prefixes!r})), code)")
    import os
    full_env = {k: v for k, v in os.environ.items() if not k.startswith("OS_")}
    full_env.update(env or {})
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         env=full_env, check=True).stdout
    return out.strip().splitlines()[-1]


@pytest.mark.parametrize("argv", [
    ["--version"], ["help"], ["help", "boot"], ["bash-completion"], ["--help"],
    ["list", "--help"], ["boot", "-h"], ["--os-compute-api-version", "2.10", "list", "--help"],
])
def test_help_paths_import_nothing_heavy(argv):
    assert _heavy_modules_after(argv) == "HEAVY [] 0"


@pytest.mark.parametrize("argv", [["help"], ["bash-completion"]])
def test_help_and_completion_import_no_command_module(argv):
    assert _heavy_modules_after(argv, watched=INDEXED) == "HEAVY [] 0"


@pytest.mark.parametrize("argv", [
    ["--version"], ["help"], ["help", "boot"], ["help", "list"], ["list", "--help"],
    ["bash-completion"],
])
def test_help_paths_import_no_typing(argv):
    # typing costs `compute help` about 10 % of its run: the help path's
    # modules import it under TYPE_CHECKING only (HACKING.md).
    assert _heavy_modules_after(argv, watched=("typing",)) == "HEAVY [] 0"


def test_help_in_token_mode_imports_nothing_heavy():
    env = {"OS_AUTH_TYPE": "admin_token", "OS_ENDPOINT": ENDPOINT, "OS_TOKEN": "t"}
    assert _heavy_modules_after(["--help"], env) == "HEAVY [] 0"
    assert _heavy_modules_after(["show", "--help"], env) == "HEAVY [] 0"


def test_token_mode_request_needs_no_keystoneauth1():
    env = {"OS_AUTH_TYPE": "admin_token", "OS_ENDPOINT": ENDPOINT, "OS_TOKEN": "t",
           "COMPUTECLIENT_NO_CACHE": "1", "OS_COMPUTE_API_VERSION": "2.60"}
    setup = ("import requests_mock; m = requests_mock.Mocker(); m.start(); "
             f"m.get('{ENDPOINT}/flavors/detail?is_public=None', json={{'flavors': []}}); ")
    line = _heavy_modules_after(["flavor-list", "-f", "json", "--all"], env, setup)
    assert line.endswith(" 0") and "keystoneauth1" not in line and "stevedore" not in line


def test_help_lists_commands(capsys):
    code, out, _ = run(["help"], capsys)
    assert code == 0
    for name in ("boot", "list", "flavor-list", "keypair-add", "help"):
        assert f"\n  {name} " in out


def test_help_command_shows_versioned_arguments(capsys):
    code, out, _ = run(["help", "list"], capsys)
    assert code == 0
    assert "--changes-before" in out and "(microversion >= 2.66)" in out
    assert "-f {table,json,yaml,value,csv}" in out


def test_unknown_command_suggests(capsys, monkeypatch):
    monkeypatch.setenv("OS_AUTH_TYPE", "admin_token")
    monkeypatch.setenv("OS_ENDPOINT", ENDPOINT)
    monkeypatch.setenv("OS_TOKEN", "t")
    with pytest.raises(SystemExit) as exit_info:  # a usage error, as the README says
        shell.main(["flavor-lst"])
    err = capsys.readouterr().err
    assert exit_info.value.code == 2
    assert err.startswith("compute: error: unknown command 'flavor-lst'; "
                          "did you mean flavor-list")
    assert err.endswith("Try 'compute -h' for help.\n") and err.count("\n") == 2


def test_missing_credentials_one_line(capsys, monkeypatch):
    for name in ("OS_AUTH_TYPE", "OS_AUTH_URL", "OS_USERNAME", "OS_PASSWORD", "OS_TOKEN",
                 "OS_ENDPOINT", "OS_CLOUD", "OS_PROJECT_NAME"):
        monkeypatch.delenv(name, raising=False)
    code, _, err = run(["list"], capsys)
    assert code == 1
    assert err.count("\n") == 1 and err.startswith("ERROR (CommandError): Missing credentials")
    assert "--os-auth-url" in err


def test_usage_error_exits_2(capsys, monkeypatch):
    monkeypatch.setenv("OS_AUTH_TYPE", "admin_token")
    monkeypatch.setenv("OS_ENDPOINT", ENDPOINT)
    monkeypatch.setenv("OS_TOKEN", "t")
    with pytest.raises(SystemExit) as exit_info:
        shell.main(["--os-compute-api-version", "2.60", "flavor-list", "--bogus"])
    assert exit_info.value.code == 2
    assert "unrecognized arguments: --bogus" in capsys.readouterr().err


def test_double_dash_as_an_option_value_is_a_usage_error(capsys, monkeypatch):
    # Python 3.11's argparse turns `--length=--` into [] (found by make fuzz).
    monkeypatch.setenv("OS_AUTH_TYPE", "admin_token")
    monkeypatch.setenv("OS_ENDPOINT", ENDPOINT)
    monkeypatch.setenv("OS_TOKEN", "t")
    with pytest.raises(SystemExit) as exit_info:
        shell.main(["console-log", "vm1", "--length=--"])
    assert exit_info.value.code == 2
    err = capsys.readouterr().err
    assert "argument --length: expected one argument" in err
    assert "Traceback" not in err


def test_http_error_line_and_json_output(capsys, monkeypatch, mock_http):
    monkeypatch.setenv("OS_AUTH_TYPE", "admin_token")
    monkeypatch.setenv("OS_ENDPOINT", ENDPOINT)
    monkeypatch.setenv("OS_TOKEN", "t")
    mock_http.get(f"{ENDPOINT}/os-keypairs/gone", status_code=404,
                  headers={"x-openstack-request-id": "req-42"},
                  json={"itemNotFound": {"message": "Keypair gone not found for user u"}})
    code, out, err = run(["--os-compute-api-version", "2.60", "keypair-show", "gone"], capsys)
    assert code == 1 and out == ""
    assert err == ("ERROR (NotFound): Keypair gone not found for user u (HTTP 404) "
                   "(Request-ID: req-42)\n")
    mock_http.get(f"{ENDPOINT}/os-keypairs/k", json={"keypair": {"name": "k", "type": "ssh"}})
    code, out, _ = run(["--os-compute-api-version", "2.60", "keypair-show", "k", "-f",
                        "value", "-c", "type"], capsys)
    assert (code, out) == (0, "ssh\n")


def test_version_gated_argument_names_its_version(capsys, monkeypatch):
    monkeypatch.setenv("OS_AUTH_TYPE", "admin_token")
    monkeypatch.setenv("OS_ENDPOINT", ENDPOINT)
    monkeypatch.setenv("OS_TOKEN", "t")
    code, _, err = run(["--os-compute-api-version", "2.60", "list", "--changes-before", "x"],
                       capsys)
    assert code == 1
    assert err == ("ERROR (VersionNotAvailable): --changes-before needs microversion >= 2.66; "
                   "this session speaks 2.60\n")


def test_bad_microversion(capsys, monkeypatch):
    monkeypatch.setenv("OS_AUTH_TYPE", "admin_token")
    monkeypatch.setenv("OS_ENDPOINT", ENDPOINT)
    monkeypatch.setenv("OS_TOKEN", "t")
    code, _, err = run(["--os-compute-api-version", "2.999", "list"], capsys)
    assert code == 1
    assert err == ("ERROR (UnsupportedVersion): Microversion 2.999 is outside what "
                   "computeclient knows (2.0 or 2.1-2.104)\n")


def test_find_command_token_skips_option_values():
    assert shell_parsers.find_command_token(["--os-username", "help", "list"]) == 2
    assert shell_parsers.find_command_token(["--debug", "list"]) == 1
    assert shell_parsers.find_command_token(["--os-token=x", "show", "a"]) == 1
    assert shell_parsers.find_command_token(["--debug"]) is None


def test_debug_logging_adds_one_handler_however_often_main_runs(monkeypatch, mock_http):
    import logging

    monkeypatch.setenv("OS_AUTH_TYPE", "admin_token")
    monkeypatch.setenv("OS_ENDPOINT", ENDPOINT)
    monkeypatch.setenv("OS_TOKEN", "t")
    mock_http.get(f"{ENDPOINT}/os-keypairs", json={"keypairs": []})
    root = logging.getLogger()
    level = root.level
    try:
        for _ in range(3):
            shell.main(["--debug", "--os-compute-api-version", "2.60", "keypair-list"])
        ours = [h for h in root.handlers if getattr(h, "computeclient_debug", False)]
        assert len(ours) == 1
    finally:
        for handler in [h for h in root.handlers if getattr(h, "computeclient_debug", False)]:
            root.removeHandler(handler)
        root.setLevel(level)


def test_every_builtin_command_is_found_through_the_index():
    from computeclient.v2 import shell as v2_shell
    builtins = v2_shell.commands(include_extensions=False)
    assert len(builtins) > 100
    for name, func in builtins.items():
        assert v2_shell.find_builtin(name) is func, name
    assert v2_shell.find_builtin("no-such-command") is None


def test_running_a_command_imports_only_its_module():
    env = {"OS_AUTH_TYPE": "admin_token", "OS_ENDPOINT": ENDPOINT, "OS_TOKEN": "t",
           "COMPUTECLIENT_NO_CACHE": "1", "OS_COMPUTE_API_VERSION": "2.60"}
    code = ("import sys, requests_mock; m = requests_mock.Mocker(); m.start(); "
            f"m.get('{ENDPOINT}/os-keypairs', json={{'keypairs': []}}); "
            "from computeclient import shell; rc = shell.main(['keypair-list']); "
            "print(rc, sorted(n for n in sys.modules "
            "if n.startswith('computeclient.v2.commands.')))")
    import os
    full_env = {k: v for k, v in os.environ.items() if not k.startswith("OS_")}
    full_env.update(env)
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         env=full_env, check=True).stdout.strip().splitlines()[-1]
    assert out == "0 ['computeclient.v2.commands.keypairs']"


def test_token_mode_list_imports_no_charset_guesser_nor_inspect():
    """A real request (a local stub server, nothing pre-imported): requests
    comes in without charset_normalizer, and finding the command does not
    import inspect; the answer and a later charset_normalizer import are intact."""
    import http.server
    import json
    import os
    import threading

    class Nova(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            body = json.dumps({"servers": [{"id": "1", "name": "vm-\u00e9", "status": "ACTIVE",
                                            "OS-EXT-STS:task_state": None,
                                            "OS-EXT-STS:power_state": 1,
                                            "addresses": {}}]}).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Nova)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        env = {k: v for k, v in os.environ.items() if not k.startswith("OS_")}
        env.update(OS_AUTH_TYPE="admin_token", OS_TOKEN="t", COMPUTECLIENT_NO_CACHE="1",
                   OS_ENDPOINT=f"http://127.0.0.1:{server.server_port}/v2.1",
                   OS_COMPUTE_API_VERSION="2.60")
        code = ("import sys; from computeclient import shell; rc = shell.main(['list', '-f', "
                "'json']); print('LOADED', rc, [m for m in ('charset_normalizer', 'inspect', "
                "'keystoneauth1') if m in sys.modules]); import charset_normalizer")
        done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                              env=env, timeout=60)
    finally:
        server.shutdown()
        server.server_close()
    assert done.returncode == 0 and done.stderr == "", done.stderr
    listing, loaded = done.stdout.rsplit("LOADED ", 1)
    assert loaded.strip() == "0 []"
    assert [row["Name"] for row in json.loads(listing)] == ["vm-\u00e9"]
