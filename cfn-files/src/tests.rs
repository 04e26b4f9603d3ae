use std::fs;
use std::path::{Path, PathBuf};

use super::set::{self, Planned};
use super::*;

/// A fresh directory for one test, removed when the test ends (kept if it fails, to look at).
struct Scratch(PathBuf);

impl std::ops::Deref for Scratch {
    type Target = PathBuf;
    fn deref(&self) -> &PathBuf {
        &self.0
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        if !std::thread::panicking() {
            let _ = fs::remove_dir_all(&self.0);
        }
    }
}

fn scratch(test: &str) -> Scratch {
    let dir = std::env::temp_dir().join(format!("cfn-model-files-{}-{test}", std::process::id()));
    let _ = fs::remove_dir_all(&dir);
    fs::create_dir_all(&dir).unwrap();
    Scratch(dir)
}

/// The names in `dir`, sorted.
fn names(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> =
        fs::read_dir(dir).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
    names.sort();
    names
}

fn temporaries(dir: &Path) -> Vec<String> {
    names(dir).into_iter().filter(|n| temporary::is_temporary(n.as_ref())).collect()
}

#[test]
fn a_file_is_written_and_replaced() {
    let dir = scratch("replace");
    let path = dir.join("t.json");
    write_file(&path, b"old").unwrap();
    write_file(&path, b"new").unwrap();
    assert_eq!(fs::read(&path).unwrap(), b"new");
    assert_eq!(names(&dir), ["t.json"]);
}

#[test]
fn empty_paths_and_directories_are_refused() {
    let dir = scratch("refused");
    assert!(matches!(write_file(Path::new(""), b"x"), Err(WriteError::EmptyPath)));
    let err = write_file(&dir, b"x").unwrap_err();
    assert!(matches!(err, WriteError::IsADirectory { .. }), "{err}");
    assert!(err.to_string().contains("move the directory out of the way); nothing was written"), "{err}");
}

#[test]
fn a_missing_directory_is_named_and_leaves_nothing() {
    let dir = scratch("missing");
    let err = write_file(&dir.join("no/such/t.json"), b"x").unwrap_err();
    let message = err.to_string();
    assert!(message.contains("no/such/t.json") && message.contains("create the directory first"), "{message}");
    assert_eq!(names(&dir), Vec::<String>::new());
}

#[cfg(unix)]
#[test]
fn a_symlink_is_kept_and_its_target_updated() {
    let dir = scratch("symlink");
    fs::create_dir(dir.join("real")).unwrap();
    fs::write(dir.join("real/t.json"), "old").unwrap();
    std::os::unix::fs::symlink("real/t.json", dir.join("link.json")).unwrap();
    write_file(&dir.join("link.json"), b"new").unwrap();
    assert!(fs::symlink_metadata(dir.join("link.json")).unwrap().file_type().is_symlink());
    assert_eq!(fs::read_to_string(dir.join("real/t.json")).unwrap(), "new");
    assert!(temporaries(&dir).is_empty() && temporaries(&dir.join("real")).is_empty());
}

#[cfg(unix)]
#[test]
fn a_dangling_symlink_creates_its_target() {
    let dir = scratch("dangling");
    std::os::unix::fs::symlink("made.json", dir.join("link.json")).unwrap();
    write_file(&dir.join("link.json"), b"new").unwrap();
    assert!(fs::symlink_metadata(dir.join("link.json")).unwrap().file_type().is_symlink());
    assert_eq!(fs::read_to_string(dir.join("made.json")).unwrap(), "new");
}

#[cfg(unix)]
#[test]
fn a_symlink_loop_is_refused() {
    let dir = scratch("loop");
    std::os::unix::fs::symlink("b", dir.join("a")).unwrap();
    std::os::unix::fs::symlink("a", dir.join("b")).unwrap();
    let err = write_file(&dir.join("a"), b"x").unwrap_err();
    assert!(matches!(err, WriteError::LinkLoop { .. }), "{err}");
}

