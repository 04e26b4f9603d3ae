#!/usr/bin/env bash
# The figures of BENCHMARKS.md that are not `cargo bench`: build cost, the edit-to-template
# loop, and whole-process emission. Public tools only: GNU time (`/usr/bin/time -v`) and
# hyperfine (Debian: `apt-get install hyperfine`).
#
#   scripts/measure-build.sh            everything (about 10 minutes on 2 cores)
#   scripts/measure-build.sh build      cold builds and checks, each in a fresh target directory
#   scripts/measure-build.sh loop       a one-line edit of examples/pci_dss.rs, then `cargo run`
#   scripts/measure-build.sh process    whole-process time of the release example binaries
#   scripts/measure-build.sh versus     cold release build of the reference stacks' services
#                                       (`-p cfn-model --features reference-stacks`: cfn-core and
#                                       cfn-model) against
#                                       stratosphere 0.1.0 with the same nine services, alternating
#                                       in one run (RUNS=3 by default); BASE=<commit> adds that
#                                       commit's cfn-model (from `git archive`) to the rotation
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_TERM_COLOR=never
what=${1:-all}

need() { command -v "$1" >/dev/null || { echo "measure-build: $1 is needed ($2)" >&2; exit 2; }; }
need /usr/bin/time "apt-get install time"

measure() { # label, then the command; a fresh target directory, nothing cached
  local label=$1; shift
  local target; target=$(mktemp -d /tmp/typed-cfn-bench.XXXXXX)
  local report; report=$(mktemp)
  CARGO_INCREMENTAL=0 CARGO_TARGET_DIR=$target /usr/bin/time -v "$@" >/dev/null 2>"$report" || { cat "$report"; exit 1; }
  local wall rss
  wall=$(grep "Elapsed (wall clock)" "$report" | awk '{print $NF}')
  rss=$(grep "Maximum resident set size" "$report" | awk '{print $NF}')
  printf '| %s | %s | %.2f GiB |\n' "$label" "$wall" "$(echo "$rss / 1048576" | bc -l)"
  rm -rf "$target" "$report"
}

if [[ $what == all || $what == build ]]; then
  echo "| what | wall clock | peak memory |"
  echo "| --- | --- | --- |"
  measure "cold \`cargo build -p typed-cfn\`: the library users depend on, default features" cargo build -q -p typed-cfn
  measure "cold \`cargo build -p typed-cfn --release\`" cargo build -q -p typed-cfn --release
  measure "cold \`cargo build --example reference_stacks\` (the README's first command, before it runs)" cargo build -q --example reference_stacks
  measure "cold \`cargo build --release --example pci_dss\` (library, patterns, the example)" cargo build -q --release --example pci_dss
  measure "cold \`cargo check -p cfn-model\` with no service" cargo check -q -p cfn-model
  measure "cold \`cargo check -p cfn-model --features reference-stacks\`" cargo check -q -p cfn-model --features reference-stacks
  measure "cold \`cargo check --all-features\` (all 1,854 types)" cargo check -q --workspace --all-features
  for service in ${SERVICES:-ec2 s3 logs kms sqs quicksight sagemaker}; do
    measure "cold \`cargo check -p cfn-model --features $service\`" cargo check -q -p cfn-model --features "$service"
  done
  echo
fi

# One cold release build in a fresh target directory: wall clock and CPU time (user + system,
# which the load of other processes on a shared machine changes far less than the wall clock).
cold_release() { # label, manifest, then cargo arguments
  local label=$1 manifest=$2; shift 2
  local target; target=$(mktemp -d /tmp/typed-cfn-bench.XXXXXX)
  local report; report=$(mktemp)
  CARGO_INCREMENTAL=0 CARGO_TARGET_DIR=$target /usr/bin/time -f "%e %U %S" \
    cargo build -q --release --manifest-path "$manifest" "$@" >/dev/null 2>"$report" || { cat "$report"; exit 1; }
  read -r wall user sys < <(tail -1 "$report")
  printf '%s %s %s\n' "$label" "$wall" "$(echo "$user + $sys" | bc -l)"
  rm -rf "$target" "$report"
}

