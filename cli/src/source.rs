//! Reading an input file safely: a pull request can hold any file, and `audit` reads what it
//! holds. A file is read only when it is a regular file inside the roots the command line gives
//! (each DIR, and the directory of each FILE), and at most one byte past CloudFormation's limit
//! on a template body, whatever size the file reports. Devices, named pipes and sockets are
//! never opened (a FIFO would block, `/dev/zero` never ends); a symbolic link is followed only to
//! a file inside the roots.

use std::fs::{File, Metadata, OpenOptions};
use std::io::Read;
use std::path::{Path, PathBuf};

use cfn_model::validate::limits::BODY_BYTES;

/// How the text of a file is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SourceFormat {
    Json,
    Yaml,
}

impl SourceFormat {
    pub fn name(self) -> &'static str {
        match self {
            SourceFormat::Json => "json",
            SourceFormat::Yaml => "yaml",
        }
    }

    /// `.json` as JSON, `.yaml`/`.yml` as YAML, anything else (`.template`, no extension) as
    /// JSON if the text starts with `{`, else as YAML.
    pub fn of(path: &Path, text: &str) -> Self {
        let extension = path.extension().and_then(|e| e.to_str()).map(str::to_ascii_lowercase);
        match extension.as_deref() {
            Some("json") => SourceFormat::Json,
            Some("yaml" | "yml") => SourceFormat::Yaml,
            _ if text.trim_start().starts_with('{') => SourceFormat::Json,
            _ => SourceFormat::Yaml,
        }
    }
}

/// The directories links may lead into: each DIR given, and the directory of each FILE given,
/// as the file system names them (links resolved).
#[derive(Debug, Default, Clone)]
pub struct Roots(Vec<PathBuf>);

impl Roots {
    /// The roots of the paths given on the command line (a path that does not exist adds none).
    pub fn of(paths: &[PathBuf]) -> Self {
        let roots = paths
            .iter()
            .filter_map(|path| match std::fs::metadata(path) {
                Ok(meta) if meta.is_dir() => std::fs::canonicalize(path).ok(),
                Ok(_) => {
                    let dir = match path.parent() {
                        Some(dir) if !dir.as_os_str().is_empty() => dir,
                        _ => Path::new("."),
                    };
                    std::fs::canonicalize(dir).ok()
                }
                Err(_) => None,
            })
            .collect();
        Roots(roots)
    }

    fn contain(&self, path: &Path) -> bool {
        self.0.iter().any(|root| path.starts_with(root))
    }
}

/// Why a file was not read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NotRead {
    /// Not a regular file inside the roots (a device, a pipe, a socket, a link leading out):
    /// not opened at all.
    Refused(String),
    /// A regular file that could not be read, or is not a template's text (too large, not
    /// UTF-8).
    Unreadable(String),
}

impl NotRead {
    pub fn into_message(self) -> String {
        match self {
            NotRead::Refused(why) | NotRead::Unreadable(why) => why,
        }
    }
}

/// The text of the file at `path` (a byte-order mark removed) and how to read it.
pub fn read(path: &Path, roots: &Roots) -> Result<(String, SourceFormat), NotRead> {
    let bytes = read_bytes(path, roots, BODY_BYTES)?;
    let text = String::from_utf8(bytes).map_err(|e| {
        NotRead::Unreadable(format!("not UTF-8 text (invalid byte at offset {})", e.utf8_error().valid_up_to()))
    })?;
    // A byte-order mark is allowed before JSON or YAML text; the parsers do not skip it.
    let text = match text.strip_prefix('\u{feff}') {
        Some(rest) => rest.to_owned(),
        None => text,
    };
    let format = SourceFormat::of(path, &text);
    Ok((text, format))
}