#[cfg(unix)]
#[test]
fn permissions_of_an_existing_file_are_kept_and_new_files_follow_the_umask() {
    use std::os::unix::fs::PermissionsExt;
    let dir = scratch("mode");
    let secret = dir.join("secret.json");
    fs::write(&secret, "old").unwrap();
    fs::set_permissions(&secret, fs::Permissions::from_mode(0o600)).unwrap();
    write_file(&secret, b"new").unwrap();
    assert_eq!(fs::metadata(&secret).unwrap().permissions().mode() & 0o7777, 0o600);
    // A new file gets what `File::create` gives under the same umask.
    let reference = dir.join("reference");
    fs::File::create(&reference).unwrap();
    write_file(&dir.join("new.json"), b"new").unwrap();
    let mode = |p: &Path| fs::metadata(p).unwrap().permissions().mode() & 0o7777;
    assert_eq!(mode(&dir.join("new.json")), mode(&reference));
}

/// A named pipe `pipe` made in `dir`, or `None` (the test is skipped) where `mkfifo` is missing.
#[cfg(target_os = "linux")]
fn named_pipe(dir: &Path) -> Option<PathBuf> {
    let fifo = dir.join("pipe");
    let made = std::process::Command::new("mkfifo").arg(&fifo).status();
    if !made.is_ok_and(|s| s.success()) {
        eprintln!("mkfifo is not available: skipped");
        return None;
    }
    Some(fifo)
}

/// Reads the pipe whole on a thread of its own.
#[cfg(target_os = "linux")]
fn read_aside(fifo: &Path) -> std::thread::JoinHandle<Vec<u8>> {
    let fifo = fifo.to_owned();
    std::thread::spawn(move || fs::read(fifo).unwrap())
}

#[cfg(target_os = "linux")]
#[test]
fn a_fifo_is_written_directly() {
    let dir = scratch("fifo");
    let Some(fifo) = named_pipe(&dir) else { return };
    let reader = read_aside(&fifo);
    write_file(&fifo, b"through the pipe").unwrap();
    assert_eq!(reader.join().unwrap(), b"through the pipe");
    use std::os::unix::fs::FileTypeExt;
    assert!(fs::symlink_metadata(&fifo).unwrap().file_type().is_fifo(), "the pipe was replaced");
    assert_eq!(names(&dir), ["pipe"]);
    // In a set it could not be put back: refused before anything is written.
    let err = write_files(&[(fifo.clone(), "a"), (dir.join("b.json"), "b")]).unwrap_err();
    assert!(matches!(err, WriteError::NotReplaceable { kind: "named pipe", .. }), "{err}");
    assert_eq!(names(&dir), ["pipe"]);
}

/// A reader that reads as soon as a writer comes, and stops at the first end of file after
/// that (as `cat` does), gets the whole text, also when it is larger than the pipe holds: the
/// descriptor that found the reader is the one written through. (Closing it first handed this
/// reader an end of file before any byte; the write then waited for ever for a reader that was
/// gone.) The reader opens the pipe without waiting and reads without waiting, so it sees the
/// first writer's descriptor close whenever it does. Each write runs on a thread of its own, so
/// that one that waits fails the test instead of hanging it.
#[cfg(target_os = "linux")]
#[test]
fn a_fifo_reader_gets_everything_from_the_descriptor_that_found_it() {
    use std::io::Read;
    use std::os::unix::fs::OpenOptionsExt;
    let dir = scratch("fifo-rounds");
    let Some(fifo) = named_pipe(&dir) else { return };
    // Larger than a pipe's 64 KiB buffer: the writer waits for the reader part of the time.
    let text: Vec<u8> = (0..200_000u32).map(|i| b'a' + (i % 26) as u8).collect();
    for round in 0..5 {
        let mut pipe = fs::OpenOptions::new().read(true).custom_flags(NONBLOCK).open(&fifo).unwrap();
        let reader = std::thread::spawn(move || {
            let (mut got, mut writer_seen, mut chunk) = (Vec::new(), false, [0u8; 8192]);
            loop {
                match pipe.read(&mut chunk) {
                    // No writer: none has come yet, or the one that came is gone.
                    Ok(0) if writer_seen => return got,
                    Ok(0) => std::thread::yield_now(),
                    Ok(n) => {
                        writer_seen = true;
                        got.extend_from_slice(&chunk[..n]);
                    }
                    // A writer, and nothing written yet.
                    Err(e) if e.kind() == std::io::ErrorKind::WouldBlock => {
                        writer_seen = true;
                        std::thread::yield_now();
                    }
                    Err(e) => panic!("{e}"),
                }
            }
        });
        let (done, finished) = std::sync::mpsc::channel();
        {
            let (fifo, text) = (fifo.clone(), text.clone());
            std::thread::spawn(move || done.send(write_file(&fifo, &text).map_err(|e| e.to_string())));
        }
        let written = finished.recv_timeout(std::time::Duration::from_secs(20));
        assert_eq!(written, Ok(Ok(())), "round {round}: the write did not finish");
        assert_eq!(reader.join().unwrap(), text, "round {round}");
    }
}

