//! Writing an app's directory with the shared writer ([`crate::files`]): every file of the app
//! swapped in as one set, then the files of the previous version that this one no longer has
//! removed.

use std::fs;
use std::path::{Path, PathBuf};

use super::error::AppError;
use crate::node::Node;
use cfn_files as files;

/// Writes `files` (plain file names) into `dir`, creating it if needed. The set is written whole
/// or not at all ([`files::write_files`]); a script (`*.sh`) is made executable. Files the
/// previous version's `manifest.json` listed (templates of stacks since removed) are removed
/// after the new set is in place; other files in `dir` are left alone.
pub(super) fn write_whole(dir: &Path, written: &[(String, String)]) -> Result<(), AppError> {
    let io = |path: &Path| {
        let path = path.to_path_buf();
        move |source| AppError::Io { path, source }
    };
    if fs::metadata(dir).is_ok_and(|m| !m.is_dir()) {
        let exists = std::io::Error::new(
            std::io::ErrorKind::AlreadyExists,
            "it is a file, not a directory: choose another path",
        );
        return Err(io(dir)(exists));
    }
    fs::create_dir_all(dir).map_err(io(dir))?;
    let stale: Vec<PathBuf> = previous_files(dir)
        .into_iter()
        .filter(|name| !written.iter().any(|(new, _)| new == name))
        .map(|name| dir.join(name))
        .collect();
    let set: Vec<(PathBuf, &[u8])> =
        written.iter().map(|(name, contents)| (dir.join(name), contents.as_bytes())).collect();
    files::write_files(&set).map_err(|e| AppError::Write(Box::new(e)))?;
    #[cfg(unix)]
    for (path, _) in set.iter().filter(|(path, _)| path.extension().is_some_and(|e| e == "sh")) {
        use std::os::unix::fs::PermissionsExt as _;
        let mode = fs::metadata(path).map_err(io(path))?.permissions().mode();
        fs::set_permissions(path, fs::Permissions::from_mode(mode | 0o111)).map_err(io(path))?;
    }
    for path in stale {
        match fs::remove_file(&path) {
            Ok(()) => {}
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => return Err(io(&path)(e)),
        }
    }
    Ok(())
}

/// The templates and scripts the manifest in `dir` lists, if there is one that reads.
fn previous_files(dir: &Path) -> Vec<String> {
    let Ok(text) = fs::read_to_string(dir.join("manifest.json")) else {
        return Vec::new();
    };
    let Ok(manifest) = crate::format::read_json(&text) else {
        return Vec::new();
    };
    let stacks = match manifest.as_map().and_then(|m| m.get("stacks")) {
        Some(Node::List(stacks)) => stacks.as_slice(),
        _ => &[],
    };
    let mut names: Vec<String> =
        stacks.iter().filter_map(|s| s.as_map()?.get("template")?.as_str()).map(str::to_owned).collect();
    names.push("deploy.sh".to_owned());
    // Only plain names inside `dir`: a manifest is input, and may have been edited.
    names.retain(|n| !n.is_empty() && !n.contains(['/', '\\']) && n != "." && n != "..");
    names
}
