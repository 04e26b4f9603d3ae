#!/usr/bin/env bash
# Build-cost figures for BENCHMARKS.md, with public tools only (GNU time).
#   scripts/measure-build.sh            all figures
# Each figure uses a fresh target directory under /tmp so that nothing is cached.
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_INCREMENTAL=0 CARGO_TERM_COLOR=never

measure() { # label, then the command
  local label=$1; shift
  local target; target=$(mktemp -d /tmp/typed-cfn-bench.XXXXXX)
  local report; report=$(mktemp)
  CARGO_TARGET_DIR=$target /usr/bin/time -v "$@" >/dev/null 2>"$report" || { cat "$report"; exit 1; }
  local wall rss
  wall=$(grep "Elapsed (wall clock)" "$report" | awk '{print $NF}')
  rss=$(grep "Maximum resident set size" "$report" | awk '{print $NF}')
  printf '| %s | %s | %.2f GiB |\n' "$label" "$wall" "$(echo "$rss / 1048576" | bc -l)"
  rm -rf "$target" "$report"
}

echo "| what | wall clock | peak memory |"
echo "| --- | --- | --- |"
measure "cold \`cargo build\` of the root package, default features" cargo build -q
measure "cold \`cargo build --release\` of the root package, default features" cargo build -q --release
measure "cold \`cargo check -p cfn-model\` with no service" cargo check -q -p cfn-model
measure "cold \`cargo check -p cfn-model --features reference-stacks\`" cargo check -q -p cfn-model --features reference-stacks
measure "cold \`cargo check --all-features\` (all 1,854 types)" cargo check -q --workspace --all-features
for service in ${SERVICES:-ec2 s3 logs kms sqs quicksight sagemaker}; do
  measure "cold \`cargo check -p cfn-model --features $service\`" cargo check -q -p cfn-model --features "$service"
done