#[cfg(target_os = "linux")]
#[test]
fn dev_null_is_written_directly() {
    write_file(Path::new("/dev/null"), b"nothing").unwrap();
}

#[cfg(target_os = "linux")]
#[test]
fn a_full_device_is_an_error_naming_it() {
    if !Path::new("/dev/full").exists() {
        return;
    }
    let err = write_file(Path::new("/dev/full"), b"x").unwrap_err();
    assert!(matches!(err, WriteError::Direct { .. }), "{err}");
    assert!(err.to_string().contains("/dev/full") && err.to_string().contains("free some space"), "{err}");
}

#[test]
fn a_set_is_written_whole() {
    let dir = scratch("set");
    fs::write(dir.join("a.json"), "old a").unwrap();
    write_files(&[(dir.join("a.json"), "new a"), (dir.join("b.json"), "new b")]).unwrap();
    assert_eq!(fs::read_to_string(dir.join("a.json")).unwrap(), "new a");
    assert_eq!(fs::read_to_string(dir.join("b.json")).unwrap(), "new b");
    assert_eq!(names(&dir), ["a.json", "b.json"]);
}

#[test]
fn a_failing_set_leaves_every_old_file_and_no_temporary() {
    let dir = scratch("set-fails");
    for name in ["a.json", "c.json"] {
        fs::write(dir.join(name), format!("old {name}")).unwrap();
    }
    // A directory in the way of `b.json`: its staging fails after `a.json`'s.
    fs::create_dir(dir.join("b.json")).unwrap();
    let files = [(dir.join("a.json"), "new"), (dir.join("b.json"), "new"), (dir.join("c.json"), "new")];
    let err = write_files(&files).unwrap_err();
    assert!(matches!(err, WriteError::IsADirectory { .. }), "{err}");
    // Staging itself failing (a missing directory for the last file), after the others staged.
    let files = [(dir.join("a.json"), "new"), (dir.join("c.json"), "new"), (dir.join("none/d.json"), "new")];
    let err = write_files(&files).unwrap_err();
    assert!(err.to_string().contains("no file of the set was changed"), "{err}");
    for name in ["a.json", "c.json"] {
        assert_eq!(fs::read_to_string(dir.join(name)).unwrap(), format!("old {name}"));
    }
    assert_eq!(names(&dir), ["a.json", "b.json", "c.json"]);
}

#[test]
fn a_file_named_twice_in_a_set_is_refused() {
    let dir = scratch("twice");
    let files = [(dir.join("a.json"), "1"), (dir.join(".").join("a.json"), "2")];
    assert!(matches!(write_files(&files), Err(WriteError::Duplicate { .. })));
    assert!(names(&dir).is_empty());
}

#[test]
fn a_rename_failing_midway_puts_the_earlier_files_back() {
    let dir = scratch("swap");
    fs::write(dir.join("a.json"), "old a").unwrap();
    fs::create_dir(dir.join("sub")).unwrap();
    let plan = |name: &'static str| {
        let old = fs::metadata(dir.join(name)).ok();
        Planned { given: Path::new(name), file: dir.join(name), old, contents: b"new" }
    };
    let staged: Vec<_> = ["a.json", "b.json", "sub/c.json"].map(|n| set::stage(plan(n), true).unwrap()).into();
    // The last temporary's directory moves away: its rename fails after the first two.
    fs::rename(dir.join("sub"), dir.join("moved")).unwrap();
    let err = set::swap(staged).unwrap_err();
    let WriteError::Swap { state, .. } = &err else { panic!("{err}") };
    assert!(state.new.is_empty(), "{err}");
    assert!(err.to_string().contains("every file of the set is as it was before"), "{err}");
    assert_eq!(fs::read_to_string(dir.join("a.json")).unwrap(), "old a");
    assert!(!dir.join("b.json").exists());
    assert_eq!(names(&dir), ["a.json", "moved"]);
}

