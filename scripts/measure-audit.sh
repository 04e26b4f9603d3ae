#!/bin/sh
# `typed-cfn audit` against cfn-lint on cfn-lint's own good templates, side by side in one run:
# each tool as one process over the whole corpus (the per-template cost in one process), runs
# interleaved so that both see the same load on a shared machine; then instruction counts under
# callgrind (valgrind), which do not depend on the load.
#
#   scripts/measure-audit.sh [AUDIT_RUNS] [LINT_RUNS]
#
# AUDIT_BASE=<binary>: another build of typed-cfn (an earlier commit's) timed in the same rotation,
# so that a change is measured against its base under the same load.
#
# Needs: a release build (`cargo build --release -p typed-cfn-cli`), cfn-lint 1.58.0 (CFN_LINT,
# default .venv/bin/cfn-lint, installed by `cargo xtask test`), its fixtures (CFN_LINT_FIXTURES,
# default .tools/cfn-lint-fixtures-1.58.0, fetched by `cargo xtask test`), python3, valgrind.
set -eu
cd "$(dirname "$0")/.."
AUDIT=${AUDIT:-target/release/typed-cfn}
CFN_LINT=${CFN_LINT:-.venv/bin/cfn-lint}
FIXTURES=${CFN_LINT_FIXTURES:-.tools/cfn-lint-fixtures-1.58.0}
GOOD=$FIXTURES/good
AUDIT_RUNS=${1:-30}
LINT_RUNS=${2:-3}
AUDIT_BASE=${AUDIT_BASE:-}
python3 - "$AUDIT" "$CFN_LINT" "$GOOD" "$AUDIT_RUNS" "$LINT_RUNS" "$AUDIT_BASE" <<'PY'
import os, statistics, subprocess, sys, time
audit, lint, good, audit_runs, lint_runs, base = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4]), int(sys.argv[5]), sys.argv[6]
files = sorted(os.path.join(d, f) for d, _, fs in os.walk(good) for f in fs
               if f.lower().endswith((".json", ".yaml", ".yml", ".template")))
n = len(files)
def timed(cmd):
    # Wall time, and the CPU time (user + system) the process used: on a shared machine the
    # wall time includes waiting for a core, the CPU time does not.
    t = time.perf_counter()
    p = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, _, usage = os.wait4(p.pid, 0)
    return time.perf_counter() - t, usage.ru_utime + usage.ru_stime
a, l, b = [], [], []
for i in range(max(audit_runs, lint_runs)):
    if i < audit_runs:
        a.append(timed([audit, "audit", "--format", "json", good]))
        if base:
            b.append(timed([base, "audit", "--format", "json", good]))
    if i < lint_runs:
        l.append(timed([lint, "--format", "json", "--"] + files))
def report(name, runs, unit, scale):
    wall = statistics.median(r[0] for r in runs)
    cpu = statistics.median(r[1] for r in runs)
    print(f"{name}: wall median {wall*scale:.1f} {unit} (min {min(r[0] for r in runs)*scale:.1f}), "
          f"CPU median {cpu*scale:.1f} {unit}; per template {wall/n*1000:.3f} ms wall, {cpu/n*1000:.3f} ms CPU")
    return wall, cpu
print(f"{n} templates; audit {audit_runs} runs, cfn-lint {lint_runs} runs, interleaved; load {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
aw, ac = report("typed-cfn audit", a, "ms", 1000)
lw, lc = report("cfn-lint       ", l, "s", 1)
print(f"ratio, wall (median): {lw/aw:.0f}x   best of each: {min(r[0] for r in l)/min(r[0] for r in a):.0f}x")
print(f"ratio, CPU (median):  {lc/ac:.0f}x")
if base:
    bw, bc = report("base audit     ", b, "ms", 1000)
    print(f"base: ratio, wall (median): {lw/bw:.0f}x, CPU (median): {lc/bc:.0f}x")
PY
if command -v valgrind >/dev/null; then
  for build in "$AUDIT" $AUDIT_BASE; do
    valgrind --tool=callgrind --callgrind-out-file=/dev/null "$build" audit --format json "$GOOD" 2>&1 >/dev/null \
      | sed -n "s|.*Collected : \([0-9]*\).*|$build audit: \1 instructions (callgrind, whole process)|p"
  done
fi
