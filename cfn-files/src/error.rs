//! Why a file could not be written, and what was left on disk.

use std::fmt;
use std::io;
use std::path::PathBuf;

/// Why [`write_file`](super::write_file), [`write_files`](super::write_files) or
/// [`write_stdout`](super::write_stdout) failed. Every message names the path, says what is on
/// disk now, and what to do.
#[derive(Debug)]
#[non_exhaustive]
pub enum WriteError {
    /// The path is empty (`--out ''`).
    EmptyPath,
    /// The path names a directory.
    IsADirectory {
        /// The path as given.
        path: PathBuf,
    },
    /// The path's symbolic links loop, or nest deeper than the kernel follows (40).
    LinkLoop {
        /// The path as given.
        path: PathBuf,
    },
    /// A named pipe, device or socket in a set of files: such a file is written as it is read,
    /// so it cannot be swapped in with the others, nor put back if another file fails.
    NotReplaceable {
        /// The path as given.
        path: PathBuf,
        /// What it is: "named pipe", "character device", …
        kind: &'static str,
    },
    /// Two entries of one set name the same file (directly or through a link).
    Duplicate {
        /// The file both entries name.
        path: PathBuf,
    },
    /// A step failed before any file was replaced (every target is as it was, the temporaries
    /// are removed), or the flush of a directory after all were ([`Step::SyncDirectory`]).
    Io {
        /// The file that could not be written, as given (the target, not its temporary).
        path: PathBuf,
        /// Where the symbolic link at `path` points, when it is one: the file actually written.
        linked: Option<PathBuf>,
        /// What was being done.
        step: Step,
        /// What the operating system said.
        source: io::Error,
        /// Whether the file was one of a set (the message then speaks of all of them).
        in_set: bool,
    },
    /// Writing straight into a named pipe or device failed (those are not replaced by rename);
    /// what was written before the error has been read or discarded by the other side.
    Direct {
        /// The pipe or device as given.
        path: PathBuf,
        /// What the operating system said.
        source: io::Error,
    },
    /// Renaming a temporary over its target failed after other targets of the set had been
    /// replaced. What is on disk now is in `state`.
    Swap {
        /// The target whose rename failed.
        path: PathBuf,
        /// What the operating system said.
        source: io::Error,
        /// What each file of the set holds now.
        state: SwapState,
    },
    /// Writing to standard output failed (`> /dev/full`).
    Stdout {
        /// What the operating system said.
        source: io::Error,
    },
    /// Standard output was closed by its reader (`| head -1`, `| true`). Not a failure of the
    /// writer: a program usually ends quietly (see [`WriteError::is_reader_gone`]).
    ReaderGone {
        /// The named pipe written to, or `standard output`.
        path: PathBuf,
    },
}

impl fmt::Display for WriteError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            WriteError::EmptyPath => f.write_str("cannot write to an empty path: name a file"),
            WriteError::IsADirectory { path } => write!(
                f,
                "cannot write {}: it is a directory (name a file, or move the directory out of the way); nothing was written",
                path.display()
            ),
            WriteError::LinkLoop { path } => write!(
                f,
                "cannot write {}: its symbolic links loop or nest more than 40 deep (point the link at a file); nothing was written",
                path.display()
            ),
            WriteError::NotReplaceable { path, kind } => write!(
                f,
                "cannot write {} together with other files: it is a {kind}, which cannot be replaced as a whole (write it on its own); nothing was written",
                path.display()
            ),
            WriteError::Duplicate { path } => write!(
                f,
                "{} is named twice in one set of files, directly or through a symbolic link (name each file once); nothing was written",
                path.display()
            ),
            WriteError::Io { path, linked, step, source, in_set } => write!(
                f,
                "cannot write {}{}: {step} failed: {source}{}; {}",
                path.display(),
                via(linked),
                hint(source),
                left(*step, *in_set)
            ),
            WriteError::Direct { path, source } => {
                write!(f, "cannot write {}: {source}{}", path.display(), hint(source))
            }
            WriteError::Swap { path, source, state } => {
                write!(f, "cannot replace {}: {source}{}; {state}", path.display(), hint(source))
            }
            WriteError::Stdout { source } => write!(f, "cannot write to standard output: {source}{}", hint(source)),
            WriteError::ReaderGone { path } => write!(f, "{} was closed by its reader", path.display()),
        }
    }
}

impl std::error::Error for WriteError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            WriteError::Io { source, .. }
            | WriteError::Direct { source, .. }
            | WriteError::Swap { source, .. }
            | WriteError::Stdout { source } => Some(source),
            _ => None,
        }
    }
}

