//! The runnable examples of typed-cfn; this package has no library code of its own.
//!
//! From the repository root:
//!
//! - `cargo run --example quickstart`: a small template from the generated types.
//! - `cargo run --example pci_dss` and `cargo run --example hipaa`: one reference stack each,
//!   with `--format yaml`, `--out FILE`, `--config FILE.yaml`, `--print-config-schema`.
//! - `cargo run --example reference_stacks`: the four stacks in both formats, swapped into
//!   `out/` together (all eight files or none).
//!
//! Output goes through `typed_cfn::files`: whole files or none, errors as one line and a
//! non-zero exit, a closed pipe quietly (exit 0), each flag at most once.
//!
//! Each example's output is committed in `output/`, and the root package's tests keep it equal.
