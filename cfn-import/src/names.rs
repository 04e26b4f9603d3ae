//! Rust names for a template's logical IDs, and Rust literals for its text. The naming rules
//! are the generator's own (`cfn-names`), so a local, a field and a setter are named alike.

use std::collections::HashSet;

/// Names the generated code itself uses, which a local must not shadow.
const TAKEN: [&str; 8] = ["t", "template", "json", "main", "self", "super", "crate", "Self"];

/// `snake_case` of a logical ID, as the generator writes names: acronyms stay together
/// (`VPCEndpoint` → `vpc_endpoint`).
pub use cfn_names::{is_keyword, snake};

/// Hands out local names, each once: `bucket`, `bucket_2`, …; keywords as `r#type`.
#[derive(Debug, Default)]
pub struct Locals(HashSet<String>);

impl Locals {
    /// A fresh local for `logical_id`, with `suffix` appended (`_param`, `_condition`).
    pub fn fresh(&mut self, logical_id: &str, suffix: &str) -> String {
        let base = format!("{}{suffix}", snake(logical_id));
        let mut name = base.clone();
        let mut n = 2;
        while self.0.contains(&name) || TAKEN.contains(&name.as_str()) {
            name = format!("{base}_{n}");
            n += 1;
        }
        self.0.insert(name.clone());
        if is_keyword(&name) { format!("r#{name}") } else { name }
    }
}

/// A Rust string literal holding exactly `text`: a raw string when that reads better (quotes,
/// backslashes, several lines), else an escaped one. Every byte is kept either way.
pub fn string(text: &str) -> String {
    let plain = !text.chars().any(|c| c.is_control() && c != '\n' && c != '\t');
    if plain && (text.contains('\n') || text.contains('"') || text.contains('\\')) {
        let mut hashes = String::from("#");
        while text.contains(&format!("\"{hashes}")) {
            hashes.push('#');
        }
        return format!("r{hashes}\"{text}\"{hashes}");
    }
    format!("{text:?}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locals_are_snake_case_collision_free_and_escape_keywords() {
        let mut locals = Locals::default();
        assert_eq!(locals.fresh("VPCEndpoint", ""), "vpc_endpoint");
        assert_eq!(locals.fresh("VpcEndpoint", ""), "vpc_endpoint_2");
        assert_eq!(locals.fresh("Type", ""), "r#type");
        assert_eq!(locals.fresh("T", ""), "t_2");
        assert_eq!(locals.fresh("3Bucket", ""), "n_3_bucket");
    }

    #[test]
    fn literals_keep_every_byte() {
        assert_eq!(string("plain"), "\"plain\"");
        assert_eq!(string("a \"quoted\"\n  line\n"), "r#\"a \"quoted\"\n  line\n\"#");
        assert_eq!(string("cr\r\n"), "\"cr\\r\\n\"");
        assert_eq!(string("x\"#y\n"), "r##\"x\"#y\n\"##");
    }
}