if [[ $what == versus ]]; then
  services=(ec2 iam kms lambda logs rds s3 secretsmanager sqs)
  scratch=$(mktemp -d /tmp/typed-cfn-versus.XXXXXX)
  trap 'rm -rf "$scratch"' EXIT
  # stratosphere (crates.io, MIT) with the same services, in a package of its own.
  mkdir -p "$scratch/stratosphere/src"
  touch "$scratch/stratosphere/src/lib.rs"
  features=$(printf '"aws_%s", ' "${services[@]}")
  cat > "$scratch/stratosphere/Cargo.toml" <<TOML
[package]
name = "versus-stratosphere"
version = "0.0.0"
edition = "2024"
publish = false

[dependencies]
stratosphere = { version = "=0.1.0", default-features = false, features = [${features%, }] }

[workspace]
TOML
  cargo fetch -q --manifest-path "$scratch/stratosphere/Cargo.toml"
  cargo fetch -q
  sides=("typed-cfn:Cargo.toml" "stratosphere:$scratch/stratosphere/Cargo.toml")
  if [[ -n ${BASE:-} ]]; then
    mkdir -p "$scratch/base"
    git archive "$BASE" | tar -x -C "$scratch/base"
    sides=("base:$scratch/base/Cargo.toml" "${sides[@]}")
  fi
  results=$(mktemp)
  for run in $(seq "${RUNS:-3}"); do
    for side in "${sides[@]}"; do
      label=${side%%:*} manifest=${side#*:}
      if [[ $label == stratosphere ]]; then
        cold_release "$label" "$manifest" | tee -a "$results"
      else
        cold_release "$label" "$manifest" -p cfn-model --features reference-stacks | tee -a "$results"
      fi
    done
  done
  echo
  echo "| build (cold, release, ${RUNS:-3} runs alternating) | wall clock, median | CPU (user + system), median |"
  echo "| --- | --- | --- |"
  for side in "${sides[@]}"; do
    label=${side%%:*}
    wall=$(awk -v l="$label" '$1 == l { print $2 }' "$results" | sort -n | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }')
    cpu=$(awk -v l="$label" '$1 == l { print $3 }' "$results" | sort -n | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }')
    printf '| %s | %.1f s | %.1f s |\n' "$label" "$wall" "$cpu"
  done
  rm -f "$results"
  exit 0
fi

if [[ $what == all || $what == loop ]]; then
  need hyperfine "apt-get install hyperfine"
  # A one-line change to the example (a comment with a fresh number), then what a user runs.
  # The example file is restored afterwards.
  backup=$(mktemp)
  cp examples/pci_dss.rs "$backup"
  trap 'cp "$backup" examples/pci_dss.rs; rm -f "$backup"' EXIT
  cargo build -q --example pci_dss
  hyperfine --warmup 2 --runs 10 --style basic \
    --prepare "cp $backup examples/pci_dss.rs && echo \"// edit \$RANDOM\" >> examples/pci_dss.rs" \
    --command-name "edit examples/pci_dss.rs, then cargo run --example pci_dss" \
    "cargo run -q --example pci_dss > /dev/null"
  echo
fi

if [[ $what == all || $what == process ]]; then
  need hyperfine "apt-get install hyperfine"
  cargo build -q --release --example pci_dss --example hipaa
  # The floor: a Rust program that prints one line.
  floor=$(mktemp -d)
  echo 'fn main() { println!("hello"); }' > "$floor/hello.rs"
  rustc -O -o "$floor/hello" "$floor/hello.rs"
  hyperfine -N --warmup 20 --runs 200 --style basic \
    "$floor/hello" "target/release/examples/pci_dss" "target/release/examples/hipaa" \
    "target/release/examples/pci_dss --format yaml" "target/release/examples/hipaa --format yaml"
fi
