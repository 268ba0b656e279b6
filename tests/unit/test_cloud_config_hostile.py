"""clouds.yaml / secure.yaml of the wrong shape, size or kind: one error line
naming the file, the cloud and the key; nothing blocks, spins or fills memory."""

from __future__ import annotations

import os
import threading
import time

import pytest

from computeclient import cloud_config, exceptions, shell

GOOD_AUTH = "auth: {auth_url: 'http://ks.test/v3', username: u, password: p}"

SHAPES = {
    "auth-null": ("auth: null", "auth is not a mapping (it is null)"),
    "auth-a-string": ("auth: oops", "auth is not a mapping (it is a string)"),
    "non-string-key": (f"{GOOD_AUTH}\n    1: x", "1 is not a string key"),
    "nested-non-string-key": ("auth: {auth_url: x, 2: y}", "auth.2 is not a string key"),
    "region-without-name": (f"{GOOD_AUTH}\n    regions: [{{values: {{}}}}]",
                            "regions[0] has no name"),
    "region-values-oops": (f"{GOOD_AUTH}\n    regions: [{{name: r1, values: oops}}]",
                           "regions[0].values is not a mapping"),
    "regions-a-string": (f"{GOOD_AUTH}\n    regions: r1", "regions is not a list"),
    "region-name-a-mapping": (f"{GOOD_AUTH}\n    region_name: {{a: 1}}",
                              "region_name is not a name or a list of names"),
    "auth-type-a-list": (f"{GOOD_AUTH}\n    auth_type: [a]",
                         "auth_type is not text (it is a list)"),
    "auth-type-a-boolean": (f"{GOOD_AUTH}\n    auth_type: true",
                            "auth_type is not text (it is a boolean)"),
    "cacert-a-list": (f"{GOOD_AUTH}\n    cacert: [a]", "cacert is not text (it is a list)"),
    "password-a-mapping": ("auth: {auth_url: x, password: {a: b}}",
                           "auth.password is not text (it is a mapping)"),
    "top-level-username-a-list": (f"{GOOD_AUTH}\n    username: [a]",
                                  "username is not text"),
    "api-timeout-abc": (f"{GOOD_AUTH}\n    api_timeout: abc",
                        "api_timeout is not a number of seconds"),
    "api-timeout-huge": (f"{GOOD_AUTH}\n    api_timeout: 1e12",
                         "api_timeout is not a number of seconds"),
    "compute-timeout-list": (f"{GOOD_AUTH}\n    compute_timeout: [1]",
                             "compute_timeout is not a single value"),
}