/// The bytes of the regular file at `path`, at most `limit` (more is an error).
///
/// CloudFormation's quota on a template body is 1,000,000 bytes (uploaded through S3; 51,200
/// passed inline): <https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/cloudformation-limits.html>.
pub fn read_bytes(path: &Path, roots: &Roots, limit: usize) -> Result<Vec<u8>, NotRead> {
    let unreadable = |e: std::io::Error| NotRead::Unreadable(describe(&e));
    let own = std::fs::symlink_metadata(path).map_err(unreadable)?;
    let real = if own.file_type().is_symlink() {
        let target = std::fs::canonicalize(path).map_err(|e| match e.kind() {
            std::io::ErrorKind::NotFound => NotRead::Unreadable("a symbolic link to nothing".to_owned()),
            _ => unreadable(e),
        })?;
        if !roots.contain(&target) {
            return Err(NotRead::Refused(format!(
                "a symbolic link to {}, outside the files and directories given: not followed",
                target.display()
            )));
        }
        target
    } else {
        path.to_owned()
    };
    let meta = std::fs::symlink_metadata(&real).map_err(unreadable)?;
    if !meta.is_file() {
        return Err(refused(&meta, own.file_type().is_symlink()));
    }
    let file = open(&real).map_err(unreadable)?;
    // What was opened is what was looked at (it did not change in between).
    let opened = file.metadata().map_err(unreadable)?;
    if !opened.is_file() {
        return Err(refused(&opened, own.file_type().is_symlink()));
    }
    let mut bytes = Vec::with_capacity((opened.len() as usize).min(limit) + 1);
    file.take(limit as u64 + 1).read_to_end(&mut bytes).map_err(unreadable)?;
    if bytes.len() > limit {
        return Err(NotRead::Unreadable(format!(
            "more than the {} bytes CloudFormation accepts in a template body (its quota: \
             https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/cloudformation-limits.html); not read further",
            thousands(limit)
        )));
    }
    Ok(bytes)
}

/// Opens a regular file for reading without following a last link and without waiting (should
/// it have become a named pipe since it was looked at, the open returns at once).
#[cfg(unix)]
fn open(path: &Path) -> std::io::Result<File> {
    use std::os::unix::fs::OpenOptionsExt;
    OpenOptions::new().read(true).custom_flags(NONBLOCK | NOFOLLOW).open(path)
}

#[cfg(not(unix))]
fn open(path: &Path) -> std::io::Result<File> {
    OpenOptions::new().read(true).open(path)
}

#[cfg(any(target_os = "linux", target_os = "android"))]
const NONBLOCK: i32 = 0o4000;
#[cfg(any(target_os = "linux", target_os = "android"))]
const NOFOLLOW: i32 = 0o400000;
#[cfg(all(unix, not(any(target_os = "linux", target_os = "android"))))]
const NONBLOCK: i32 = 0x0004;
#[cfg(all(unix, not(any(target_os = "linux", target_os = "android"))))]
const NOFOLLOW: i32 = 0x0100;

/// Why a file that is not a regular file is not read.
fn refused(meta: &Metadata, through_link: bool) -> NotRead {
    let what = kind(meta);
    let via = if through_link { "a symbolic link to " } else { "" };
    let why = match what {
        "a directory" => "directories are audited when given on the command line, not through links",
        "a named pipe (FIFO)" => "reading it could wait for ever",
        "a socket" => "it is no file",
        _ => "reading a device could never end",
    };
    NotRead::Refused(format!("{via}{what}: not read ({why})"))
}

#[cfg(unix)]
fn kind(meta: &Metadata) -> &'static str {
    use std::os::unix::fs::FileTypeExt;
    let t = meta.file_type();
    if t.is_dir() {
        "a directory"
    } else if t.is_fifo() {
        "a named pipe (FIFO)"
    } else if t.is_socket() {
        "a socket"
    } else if t.is_char_device() {
        "a character device"
    } else if t.is_block_device() {
        "a block device"
    } else {
        "not a regular file"
    }
}

#[cfg(not(unix))]
fn kind(meta: &Metadata) -> &'static str {
    if meta.is_dir() { "a directory" } else { "not a regular file" }
}

/// `1000000` as `1,000,000`.
fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// An I/O error in words, without the "(os error 2)" tail.
pub fn describe(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => "no such file or directory".to_owned(),
        std::io::ErrorKind::PermissionDenied => "permission denied".to_owned(),
        _ => e.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::thousands;

    #[test]
    fn thousands_are_grouped() {
        assert_eq!(thousands(1_000_000), "1,000,000");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(51_200), "51,200");
    }
}
