//! The report for people: one block per finding, `path:line: level[rule] Resources.Id`, the
//! message, and the statement to add where one is the fix; then a summary line.

use std::fmt::Write;

use crate::args::AuditOptions;
use crate::audit::{FileReport, Item, Outcome};

pub fn render(reports: &[FileReport], options: &AuditOptions) -> String {
    let mut out = String::new();
    for report in reports {
        match &report.outcome {
            Outcome::Unreadable(why) => {
                let _ = writeln!(out, "{}: unreadable: {why}\n", report.path);
            }
            Outcome::Checked(checked) => {
                for item in &checked.findings {
                    block(&mut out, &report.path, item, item.level.name(), None);
                }
                for suppressed in &checked.suppressed {
                    block(&mut out, &report.path, &suppressed.item, "suppressed", Some(&suppressed.reason));
                }
            }
        }
    }
    let sum = |f: fn(&FileReport) -> usize| reports.iter().map(f).sum::<usize>();
    let unreadable = reports.iter().filter(|r| r.unreadable().is_some()).count();
    let scope = super::scope_name(options).map(|s| format!(" as part of a {s} stack")).unwrap_or_default();
    let _ = writeln!(
        out,
        "typed-cfn audit: {} checked{scope}, {} unreadable: {}, {}, {} suppressed",
        plural(reports.len() - unreadable, "file"),
        unreadable,
        plural(sum(FileReport::errors), "error"),
        plural(sum(FileReport::warnings), "warning"),
        sum(FileReport::suppressed),
    );
    out
}

fn block(out: &mut String, path: &str, item: &Item, label: &str, reason: Option<&str>) {
    let line = item.line.map(|n| format!(":{n}")).unwrap_or_default();
    let _ = writeln!(out, "{path}{line}: {label}[{}] Resources.{}", item.rule, item.resource);
    let _ = writeln!(out, "  {}", item.message);
    if let Some(reason) = reason {
        let _ = writeln!(out, "  suppressed because: {reason}");
    }
    if let Some(fix) = &item.fix {
        let whose = fix.key.as_ref().map(|k| format!(" of `{k}`")).unwrap_or_default();
        let _ = writeln!(out, "  the statement CloudWatch Logs needs in the key policy{whose}:");
        for text in fix.text.lines() {
            let _ = writeln!(out, "    {text}");
        }
    }
    out.push('\n');
}

fn plural(n: usize, word: &str) -> String {
    if n == 1 { format!("1 {word}") } else { format!("{n} {word}s") }
}
