"""`compute sandbox` without starting one: the guards that protect the user."""

import importlib.util

import pytest

from computeclient_sandbox import cli, control
from computeclient_sandbox import state as state_mod


def test_refuses_a_directory_that_is_not_a_sandbox(tmp_path, capsys):
    precious = tmp_path / "notes.txt"
    precious.write_text("mine")
    assert cli.main(["up", "--state-dir", str(tmp_path),
                     "--port", str(state_mod.free_port())]) == 1
    err = capsys.readouterr().err
    assert err.startswith("ERROR: --state-dir ") and "is not empty" in err
    assert err.count("\n") == 1
    assert precious.read_text() == "mine"


def test_refuses_a_file_as_state_dir(tmp_path, capsys):
    target = tmp_path / "file"
    target.write_text("x")
    assert cli.main(["up", "--state-dir", str(target),
                     "--port", str(state_mod.free_port())]) == 1
    assert "is not a directory" in capsys.readouterr().err


def test_down_leaves_a_directory_without_state_alone(tmp_path, capsys):
    (tmp_path / "keep").write_text("x")
    assert cli.main(["down", "--state-dir", str(tmp_path)]) == 0
    assert "nothing to stop" in capsys.readouterr().out
    assert (tmp_path / "keep").exists()


@pytest.mark.parametrize("action", [["up"], ["up", "--keystone"], ["env"], ["status"],
                                    ["down"]])
def test_every_action_names_the_install_command(monkeypatch, tmp_path, capsys, action):
    real = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec",
                        lambda name, *a: None if name == "nova" else real(name, *a))
    assert cli.main([*action, "--state-dir", str(tmp_path)]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and control.INSTALL_HINT in err


def test_keystone_mode_needs_keystone(monkeypatch, tmp_path, capsys):
    real = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec",
                        lambda name, *a: None if name == "keystone" else real(name, *a))
    assert cli.main(["up", "--keystone", "--state-dir", str(tmp_path)]) == 1
    assert "needs keystone" in capsys.readouterr().err


def test_status_when_none_runs_exits_3(tmp_path, capsys):
    assert cli.main(["status", "--state-dir", str(tmp_path)]) == cli.EXIT_NOT_RUNNING == 3
    assert capsys.readouterr().out.startswith("not running")


def test_default_state_dir_follows_the_environment(monkeypatch, tmp_path):
    monkeypatch.setenv("COMPUTE_SANDBOX_DIR", str(tmp_path / "x"))
    assert state_mod.default_state_dir() == tmp_path / "x"
    monkeypatch.delenv("COMPUTE_SANDBOX_DIR")
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "xdg"))
    assert state_mod.default_state_dir() == tmp_path / "xdg" / "computeclient" / "sandbox"
    monkeypatch.delenv("XDG_STATE_HOME")
    monkeypatch.setenv("HOME", str(tmp_path))
    assert state_mod.default_state_dir() == tmp_path / ".local/state/computeclient/sandbox"


