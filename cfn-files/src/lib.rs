//! Writing output files whole or not at all: one template, a set of templates swapped in
//! together (a directory of stacks and its manifest), or standard output.
//!
//! - [`write_file`] writes one file: the bytes go to a temporary file beside the target, are
//!   flushed to disk (`fsync`), and the temporary is renamed over the target; then the
//!   directory is flushed. A reader sees the old file or the new one, never a part.
//! - [`write_files`] writes a set: every temporary is written and flushed before the first
//!   rename. If any of them fails, every temporary is removed and no file is changed. If a
//!   rename fails midway (rare: the temporaries are in place by then), the files already
//!   replaced are put back from a second name kept for each old file, and the error
//!   ([`WriteError::Swap`]) says what each file holds.
//! - [`write_stdout`] writes standard output; a reader that went away (`| head -1`) is
//!   [`WriteError::ReaderGone`], which a command line program usually ends on quietly.
//!
//! What a path names decides how it is written, as the shell's `>` would:
//!
//! - a **symbolic link** is kept: the file it points to (through every link) is replaced, or
//!   created if the link dangles;
//! - a **named pipe, a device or a socket** (`/dev/null`, a FIFO, `/dev/stdout` when it is a
//!   pipe or a terminal) is written straight into, with no temporary; in a set of two or more it
//!   is refused ([`WriteError::NotReplaceable`]), since it could not be put back; a named pipe
//!   no process reads is waited for two seconds at most, then an error (never a wait for ever);
//! - **`/dev/stdout`** (`/dev/fd/1`, `/proc/self/fd/1`) naming a regular file is written
//!   through standard output, so that `>>` appends and a shell's later writes follow ours;
//! - an **existing file** keeps its permissions (a 0600 file stays 0600, set before any byte is
//!   written), and its owner and group where the process may set them; a file with other hard
//!   links is replaced under this name only (the other names keep the old content);
//! - a **new file** gets the mode new files get (0666 less the umask);
//! - a **directory** or an **empty path** is an error.
//!
//! # Killed runs
//!
//! A temporary is named `.NAME.typed-cfn-PID-N.tmp` and locked (`flock`) while its writer
//! lives. A run stopped by any signal — SIGINT, SIGTERM and SIGKILL alike — or by a crash can
//! leave one; the next write into the same directory removes every such file that no live
//! process holds locked. The target itself is always whole: old or new. A set killed in the
//! middle of its renames (microseconds, after all the writing) may be left partly new; the
//! second names of its old files are temporaries too, removed the same way. No signal handler
//! is installed: a library must not take over a program's signals, and the lock makes one
//! unnecessary.
#![deny(missing_docs)]

mod error;
mod set;
mod target;
mod temporary;

#[cfg(test)]
mod tests;

use std::fs::OpenOptions;
use std::io::{self, Write};
use std::path::Path;

pub use error::{Step, SwapState, WriteError};

use set::Planned;
use target::Target;

/// Writes `contents` to `path` whole, or leaves `path` as it was (see the [module](self)
/// documentation for links, pipes, permissions and killed runs).
///
/// ```no_run
/// cfn_files::write_file("out/stack.json".as_ref(), b"{}")?;
/// # Ok::<(), cfn_files::WriteError>(())
/// ```
pub fn write_file(path: &Path, contents: &[u8]) -> Result<(), WriteError> {
    write_files(&[(path, contents)])
}

/// Writes every file of `files` or none: all are staged (written and flushed) before the first
/// is renamed into place. On error no file is changed, unless a rename fails midway: then
/// [`WriteError::Swap`] says which files hold the new content.
///
/// The directories must exist (create them first: a directory made for a set that then fails
/// stays, empty). Files already in a directory and not in the set are left alone; a directory of
/// templates with a manifest lists what belongs to it in the manifest, written in the same set.
/// A named pipe or a device is written directly when it is the only entry, and refused in a set
/// of two or more. Two runs writing the same set at once are not ordered against each other:
/// each file is whole, but the set may mix their outputs.
///
/// ```no_run
/// use std::path::PathBuf;
/// let files = [(PathBuf::from("out/a.json"), "{}"), (PathBuf::from("out/b.json"), "{}")];
/// cfn_files::write_files(&files)?;
/// # Ok::<(), cfn_files::WriteError>(())
/// ```
pub fn write_files<P: AsRef<Path>, C: AsRef<[u8]>>(files: &[(P, C)]) -> Result<(), WriteError> {
    let mut planned = Vec::with_capacity(files.len());
    for (path, contents) in files {
        let (path, contents) = (path.as_ref(), contents.as_ref());
        match target::resolve(path).map_err(|e| e.in_set(files.len() > 1))? {
            Target::Direct { kind } if files.len() > 1 => {
                return Err(WriteError::NotReplaceable { path: path.to_owned(), kind });
            }
            Target::Direct { .. } => return write_directly(path, contents),
            Target::Stdout if files.len() > 1 => {
                return Err(WriteError::NotReplaceable { path: path.to_owned(), kind: "standard output" });
            }
            Target::Stdout => return write_stdout(contents),
            target => planned.extend(Planned::new(path, target, contents)),
        }
    }
    set::write(planned)
}

