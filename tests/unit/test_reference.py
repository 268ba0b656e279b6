"""The command reference (docs site) and man page list the commands `compute help` lists."""

from __future__ import annotations

import importlib.util
import shutil
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest

from computeclient import shell

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def reference() -> ModuleType:
    sys.path.insert(0, str(ROOT / "scripts"))
    spec = importlib.util.spec_from_file_location("command_reference",
                                                  ROOT / "scripts" / "command_reference.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclass looks its module up
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def commands(reference: ModuleType) -> list:
    return reference.commands()


def help_commands(capsys: pytest.CaptureFixture[str]) -> dict[str, list[str]]:
    """Heading -> command names, as `compute help` prints them (the shell's own left out)."""
    assert shell.main(["help"]) == 0
    listing = capsys.readouterr().out.split("\nCommands, by resource:\n", 1)[1]
    groups: dict[str, list[str]] = {}
    for block in listing.strip("\n").split("\n\n"):
        heading, *rows = block.splitlines()
        groups[heading.rstrip(":")] = [row.split()[0] for row in rows]
    groups.pop("Shell")
    groups.pop("From extensions", None)
    return groups


def test_the_reference_lists_every_command_help_lists_under_its_heading(
        reference: ModuleType, commands: list, capsys: pytest.CaptureFixture[str]) -> None:
    by_heading: dict[str, list[str]] = {}
    for command in commands:
        by_heading.setdefault(command.group, []).append(command.name)
    assert by_heading == help_commands(capsys)
    page = reference.rst(commands)
    for command in commands:
        assert f"\n{command.name}\n{'~' * len(command.name)}\n" in page
        assert f"    usage: compute {command.name}" in page


def test_the_reference_says_a_commands_microversions(commands: list) -> None:
    by_name = {c.name: c for c in commands}
    assert by_name["server-tag-list"].versions == ">= 2.26"
    assert by_name["list"].versions == ""
    assert "(microversion >= 2.19)" in " ".join(by_name["boot"].help.split())


def test_the_man_page_is_written_from_the_commands(reference: ModuleType,
                                                  commands: list) -> None:
    if (ROOT / "man" / "compute.1").read_text() != reference.roff(commands):
        pytest.fail("man/compute.1 is stale: run `make command-index`", pytrace=False)


@pytest.mark.skipif(shutil.which("groff") is None, reason="groff is not installed")
def test_the_man_page_renders_without_a_warning() -> None:
    rendered = subprocess.run(["groff", "-man", "-Tutf8", "-ww", "man/compute.1"], cwd=ROOT,
                              capture_output=True, text=True, check=True)
    assert rendered.stderr == ""
    assert "compute - command-line client for the OpenStack Compute API" in rendered.stdout
    assert "server-tag-list" in rendered.stdout