def test_cli_module_is_light():
    import subprocess
    import sys
    code = ("import sys, computeclient_sandbox.cli, computeclient_sandbox; "
            "heavy = [m for m in ('nova', 'keystone', 'oslo_config', 'requests') "
            "if m in sys.modules]; print(heavy)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert out.stdout.strip() == "[]", out.stderr


def test_a_reused_pid_is_not_the_sandbox(tmp_path):
    import os
    mine = state_mod.process_started(os.getpid())
    assert mine is not None
    state_mod.write_state(tmp_path, {"pid": os.getpid(), "pid_started": mine})
    assert state_mod.running_state(tmp_path)["pid"] == os.getpid()
    state_mod.write_state(tmp_path, {"pid": os.getpid(), "pid_started": str(int(mine) + 1)})
    assert state_mod.running_state(tmp_path) is None


def test_down_never_signals_a_process_that_reused_the_pid(tmp_path, capsys):
    import subprocess
    import sys
    other = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(30)"])
    try:
        started = state_mod.process_started(other.pid)
        state_mod.write_state(tmp_path, {"pid": other.pid, "pid_started": started + "1",
                                         "keystone_pid": other.pid,
                                         "keystone_pid_started": "0", "endpoint": "x"})
        assert cli.main(["down", "--state-dir", str(tmp_path)]) == 0
        assert "nothing to stop" in capsys.readouterr().out
        assert other.poll() is None
    finally:
        other.kill()
        other.wait()


def test_refuses_a_negative_number_of_servers(tmp_path, capsys):
    assert cli.main(["up", "--servers", "-1", "--state-dir", str(tmp_path / "sb")]) == 1
    assert capsys.readouterr().err == ("ERROR: --servers -1: give a number of servers, "
                                       "0 or more\n")
    assert not (tmp_path / "sb").exists()


def test_a_failed_fill_says_the_sandbox_still_runs(monkeypatch, capsys):
    from computeclient_sandbox import fill

    def refuse(sandbox, count):
        raise fill.FillError("the sandbox did not make 3 servers within 600 s")

    monkeypatch.setattr(fill, "request", refuse)
    state = {"port": 1, "mode": "token", "state_dir": "/nonexistent"}
    assert cli._fill(state, 5) == 1
    assert capsys.readouterr().err == (
        "ERROR: The sandbox runs, but --servers 5 failed: the sandbox did not make 3 servers "
        "within 600 s\n")


def _fake_state(tmp_path, mode):
    """A state whose pid is this test process, so `env` takes it for a running sandbox."""
    import os
    state = {"mode": mode, "port": 1, "state_dir": str(tmp_path), "endpoint": "http://n/v2.1",
             "image_endpoint": "http://n/image", "network_endpoint": "http://n/networking",
             "auth_url": "http://k/v3", "pid": os.getpid(),
             "pid_started": state_mod.process_started(os.getpid()),
             "users": {"admin": {"project": "admin", "password": "pw-a"},
                       "demo": {"project": "demo", "password": "pw-d"}}}
    state_mod.write_state(tmp_path, state)
    return state


@pytest.mark.parametrize("mode", ["keystone", "token"])
def test_clouds_yaml_has_both_users_and_is_private(tmp_path, mode):
    import stat

    import yaml
    path = control.write_clouds_yaml(_fake_state(tmp_path, mode), tmp_path)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    clouds = yaml.safe_load(path.read_text())["clouds"]
    assert set(clouds) == {"sandbox-admin", "sandbox-demo"}
    if mode == "keystone":
        assert clouds["sandbox-demo"]["auth"]["password"] == "pw-d"
        assert clouds["sandbox-demo"]["auth"]["project_name"] == "demo"
    else:
        assert clouds["sandbox-demo"]["auth"] == {"endpoint": "http://n/v2.1",
                                                  "token": "demo:demo"}


def test_env_cloud_prints_os_cloud_and_unsets_credentials(tmp_path, capsys):
    _fake_state(tmp_path, "keystone")
    assert cli.main(["env", "--cloud", "--user", "demo", "--state-dir", str(tmp_path)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith("unset ") and "OS_PASSWORD" in lines[0]
    assert "OS_AUTH_TYPE" in lines[0]
    assert lines[1:] == [f"export OS_CLIENT_CONFIG_FILE={tmp_path / 'clouds.yaml'}",
                         "export OS_CLOUD=sandbox-demo"]


@pytest.mark.parametrize(("args", "message"), [
    (["--token-cache-time", "-1"], "ERROR: --token-cache-time is Nova's token check with "
                                   "Keystone: it needs --keystone\n"),
    (["--keystone", "--token-cache-time", "-2"], "ERROR: --token-cache-time -2: give "
                                                 "seconds, or -1 to check every token with "
                                                 "Keystone\n")])
def test_token_cache_time_is_keystone_seconds_or_minus_one(tmp_path, capsys, args, message):
    assert cli.main(["up", *args, "--state-dir", str(tmp_path / "sb"),
                     "--port", str(state_mod.free_port())]) == 1
    assert capsys.readouterr().err == message
    assert not (tmp_path / "sb").exists()


@pytest.mark.parametrize(("asked", "written"), [(None, None), (-1, "-1"), (60, "60")])
def test_nova_trusts_tokens_for_production_default_unless_asked(tmp_path, asked, written):
    import json

    state = {"users": {"admin": {"project": "admin"}, "demo": {"project": "demo"}},
             "token_cache_time": asked}
    control._prepare_keystone(state, tmp_path)
    settings = json.loads((tmp_path / "keystone-auth.json").read_text())
    assert settings.get("token_cache_time") == written  # None: keystonemiddleware's 300


def test_env_with_a_state_dir_suggests_up_with_the_same_state_dir(tmp_path, capsys):
    assert cli.main(["env", "--state-dir", str(tmp_path / "my sb")]) == 1
    err = capsys.readouterr().err
    assert err.endswith(f"start one with 'compute sandbox up --state-dir "
                        f"'{tmp_path / 'my sb'}''\n"), err


@pytest.mark.parametrize(("args", "message"), [
    (["--keystone-port", "5000"], "ERROR: --keystone-port is Keystone's port: it needs "
                                  "--keystone\n"),
    (["--keystone", "--keystone-port", "70000"], "ERROR: --keystone-port 70000 is not a "
                                                 "port number\n")])
def test_keystone_port_is_checked(tmp_path, capsys, args, message):
    assert cli.main(["up", *args, "--state-dir", str(tmp_path / "sb"),
                     "--port", str(state_mod.free_port())]) == 1
    assert capsys.readouterr().err == message


def test_a_chosen_keystone_port_is_keystone_s(tmp_path, monkeypatch):
    """_prepare_keystone puts Keystone on the port asked (a free one otherwise)."""
    state = {"users": {"admin": {}, "demo": {}}, "keystone_port": 35357,
             "token_cache_time": None}
    monkeypatch.setattr(state_mod, "free_port", lambda: pytest.fail("asked for a free port"))
    control._prepare_keystone(state, tmp_path)
    assert state["auth_url"] == "http://127.0.0.1:35357/v3"


def test_the_actions_completion_offers_are_the_sandbox_parser_s():
    from computeclient_sandbox import command
    subparsers = next(a for a in cli._parser()._actions if a.dest == "action")
    assert tuple(subparsers.choices) == command.do_sandbox.actions


@pytest.mark.parametrize("args", [["--regions", "2"], ["--keystone", "--regions", "5"],
                                  ["--keystone", "--regions", "0"]])
def test_regions_need_keystone_and_at_most_four(tmp_path, capsys, args):
    assert cli.main(["up", *args, "--state-dir", str(tmp_path / "sb"),
                     "--port", str(state_mod.free_port())]) == 1
    assert capsys.readouterr().err == ("ERROR: --regions: 1, or 2 to 4 with --keystone "
                                       "(regions live in its catalog)\n")
    assert not (tmp_path / "sb").exists()  # refused before anything started


def test_status_shows_each_region_s_nova_and_one_that_stopped(tmp_path, capsys):
    import os
    me = {"pid": os.getpid(), "pid_started": state_mod.process_started(os.getpid())}
    gone = {"pid": 2 ** 22 + 1, "pid_started": None}  # above the default pid_max
    state_mod.write_state(tmp_path, {
        **me, "mode": "keystone", "endpoint": "http://127.0.0.1:1/v2.1", "started_at": 0,
        "state_dir": str(tmp_path), "auth_url": "http://127.0.0.1:2/v3", "keystone_pid": 7,
        "regions": ["RegionOne", "RegionTwo", "RegionThree"], "more_regions": [
            {**me, "region": "RegionTwo", "endpoint": "http://127.0.0.1:3/v2.1"},
            {**gone, "region": "RegionThree", "endpoint": "http://127.0.0.1:4/v2.1"}]})
    assert cli.main(["status", "--state-dir", str(tmp_path)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert [line.split(None, 1)[1] for line in lines if line.startswith("  region:")] == [
        f"RegionOne http://127.0.0.1:1/v2.1 (pid {os.getpid()})",
        f"RegionTwo http://127.0.0.1:3/v2.1 (pid {os.getpid()})",
        f"RegionThree http://127.0.0.1:4/v2.1 (pid {2 ** 22 + 1}, not running)"]


def test_down_stops_every_region_s_nova(tmp_path, capsys):
    import subprocess
    import sys
    novas = [subprocess.Popen([sys.executable, "-c", "import time; time.sleep(30)"],
                              start_new_session=True) for _ in range(3)]
    try:
        pids = [{"pid": p.pid, "pid_started": state_mod.process_started(p.pid)} for p in novas]
        state_mod.write_state(tmp_path, {
            **pids[0], "endpoint": "http://127.0.0.1:1/v2.1",
            "regions": ["RegionOne", "RegionTwo", "RegionThree"],
            "more_regions": [{**pids[1], "region": "RegionTwo"},
                             {**pids[2], "region": "RegionThree"}]})
        assert cli.main(["down", "--state-dir", str(tmp_path)]) == 0
        assert capsys.readouterr().out == (
            "Sandbox on http://127.0.0.1:1/v2.1 (regions RegionOne, RegionTwo, RegionThree) "
            "stopped; state removed.\n")
        assert [p.wait(timeout=10) for p in novas] == [-15, -15, -15]
        assert not tmp_path.exists()
    finally:
        for proc in novas:
            proc.kill()
            proc.wait()
