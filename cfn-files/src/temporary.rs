//! Temporary files beside their targets: named so that they are recognised
//! (`.NAME.typed-cfn-PID-N.tmp`), locked while their writer lives, and removed by the next writer
//! into the same directory once nobody holds the lock.
//!
//! Why a lock and not the PID in the name: the kernel drops a process's locks when it dies, by
//! any signal, SIGKILL included, and after a reboot nothing is held; a PID may be reused by an
//! unrelated process, or belong to another container or host writing the same directory.

use std::ffi::OsStr;
use std::fs::{self, File, OpenOptions, TryLockError};
use std::io;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

/// Numbers the temporaries of this process, so that threads never pick the same name.
static SEQUENCE: AtomicU64 = AtomicU64::new(0);

/// What every temporary name holds between the target's name and the PID.
const MARK: &str = ".typed-cfn-";
const SUFFIX: &str = ".tmp";
/// Bytes of the target's name kept in the temporary's, so that a long name stays under 255.
const NAME_BYTES: usize = 64;
/// Names tried before giving up (each taken name moves to the next number).
const ATTEMPTS: usize = 100;

/// A temporary file, removed when dropped unless [`Temporary::release`]d.
#[derive(Debug)]
pub(crate) struct Temporary {
    path: PathBuf,
    /// Open (and locked) until the temporary is renamed or removed.
    file: File,
    released: bool,
}

impl Temporary {
    /// A new, empty, locked file beside `target`, with the mode new files get (0666 less the
    /// umask).
    pub(crate) fn create(target: &Path) -> io::Result<Self> {
        let dir = super::target::directory(target);
        for _ in 0..ATTEMPTS {
            let path = dir.join(name(target.file_name().unwrap_or_default()));
            let file = match OpenOptions::new().write(true).create_new(true).open(&path) {
                Ok(file) => file,
                Err(e) if e.kind() == io::ErrorKind::AlreadyExists => continue,
                Err(e) => return Err(e),
            };
            lock(&file)?;
            // Another writer's clean-up may have taken the file between its creation and the
            // lock (it was not locked yet): if the name no longer leads to it, take another.
            if still_named(&file, &path) {
                return Ok(Temporary { path, file, released: false });
            }
        }
        Err(io::Error::other("no free name for a temporary file after 100 tries"))
    }

    /// A second name for the file `old` (a hard link, or a copy where links are not allowed),
    /// so that a set can put `old` back if a later rename fails. The old file is locked while
    /// the copy exists, so no other writer's clean-up takes the copy.
    pub(crate) fn keep(old: &Path) -> io::Result<Self> {
        let file = File::open(old)?;
        // A lock someone else holds on the old file (their own use of it) protects the copy
        // from clean-ups just as well: never wait for it.
        match file.try_lock() {
            Ok(()) | Err(TryLockError::WouldBlock) => {}
            Err(TryLockError::Error(e)) if e.kind() == io::ErrorKind::Unsupported => {}
            Err(TryLockError::Error(e)) => return Err(e),
        }
        let dir = super::target::directory(old);
        for _ in 0..ATTEMPTS {
            let path = dir.join(name(old.file_name().unwrap_or_default()));
            match fs::hard_link(old, &path) {
                Ok(()) => return Ok(Temporary { path, file, released: false }),
                Err(e) if e.kind() == io::ErrorKind::AlreadyExists => continue,
                Err(_) => break,
            }
        }
        let copy = Temporary::create(old)?;
        // The copy is as private as the file: its permissions before its bytes.
        copy.file.set_permissions(file.metadata()?.permissions())?;
        io::copy(&mut &file, &mut &copy.file)?;
        copy.file.sync_all()?;
        Ok(copy)
    }

    pub(crate) fn path(&self) -> &Path {
        &self.path
    }

    pub(crate) fn file(&self) -> &File {
        &self.file
    }

    /// Stops removing the file when dropped: it has been renamed over a target, or is left on
    /// purpose (the only copy of an old file that could not be put back).
    pub(crate) fn release(mut self) {
        self.released = true;
    }
}

impl Drop for Temporary {
    fn drop(&mut self) {
        if !self.released {
            let _ = fs::remove_file(&self.path);
        }
    }
}

/// Removes the temporaries in `dir` that no live writer holds: those of a run that was killed.
/// Best effort: what cannot be read or removed stays, and is tried again next time.
pub(crate) fn remove_stale(dir: &Path) {
    let Ok(entries) = fs::read_dir(dir) else { return };
    for entry in entries.flatten() {
        // Our own are alive: skipped without asking the lock, which some file systems (NFS,
        // where `flock` is emulated by POSIX locks) grant to the process that holds it.
        match temporary_pid(&entry.file_name()) {
            Some(pid) if pid != std::process::id() && entry.file_type().is_ok_and(|t| t.is_file()) => {}
            _ => continue,
        }
        let path = entry.path();
        let Ok(file) = File::open(&path) else { continue };
        // Free means its writer is gone; a lock the file system does not support says nothing.
        if file.try_lock().is_ok() {
            let _ = fs::remove_file(&path);
        }
    }
}

/// `.NAME.typed-cfn-PID-N.tmp`.
fn name(target: &OsStr) -> String {
    let target = target.to_string_lossy();
    let mut end = target.len().min(NAME_BYTES);
    while !target.is_char_boundary(end) {
        end -= 1;
    }
    let n = SEQUENCE.fetch_add(1, Ordering::Relaxed);
    format!(".{}{MARK}{}-{n}{SUFFIX}", &target[..end], std::process::id())
}

/// Whether `name` is a temporary of this writer: `.…typed-cfn-PID-N.tmp`.
#[cfg(test)]
pub(crate) fn is_temporary(name: &OsStr) -> bool {
    temporary_pid(name).is_some()
}

/// The PID in a temporary's name, `None` if `name` is not one.
fn temporary_pid(name: &OsStr) -> Option<u32> {
    let rest = name.to_str()?.strip_prefix('.')?.strip_suffix(SUFFIX)?;
    let (_, numbers) = rest.rsplit_once(MARK)?;
    let (pid, n) = numbers.split_once('-')?;
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    if !digits(n) || !digits(pid) {
        return None;
    }
    pid.parse().ok()
}

/// Locks `file` for as long as it is open. A file system without locks is not an error: the
/// temporary is then never taken by a clean-up (it cannot tell that the writer is gone).
fn lock(file: &File) -> io::Result<()> {
    match file.lock() {
        Err(e) if e.kind() == io::ErrorKind::Unsupported => Ok(()),
        other => other,
    }
}

#[cfg(unix)]
fn still_named(file: &File, path: &Path) -> bool {
    use std::os::unix::fs::MetadataExt;
    match (file.metadata(), fs::symlink_metadata(path)) {
        (Ok(open), Ok(named)) => open.dev() == named.dev() && open.ino() == named.ino(),
        _ => false,
    }
}

#[cfg(not(unix))]
fn still_named(_: &File, path: &Path) -> bool {
    path.exists()
}
