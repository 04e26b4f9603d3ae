//! The files an audit reads: each FILE as given, and the templates under each DIR, sorted.

use std::path::{Path, PathBuf};

use crate::source::{Roots, describe};

/// The extensions a directory's templates have (any case).
pub const TEMPLATE_EXTENSIONS: [&str; 4] = ["json", "yaml", "yml", "template"];

/// One input: a file to read, or a path that could not be listed, with why.
pub type Input = Result<Found, (PathBuf, String)>;

/// A file to read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Found {
    pub path: PathBuf,
    /// Named on the command line (not found under a directory named there): a file that is
    /// not read is then an input error, where one found in a directory is skipped and named.
    pub given: bool,
}

/// The inputs `paths` name, in order: a file as given (whatever its extension), a directory as
/// the entries under it with a template's extension (subdirectories included, sorted by path, so
/// two runs agree). Links to directories are not followed (no cycles); every other entry with a
/// template's extension is listed, for the reader to read or to name as skipped (a link out of
/// the roots, a pipe, a device: [`crate::source::read`]).
pub fn expand(paths: &[PathBuf]) -> Vec<Input> {
    let mut inputs = Vec::new();
    for path in paths {
        match std::fs::metadata(path) {
            Ok(meta) if meta.is_dir() => {
                let mut found = Vec::new();
                walk(path, &mut found);
                found.sort_by(|a, b| input_path(a).cmp(input_path(b)));
                if found.is_empty() {
                    // A directory given to audit and holding nothing to audit is most likely a
                    // wrong path: saying "clean" would hide it.
                    let extensions = TEMPLATE_EXTENSIONS.map(|e| format!("*.{e}")).join(", ");
                    found.push(Err((path.clone(), format!("no templates ({extensions}) under this directory"))));
                }
                inputs.extend(found);
            }
            Ok(_) => inputs.push(Ok(Found { path: path.clone(), given: true })),
            Err(e) => inputs.push(Err((path.clone(), describe(&e)))),
        }
    }
    inputs
}

fn input_path(input: &Input) -> &Path {
    match input {
        Ok(Found { path, .. }) | Err((path, _)) => path,
    }
}

fn walk(dir: &Path, found: &mut Vec<Input>) {
    let entries = match std::fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(e) => return found.push(Err((dir.to_owned(), format!("cannot list the directory: {}", describe(&e))))),
    };
    for entry in entries {
        let entry = match entry {
            Ok(entry) => entry,
            Err(e) => {
                found.push(Err((dir.to_owned(), format!("cannot list the directory: {}", describe(&e)))));
                continue;
            }
        };
        let path = entry.path();
        let Ok(file_type) = entry.file_type() else { continue };
        if file_type.is_dir() {
            walk(&path, found);
        } else if is_template_name(&path) {
            found.push(Ok(Found { path, given: false }));
        }
    }
}

/// Whether a file in a directory is taken for a template: by its extension.
fn is_template_name(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| TEMPLATE_EXTENSIONS.iter().any(|t| e.eq_ignore_ascii_case(t)))
}

/// Whether a file is the manifest of an app of many stacks (`typed_cfn::app`): `manifest.json`
/// with the app manifest's schema. It describes the templates beside it, which are audited
/// together, and is not one itself. Read as a template is ([`crate::source::read`]).
pub fn is_app_manifest(path: &Path, roots: &Roots) -> bool {
    path.file_name().is_some_and(|n| n == "manifest.json")
        && crate::source::read(path, roots)
            .ok()
            .and_then(|(text, _)| serde_json::from_str::<serde_json::Value>(&text).ok())
            .is_some_and(|doc| doc["schema"] == cfn_model::app::MANIFEST_SCHEMA)
}
