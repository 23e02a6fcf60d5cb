#!/usr/bin/python3
# Plots a soak run's memory (scripts/soak.sh writes memory.tsv): resident memory and trials
# completed against time, with the record cap and the resets marked.
#   scripts/plot-soak.py build/soak/memory.tsv docs/screenshots/soak-memory.png
# Needs python3-matplotlib (documentation only; not used by the tests).
# SPDX-License-Identifier: GPL-3.0-or-later
import csv
import sys

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402


def main(tsv, png):
    rows = list(csv.DictReader(open(tsv), delimiter="\t"))
    t = [int(r["s"]) / 60 for r in rows]
    rss = [int(r["rss_mb"]) for r in rows]
    trials = [int(r["trials"]) for r in rows]
    capped = [r["capped"] == "1" for r in rows]
    resets = [int(r["resets"]) for r in rows]
    fig, ax = plt.subplots(figsize=(8, 3.6), dpi=120)
    ax.plot(t, rss, color="#1f5fa8", lw=1.6, label="resident memory (MB)")
    ax.set_xlabel("minutes")
    ax.set_ylabel("resident memory (MB)")
    ax.set_ylim(0, max(rss) * 1.15)
    for i, c in enumerate(capped):
        if c and (i == 0 or not capped[i - 1]):
            ax.axvline(t[i], color="#888", ls="--", lw=1)
            ax.text(t[i], max(rss) * 1.08, "record cap ", color="#555", fontsize=8, ha="right")
    for i in range(1, len(resets)):
        if resets[i] > resets[i - 1]:
            ax.axvline(t[i], color="#c0392b", ls=":", lw=1)
            ax.text(t[i], max(rss) * 0.08, " reset", color="#c0392b", fontsize=8)
    ax2 = ax.twinx()
    ax2.plot(t, trials, color="#999", lw=1, label="trials since the last reset")
    ax2.set_ylabel("trials since the last reset", color="#777")
    lines = ax.get_lines()[:1] + ax2.get_lines()
    ax.legend(lines, [l.get_label() for l in lines], loc="upper left", fontsize=8, frameon=False)
    ax.set_title("Soak: the window at full speed with random actions", fontsize=10)
    fig.tight_layout()
    fig.savefig(png)


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit("usage: scripts/plot-soak.py memory.tsv out.png")
    main(sys.argv[1], sys.argv[2])
