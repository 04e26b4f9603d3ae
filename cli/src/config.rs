//! `.typed-cfn.toml`: a repository's settings for `audit` — paths to skip, rules to turn off,
//! rules' levels. Read from `--config FILE`, else from `.typed-cfn.toml` in the directory the
//! program runs in (a repository's root in CI), if there is one.
//!
//! ```toml
//! # Paths not audited, relative to the directory the program runs in: `*` stands for any
//! # characters but `/`, `**` for any path, a trailing `/` for everything under a directory.
//! skip = ["vendor/", "tests/fixtures/**/*.yaml"]
//!
//! [rules]
//! service-log-group-missing = "off"       # its findings are listed as suppressed
//! logs-grant-without-context = "error"    # "error", "warning" or "off"
//! ```

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::source::{self, Roots};

/// The file read when `--config` is not given.
pub const DEFAULT_FILE: &str = ".typed-cfn.toml";

/// What a configuration file holds, as read.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    #[serde(default)]
    skip: Vec<String>,
    #[serde(default)]
    rules: BTreeMap<String, Setting>,
}

/// What a rule is set to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Setting {
    Off,
    Warning,
    Error,
}

/// The settings in force.
#[derive(Debug, Default, Clone)]
pub struct Config {
    /// The file they were read from, for messages.
    pub file: Option<PathBuf>,
    skip: Vec<String>,
    rules: BTreeMap<String, Setting>,
}

impl Config {
    /// The settings of `--config FILE`, or of `.typed-cfn.toml` in the current directory if it
    /// exists, or none. A file that does not read, an unknown key or an unknown rule is an error.
    pub fn load(given: Option<&Path>) -> Result<Config, String> {
        let path = match given {
            Some(path) => path.to_owned(),
            None if Path::new(DEFAULT_FILE).exists() => PathBuf::from(DEFAULT_FILE),
            None => return Ok(Config::default()),
        };
        let shown = path.display();
        let roots = Roots::of(std::slice::from_ref(&path));
        // Read as a template is: a regular file, 1 MB at most.
        let bytes = source::read_bytes(&path, &roots, 1_000_000)
            .map_err(|e| format!("the configuration {shown} was not read: {}", e.into_message()))?;
        let text = String::from_utf8(bytes).map_err(|_| format!("the configuration {shown} is not UTF-8 text"))?;
        Config::parse(&text, Some(path.clone())).map_err(|e| format!("the configuration {shown}: {e}"))
    }

    /// Reads the text of a configuration file.
    pub fn parse(text: &str, file: Option<PathBuf>) -> Result<Config, String> {
        let read: File = toml::from_str(text).map_err(|e| e.message().to_owned())?;
        let known = crate::rules::all();
        for rule in read.rules.keys() {
            if !known.iter().any(|r| r.id == rule) {
                let ids: Vec<&str> = known.iter().map(|r| r.id).collect();
                return Err(format!(
                    "[rules] names `{rule}`, which is no rule of typed-cfn (the rules: {})",
                    ids.join(", ")
                ));
            }
        }
        for pattern in &read.skip {
            if pattern.is_empty() {
                return Err("`skip` holds an empty pattern".to_owned());
            }
        }
        Ok(Config { file, skip: read.skip, rules: read.rules })
    }

    /// The pattern of `skip` that `path` matches, if any.
    pub fn skipped_by(&self, path: &Path) -> Option<&str> {
        let path = normalize(path);
        self.skip.iter().find(|pattern| matches(pattern, &path)).map(String::as_str)
    }

    /// What the configuration sets `rule` to, if anything.
    pub fn setting(&self, rule: &str) -> Option<Setting> {
        self.rules.get(rule).copied()
    }

    /// The name of the file, for messages.
    pub fn name(&self) -> String {
        self.file.as_ref().map_or_else(|| DEFAULT_FILE.to_owned(), |f| f.display().to_string())
    }
}

/// A path as patterns see it: `/` separators, no leading `./`.
pub fn normalize(path: &Path) -> String {
    let text = path.to_string_lossy().replace('\\', "/");
    let mut text = text.as_str();
    while let Some(rest) = text.strip_prefix("./") {
        text = rest;
    }
    text.to_owned()
}

/// Whether `path` matches `pattern`: `*` is any characters but `/`, `**` any characters, a
/// pattern ending in `/` matches everything under that directory, and a pattern matches a path
/// under a directory it matches.
fn matches(pattern: &str, path: &str) -> bool {
    let pattern = pattern.strip_prefix("./").unwrap_or(pattern);
    let pattern = match pattern.strip_suffix('/') {
        Some(dir) => format!("{dir}/**"),
        None => pattern.to_owned(),
    };
    glob(pattern.as_bytes(), path.as_bytes())
        || path.match_indices('/').any(|(at, _)| glob(pattern.as_bytes(), &path.as_bytes()[..at]))
}

fn glob(pattern: &[u8], text: &[u8]) -> bool {
    match pattern {
        [] => text.is_empty(),
        [b'*', b'*', rest @ ..] => {
            let rest = rest.strip_prefix(b"/").filter(|r| !r.is_empty()).unwrap_or(rest);
            (0..=text.len()).any(|at| glob(rest, &text[at..]))
        }
        [b'*', rest @ ..] => {
            let segment = text.iter().position(|&b| b == b'/').unwrap_or(text.len());
            (0..=segment).any(|at| glob(rest, &text[at..]))
        }
        [first, rest @ ..] => text.first() == Some(first) && glob(rest, &text[1..]),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn patterns_match_as_documented() {
        for (pattern, path, expected) in [
            ("vendor/", "vendor/a/b.yaml", true),
            ("vendor/", "vendors/a.yaml", false),
            ("vendor", "vendor/a.yaml", true),
            ("*.json", "a.json", true),
            ("*.json", "dir/a.json", false),
            ("**/*.json", "dir/sub/a.json", true),
            ("**/*.json", "a.json", true),
            ("tests/fixtures/**/*.yaml", "tests/fixtures/x/y/z.yaml", true),
            ("tests/fixtures/**/*.yaml", "tests/fixture/z.yaml", false),
            ("./templates/old-*.yaml", "templates/old-1.yaml", true),
        ] {
            assert_eq!(matches(pattern, path), expected, "{pattern} {path}");
        }
        assert_eq!(normalize(Path::new("./a/./b")), "a/./b");
    }

    #[test]
    fn a_configuration_reads_and_refuses_what_it_does_not_know() {
        let config = Config::parse(
            "skip = [\"vendor/\"]\n[rules]\nservice-log-group-missing = \"off\"\nlogs-grant-without-context = \"error\"\n",
            None,
        )
        .unwrap();
        assert_eq!(config.setting("service-log-group-missing"), Some(Setting::Off));
        assert_eq!(config.setting("logs-grant-without-context"), Some(Setting::Error));
        assert_eq!(config.setting("log-group-key-not-arn"), None);
        assert_eq!(config.skipped_by(Path::new("./vendor/x.yaml")), Some("vendor/"));
        let error = Config::parse("[rules]\nno-such-rule = \"off\"\n", None).unwrap_err();
        assert!(error.starts_with("[rules] names `no-such-rule`, which is no rule of typed-cfn"), "{error}");
        let error = Config::parse("[rules]\nlog-group-key-not-arn = \"loud\"\n", None).unwrap_err();
        assert!(error.contains("unknown variant `loud`"), "{error}");
        let error = Config::parse("ignore = []\n", None).unwrap_err();
        assert!(error.contains("unknown field `ignore`"), "{error}");
    }
}
