"""The wheels as users get them: built from the checkout, installed in clean venvs.

Every other test runs from the editable checkout, which hides a file the
wheel forgets (the command index, py.typed, the man page) or an entry point
it lacks. Here both wheels are built (`make dist` builds them the same way).
The computeclient wheel is installed with its runtime dependencies only (held
to constraints.txt) into a new venv, and used: --version, help, completion, a
listing against the session's sandbox (started from the development venv), a
type checker that must find the package typed, and no sandbox anywhere.
`computeclient[sandbox]` is installed into another venv (the sandbox wheel
found beside it, as the package index would serve it): `compute sandbox` and
the pytest fixtures come with it. The version comes from git (setuptools-scm):
a copy of the checkout in a new repository shows what a tag, a shallow clone
without tags and an sdist without git give.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import zipfile
from email.message import Message
from email.parser import Parser
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]
UV = Path(sys.executable).parent / "uv"


def run_env(env: dict[str, str] | None = None) -> dict[str, str]:
    """This process's environment without the checkout on the path, nor a cloud."""
    clean = {k: v for k, v in os.environ.items()
             if not k.startswith("OS_") and k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    return {**clean, **(env or {})}


def run(*args: str | Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    # Not from the checkout: `python -c` puts its working directory first on the path,
    # which would import the checkout's computeclient instead of the installed one.
    return subprocess.run([str(a) for a in args], capture_output=True, text=True, timeout=600,
                          env=run_env(env), stdin=subprocess.DEVNULL, cwd="/")


def build(out: Path, *args: str | Path, made: str = "computeclient*") -> Path:
    """`uv build ARGS` (as `make dist`) into the new directory `out`: the one `made` file."""
    built = run(UV, "build", "--quiet", "--build-constraints", ROOT / "constraints.txt",
                "--out-dir", out, *args)
    assert built.returncode == 0, built.stderr
    [found] = out.glob(made)
    return found


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    # From the sdist, as `make dist` builds it: a wheel built in the checkout would
    # also take what a stale build/ directory still holds (modules moved away).
    return build(tmp_path_factory.mktemp("dist"), ROOT, made="*.whl")


@pytest.fixture(scope="module")
def sandbox_wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build(tmp_path_factory.mktemp("sandbox-dist"), ROOT / "sandbox", made="*.whl")


def install(wheel: Path, where: Path) -> Path:
    """A new venv at `where` with `wheel` and its runtime dependencies only."""
    made = run(UV, "venv", "--quiet", "--python", sys.executable, where)
    assert made.returncode == 0, made.stderr
    installed = run(UV, "pip", "install", "--quiet", "--python", where / "bin" / "python",
                    "-c", ROOT / "constraints.txt", wheel)
    assert installed.returncode == 0, installed.stderr
    return where


def version_of(wheel: Path) -> str:
    with zipfile.ZipFile(wheel) as archive:
        [name] = [n for n in archive.namelist() if n.endswith(".dist-info/METADATA")]
        return Parser().parsestr(archive.read(name).decode())["Version"]


@pytest.fixture(scope="module")
def venv(wheel: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return install(wheel, tmp_path_factory.mktemp("wheel-venv") / "venv")


@pytest.fixture(scope="module")
def sandbox_venv(wheel: Path, sandbox_wheel: Path,
                 tmp_path_factory: pytest.TempPathFactory) -> Path:
    """`pip install 'computeclient[sandbox]' pytest`, the sandbox's wheel found beside."""
    where = tmp_path_factory.mktemp("sandbox-wheel-venv") / "venv"
    made = run(UV, "venv", "--quiet", "--python", sys.executable, where)
    assert made.returncode == 0, made.stderr
    installed = run(UV, "pip", "install", "--quiet", "--python", where / "bin" / "python",
                    "-c", ROOT / "constraints.txt", "--find-links", sandbox_wheel.parent,
                    f"computeclient[sandbox] @ {wheel.as_uri()}", "pytest")
    assert installed.returncode == 0, installed.stderr
    return where


def unpacked(wheel: Path) -> tuple[set[str], Message, str]:
    """(file names, METADATA, entry_points.txt) of a wheel."""
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
        [metadata_name] = [n for n in names if n.endswith(".dist-info/METADATA")]
        metadata = Parser().parsestr(archive.read(metadata_name).decode())
        [entry_points] = [n for n in names if n.endswith(".dist-info/entry_points.txt")]
        return names, metadata, archive.read(entry_points).decode()


GIT = ("git", "-c", "user.name=t", "-c", "user.email=t@example.invalid", "-c", "tag.gpgSign=false")


@pytest.fixture(scope="module")
def repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The checkout's files as they are now, committed once into a new repository."""
    where = tmp_path_factory.mktemp("repo")
    listed = run("git", "-C", ROOT, "ls-files", "-z", "--cached", "--others", "--exclude-standard")
    for name in filter(None, listed.stdout.split("\0")):
        if (ROOT / name).is_file():
            (where / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(ROOT / name, where / name)
    for step in (("init", "-q"), ("add", "-A"), ("commit", "-q", "-m", "one commit")):
        done = run(*GIT, "-C", where, *step)
        assert done.returncode == 0, done.stderr
    return where


def test_the_wheel_carries_its_data_and_honest_metadata(wheel: Path) -> None:
    names, metadata, entry_text = unpacked(wheel)
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
    # No sandbox inside: no module, no command, no pytest plugin; the extra names it.
    assert not [n for n in names if "sandbox" in n]
    assert "[computeclient.commands]" not in entry_text and "[pytest11]" not in entry_text
    assert [r for r in metadata.get_all("Requires-Dist") if "sandbox" in r] == [
        'computeclient-sandbox; extra == "sandbox"']


def test_the_sandbox_wheel_carries_the_sandbox_and_its_entry_points(sandbox_wheel: Path) -> None:
    names, metadata, entry_text = unpacked(sandbox_wheel)
    modules = {n for n in names if not n.startswith("computeclient_sandbox-")}
    assert {"computeclient_sandbox/__init__.py", "computeclient_sandbox/nova_service.py",
            "computeclient_sandbox/pytest_plugin.py"} <= modules
    assert {n.split("/")[0] for n in modules} == {"computeclient_sandbox"}  # no tests, no client
    assert "sandbox = computeclient_sandbox.command:do_sandbox" in entry_text
    assert "compute_sandbox = computeclient_sandbox.pytest_plugin" in entry_text
    assert "sandbox_status = computeclient_sandbox.osc_status:SandboxStatus" in entry_text
    assert metadata["Name"] == "computeclient-sandbox" and metadata["Summary"]
    assert metadata.get_payload().startswith("# computeclient-sandbox")
    requires = set(metadata.get_all("Requires-Dist"))
    assert {"computeclient", "nova==34.0.0", "keystone==30.0.0"} <= requires


def test_the_installed_shell_works_without_the_sandbox_extra(wheel: Path, venv: Path) -> None:
    compute = venv / "bin" / "compute"
    version = run(compute, "--version")
    assert version.returncode == 0, version.stderr
    assert version.stdout == version_of(wheel) + "\n"  # the version it was built as
    helped = run(compute, "help")
    assert helped.returncode == 0 and "\nServers:\n  boot " in helped.stdout, helped.stderr
    boot = run(compute, "help", "boot")
    assert boot.returncode == 0 and "--flavor" in boot.stdout
    completion = run(compute, "completion", "bash")
    assert completion.returncode == 0 and "complete -F" in completion.stdout
    assert (venv / "share" / "man" / "man1" / "compute.1").read_text().startswith('.\\"')
    nova = run(venv / "bin" / "python", "-c", "import nova")
    assert nova.returncode != 0  # the sandbox's services stay out of a plain install


def test_the_installed_client_has_no_sandbox(venv: Path, tmp_path: Path) -> None:
    for module in ("computeclient.sandbox", "computeclient_sandbox"):
        imported = run(venv / "bin" / "python", "-c", f"import {module}")
        assert "ModuleNotFoundError" in imported.stderr, module
    compute = venv / "bin" / "compute"
    asked = run(compute, "sandbox", "up", "--state-dir", tmp_path)
    assert asked.returncode == 2 and asked.stdout == ""
    assert asked.stderr.splitlines()[0] == (
        "compute: error: unknown command 'sandbox' ('compute help' lists them)")
    assert "sandbox" not in run(compute, "help").stdout
    assert "sandbox" not in run(compute, "completion", "bash").stdout
    assert not list(tmp_path.iterdir())


def test_the_sandbox_wheel_adds_compute_sandbox_and_the_pytest_fixtures(
        sandbox_venv: Path, tmp_path: Path) -> None:
    compute = sandbox_venv / "bin" / "compute"
    status = run(compute, "sandbox", "status", "--state-dir", tmp_path / "none")
    assert (status.returncode, status.stdout) == (3, f"not running (state dir {tmp_path}/none)\n")
    assert "\n  sandbox " in run(compute, "help").stdout
    # The server process as `compute sandbox up` starts it, from the installed wheel.
    service = run(sandbox_venv / "bin" / "python", "-m", "computeclient_sandbox.nova_service",
                  "--help")
    assert service.returncode == 0 and "--state-dir" in service.stdout, service.stderr
    fixtures = subprocess.run([str(sandbox_venv / "bin" / "python"), "-m", "pytest", "--fixtures",
                               "-p", "no:cacheprovider"], cwd=tmp_path, capture_output=True,
                              text=True, timeout=120, env=run_env())
    assert "compute_sandbox [session scope] -- " in fixtures.stdout, fixtures.stderr
    assert "compute_sandbox_keystone [session scope] -- " in fixtures.stdout
    assert "site-packages/computeclient_sandbox/pytest_plugin.py" in fixtures.stdout


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


def test_a_shallow_clone_without_tags_builds_a_development_version(repo: Path,
                                                                   tmp_path: Path) -> None:
    clone = tmp_path / "clone"
    cloned = run("git", "clone", "-q", "--depth", "1", "--no-tags", f"file://{repo}", clone)
    assert cloned.returncode == 0, cloned.stderr
    head = run("git", "-C", clone, "rev-parse", "HEAD").stdout.strip()
    sdist = build(tmp_path / "dist", "--sdist", clone)
    found = re.fullmatch(r"computeclient-0\.1\.dev1\+g([0-9a-f]+)\.tar\.gz", sdist.name)
    assert found and head.startswith(found.group(1)), sdist.name


def test_a_tag_is_the_version_of_its_sdist_and_of_a_wheel_built_without_git(
        repo: Path, tmp_path: Path) -> None:
    tagged = run(*GIT, "-C", repo, "tag", "-a", "7.8.9", "-m", "computeclient 7.8.9")
    assert tagged.returncode == 0, tagged.stderr
    sdist = build(tmp_path / "sdist", "--sdist", repo)
    assert sdist.name == "computeclient-7.8.9.tar.gz"
    sibling = build(tmp_path / "sandbox-sdist", "--sdist", repo / "sandbox")
    assert sibling.name == "computeclient_sandbox-7.8.9.tar.gz"  # released together
    unpacked = tmp_path / "unpacked"
    shutil.unpack_archive(sdist, unpacked)
    [tree] = unpacked.iterdir()
    assert not (tree / ".git").exists() and (tree / "PKG-INFO").is_file()
    assert (tree / "tests").is_dir() and (tree / "releasenotes").is_dir()  # every file git has
    assert not (tree / "sandbox").exists()  # but the sibling's (MANIFEST.in): its own sdist
    wheel = build(tmp_path / "wheel", "--wheel", tree)  # no git: the version is PKG-INFO's
    assert version_of(wheel) == "7.8.9"
    venv = install(wheel, tmp_path / "venv")
    shown = run(venv / "bin" / "compute", "--version")
    assert (shown.returncode, shown.stdout) == (0, "7.8.9\n"), shown.stderr