impl WriteError {
    /// True when the reader of a pipe went away before all was written (`| head -1`): the
    /// reader chose to stop, so a command line program ends quietly rather than report it.
    pub fn is_reader_gone(&self) -> bool {
        matches!(self, WriteError::ReaderGone { .. })
    }

    pub(crate) fn io(path: impl Into<PathBuf>, step: Step, source: io::Error) -> Self {
        if source.kind() == io::ErrorKind::BrokenPipe {
            return WriteError::ReaderGone { path: path.into() };
        }
        WriteError::Io { path: path.into(), linked: None, step, source, in_set: false }
    }

    /// Names the file a link points to, when `file` is not the path given.
    pub(crate) fn through(mut self, file: &std::path::Path) -> Self {
        if let WriteError::Io { path, linked, .. } = &mut self
            && path != file
        {
            *linked = Some(file.to_owned());
        }
        self
    }

    pub(crate) fn in_set(mut self, set: bool) -> Self {
        if let WriteError::Io { in_set, .. } = &mut self {
            *in_set = set;
        }
        self
    }
}

/// A step of writing a file, as named in [`WriteError::Io`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Step {
    /// Reading what the path is (`stat`, following its links).
    Inspect,
    /// Creating the temporary file beside the target.
    CreateTemporary,
    /// Giving the temporary the target's permissions.
    SetPermissions,
    /// Writing the bytes (into the temporary, or straight into a pipe or device).
    Write,
    /// Flushing the temporary to the disk (`fsync`).
    Sync,
    /// Keeping a copy of the old file, so that a set can be put back if a later rename fails.
    KeepOld,
    /// Renaming the temporary over the target.
    Rename,
    /// Flushing the directory after the rename, so that the new name survives a crash.
    SyncDirectory,
}

impl fmt::Display for Step {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Step::Inspect => "reading what it is",
            Step::CreateTemporary => "creating a temporary file beside it",
            Step::SetPermissions => "giving the temporary file its permissions",
            Step::Write => "writing",
            Step::Sync => "flushing to disk",
            Step::KeepOld => "keeping a copy of the old file",
            Step::Rename => "renaming the temporary file over it",
            Step::SyncDirectory => "flushing its directory to disk",
        })
    }
}

/// What each file of a set holds after a rename failed midway ([`WriteError::Swap`]).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct SwapState {
    /// Targets that hold what they held before: put back (their old file, or absent if they
    /// were new), or not reached.
    pub as_before: Vec<PathBuf>,
    /// Targets that hold the new content and could not be put back.
    pub new: Vec<PathBuf>,
    /// Old files that could not be put back: `(target, the copy that holds its old content)`.
    pub old_copies: Vec<(PathBuf, PathBuf)>,
}

impl fmt::Display for SwapState {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.new.is_empty() {
            return f.write_str("every file of the set is as it was before");
        }
        let list = |paths: &[PathBuf]| paths.iter().map(|p| p.display().to_string()).collect::<Vec<_>>().join(", ");
        write!(f, "the set is now mixed: new content in {}", list(&self.new))?;
        if !self.as_before.is_empty() {
            write!(f, "; as before: {}", list(&self.as_before))?;
        }
        for (target, copy) in &self.old_copies {
            write!(
                f,
                "; the old {} is kept in {} until the next write into its directory",
                target.display(),
                copy.display()
            )?;
        }
        f.write_str("; run again to write the whole set")
    }
}

fn via(linked: &Option<PathBuf>) -> String {
    linked.as_ref().map(|file| format!(" (a link to {})", file.display())).unwrap_or_default()
}

/// A hint for the errors a user can act on.
fn hint(source: &io::Error) -> &'static str {
    match source.kind() {
        io::ErrorKind::StorageFull | io::ErrorKind::QuotaExceeded => " (free some space and run again)",
        io::ErrorKind::PermissionDenied => " (check the permissions of the file and of its directory)",
        io::ErrorKind::ReadOnlyFilesystem => " (the file system is mounted read-only: write elsewhere)",
        io::ErrorKind::NotFound => " (create the directory first)",
        io::ErrorKind::NotADirectory => " (a part of the path is a file, not a directory)",
        io::ErrorKind::IsADirectory => " (a directory is in the way: remove it or name another file)",
        _ => "",
    }
}

/// What an [`WriteError::Io`] left on disk.
fn left(step: Step, in_set: bool) -> &'static str {
    match (step, in_set) {
        (Step::SyncDirectory, _) => "the new content is in place, but may not survive a crash: check the disk",
        (_, true) => "no file of the set was changed",
        (_, false) => "the file was left as it was",
    }
}
