//! Generated resource types (filled by `cargo xtask codegen`).
