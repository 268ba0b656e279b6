"""The light parts of the sandbox: state files, env lines, port checks, missing extra."""

import importlib.util
import os
import socket
import stat

import pytest

from computeclient_sandbox import cli, control
from computeclient_sandbox import state as state_mod

TOKEN_STATE = {"mode": "token", "endpoint": "http://127.0.0.1:1/v2.1",
               "image_endpoint": "http://127.0.0.1:1/image",
               "network_endpoint": "http://127.0.0.1:1/networking", "pid": os.getpid(),
               "state_dir": "/x", "started_at": 0, "port": 1,
               "users": {"admin": {"project": "admin"}, "demo": {"project": "demo"}}}


def test_state_is_private_and_atomic(tmp_path):
    state_mod.write_state(tmp_path, {"users": {"admin": {"password": "s"}}})
    mode = stat.S_IMODE(os.stat(tmp_path / "state.json").st_mode)
    assert mode == 0o600
    assert state_mod.read_state(tmp_path) == {"users": {"admin": {"password": "s"}}}
    assert [p.name for p in tmp_path.iterdir()] == ["state.json"]


def test_dead_pid_is_not_running(tmp_path):
    state_mod.write_state(tmp_path, dict(TOKEN_STATE, pid=2 ** 22 + 7))
    assert state_mod.running_state(tmp_path) is None
    state_mod.write_state(tmp_path, TOKEN_STATE)
    assert state_mod.running_state(tmp_path)["pid"] == os.getpid()


def test_port_in_use():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        sock.listen()
        assert state_mod.port_in_use(sock.getsockname()[1])
    assert not state_mod.port_in_use(state_mod.free_port())


def test_env_lines_quote_and_unset(tmp_path, capsys):
    state_mod.write_state(tmp_path, dict(TOKEN_STATE, state_dir=str(tmp_path)))
    assert cli.main(["env", "--state-dir", str(tmp_path), "--user", "demo"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0].startswith("unset OS_AUTH_URL OS_USERNAME OS_PASSWORD")
    assert "export OS_TOKEN=demo:demo" in out
    keystone = dict(TOKEN_STATE, mode="keystone", auth_url="http://k/v3",
                    users={"admin": {"project": "admin", "password": "p a$s"},
                           "demo": {"project": "demo", "password": "x"}})
    assert control.env(keystone)["OS_PASSWORD"] == "p a$s"
    state_mod.write_state(tmp_path, keystone)
    cli.main(["env", "--state-dir", str(tmp_path)])
    assert "export OS_PASSWORD='p a$s'" in capsys.readouterr().out


def test_unknown_user():
    with pytest.raises(control.SandboxError, match="No sandbox user 'root'"):
        control.env(TOKEN_STATE, "root")


def test_missing_extra_says_how_to_install(monkeypatch, tmp_path, capsys):
    real = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec",
                        lambda name, *a: None if name == "nova" else real(name, *a))
    assert cli.main(["up", "--state-dir", str(tmp_path), "--port",
                     str(state_mod.free_port())]) == 1
    err = capsys.readouterr().err
    assert err == "ERROR: The sandbox needs nova: run pip install 'computeclient[sandbox]'\n"


def test_bad_port_is_one_line(tmp_path, capsys):
    assert cli.main(["up", "--port", "70000", "--state-dir", str(tmp_path)]) == 1
    assert capsys.readouterr().err == "ERROR: --port 70000 is not a port number\n"


def test_state_dir_and_logs_are_owner_only_even_when_they_existed(tmp_path):
    state_dir = tmp_path / "sandbox"
    state_dir.mkdir(mode=0o755)
    os.chmod(state_dir, 0o755)
    log = state_dir / "server.log"
    log.write_text("old\n")
    os.chmod(log, 0o644)
    state_mod.make_private_dir(state_dir)
    with state_mod.open_private_log(log) as out:
        out.write(b"new\n")
    assert stat.S_IMODE(os.stat(state_dir).st_mode) == 0o700
    assert stat.S_IMODE(os.stat(log).st_mode) == 0o600
    assert log.read_text() == "old\nnew\n"


def test_a_new_state_dir_is_owner_only(tmp_path):
    state_mod.write_state(tmp_path / "a" / "b", {})
    assert stat.S_IMODE(os.stat(tmp_path / "a" / "b").st_mode) == 0o700
