"""`compute sandbox`, reached through the sandbox distribution's entry point."""

from computeclient import extension, shell


def test_the_sandbox_distribution_registers_compute_sandbox():
    registered = extension.registered_commands()
    assert registered["sandbox"] == "computeclient_sandbox.command:do_sandbox"


def test_help_lists_the_sandbox(capsys):
    assert shell.main(["help"]) == 0
    assert "\n  sandbox " in capsys.readouterr().out


def test_help_sandbox_is_the_sandbox_cli_help(capsys):
    assert shell.main(["help", "sandbox"]) == 0
    assert "usage: compute sandbox" in capsys.readouterr().out


def test_compute_sandbox_up_without_the_extra_says_how_to_install(monkeypatch, tmp_path,
                                                                  capsys):
    import importlib.util
    real = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec",
                        lambda name, *a: None if name == "nova" else real(name, *a))
    assert shell.main(["sandbox", "up", "--state-dir", str(tmp_path)]) == 1
    assert capsys.readouterr().err == (
        "ERROR: The sandbox needs nova: run pip install 'computeclient[sandbox]'\n")


def test_completion_offers_the_sandbox_and_its_actions(capsys):
    assert shell.main(["completion", "bash"]) == 0
    script = capsys.readouterr().out
    assert "  [sandbox]='up env status down'\n" in script
    assert " sandbox " in script.split("[help]=", 1)[1].splitlines()[0]
