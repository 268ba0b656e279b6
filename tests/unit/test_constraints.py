"""constraints.txt is OpenStack's upper constraints with computeclient's own lines, up to date."""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path
from types import ModuleType

ROOT = Path(__file__).resolve().parents[2]


def writer() -> ModuleType:
    spec = importlib.util.spec_from_file_location("write_constraints",
                                                  ROOT / "scripts" / "write_constraints.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def pins(text: str) -> dict[str, str]:
    """{normalized name: version} of every `name===version` line."""
    found = {}
    for line in text.splitlines():
        match = re.match(r"([A-Za-z0-9._-]+)===([^;\s#]+)", line)
        if match:
            found[re.sub(r"[-_.]+", "-", match.group(1)).lower()] = match.group(2)
    return found


def test_constraints_txt_is_written_from_its_sources() -> None:
    if (ROOT / "constraints.txt").read_text() != writer().merged_text():
        raise AssertionError("constraints.txt is stale: run `make constraints`")


def test_our_lines_replace_openstacks_and_the_rest_is_kept() -> None:
    merged = pins((ROOT / "constraints.txt").read_text())
    openstack = pins((ROOT / "constraints" / "openstack-upper-constraints.txt").read_text())
    ours = pins((ROOT / "constraints" / "computeclient.txt").read_text())
    assert merged == {**openstack, **ours}
    assert merged["python-novaclient"] == "18.13.1" != openstack["python-novaclient"]


def test_the_sandbox_and_test_extras_are_all_pinned() -> None:
    """Every package an extra or the sandbox distribution names is held by the
    constraints (so none floats); the sandbox extra names only the sandbox
    distribution, which `make install` takes from the checkout."""
    setup = (ROOT / "setup.py").read_text()
    sandbox_setup = (ROOT / "sandbox" / "setup.py").read_text()
    merged = pins((ROOT / "constraints.txt").read_text())
    blocks = {extra: re.search(extra + r" = \[(.*?)\]", setup, re.S)
              for extra in ("SANDBOX", "TEST", "DOCS")}
    blocks["sandbox/setup.py REQUIRES"] = re.search(r"REQUIRES = \[(.*?)\]", sandbox_setup, re.S)
    named = {}
    for extra, block in blocks.items():
        assert block, extra
        named[extra] = [re.sub(r"[-_.]+", "-", requirement).lower() for requirement
                        in re.findall(r'"([A-Za-z0-9._-]+)', block.group(1))]
    assert named.pop("SANDBOX") == ["computeclient-sandbox"]
    for extra, names in named.items():
        for name in names:
            if name != "computeclient":  # the sandbox's own library, from the checkout
                assert name in merged, f"{name} ({extra}) has no line in constraints.txt"
    assert "nova" in named["sandbox/setup.py REQUIRES"]


def test_the_build_requirements_are_pinned() -> None:
    """make install and make dist pass constraints.txt as --build-constraints: it must hold them."""
    merged = pins((ROOT / "constraints.txt").read_text())
    for pyproject in ("pyproject.toml", "sandbox/pyproject.toml"):
        block = re.search(r"^requires = \[(.*?)\]", (ROOT / pyproject).read_text(), re.M | re.S)
        assert block, f"{pyproject} names no build requirements"
        for requirement in re.findall(r'"([A-Za-z0-9._-]+)', block.group(1)):
            name = re.sub(r"[-_.]+", "-", requirement).lower()
            assert name in merged, f"{requirement} ({pyproject}) has no line in constraints.txt"
