"""Write constraints.txt: OpenStack's upper constraints with computeclient's own lines.

A package named in constraints/computeclient.txt replaces its line in
constraints/openstack-upper-constraints.txt (kept verbatim); the others are
added at the end. Run by `make constraints`; tests/unit/test_constraints.py
fails while constraints.txt is stale.

To refresh: copy the upper-constraints.txt of the OpenStack release that
ships the sandbox's Nova into constraints/openstack-upper-constraints.txt
(with its header line naming the commit), adjust constraints/computeclient.txt,
run `make constraints`, then `make test` and `make test-latest`.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OPENSTACK = ROOT / "constraints" / "openstack-upper-constraints.txt"
OURS = ROOT / "constraints" / "computeclient.txt"
MERGED = ROOT / "constraints.txt"


def package_name(line: str) -> str | None:
    """The normalized name a constraint line pins (None for comments and blanks)."""
    text = line.split("#", 1)[0].strip()
    match = re.match(r"[A-Za-z0-9][A-Za-z0-9._-]*", text)
    return re.sub(r"[-_.]+", "-", match.group(0)).lower() if match else None


def merged_text() -> str:
    """constraints.txt as it should be, from the two source files."""
    ours = [line.split("#", 1)[0].strip() for line in OURS.read_text().splitlines()]
    ours_by_name = {package_name(line): line for line in ours if package_name(line)}
    out = ["# Written by scripts/write_constraints.py (make constraints): do not edit.",
           "# OpenStack's upper constraints (constraints/openstack-upper-constraints.txt)",
           "# with computeclient's raises and additions (constraints/computeclient.txt)."]
    for line in OPENSTACK.read_text().splitlines():
        name = package_name(line)
        if name is None:
            continue
        out.append(ours_by_name.pop(name, line))
    out.append("# computeclient's additions")
    out.extend(ours_by_name.values())
    return "\n".join(out) + "\n"


def main() -> int:
    MERGED.write_text(merged_text())
    print(f"wrote {MERGED.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
