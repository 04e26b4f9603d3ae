//! What a path names before it is written: a regular file to replace (through its symbolic
//! links), a new file, or a pipe or device to write into as it is.

use std::fs::{self, Metadata};
use std::io;
use std::path::{Path, PathBuf};

use super::error::{Step, WriteError};

/// The kernel follows at most 40 links in one path (Linux's `MAXSYMLINKS`); so do we.
const MAX_LINKS: usize = 40;

/// What writing to a path means.
#[derive(Debug)]
pub(crate) enum Target {
    /// A regular file, replaced by renaming a temporary over it: `file` is where the last
    /// symbolic link points (the path itself if it is no link); `old` is the file there now.
    Replace { file: PathBuf, old: Metadata },
    /// No file yet: `file` is created (where a dangling link points, as `>` does).
    Create { file: PathBuf },
    /// A named pipe, a device or a socket: written straight into, never replaced.
    Direct { kind: &'static str },
    /// `/dev/stdout` (or `/dev/fd/1`, `/proc/self/fd/1`) when standard output is a regular file:
    /// written through the process's own standard output, at its offset, as `>` or `>>` opened it.
    Stdout,
}

/// Reads what `path` names. A directory, an empty path or a loop of links is an error.
pub(crate) fn resolve(path: &Path) -> Result<Target, WriteError> {
    if path.as_os_str().is_empty() {
        return Err(WriteError::EmptyPath);
    }
    match fs::metadata(path) {
        Ok(meta) if meta.is_dir() => Err(WriteError::IsADirectory { path: path.to_owned() }),
        Ok(meta) if !meta.is_file() => Ok(Target::Direct { kind: kind(&meta) }),
        Ok(meta) => {
            let file = follow_links(path)?;
            if names_standard_output(path) || names_standard_output(&file) {
                return Ok(Target::Stdout);
            }
            // Another descriptor (`/dev/fd/3`), or a link the kernel follows but that names no
            // path, cannot be renamed over: write into it, as `>` does.
            if is_descriptor_link(&file) {
                return Ok(Target::Direct { kind: "file opened by a descriptor link" });
            }
            match fs::metadata(&file) {
                Ok(found) if same_file(&found, &meta) => Ok(Target::Replace { file, old: meta }),
                _ => Ok(Target::Direct { kind: "file reached through a special link" }),
            }
        }
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(Target::Create { file: follow_links(path)? }),
        Err(e) if is_link_loop(&e) => Err(WriteError::LinkLoop { path: path.to_owned() }),
        Err(e) => Err(WriteError::io(path, Step::Inspect, e)),
    }
}

/// Where the chain of symbolic links starting at `path` ends (the path itself if it is no link).
/// The end may not exist: a dangling link names the file to create.
fn follow_links(path: &Path) -> Result<PathBuf, WriteError> {
    let mut current = path.to_owned();
    for _ in 0..=MAX_LINKS {
        if is_descriptor_link(&current) {
            return Ok(current);
        }
        match fs::symlink_metadata(&current) {
            Ok(meta) if meta.file_type().is_symlink() => {
                let target = fs::read_link(&current).map_err(|e| WriteError::io(path, Step::Inspect, e))?;
                current = match current.parent() {
                    Some(dir) if target.is_relative() => dir.join(target),
                    _ => target,
                };
            }
            Ok(_) => return Ok(current),
            Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(current),
            Err(e) => return Err(WriteError::io(path, Step::Inspect, e)),
        }
    }
    Err(WriteError::LinkLoop { path: path.to_owned() })
}

/// Whether `path` names this process's standard output through the kernel's descriptor links.
fn names_standard_output(path: &Path) -> bool {
    cfg!(unix) && [Path::new("/dev/stdout"), Path::new("/dev/fd/1"), Path::new("/proc/self/fd/1")].contains(&path)
}

/// Whether `path` is one of the kernel's links to an open descriptor of this process.
fn is_descriptor_link(path: &Path) -> bool {
    cfg!(unix) && (names_standard_output(path) || path.starts_with("/proc/self/fd") || path.starts_with("/dev/fd"))
}

/// The directory a file is in (`.` for a bare name).
pub(crate) fn directory(file: &Path) -> &Path {
    match file.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir,
        _ => Path::new("."),
    }
}

#[cfg(unix)]
fn same_file(a: &Metadata, b: &Metadata) -> bool {
    use std::os::unix::fs::MetadataExt;
    a.dev() == b.dev() && a.ino() == b.ino()
}

#[cfg(not(unix))]
fn same_file(_: &Metadata, _: &Metadata) -> bool {
    true
}

#[cfg(unix)]
fn kind(meta: &Metadata) -> &'static str {
    use std::os::unix::fs::FileTypeExt;
    let kind = meta.file_type();
    if kind.is_fifo() {
        "named pipe"
    } else if kind.is_char_device() {
        "character device"
    } else if kind.is_block_device() {
        "block device"
    } else if kind.is_socket() {
        "socket"
    } else {
        "special file"
    }
}

#[cfg(not(unix))]
fn kind(_: &Metadata) -> &'static str {
    "special file"
}

/// `ELOOP` (Linux's number; `ErrorKind::FilesystemLoop` is not stable).
fn is_link_loop(e: &io::Error) -> bool {
    cfg!(target_os = "linux") && e.raw_os_error() == Some(40)
}
