#!/usr/bin/env bash
# How much the computeclient plugin adds to `openstack --help` start-up.
#
# A/B in the same venv, without uninstalling anything (other work may be using
# the venv): both runs go through the same tiny wrapper; with HIDE=1 it drops
# computeclient's entry points from stevedore's view, as if the plugin were not
# installed. Needs hyperfine (apt-get install -y hyperfine).
#
# usage: benchmarks/osc_plugin_startup.sh [VENV] [RUNS]
set -euo pipefail
VENV=${1:-"$(cd "$(dirname "$0")/.." && pwd)/.venv"}
RUNS=${2:-10}
PY="$VENV/bin/python"
WRAPPER=$(mktemp --suffix=.py)
trap 'rm -f "$WRAPPER"' EXIT
cat > "$WRAPPER" <<'PYEOF'
import os, sys
if os.environ.get("HIDE") == "1":
    import stevedore
    original = stevedore.ExtensionManager.list_entry_points
    def without_computeclient(self, *args, **kwargs):
        return [ep for ep in original(self, *args, **kwargs)
                if not ep.value.startswith("computeclient.")]
    stevedore.ExtensionManager.list_entry_points = without_computeclient
from openstackclient.shell import main
sys.exit(main(sys.argv[1:]))
PYEOF
# Sanity: the plugin's commands are listed only without HIDE.
with=$("$PY" "$WRAPPER" --help 2>/dev/null | grep -c "host evacuate live" || true)
without=$(HIDE=1 "$PY" "$WRAPPER" --help 2>/dev/null | grep -c "host evacuate live" || true)
echo "plugin commands in --help: with=$with without=$without"
TABLE=$(mktemp --suffix=.md)
trap 'rm -f "$WRAPPER" "$TABLE"' EXIT
env -u OS_CLOUD hyperfine --style basic --warmup 2 --runs "$RUNS" --export-markdown "$TABLE" \
    -n "openstack --help (plugin hidden)" "HIDE=1 $PY $WRAPPER --help" \
    -n "openstack --help (with computeclient plugin)" "$PY $WRAPPER --help" >/dev/null
cat "$TABLE"
echo
# The A/B above is at the mercy of a busy box; this isolates what the plugin
# itself costs inside one `openstack --help`: importing the plugin module,
# build_option_parser, and loading its 12 command classes (help reads each
# one's description), after openstack's own modules are already imported.
echo "In-process cost of the plugin, $RUNS fresh processes (ms: plugin import, option, commands, total):"
for _ in $(seq "$RUNS"); do
  "$PY" - <<'PYEOF'
import argparse, sys, time
from importlib import metadata
import stevedore
original = stevedore.ExtensionManager.list_entry_points
stevedore.ExtensionManager.list_entry_points = lambda self, *a, **k: [
    e for e in original(self, *a, **k) if not e.value.startswith("computeclient.")]
import openstackclient.shell, osc_lib.command.command  # openstack's own start-up, not ours
assert "computeclient.osc.plugin" not in sys.modules
entry_points = list(metadata.entry_points(group="openstack.computeclient.v2"))  # cliff caches this
t0 = time.perf_counter()
import computeclient.osc.plugin as plugin
t1 = time.perf_counter()
plugin.build_option_parser(argparse.ArgumentParser())
t2 = time.perf_counter()
for ep in entry_points:
    ep.load()
t3 = time.perf_counter()
print("%.1f %.1f %.1f %.1f" % ((t1 - t0) * 1e3, (t2 - t1) * 1e3, (t3 - t2) * 1e3, (t3 - t0) * 1e3))
PYEOF
done | sort -n -k4 | awk '{a[NR]=$0} END {print "median:", a[int((NR+1)/2)]; print "min:   ", a[1]; print "max:   ", a[NR]}'
