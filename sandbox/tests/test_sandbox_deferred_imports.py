"""deferred_imports: a deferred package runs its code on first use, whole and once."""

from __future__ import annotations

import importlib
import sys
import threading

import pytest

from computeclient_sandbox import deferred_imports


@pytest.fixture
def package(tmp_path, monkeypatch):
    """A package `deferme` whose modules count how often their code ran."""
    root = tmp_path / "deferme"
    (root / "sub").mkdir(parents=True)
    (root / "__init__.py").write_text(
        "import builtins\nbuiltins.deferme_runs.append('deferme')\nANSWER = 42\n")
    (root / "sub" / "__init__.py").write_text(
        "import builtins, time\nbuiltins.deferme_runs.append('deferme.sub')\n"
        "time.sleep(0.05)\nVALUE = 'sub'\n")
    (root / "leaf.py").write_text(
        "import builtins\nbuiltins.deferme_runs.append('deferme.leaf')\n"
        "from deferme import sub\nTWICE = sub.VALUE * 2\n")
    runs: list[str] = []
    monkeypatch.setattr("builtins.deferme_runs", runs, raising=False)
    monkeypatch.syspath_prepend(str(tmp_path))
    before = list(sys.meta_path)
    deferred_imports.defer(["deferme"])
    yield runs
    sys.meta_path[:] = before
    for name in [n for n in sys.modules if n == "deferme" or n.startswith("deferme.")]:
        del sys.modules[name]


def test_importing_runs_nothing_until_an_attribute_is_read(package):
    import deferme
    from deferme import leaf, sub  # noqa: F401 (from-imports hand over submodules)

    assert package == []
    assert leaf.TWICE == "subsub"
    assert package == ["deferme.leaf", "deferme.sub"]
    assert deferme.ANSWER == 42
    assert package == ["deferme.leaf", "deferme.sub", "deferme"]


def test_a_missing_attribute_is_still_an_attribute_error(package):
    deferme = importlib.import_module("deferme")
    with pytest.raises(AttributeError):
        deferme.nothing_by_this_name  # noqa: B018
    assert package == ["deferme"]


def test_threads_racing_for_the_first_use_run_the_code_once(package):
    from deferme import sub

    seen: list[str] = []
    threads = [threading.Thread(target=lambda: seen.append(sub.VALUE)) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=10)
    assert seen == ["sub"] * 4
    assert package == ["deferme.sub"]


def test_deferring_an_imported_package_is_refused():
    with pytest.raises(RuntimeError, match="too late"):
        deferred_imports.defer(["pytest"])
