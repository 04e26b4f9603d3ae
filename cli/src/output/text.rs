//! The report for people: one block per finding, `path:line: level[rule] Resources.Id`, the
//! message, and the statement to add where one is the fix; then a summary line.

use std::fmt::Write;

use cfn_model::validate::printable;

use crate::args::AuditOptions;
use crate::audit::{FileReport, Item, Outcome};

pub fn render(reports: &[FileReport], options: &AuditOptions) -> String {
    let mut out = String::new();
    for report in reports {
        match &report.outcome {
            Outcome::Unreadable(why) => {
                let _ = writeln!(out, "{}\n", printable(&format!("{}: unreadable: {why}", report.path)));
            }
            Outcome::Skipped(why) => {
                let _ = writeln!(out, "{}\n", printable(&format!("{}: skipped: {why}", report.path)));
            }
            Outcome::Checked(checked) => {
                for item in &checked.findings {
                    let label = match item.existing {
                        Some(true) => format!("{} (existing)", item.level.name()),
                        _ => item.level.name().to_owned(),
                    };
                    block(&mut out, &report.path, item, &label, None);
                }
                for suppressed in &checked.suppressed {
                    block(&mut out, &report.path, &suppressed.item, "suppressed", Some(&suppressed.reason));
                }
            }
        }
    }
    let sum = |f: fn(&FileReport) -> usize| reports.iter().map(f).sum::<usize>();
    let unreadable = reports.iter().filter(|r| r.unreadable().is_some()).count();
    let skipped = reports.iter().filter(|r| r.skipped().is_some()).count();
    let scope = super::scope_name(options).map(|s| format!(" as part of a {s} stack")).unwrap_or_default();
    let existing = sum(FileReport::existing);
    let existing = if existing > 0 { format!(", {existing} existing (in the baseline)") } else { String::new() };
    let _ = writeln!(
        out,
        "typed-cfn audit: {} checked{scope}, {} unreadable{}: {}, {}, {} suppressed{existing}",
        plural(reports.len() - unreadable - skipped, "file"),
        unreadable,
        if skipped > 0 { format!(", {skipped} skipped") } else { String::new() },
        plural(sum(FileReport::errors), "error"),
        plural(sum(FileReport::warnings), "warning"),
        sum(FileReport::suppressed),
    );
    out
}

/// One finding. Everything in it but the labels comes from the file read (names, messages,
/// suppression reasons), so each line is [`printable`]: a template cannot drive the terminal
/// or a CI log with escape sequences.
fn block(out: &mut String, path: &str, item: &Item, label: &str, reason: Option<&str>) {
    let line = item.line.map(|n| format!(":{n}")).unwrap_or_default();
    let resource = if item.resource.is_empty() { String::new() } else { format!(" Resources.{}", item.resource) };
    let mut lines = vec![format!("{path}{line}: {label}[{}]{resource}", item.rule), format!("  {}", item.message)];
    if let Some(reason) = reason {
        lines.push(format!("  suppressed because: {reason}"));
    }
    if let Some(fix) = &item.fix {
        lines.push(format!("  {}:", fix.heading));
        lines.extend(fix.text.lines().map(|text| format!("    {text}")));
    }
    for text in lines {
        let _ = writeln!(out, "{}", printable(&text));
    }
    out.push('\n');
}

fn plural(n: usize, word: &str) -> String {
    if n == 1 { format!("1 {word}") } else { format!("{n} {word}s") }
}
