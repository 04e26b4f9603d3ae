//! Procedural macros of typed-cfn. Use them through the `typed-cfn` crate.
