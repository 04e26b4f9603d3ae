//! Baselines: adopting `audit` on a repository that already has findings. `--write-baseline
//! FILE` records the findings of a run; `--baseline FILE` reports the findings recorded there as
//! existing, and only new ones count for the exit code.
//!
//! A finding is recorded by its fingerprint: the rule, the file's path, the resource's logical
//! ID, and which of that resource's findings of that rule it is (counted in the report's
//! order). Lines and messages are not part of it, so moving a resource in its file, or a newer
//! typed-cfn wording a message differently, keeps the fingerprint.

use std::collections::{BTreeSet, HashMap};
use std::path::Path;

use serde_json::{Value, json};

use crate::audit::{FileReport, Item, Outcome};
use crate::config::normalize;
use crate::source::{self, Roots};

/// The baseline file's schema.
pub const SCHEMA: &str = "typed-cfn-baseline/1";

/// The fingerprints a baseline file records.
#[derive(Debug, Default)]
pub struct Baseline(BTreeSet<String>);

impl Baseline {
    /// Reads a baseline file (`--baseline FILE`).
    pub fn load(path: &Path) -> Result<Baseline, String> {
        let shown = path.display();
        let roots = Roots::of(std::slice::from_ref(&path.to_owned()));
        let bytes = source::read_bytes(path, &roots, 64 << 20)
            .map_err(|e| format!("the baseline {shown} was not read: {}", e.into_message()))?;
        let doc: Value =
            serde_json::from_slice(&bytes).map_err(|e| format!("the baseline {shown} is not JSON: {e}"))?;
        if doc["schema"] != SCHEMA {
            return Err(format!(
                "{shown} is not a baseline (its `schema` is not `{SCHEMA}`); write one with --write-baseline"
            ));
        }
        let findings = doc["findings"].as_array().ok_or_else(|| format!("the baseline {shown} has no `findings`"))?;
        findings
            .iter()
            .map(|f| {
                f["fingerprint"]
                    .as_str()
                    .map(str::to_owned)
                    .ok_or_else(|| format!("a finding of {shown} has no fingerprint"))
            })
            .collect::<Result<_, _>>()
            .map(Baseline)
    }

    /// Marks each finding as existing (recorded in the baseline) or new.
    pub fn mark(&self, reports: &mut [FileReport]) {
        for item in items(reports) {
            item.existing = Some(self.0.contains(&item.fingerprint));
        }
    }
}

/// Every finding of the reports (suppressed ones included).
fn items(reports: &mut [FileReport]) -> impl Iterator<Item = &mut Item> {
    reports.iter_mut().flat_map(|report| match &mut report.outcome {
        Outcome::Checked(checked) => {
            let found = checked.findings.iter_mut();
            let suppressed = checked.suppressed.iter_mut().map(|s| &mut s.item);
            Box::new(found.chain(suppressed)) as Box<dyn Iterator<Item = &mut Item>>
        }
        _ => Box::new(std::iter::empty()),
    })
}

/// Gives each finding its fingerprint (see the [module](self) documentation).
pub fn fingerprint(reports: &mut [FileReport]) {
    for report in reports.iter_mut() {
        let path = normalize(Path::new(&report.path));
        let Outcome::Checked(checked) = &mut report.outcome else { continue };
        let mut seen: HashMap<(String, String), usize> = HashMap::new();
        for item in checked.findings.iter_mut().chain(checked.suppressed.iter_mut().map(|s| &mut s.item)) {
            let n = seen.entry((item.rule.clone(), item.resource.clone())).or_default();
            item.fingerprint = hash(&[&item.rule, &path, &item.resource, &n.to_string()]);
            *n += 1;
        }
    }
}

/// The baseline file recording every finding of `reports` (suppressed ones aside), sorted.
pub fn write(reports: &[FileReport]) -> String {
    let mut findings: Vec<Value> = reports
        .iter()
        .filter_map(|report| report.checked().map(|c| (report, c)))
        .flat_map(|(report, checked)| {
            checked.findings.iter().map(move |item| {
                json!({
                    "fingerprint": item.fingerprint,
                    "path": normalize(Path::new(&report.path)),
                    "rule": item.rule,
                    "resource": item.resource,
                    "level": item.level.name(),
                })
            })
        })
        .collect();
    findings.sort_by(|a, b| {
        (&a["path"].to_string(), &a["fingerprint"].to_string())
            .cmp(&(&b["path"].to_string(), &b["fingerprint"].to_string()))
    });
    let mut text = serde_json::to_string_pretty(&json!({ "schema": SCHEMA, "findings": findings })).unwrap_or_default();
    text.push('\n');
    text
}

/// FNV-1a, 64 bits, over the parts separated by a zero byte, in hexadecimal: stable across
/// builds and platforms (the standard library's hasher is not).
fn hash(parts: &[&str]) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for (i, part) in parts.iter().enumerate() {
        if i > 0 {
            h ^= 0;
            h = h.wrapping_mul(0x0000_0100_0000_01b3);
        }
        for byte in part.bytes() {
            h ^= u64::from(byte);
            h = h.wrapping_mul(0x0000_0100_0000_01b3);
        }
    }
    format!("{h:016x}")
}

#[cfg(test)]
mod tests {
    use super::hash;

    #[test]
    fn the_hash_is_fnv_1a_and_separates_parts() {
        // FNV-1a 64 of "a" (the published test vector).
        assert_eq!(hash(&["a"]), "af63dc4c8601ec8c");
        assert_ne!(hash(&["ab", "c"]), hash(&["a", "bc"]));
    }
}