/// Writes `contents` to standard output and flushes it. A reader that went away is
/// [`WriteError::ReaderGone`]; any other failure (`> /dev/full`) is [`WriteError::Stdout`].
pub fn write_stdout(contents: &[u8]) -> Result<(), WriteError> {
    let mut out = io::stdout().lock();
    out.write_all(contents).and_then(|()| out.flush()).map_err(|source| match source.kind() {
        io::ErrorKind::BrokenPipe => WriteError::ReaderGone { path: "standard output".into() },
        _ => WriteError::Stdout { source },
    })
}

/// A pipe or a device: opened for writing (never created; truncated as `>` does, which pipes
/// and devices ignore) and written into.
fn write_directly(path: &Path, contents: &[u8]) -> Result<(), WriteError> {
    let fail = |source: io::Error| match source.kind() {
        io::ErrorKind::BrokenPipe => WriteError::ReaderGone { path: path.to_owned() },
        _ => WriteError::Direct { path: path.to_owned(), source },
    };
    if is_fifo(path) {
        return write_fifo(path, contents).map_err(fail);
    }
    let mut file = OpenOptions::new().write(true).truncate(true).open(path).map_err(fail)?;
    file.write_all(contents).and_then(|()| file.flush()).map_err(fail)
}

/// Writes into a named pipe. Opening one for writing waits for a reader, for ever if none comes;
/// opened without waiting (`O_NONBLOCK`) instead, which fails at once (`ENXIO`) while there is no
/// reader: tried again for up to two seconds (a reader started alongside), then reported. The
/// descriptor that found the reader is the one written through: closing it and opening the pipe
/// again would hand the reader an end of file (no writer left) and then wait for a reader that
/// is gone. Written without waiting too, so a full pipe is waited on a little at a time
/// (<https://man7.org/linux/man-pages/man7/fifo.7.html>, <https://man7.org/linux/man-pages/man7/pipe.7.html>).
fn write_fifo(path: &Path, contents: &[u8]) -> io::Result<()> {
    let deadline = std::time::Instant::now() + FIFO_READER_WAIT;
    let mut pipe = loop {
        match open_fifo_without_waiting(path) {
            Ok(pipe) => break pipe,
            Err(e) if e.raw_os_error() == Some(NO_READER) && std::time::Instant::now() < deadline => {
                std::thread::sleep(std::time::Duration::from_millis(10));
            }
            Err(e) if e.raw_os_error() == Some(NO_READER) => {
                return Err(io::Error::other(
                    "no process reads from this named pipe (start its reader first); nothing was written",
                ));
            }
            Err(e) => return Err(e),
        }
    };
    let mut rest = contents;
    while !rest.is_empty() {
        match pipe.write(rest) {
            Ok(0) => return Err(io::Error::from(io::ErrorKind::WriteZero)),
            Ok(n) => rest = &rest[n..],
            // The pipe is full: its reader has not caught up yet.
            Err(e) if e.kind() == io::ErrorKind::WouldBlock => std::thread::sleep(std::time::Duration::from_millis(1)),
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    Ok(())
}

/// How long a write waits for a named pipe's reader to come.
const FIFO_READER_WAIT: std::time::Duration = std::time::Duration::from_secs(2);

/// `ENXIO`: a named pipe opened for writing without waiting has no reader (Linux and the BSDs).
const NO_READER: i32 = 6;

#[cfg(unix)]
fn is_fifo(path: &Path) -> bool {
    use std::os::unix::fs::FileTypeExt;
    std::fs::metadata(path).is_ok_and(|m| m.file_type().is_fifo())
}

#[cfg(not(unix))]
fn is_fifo(_: &Path) -> bool {
    false
}

/// Opens a named pipe for writing with `O_NONBLOCK`, which fails at once when no process has
/// it open for reading.
#[cfg(unix)]
fn open_fifo_without_waiting(path: &Path) -> io::Result<std::fs::File> {
    use std::os::unix::fs::OpenOptionsExt;
    OpenOptions::new().write(true).custom_flags(NONBLOCK).open(path)
}

#[cfg(not(unix))]
fn open_fifo_without_waiting(path: &Path) -> io::Result<std::fs::File> {
    OpenOptions::new().write(true).open(path)
}

/// `O_NONBLOCK` (its value differs between kernels).
#[cfg(any(target_os = "linux", target_os = "android"))]
const NONBLOCK: i32 = 0o4000;
#[cfg(all(unix, not(any(target_os = "linux", target_os = "android"))))]
const NONBLOCK: i32 = 0x0004;
