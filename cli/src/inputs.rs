//! The files an audit reads: each FILE as given, and the templates under each DIR, sorted.

use std::path::{Path, PathBuf};

/// The extensions a directory's templates have (any case).
pub const TEMPLATE_EXTENSIONS: [&str; 4] = ["json", "yaml", "yml", "template"];

/// One input: a file to read, or a path that could not be listed, with why.
pub type Input = Result<PathBuf, (PathBuf, String)>;

/// The inputs `paths` name, in order: a file as given (whatever its extension), a directory as
/// the templates under it (subdirectories included, sorted by path, so two runs agree). Symbolic
/// links to files are read; links to directories are not followed (no cycles).
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
            Ok(_) => inputs.push(Ok(path.clone())),
            Err(e) => inputs.push(Err((path.clone(), describe(&e)))),
        }
    }
    inputs
}

fn input_path(input: &Input) -> &Path {
    match input {
        Ok(path) | Err((path, _)) => path,
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
        } else if is_template_name(&path)
            && (file_type.is_file() || std::fs::metadata(&path).is_ok_and(|m| m.is_file()))
        {
            found.push(Ok(path));
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
/// together, and is not one itself.
pub fn is_app_manifest(path: &Path) -> bool {
    path.file_name().is_some_and(|n| n == "manifest.json")
        && std::fs::read_to_string(path)
            .ok()
            .and_then(|text| serde_json::from_str::<serde_json::Value>(&text).ok())
            .is_some_and(|doc| doc["schema"] == cfn_model::app::MANIFEST_SCHEMA)
}

/// An I/O error in words, without the "(os error 2)" tail.
pub fn describe(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => "no such file or directory".to_owned(),
        std::io::ErrorKind::PermissionDenied => "permission denied".to_owned(),
        _ => e.to_string(),
    }
}
