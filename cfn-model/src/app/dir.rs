//! Writing a directory whole or not at all.
//!
//! PRIVATE STAND-IN: a shared staged-file writer is being written on another branch; when it is
//! merged, `write_whole` is replaced by it. Until then this is the app's own.

use std::fs;
use std::io::Write as _;
use std::path::{Path, PathBuf};

use super::error::AppError;

/// Writes `files` (plain file names; scripts, `*.sh`, executable) into `dir`, replacing what
/// was there: everything is written into a temporary directory beside `dir`, synced, then renamed
/// into place, so a reader sees the old directory or the new one, never a mix. On failure the
/// temporary directory is removed and `dir` is left as it was.
pub(super) fn write_whole(dir: &Path, files: &[(String, String)]) -> Result<(), AppError> {
    let io = |path: &Path| {
        let path = path.to_path_buf();
        move |source| AppError::Io { path, source }
    };
    let parent = match dir.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    fs::create_dir_all(&parent).map_err(io(&parent))?;
    let base = dir.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| "app".to_owned());
    // Unique per process and per call, so two writers never share a staging directory.
    static CALLS: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
    let call = CALLS.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let staging = parent.join(format!(".{base}.staging-{}-{call}", std::process::id()));
    let previous = parent.join(format!(".{base}.previous-{}-{call}", std::process::id()));
    let _ = fs::remove_dir_all(&staging);
    let written = (|| {
        fs::create_dir(&staging).map_err(io(&staging))?;
        for (name, contents) in files {
            let path = staging.join(name);
            let mut file = fs::File::create(&path).map_err(io(&path))?;
            file.write_all(contents.as_bytes()).map_err(io(&path))?;
            #[cfg(unix)]
            if name.ends_with(".sh") {
                use std::os::unix::fs::PermissionsExt as _;
                file.set_permissions(fs::Permissions::from_mode(0o755)).map_err(io(&path))?;
            }
            file.sync_all().map_err(io(&path))?;
        }
        Ok(())
    })();
    if let Err(e) = written {
        let _ = fs::remove_dir_all(&staging);
        return Err(e);
    }
    let had_previous = dir.exists();
    if had_previous {
        let _ = fs::remove_dir_all(&previous);
        if let Err(e) = fs::rename(dir, &previous) {
            let _ = fs::remove_dir_all(&staging);
            return Err(io(dir)(e));
        }
    }
    if let Err(e) = fs::rename(&staging, dir) {
        if had_previous {
            let _ = fs::rename(&previous, dir);
        }
        let _ = fs::remove_dir_all(&staging);
        return Err(io(dir)(e));
    }
    if had_previous {
        let _ = fs::remove_dir_all(&previous);
    }
    Ok(())
}
