"""Commands registered under the `computeclient.commands` entry point (how
`compute sandbox` is reached; sandbox/tests/test_sandbox_command.py tries that
one): found, listed, run without credentials."""

import pathlib

import pytest

from computeclient import extension, shell

MODULE = '''
from computeclient import utils

@utils.unauthenticated
def do_hello(argv):
    """Say hello without a cloud."""
    print("hello", *argv)
    return 0
'''


@pytest.fixture()
def hello_registered(tmp_path, monkeypatch):
    (tmp_path / "hello_cmd.py").write_text(MODULE)
    info = tmp_path / "hello_cmd-1.0.dist-info"
    info.mkdir()
    (info / "entry_points.txt").write_text(
        "[console_scripts]\nhello = hello_cmd:main\n\n"
        "[computeclient.commands]\nhello = hello_cmd:do_hello\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    for name in ("OS_AUTH_URL", "OS_USERNAME", "OS_PASSWORD", "OS_CLOUD"):
        monkeypatch.delenv(name, raising=False)


def test_registered_commands_read_only_their_group(hello_registered):
    registered = extension.registered_commands()
    assert registered["hello"] == "hello_cmd:do_hello"


def test_a_registered_command_runs_with_its_raw_argv_and_no_credentials(hello_registered,
                                                                         capsys):
    assert shell.main(["hello", "up", "--keystone"]) == 0
    assert capsys.readouterr().out == "hello up --keystone\n"


def test_help_lists_registered_commands(hello_registered, capsys):
    assert shell.main(["help"]) == 0
    out = capsys.readouterr().out
    assert "\n  hello " in out and "Say hello without a cloud." in out


def test_the_shell_names_no_sandbox_command():
    source = pathlib.Path(shell.__file__).read_text()
    assert "computeclient_sandbox" not in source and "LIGHT_COMMANDS" not in source


def test_a_registered_command_that_no_longer_imports_is_one_warning(tmp_path, monkeypatch,
                                                                     capsys):
    """What a distribution uninstalled but for its metadata leaves: help still
    works, says which entry point is broken, and the command is unknown."""
    info = tmp_path / "gone-1.0.dist-info"
    info.mkdir()
    (info / "entry_points.txt").write_text("[computeclient.commands]\ngone = gone_cmd:do_gone\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.setattr(extension, "_WARNED", set())
    assert shell.main(["help"]) == 0
    out, err = capsys.readouterr()
    assert "\n  list " in out and "\n  gone " not in out
    assert err == ("WARNING: extension 'gone_cmd:do_gone' (command 'gone') was not loaded: "
                   "ModuleNotFoundError: No module named 'gone_cmd'\n")
    with pytest.raises(SystemExit) as exited:
        shell.main(["gone"])
    assert exited.value.code == 2
    assert "unknown command 'gone'" in capsys.readouterr().err

