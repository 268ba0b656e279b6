#!/usr/bin/env python3
"""Draw bench.py's results as one PNG (run in the bench venv, where matplotlib is).

    .bench/chart/bin/python benchmarks/chart.py results.json out.png
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import matplotlib
import matplotlib.ticker

matplotlib.use("Agg")
import matplotlib.pyplot as plt

COLORS = {"compute": "#2a7ab9", "nova": "#d9822b", "openstack": "#8c8c8c",
          "requests script": "#5aa469", "compute, one run per cloud": "#9ecae1"}


def _panel(ax, rows, value, unit, title):
    tools = [t for t in COLORS if any(t in r["tools"] for r in rows)]
    height = 0.8 / len(tools)
    for i, tool in enumerate(tools):
        ys, xs = [], []
        for j, row in enumerate(rows):
            if tool in row["tools"]:
                ys.append(j + i * height)
                xs.append(row["tools"][tool][value])
        bars = ax.barh(ys, xs, height=height, color=COLORS[tool], label=tool)
        for bar, x in zip(bars, xs):
            ax.text(bar.get_width(), bar.get_y() + height / 2, f" {x:.2f}" if unit == "s"
                    else f" {x:.0f}", va="center", fontsize=7)
    ax.set_yticks([j + height * (len(tools) - 1) / 2 for j in range(len(rows))])
    ax.set_yticklabels([r["label"] for r in rows], fontsize=8)
    ax.invert_yaxis()
    ax.set_xscale("log")
    ax.xaxis.set_major_formatter(matplotlib.ticker.FormatStrFormatter("%g"))
    ax.xaxis.set_minor_formatter(matplotlib.ticker.NullFormatter())
    ax.set_xlabel("median seconds (log scale)" if unit == "s"
                  else "largest peak RSS of the runs, MiB (log scale)")
    ax.set_title(title, fontsize=10, loc="left")
    ax.legend(fontsize=7, loc="best")
    ax.grid(axis="x", which="both", alpha=0.2)


def main() -> int:
    results = json.loads(Path(sys.argv[1]).read_text())
    startup = [r for r in results["rows"] if r["group"] in ("startup", "clouds")]
    scale = [r for r in results["rows"] if r["group"] in ("scale", "bulk")]
    panels = [(rows, value, unit, title) for rows, value, unit, title in (
        (startup, "median", "s", "Start-up, help and one listing (shorter is better)"),
        (scale, "median", "s", "Listings at scale and bulk delete (time)"),
        (scale, "rss", "MiB", "Listings at scale and bulk delete (peak memory)")) if rows]
    fig, axes = plt.subplots(len(panels), 1, squeeze=False,  # `bench.py --only` draws fewer
                             layout="constrained",  # keeps the two-line title off the first panel
                             figsize=(10, 4 + 0.45 * sum(len(p[0]) for p in panels)),
                             gridspec_kw={"height_ratios": [len(p[0]) + 1 for p in panels]})
    for ax, panel in zip(axes[:, 0], panels):
        _panel(ax, *panel)
    fig.suptitle(f"computeclient vs python-novaclient {results['novaclient']} and "
                 f"python-openstackclient {results['openstackclient']}\n{results['machine']}; "
                 f"{results['date']}; load average {results['load_before']} (before), "
                 f"{results['load_after']} (after)",
                 fontsize=10)
    fig.savefig(sys.argv[2], dpi=110)
    return 0


if __name__ == "__main__":
    sys.exit(main())
