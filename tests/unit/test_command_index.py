"""The generated command index says what the command modules say: `compute
help` and bash-completion print from it exactly what the modules would give."""

import pytest

from computeclient import api_versions, cliutils, shell
from computeclient.v2 import command_index
from computeclient.v2 import shell as v2_shell


def test_the_committed_index_is_the_one_the_command_modules_give():
    if v2_shell.build_index() != command_index.COMMANDS:
        pytest.fail("computeclient/v2/command_index.py is stale: run `make command-index`",
                    pytrace=False)


def test_help_lists_what_the_command_functions_say_by_resource(capsys):
    assert shell.main(["help"]) == 0
    out = capsys.readouterr().out
    groups: dict[str, list[tuple[str, str]]] = {}
    for name, func in v2_shell.commands(include_extensions=False).items():
        heading = v2_shell.heading_of(func.__module__.rpartition(".")[2])
        groups.setdefault(heading, []).append((name, cliutils.summary(func)))
    groups = dict(sorted(groups.items()))
    groups["From extensions"] = [(name, cliutils.summary(func))
                                 for name, func in v2_shell.extension_commands().items()]
    groups["Shell"] = [(name, cliutils.summary(func))
                       for name, func in shell.ComputeShell()._argv_commands().items()]
    width = max(len(name) for rows in groups.values() for name, _ in rows) + 2
    listing = "".join(f"\n{heading}:\n" + "".join(f"  {name.ljust(width)}{summary}\n"
                                                  for name, summary in sorted(rows))
                      for heading, rows in groups.items())
    assert out.endswith("\nCommands, by resource:\n" + listing)
    assert "\nServers:\n  boot " in out and "\nServer consoles:\n" in out


def test_bash_completion_offers_what_the_command_functions_declare(capsys):
    assert shell.main(["bash-completion"]) == 0
    words = capsys.readouterr().out.split()
    expected = set(shell.ComputeShell()._argv_commands())
    for name, func in v2_shell.commands().items():
        expected.add(name)
        expected.update(flag for variant in api_versions.variants(func)
                        for args, _ in getattr(variant, "arguments", [])
                        for flag in args if flag.startswith("-"))
    expected.update(a for action in shell.base_parser()._actions for a in action.option_strings)
    expected.update(("--format", "--column", "-f", "-c"))
    assert words == sorted(expected)

