#!/usr/bin/env bash
# `make test-latest`: does computeclient still work with what the package index
# gives today, with no constraints? A throw-away venv, an unconstrained install
# of the sandbox and test extras, the unit tests and a Keystone sandbox start.
# It says what resolved differently from constraints.txt, so drift is seen
# before users see it. Not part of `make test`.
set -uo pipefail
cd "$(dirname "$0")/.."
PYTHON=${PYTHON:-python3}
work=$(mktemp -d "${TMPDIR:-/tmp}/computeclient-latest.XXXXXX")
failed=0
finish() {
    if [ $failed -eq 0 ]; then rm -rf "$work"; else echo "kept for reading: $work"; fi
}
trap finish EXIT

step() { echo; echo "== $*"; }

step "install, unconstrained, into $work/venv"
$PYTHON -m venv --without-pip "$work/venv"
$PYTHON -m pip --python "$work/venv/bin/python" install --quiet --no-cache-dir uv || exit 1
UV_NO_CACHE=1 "$work/venv/bin/uv" pip install --quiet --python "$work/venv/bin/python" \
    pip setuptools wheel -e '.[sandbox,test]' -e ./sandbox || exit 1

step "what differs from constraints.txt"
"$work/venv/bin/python" - <<'PY'
import re
from importlib import metadata

def norm(name):
    return re.sub(r"[-_.]+", "-", name).lower()

pinned = {}
for line in open("constraints.txt"):
    match = re.match(r"([A-Za-z0-9._-]+)===([^;\s#]+)", line)
    if match:
        pinned[norm(match.group(1))] = match.group(2)
rows = []
for dist in metadata.distributions():
    name, version = norm(dist.metadata["Name"]), dist.version
    if name in pinned and pinned[name] != version:
        rows.append(f"  {name}: {pinned[name]} -> {version}")
print(f"{len(rows)} installed packages differ from constraints.txt")
print("\n".join(sorted(rows)))
PY

step "pip check"
"$work/venv/bin/python" -m pip check || failed=1

step "unit tests"
"$work/venv/bin/python" -m pytest -q -n 2 -p no:cacheprovider tests/unit sandbox/tests || failed=1

step "Keystone sandbox start"
port=$("$work/venv/bin/python" -c 'from computeclient_sandbox import state; print(state.free_port())')
if PATH="$work/venv/bin:$PATH" compute sandbox up --keystone --port "$port" \
        --state-dir "$work/sandbox"; then
    PATH="$work/venv/bin:$PATH" compute sandbox down --state-dir "$work/sandbox"
else
    failed=1  # a failed start keeps its state directory, logs included
fi

echo
if [ $failed -eq 0 ]; then
    echo "test-latest: today's unconstrained packages work"
else
    echo "test-latest: FAILED with today's unconstrained packages (see above)"
fi
exit $failed
