//! A set of files staged together and swapped in together: every temporary is written and
//! flushed before the first rename; a rename that fails midway puts back what it can.

use std::collections::BTreeSet;
use std::fs::{self, Metadata};
use std::io::Write;
use std::path::{Path, PathBuf};

use super::error::{Step, SwapState, WriteError};
use super::target::{self, Target};
use super::temporary::{self, Temporary};

/// One file written into its temporary, not yet renamed.
pub(super) struct Staged {
    /// The path as the caller gave it (named in errors).
    given: PathBuf,
    /// Where the rename goes: the end of the path's links.
    file: PathBuf,
    temporary: Temporary,
    /// A second name for the old file, kept until the whole set is in (sets of two or more).
    old_copy: Option<Temporary>,
}

/// A target to stage: the path given and what it names.
pub(crate) struct Planned<'a> {
    pub(crate) given: &'a Path,
    pub(crate) file: PathBuf,
    pub(crate) old: Option<Metadata>,
    pub(crate) contents: &'a [u8],
}

impl<'a> Planned<'a> {
    /// `None` for a pipe or device: it is written directly.
    pub(crate) fn new(given: &'a Path, target: Target, contents: &'a [u8]) -> Option<Self> {
        match target {
            Target::Replace { file, old } => Some(Planned { given, file, old: Some(old), contents }),
            Target::Create { file } => Some(Planned { given, file, old: None, contents }),
            Target::Direct { .. } | Target::Stdout => None,
        }
    }
}

/// Stages every file, then renames each over its target. On error before the first rename,
/// nothing is changed and every temporary is removed.
pub(crate) fn write(planned: Vec<Planned<'_>>) -> Result<(), WriteError> {
    let in_set = planned.len() > 1;
    refuse_duplicates(&planned)?;
    let directories: BTreeSet<PathBuf> = planned.iter().map(|p| target::directory(&p.file).to_owned()).collect();
    for dir in &directories {
        temporary::remove_stale(dir);
    }
    // Dropping `staged` on an early return removes every temporary made so far.
    let mut staged = Vec::with_capacity(planned.len());
    for plan in planned {
        staged.push(stage(plan, in_set).map_err(|e| e.in_set(in_set))?);
    }
    swap(staged)?;
    for dir in &directories {
        sync_directory(dir).map_err(|e| WriteError::io(dir, Step::SyncDirectory, e).in_set(in_set))?;
    }
    Ok(())
}

pub(super) fn stage(plan: Planned<'_>, in_set: bool) -> Result<Staged, WriteError> {
    let given = plan.given.to_owned();
    let fail = |step: Step| {
        let (given, file) = (&given, &plan.file);
        move |e| WriteError::io(given, step, e).through(file)
    };
    let temporary = Temporary::create(&plan.file).map_err(fail(Step::CreateTemporary))?;
    if let Some(old) = &plan.old {
        // Before any byte is written: a 0600 file's new content is never readable by others.
        keep_owner_and_permissions(&temporary, old).map_err(fail(Step::SetPermissions))?;
    }
    let mut file = temporary.file();
    file.write_all(plan.contents).map_err(fail(Step::Write))?;
    temporary.file().sync_all().map_err(fail(Step::Sync))?;
    let old_copy = match (&plan.old, in_set) {
        (Some(_), true) => Some(Temporary::keep(&plan.file).map_err(fail(Step::KeepOld))?),
        _ => None,
    };
    Ok(Staged { given, file: plan.file, temporary, old_copy })
}

/// Renames each temporary over its target; if one fails, puts the earlier ones back.
pub(super) fn swap(staged: Vec<Staged>) -> Result<(), WriteError> {
    let in_set = staged.len() > 1;
    let mut done: Vec<(PathBuf, PathBuf, Option<Temporary>)> = Vec::with_capacity(staged.len());
    let mut rest = staged.into_iter();
    while let Some(next) = rest.next() {
        if let Err(source) = fs::rename(next.temporary.path(), &next.file) {
            if done.is_empty() {
                return Err(WriteError::io(next.given, Step::Rename, source).through(&next.file).in_set(in_set));
            }
            let mut state = put_back(done);
            state.as_before.push(next.given.clone());
            state.as_before.extend(rest.map(|s| s.given));
            return Err(WriteError::Swap { path: next.given, source, state });
        }
        next.temporary.release();
        done.push((next.given, next.file, next.old_copy));
    }
    // Dropping the copies removes the second names of the old files.
    Ok(())
}

/// Undoes the renames in `done`, last first: each old file back under its name, each new file
/// removed.
fn put_back(done: Vec<(PathBuf, PathBuf, Option<Temporary>)>) -> SwapState {
    let mut state = SwapState::default();
    for (given, file, old_copy) in done.into_iter().rev() {
        match old_copy {
            Some(copy) => match fs::rename(copy.path(), &file) {
                Ok(()) => {
                    copy.release();
                    state.as_before.push(given);
                }
                Err(_) => {
                    state.old_copies.push((given.clone(), copy.path().to_owned()));
                    copy.release();
                    state.new.push(given);
                }
            },
            None => match fs::remove_file(&file) {
                Ok(()) => state.as_before.push(given),
                Err(_) => state.new.push(given),
            },
        }
    }
    state
}

/// Two entries naming one file would leave one of them lost: refused before anything is made.
fn refuse_duplicates(planned: &[Planned<'_>]) -> Result<(), WriteError> {
    let mut seen = BTreeSet::new();
    for plan in planned {
        // The directory's real path, so that `out/a.json` and `./out/a.json` are one file;
        // a directory that does not exist fails later, when the temporary is created.
        let dir = fs::canonicalize(target::directory(&plan.file))
            .unwrap_or_else(|_| target::directory(&plan.file).to_owned());
        let file = dir.join(plan.file.file_name().unwrap_or_default());
        if !seen.insert(file) {
            return Err(WriteError::Duplicate { path: plan.given.to_owned() });
        }
    }
    Ok(())
}

/// The new file gets the old one's permissions, and its owner and group where the process may
/// set them (root); otherwise it belongs to the writer, as with any editor that saves by rename.
fn keep_owner_and_permissions(temporary: &Temporary, old: &Metadata) -> std::io::Result<()> {
    let file = temporary.file();
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        let new = file.metadata()?;
        if (new.uid(), new.gid()) != (old.uid(), old.gid()) {
            let _ = std::os::unix::fs::fchown(file, Some(old.uid()), Some(old.gid()));
        }
    }
    file.set_permissions(old.permissions())
}

/// Flushes a directory, so that the renames in it survive a crash. File systems that cannot
/// flush a directory (they answer `EINVAL`) have nothing to flush.
#[cfg(unix)]
fn sync_directory(dir: &Path) -> std::io::Result<()> {
    match fs::File::open(dir)?.sync_all() {
        Err(e) if e.kind() == std::io::ErrorKind::InvalidInput => Ok(()),
        other => other,
    }
}

#[cfg(not(unix))]
fn sync_directory(_: &Path) -> std::io::Result<()> {
    Ok(())
}
