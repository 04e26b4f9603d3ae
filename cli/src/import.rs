//! `typed-cfn import FILE [--out DIR] [--path CHECKOUT] [--module] [--lenient]`: the template
//! becomes a crate (or one module) that builds it with the typed API (`cfn_import`).

use std::ffi::OsString;
use std::path::PathBuf;

/// The command line of `import`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportOptions {
    pub file: PathBuf,
    pub out: Option<PathBuf>,
    pub path: Option<PathBuf>,
    pub module: bool,
    pub lenient: bool,
}

pub const USAGE: &str = "usage: typed-cfn import FILE [--out DIR] [--path CHECKOUT] [--module] [--lenient]";

/// Parses the arguments after `import`.
pub fn parse(mut args: impl Iterator<Item = OsString>) -> Result<ImportOptions, String> {
    let (mut file, mut out, mut path, mut module, mut lenient) = (None, None, None, false, false);
    while let Some(arg) = args.next() {
        let text = arg.to_str().ok_or("an argument that is not UTF-8")?.to_owned();
        let mut value = |name: &str| -> Result<PathBuf, String> {
            args.next()
                .map(PathBuf::from)
                .filter(|p| !p.as_os_str().is_empty())
                .ok_or(format!("`{name}` needs a value"))
        };
        match text.as_str() {
            "--out" if out.is_none() => out = Some(value("--out")?),
            "--path" if path.is_none() => path = Some(value("--path")?),
            "--module" if !module => module = true,
            "--lenient" if !lenient => lenient = true,
            "--out" | "--path" | "--module" | "--lenient" => return Err(format!("`{text}` given twice")),
            t if t.starts_with('-') => return Err(format!("unknown option `{t}`\n{USAGE}")),
            _ if file.is_none() => file = Some(PathBuf::from(text)),
            _ => return Err(format!("one template at a time\n{USAGE}")),
        }
    }
    let file = file.ok_or(format!("which template?\n{USAGE}"))?;
    Ok(ImportOptions { file, out, path, module, lenient })
}

/// Imports; writes the crate (or module) and prints what was written and what the compiler
/// will report. Returns the exit code: 0 written, 2 not.
pub fn run(options: &ImportOptions) -> (String, u8) {
    let text = match std::fs::read_to_string(&options.file) {
        Ok(t) => t,
        Err(e) => return (format!("typed-cfn import: {}: {e}\n", options.file.display()), 2),
    };
    let import_options = cfn_import::Options {
        lenient: options.lenient,
        // The crate is written elsewhere: a relative checkout is made absolute first.
        path: options.path.as_ref().map(|p| std::fs::canonicalize(p).unwrap_or_else(|_| p.clone())),
        source: options.file.display().to_string(),
    };
    let imported = match cfn_import::import(&text, &import_options) {
        Ok(i) => i,
        Err(e) => return (format!("typed-cfn import: {}: {e}\n", options.file.display()), 2),
    };
    let stem = options.file.file_stem().and_then(|s| s.to_str()).unwrap_or("imported").to_owned();
    let mut report = String::new();
    if options.module {
        let target = options.out.clone().unwrap_or_else(|| PathBuf::from(format!("{}.rs", stem.replace('-', "_"))));
        if let Err(e) = cfn_model::files::write_file(&target, imported.module.as_bytes()) {
            return (format!("typed-cfn import: {}: {e}\n", target.display()), 2);
        }
        report.push_str(&format!("wrote {} (features: {})\n", target.display(), features(&imported)));
    } else {
        let dir = options.out.clone().unwrap_or_else(|| PathBuf::from(&stem));
        if let Err(e) = cfn_import::write_crate(&dir, &imported, &import_options) {
            return (format!("typed-cfn import: {}: {e}\n", dir.display()), 2);
        }
        report.push_str(&format!(
            "wrote {0}/Cargo.toml and {0}/src/main.rs (features: {1}); `cargo run` in {0} prints the template\n",
            dir.display(),
            features(&imported)
        ));
    }
    if imported.findings.is_empty() {
        report.push_str("the program compiles: the template makes none of the mistakes the types exclude\n");
    } else {
        report.push_str(&format!("the program will not compile: {} finding(s)\n", imported.findings.len()));
        for f in &imported.findings {
            report.push_str(&format!("  {}: {}\n", f.resource, f.message));
        }
    }
    (report, 0)
}

fn features(imported: &cfn_import::Imported) -> String {
    imported.features.iter().cloned().collect::<Vec<_>>().join(", ")
}
