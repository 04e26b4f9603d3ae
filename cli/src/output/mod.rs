//! The report, in the form asked for.

mod json;
mod sarif;
mod text;

use crate::args::{AuditOptions, ReportFormat};
use crate::audit::FileReport;

/// The whole report as text; `exit_code` is what the program will exit with (the JSON report
/// carries it).
pub fn render(reports: &[FileReport], options: &AuditOptions, exit_code: u8) -> String {
    match options.format {
        ReportFormat::Text => text::render(reports, options),
        ReportFormat::Json => json::render(reports, options, exit_code),
        ReportFormat::Sarif => sarif::render(reports),
    }
}

/// The name of the scope as the library spells it (`Compliance::NAME`).
fn scope_name(options: &AuditOptions) -> Option<&'static str> {
    use cfn_model::secure::{Compliance, Hipaa, Pci};
    options.scope.map(|scope| match scope {
        crate::args::Scope::Pci => Pci::NAME,
        crate::args::Scope::Hipaa => Hipaa::NAME,
    })
}