#[test]
fn a_mixed_state_is_described_file_by_file() {
    let state = SwapState {
        as_before: vec!["c.json".into()],
        new: vec!["a.json".into(), "b.json".into()],
        old_copies: vec![("a.json".into(), ".a.json.typed-cfn-7-1.tmp".into())],
    };
    assert_eq!(
        state.to_string(),
        "the set is now mixed: new content in a.json, b.json; as before: c.json; \
         the old a.json is kept in .a.json.typed-cfn-7-1.tmp until the next write into its directory; run again to write the whole set"
    );
}

#[test]
fn temporaries_of_a_dead_writer_are_removed_and_live_ones_kept() {
    let dir = scratch("stale");
    // A temporary nobody holds (its writer was killed) and one a live writer holds.
    let stale = dir.join(".t.json.typed-cfn-4194303-0.tmp");
    fs::write(&stale, "partial").unwrap();
    let live = dir.join(".t.json.typed-cfn-1-0.tmp");
    fs::write(&live, "being written").unwrap();
    let held = fs::File::open(&live).unwrap();
    held.lock().unwrap();
    // A file of the user's that only looks similar is never touched.
    fs::write(dir.join("notes.typed-cfn-1-0.tmp"), "mine").unwrap();
    write_file(&dir.join("t.json"), b"{}").unwrap();
    assert!(!stale.exists(), "the dead writer's temporary is removed");
    assert!(live.exists(), "a locked temporary is kept");
    assert!(dir.join("notes.typed-cfn-1-0.tmp").exists());
    drop(held);
}

#[test]
fn temporary_names_are_recognised() {
    for name in [".t.json.typed-cfn-12-0.tmp", ".a.b.typed-cfn-1-99.tmp"] {
        assert!(temporary::is_temporary(name.as_ref()), "{name}");
    }
    for name in ["t.json.typed-cfn-12-0.tmp", ".t.json.typed-cfn-12.tmp", ".t.json.typed-cfn-x-0.tmp", ".t.json.tmp-12"]
    {
        assert!(!temporary::is_temporary(name.as_ref()), "{name}");
    }
}

#[test]
fn errors_say_what_to_do() {
    let err = WriteError::io("out/t.json", Step::Write, std::io::Error::from(std::io::ErrorKind::StorageFull));
    let message = err.to_string();
    assert!(message.starts_with("cannot write out/t.json: writing failed:"), "{message}");
    assert!(message.contains("free some space") && message.ends_with("the file was left as it was"), "{message}");
}

#[cfg(unix)]
#[test]
fn an_error_through_a_link_names_the_file_it_points_to() {
    let dir = scratch("link-error");
    std::os::unix::fs::symlink("gone/t.json", dir.join("link.json")).unwrap();
    let message = write_file(&dir.join("link.json"), b"x").unwrap_err().to_string();
    assert!(message.contains("link.json (a link to ") && message.contains("gone/t.json)"), "{message}");
    assert!(message.contains("create the directory first"), "{message}");
}

/// A real writer killed by SIGKILL: `flock` holds a temporary's lock, as a writer does, until
/// it is killed (`--no-fork`: the lock is held by the process killed, not a child); the
/// temporary is kept while it lives and removed by the next write after.
#[cfg(target_os = "linux")]
#[test]
fn a_temporary_left_by_a_killed_writer_is_removed_by_the_next_write() {
    use std::process::{Command, Stdio};
    let dir = scratch("killed");
    let temporary = dir.join(".t.json.typed-cfn-99-0.tmp");
    fs::write(&temporary, "partial").unwrap();
    let Ok(mut writer) =
        Command::new("flock").arg("--no-fork").arg(&temporary).args(["sleep", "60"]).stdout(Stdio::null()).spawn()
    else {
        eprintln!("flock is not available: skipped");
        return;
    };
    // Wait until the lock is held (flock takes it before running sleep).
    let held = || fs::File::open(&temporary).unwrap().try_lock().is_err();
    let started = std::time::Instant::now();
    while !held() && started.elapsed() < std::time::Duration::from_secs(10) {
        std::thread::sleep(std::time::Duration::from_millis(10));
    }
    if !held() {
        let _ = writer.kill();
        eprintln!("flock --no-fork did not take the lock: skipped");
        return;
    }
    write_file(&dir.join("t.json"), b"1").unwrap();
    assert!(temporary.exists(), "a live writer's temporary is kept");
    writer.kill().unwrap();
    writer.wait().unwrap();
    write_file(&dir.join("t.json"), b"2").unwrap();
    assert!(!temporary.exists(), "the killed writer's temporary is removed");
    assert_eq!(names(&dir), ["t.json"]);
}
