"""The wheel as users get it: built from the checkout, installed alone in a clean venv.

Every other test runs from the editable checkout, which hides a file the
wheel forgets (the command index, py.typed, the man page) or an entry point
it lacks. Here the wheel is built (`make dist` builds it the same way),
installed with its runtime dependencies only (held to constraints.txt) into
a new venv, and used: --version, help, completion, a listing against the
session's sandbox (started from the development venv), and a type checker
that must find the package typed.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import zipfile
from email.parser import Parser
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]
UV = Path(sys.executable).parent / "uv"


def run(*args: str | Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items()
             if not k.startswith("OS_") and k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    return subprocess.run([str(a) for a in args], capture_output=True, text=True, timeout=600,
                          env={**clean, **(env or {})}, stdin=subprocess.DEVNULL)


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("dist")
    built = run(UV, "build", "--quiet", "--wheel", "--build-constraints",
                ROOT / "constraints.txt", "--out-dir", out, ROOT)
    assert built.returncode == 0, built.stderr
    [found] = out.glob("computeclient-*.whl")
    return found


@pytest.fixture(scope="module")
def venv(wheel: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    where = tmp_path_factory.mktemp("wheel-venv") / "venv"
    made = run(UV, "venv", "--quiet", "--python", sys.executable, where)
    assert made.returncode == 0, made.stderr
    installed = run(UV, "pip", "install", "--quiet", "--python", where / "bin" / "python",
                    "-c", ROOT / "constraints.txt", wheel)
    assert installed.returncode == 0, installed.stderr
    return where


def test_the_wheel_carries_its_data_and_honest_metadata(wheel: Path) -> None:
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
        [metadata_name] = [n for n in names if n.endswith(".dist-info/METADATA")]
        metadata = Parser().parsestr(archive.read(metadata_name).decode())
        [entry_points] = [n for n in names if n.endswith(".dist-info/entry_points.txt")]
        entry_text = archive.read(entry_points).decode()
    assert {"computeclient/py.typed", "computeclient/v2/command_index.py"} <= names
    assert any(n.endswith(".data/data/share/man/man1/compute.1") for n in names)
    assert "compute = computeclient.shell:main" in entry_text
    # What `twine check` looks at: a summary, a long description it can render.
    assert metadata["Name"] == "computeclient" and metadata["Summary"]
    assert metadata["Description-Content-Type"] == "text/markdown"
    assert metadata.get_payload().startswith("# computeclient")
    runtime = {re.split(r"[<>=;\s]", r, maxsplit=1)[0].lower()
               for r in metadata.get_all("Requires-Dist") if "extra ==" not in r}
    assert runtime == {"requests", "keystoneauth1", "oslo.utils", "prettytable", "pyyaml"}


def test_the_installed_shell_works_without_the_sandbox_extra(venv: Path) -> None:
    compute = venv / "bin" / "compute"
    version = run(compute, "--version")
    assert version.returncode == 0 and version.stdout.strip(), version.stderr
    helped = run(compute, "help")
    assert helped.returncode == 0 and "\nServers:\n  boot " in helped.stdout, helped.stderr
    boot = run(compute, "help", "boot")
    assert boot.returncode == 0 and "--flavor" in boot.stdout
    completion = run(compute, "completion", "bash")
    assert completion.returncode == 0 and "complete -F" in completion.stdout
    assert (venv / "share" / "man" / "man1" / "compute.1").read_text().startswith('.\\"')
    nova = run(venv / "bin" / "python", "-c", "import nova")
    assert nova.returncode != 0  # the sandbox's services stay out of a plain install


def test_the_installed_shell_lists_servers_of_a_sandbox(venv: Path, compute_sandbox: Any,
                                                        tmp_path: Path) -> None:
    env = {**compute_sandbox.env(), "XDG_CACHE_HOME": str(tmp_path)}
    listed = run(venv / "bin" / "compute", "flavor-list", "-f", "value", "-c", "Name", env=env)
    assert listed.returncode == 0, listed.stderr
    assert "m1.tiny" in listed.stdout.split()


def test_a_type_checker_finds_the_installed_package_typed(venv: Path, tmp_path: Path) -> None:
    script = tmp_path / "uses_it.py"
    script.write_text("from computeclient import client\n"
                      "cs = client.Client('2.latest', session=None)\n"
                      "reveal_type(cs.flavors.get('1'))\n")
    mypy = Path(sys.executable).parent / "mypy"
    checked = run(mypy, "--python-executable", venv / "bin" / "python", "--no-incremental",
                  "--cache-dir", tmp_path / "cache", script)
    assert "missing library stubs or py.typed" not in checked.stdout
    assert 'Revealed type is "computeclient.v2.flavors.Flavor"' in checked.stdout, checked.stdout
