#!/usr/bin/env bash
# Performance regression check, to run before a release (not part of the test suite):
# times `flocculus-cli bench` at the fixed sizes listed in the baseline file and fails when
# any is slower than its baseline by more than the tolerance.
#
# usage: scripts/bench-check.sh [--baseline FILE] [--tolerance F] [--repeat N] [--cli PATH]
#                               [--update]
#   --baseline FILE  the committed baseline (default docs/bench-baseline.json)
#   --tolerance F    allowed slowdown as a fraction, in [0, 1) (default: the baseline's own)
#   --repeat N       runs per size, the best counts (default 3: other load only slows a run)
#   --cli PATH       flocculus-cli to time (default build/app/flocculus-cli)
#   --update         write the measured figures as the new baseline (same sizes) and exit
# Exit status: 0 all within tolerance, 1 a regression, 2 bad usage or a failed run.
# Baselines are machine-specific: compare on the machine the baseline was measured on, with
# the machine otherwise idle.
# SPDX-License-Identifier: GPL-3.0-or-later
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
baseline=$root/docs/bench-baseline.json
tolerance=""
repeat=3
cli=$root/build/app/flocculus-cli
update=0

die() { echo "bench-check: $*" >&2; exit 2; }
while [ $# -gt 0 ]; do
    case "$1" in
        --baseline) [ $# -ge 2 ] || die "--baseline needs a file"; baseline=$2; shift 2 ;;
        --tolerance) [ $# -ge 2 ] || die "--tolerance needs a value"; tolerance=$2; shift 2 ;;
        --repeat) [ $# -ge 2 ] || die "--repeat needs a value"; repeat=$2; shift 2 ;;
        --cli) [ $# -ge 2 ] || die "--cli needs a path"; cli=$2; shift 2 ;;
        --update) update=1; shift ;;
        -h|--help) sed -n '2,16p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) die "unknown option '$1' (see --help)" ;;
    esac
done
[ -f "$baseline" ] || die "no baseline file $baseline"
[ -x "$cli" ] || die "no flocculus-cli at $cli (build first, or give --cli)"
[[ "$repeat" =~ ^[1-9][0-9]?$ ]] || die "--repeat must be a whole number in [1, 99], got '$repeat'"

exec /usr/bin/python3 - "$baseline" "$cli" "$repeat" "$update" "$tolerance" <<'EOF'
import json, os, subprocess, sys, tempfile

baseline_path, cli, repeat, update, tolerance_arg = sys.argv[1:6]
repeat, update = int(repeat), update == "1"

def fail(msg):
    print(f"bench-check: {msg}", file=sys.stderr)
    sys.exit(2)

try:
    with open(baseline_path) as f:
        base = json.load(f)
    runs = base["runs"]
    tolerance = float(tolerance_arg) if tolerance_arg else float(base["tolerance"])
except (OSError, ValueError, KeyError, TypeError) as e:
    fail(f"cannot read {baseline_path}: {e}")
if not 0 <= tolerance < 1:
    fail(f"--tolerance must be in [0, 1), got {tolerance}")

def bench(run):
    args = [cli, "bench", "--json",
            "--granule-cells", str(run["granule_cells"]), "--purkinje-cells", str(run["purkinje_cells"]),
            "--threads", str(run["threads"]), "--seconds", str(run["seconds"])]
    best = None
    for _ in range(repeat):
        p = subprocess.run(args, capture_output=True, text=True)
        if p.returncode != 0:
            fail(f"{' '.join(args[1:])} failed: {p.stderr.strip()}")
        r = json.loads(p.stdout)
        if best is None or r["realtime_factor"] > best["realtime_factor"]:
            best = r
    return best

print(f"{'network':>22} {'threads':>7} {'baseline':>9} {'now':>9} {'ratio':>6}  "
      f"{'gc Hz base/now':>15}")
regressions, measured = [], []
for run in runs:
    r = bench(run)
    ratio = r["realtime_factor"] / run["realtime_factor"]
    bad = ratio < 1 - tolerance
    name = f"{run['granule_cells']} x {run['purkinje_cells']}"
    print(f"{name:>22} {run['threads']:>7} {run['realtime_factor']:>8.2f}x {r['realtime_factor']:>8.2f}x "
          f"{ratio:>6.2f}  {run.get('gc_rate_hz', float('nan')):>7.2f}/{r['gc_rate_hz']:<7.2f}"
          f"{'  REGRESSION' if bad else ''}", flush=True)
    if bad:
        regressions.append(name)
    measured.append(dict(run, realtime_factor=round(r["realtime_factor"], 2),
                         gc_rate_hz=round(r["gc_rate_hz"], 3)))

if update:
    base["runs"] = measured
    d = os.path.dirname(os.path.abspath(baseline_path))
    fd, tmp = tempfile.mkstemp(dir=d, prefix=".bench-baseline-")
    os.chmod(tmp, 0o644)
    with os.fdopen(fd, "w") as f:
        json.dump(base, f, indent=2)
        f.write("\n")
    os.replace(tmp, baseline_path)
    print(f"baseline written to {baseline_path}")
    sys.exit(0)
if regressions:
    print(f"slower than the baseline by more than {tolerance:.0%}: {', '.join(regressions)}")
    sys.exit(1)
print(f"all within {tolerance:.0%} of the baseline")
EOF
