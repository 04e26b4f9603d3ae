//! The emit pipeline: what stands between a built template and its text. Validation (names,
//! references, CloudFormation's limits: [`crate::validate`]), then the final-template check
//! ([`crate::check`]), then writing ([`crate::format`]) with the size limits. [`Template::emit`]
//! runs all of it; an app validates each stack, checks them together, then writes each with
//! `Template::write`; a reader of existing templates (`typed-cfn audit`) calls [`review`], which
//! holds the depth guard, so that all of them refuse the same things.

use crate::check;
use crate::format::json_write::{self, Layout};
use crate::format::write::{WriteError, WriteTo};
use crate::format::{Format, Styled, yaml_write};
use crate::node::Node;
use crate::template::Template;
use crate::validate::{self, Problem, TemplateError, Warning};

/// A template body that passed validation, with anything worth knowing that did not stop it.
#[derive(Debug, Clone, PartialEq)]
pub struct Emitted {
    /// The template text.
    pub body: String,
    /// Findings that do not stop deployment (e.g. a body too large to pass inline).
    pub warnings: Vec<Warning>,
}

/// What the pipeline finds in a template before writing it.
#[derive(Debug)]
#[non_exhaustive]
pub struct Review {
    /// What CloudFormation refuses outright: names, references, cycles, limits
    /// ([`validate::structure`]).
    pub problems: Vec<Problem>,
    /// The final-template check's report, or `None` when a value is nested too deep to walk
    /// (then [`Problem::TooDeep`] is among the problems and is reported alone).
    pub report: Option<check::Report>,
}

impl Review {
    /// Every problem, or `Ok` with the warnings if there is none: the findings of the check at
    /// level error, and invalid suppressions, are problems; its warnings are warnings.
    pub fn into_result(self) -> Result<Vec<Warning>, TemplateError> {
        let mut problems = self.problems;
        let Some(report) = self.report else {
            return Err(TemplateError::Invalid(problems));
        };
        problems.extend(report.errors.into_iter().map(|finding| Problem::Finding(Box::new(finding))));
        problems.extend(
            report
                .invalid_suppressions
                .into_iter()
                .map(|(logical_id, message)| Problem::InvalidSuppression { logical_id, message }),
        );
        if problems.is_empty() {
            Ok(report.warnings.into_iter().map(Warning::Finding).collect())
        } else {
            Err(TemplateError::Invalid(problems))
        }
    }
}

/// Validates `template` and runs the final-template check on it, unless a value is too deep for
/// the check to walk.
pub fn review(template: &Template) -> Review {
    let problems = validate::structure(template);
    if problems.iter().any(|p| matches!(p, Problem::TooDeep { .. })) {
        // The final-template check walks values recursively: a value this deep is reported alone.
        return Review { problems, report: None };
    }
    Review { problems, report: Some(check::run(template)) }
}

/// Every problem in `template`, or `Ok` with the warnings if there is none: [`review`], as a
/// result.
pub fn check(template: &Template) -> Result<Vec<Warning>, TemplateError> {
    review(template).into_result()
}

/// Writes one node as text in `format`, without validation (useful to show a single value,
/// such as a policy document).
pub fn write_node(node: &Node, format: Format) -> Result<String, TemplateError> {
    let depth = node.depth();
    if depth > validate::limits::NESTING_DEPTH {
        let path = "the value".to_owned();
        return Err(TemplateError::Invalid(vec![validate::Problem::TooDeep {
            path,
            depth,
            limit: validate::limits::NESTING_DEPTH,
        }]));
    }
    write_text(&Styled::new(node), format, usize::MAX).map_err(|e| TemplateError::Write(e.to_string()))
}

/// `value` as text in `format`, refusing to grow past `limit` bytes.
fn write_text(value: &dyn WriteTo, format: Format, limit: usize) -> Result<String, WriteError> {
    match format {
        Format::Json => json_write::to_string(value, Layout::Indented, limit),
        Format::JsonCompact => json_write::to_string(value, Layout::Compact, limit),
        Format::Yaml => yaml_write::to_string(value, limit),
    }
}

impl Template {
    /// Validates the template and writes it in `format`, with any warnings.
    pub fn emit(&self, format: Format) -> Result<Emitted, TemplateError> {
        let warnings = check(self)?;
        self.write(format, warnings)
    }

    /// Writes a template that was validated by the caller (an app validates its stacks, then runs
    /// the final-template check once over all of them), adding the size warnings to `warnings`.
    pub(crate) fn write(&self, format: Format, mut warnings: Vec<Warning>) -> Result<Emitted, TemplateError> {
        let view = crate::template::sections::TemplateView(self);
        // Writing stops as soon as the text grows past CloudFormation's limit: a body too large
        // to deploy is never rendered whole. The limit is CloudFormation's on a body:
        // <https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/cloudformation-limits.html>.
        let limit = validate::limits::BODY_BYTES;
        let mut body = write_text(&view, format, limit).map_err(|e| match e {
            WriteError::TooLarge { bytes } => TemplateError::TooLarge { bytes, limit },
            WriteError::Unsupported(message) => TemplateError::Write(message),
        })?;
        if format != Format::Yaml {
            // The YAML document ends with its line; JSON gets one too.
            body.push('\n');
        }
        warnings.extend(validate::check_size(&body)?);
        Ok(Emitted { body, warnings })
    }

    /// Validates the template and writes it as indented JSON.
    pub fn to_json(&self) -> Result<String, TemplateError> {
        self.emit(Format::Json).map(|e| e.body)
    }

    /// Validates the template and writes it as one-line JSON.
    pub fn to_json_compact(&self) -> Result<String, TemplateError> {
        self.emit(Format::JsonCompact).map(|e| e.body)
    }

    /// Validates the template and writes it as YAML with short-form tags.
    pub fn to_yaml(&self) -> Result<String, TemplateError> {
        self.emit(Format::Yaml).map(|e| e.body)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::value::Value;

    fn nested(levels: usize) -> Node {
        let mut node = Node::Int(1);
        for _ in 0..levels {
            node = Node::List(vec![node]);
        }
        node
    }

    #[test]
    fn a_value_too_deep_to_walk_is_reported_alone_without_the_check() {
        let mut template = Template::new();
        template.set_metadata("Deep", Value::<crate::Json>::from_node(nested(validate::limits::NESTING_DEPTH + 5)));
        let review = review(&template);
        assert!(review.report.is_none());
        assert!(matches!(review.problems.as_slice(), [Problem::TooDeep { .. }]), "{:?}", review.problems);
        let message = review.into_result().unwrap_err().to_string();
        assert!(message.starts_with("the template is not valid CloudFormation:\n"), "{message}");
        assert_eq!(template.emit(Format::Json).unwrap_err().to_string(), message);
    }

    #[test]
    fn the_check_runs_beside_structural_problems_and_emit_reports_the_same() {
        // No resources: CloudFormation refuses the template, and the check still runs.
        let mut template = Template::new();
        template.set_metadata("Note", Value::<crate::Json>::from_node(Node::string("kept")));
        let review = review(&template);
        assert!(!review.problems.is_empty());
        assert!(review.report.is_some(), "the final-template check ran");
        let message = review.into_result().unwrap_err().to_string();
        assert_eq!(template.emit(Format::JsonCompact).unwrap_err().to_string(), message);
    }
}