def _clouds(tmp_path, monkeypatch, body: str):
    path = tmp_path / "clouds.yaml"
    path.write_text(f"clouds:\n  c:\n    {body}\n")
    monkeypatch.setenv("OS_CLIENT_CONFIG_FILE", str(path))
    monkeypatch.setenv("OS_CLIENT_SECURE_FILE", str(tmp_path / "no-secure.yaml"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    for name in [n for n in os.environ if n.startswith("OS_") and "CLIENT" not in n]:
        monkeypatch.delenv(name)
    return path


@pytest.mark.parametrize("body, problem", SHAPES.values(), ids=SHAPES.keys())
def test_a_wrong_shape_is_one_line_naming_file_cloud_and_key(tmp_path, monkeypatch, capsys,
                                                             body, problem):
    path = _clouds(tmp_path, monkeypatch, body)
    assert shell.main(["--os-cloud", "c", "flavor-list"]) == 1
    err = capsys.readouterr().err
    assert err.startswith(f"ERROR (CloudConfigError): {path}: cloud 'c': {problem}"), err
    assert err.count("\n") == 1 and "--timeout" not in err


def test_a_billion_laughs_is_refused_at_once(tmp_path, monkeypatch, capsys):
    lines = ["a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    lines += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 10)}]" for i in range(1, 10)]
    body = "\n".join(lines) + "\nclouds:\n  c:\n    auth: {auth_url: *a9}\n"
    path = tmp_path / "clouds.yaml"
    path.write_text(body)
    assert len(body) < 1000
    _clouds(tmp_path, monkeypatch, "auth: {}")
    path.write_text(body)
    start = time.monotonic()
    assert shell.main(["--os-cloud", "c", "flavor-list"]) == 1
    assert time.monotonic() - start < 2
    err = capsys.readouterr().err
    assert "anchors and aliases expand to more than" in err and err.count("\n") == 1


def test_an_alias_that_refers_to_itself_is_refused(tmp_path):
    path = tmp_path / "clouds.yaml"
    path.write_text("clouds: &x\n  c: *x\n")
    with pytest.raises(exceptions.CloudConfigError, match="refers to itself"):
        cloud_config.get_cloud("c", config_files=[path], secure_files=[])


def _within(seconds, call):
    """call()'s exception (or None), failing the test if it takes longer than `seconds`."""
    outcome = {}

    def run():
        try:
            call()
        except BaseException as exc:  # handed to the test
            outcome["error"] = exc
    worker = threading.Thread(target=run, daemon=True)
    worker.start()
    worker.join(seconds)
    assert not worker.is_alive(), "blocked"
    return outcome.get("error")


def test_a_fifo_does_not_block(tmp_path):
    fifo = tmp_path / "clouds.yaml"
    os.mkfifo(fifo)
    error = _within(5, lambda: cloud_config.get_cloud("c", config_files=[fifo],
                                                      secure_files=[]))
    assert isinstance(error, exceptions.CloudConfigError)
    assert "is not a regular file" in str(error)


def test_dev_zero_is_not_read(tmp_path):
    error = _within(5, lambda: cloud_config.get_cloud(
        "c", config_files=[cloud_config.Path("/dev/zero")], secure_files=[]))
    assert isinstance(error, exceptions.CloudConfigError)


def test_a_large_file_is_refused(tmp_path):
    path = tmp_path / "clouds.yaml"
    path.write_text("clouds: {}\n" + "#" * (1024 * 1024) + "\n")
    with pytest.raises(exceptions.CloudConfigError, match="larger than"):
        cloud_config.get_cloud("c", config_files=[path], secure_files=[])


def test_a_secure_yaml_others_may_read_is_refused_with_a_warning(tmp_path, capsys):
    clouds = tmp_path / "clouds.yaml"
    clouds.write_text("clouds:\n  c:\n    auth: {auth_url: 'http://ks.test/v3'}\n")
    secure = tmp_path / "secure.yaml"
    secure.write_text("clouds:\n  c:\n    auth: {password: hunter2}\n")
    secure.chmod(0o644)
    config = cloud_config.get_cloud("c", config_files=[clouds], secure_files=[secure])
    assert "password" not in config["auth"]
    err = capsys.readouterr().err
    assert err == (f"WARNING: {secure} is readable by others (mode 0644); not used "
                   f"(chmod 600 it)\n")
    secure.chmod(0o600)
    config = cloud_config.get_cloud("c", config_files=[clouds], secure_files=[secure])
    assert config["auth"]["password"] == "hunter2"


def test_thousands_of_brackets_are_refused_at_once(tmp_path):
    path = tmp_path / "clouds.yaml"
    path.write_text("clouds: " + "[" * 100_000)
    start = time.monotonic()
    with pytest.raises(exceptions.CloudConfigError, match="nests deeper than"):
        cloud_config.get_cloud("c", config_files=[path], secure_files=[])
    assert time.monotonic() - start < 1


def test_a_directory_named_clouds_yaml_is_one_error(tmp_path):
    (tmp_path / "clouds.yaml").mkdir()
    with pytest.raises(exceptions.CloudConfigError, match="is not a regular file"):
        cloud_config.get_cloud("c", config_files=[tmp_path / "clouds.yaml"], secure_files=[])
