//! Checks a template before it is written: names, references, cycles and CloudFormation's
//! limits. Every problem is collected, so one run reports them all.

mod error;
mod references;

pub use error::{Problem, TemplateError, Warning};

use crate::template::{Section, Template};

/// CloudFormation's quotas that a template can break by itself.
pub mod limits {
    /// Resources per template.
    pub const RESOURCES: usize = 500;
    /// Parameters per template.
    pub const PARAMETERS: usize = 200;
    /// Outputs per template.
    pub const OUTPUTS: usize = 200;
    /// Mappings per template.
    pub const MAPPINGS: usize = 200;
    /// Characters in a logical ID.
    pub const LOGICAL_ID_LENGTH: usize = 255;
    /// Bytes of a template body uploaded through S3.
    pub const BODY_BYTES: usize = 1_000_000;
    /// Bytes of a template body passed inline (`--template-body`); larger bodies need S3.
    pub const INLINE_BODY_BYTES: usize = 51_200;
}

/// Every problem in `template`, or `Ok` with the warnings if there is none. Runs the
/// final-template check ([`crate::check`]) too.
pub fn check(template: &Template) -> Result<Vec<Warning>, TemplateError> {
    let mut problems = structure(template);
    let report = crate::check::run(template);
    problems.extend(report.errors.into_iter().map(Problem::Finding));
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

/// The structural problems of `template`: names, counts, numbers and references; everything
/// [`check`] does but the final-template check (which an app runs once over all its stacks).
pub(crate) fn structure(template: &Template) -> Vec<Problem> {
    let mut problems = Vec::new();
    check_names(template, &mut problems);
    check_counts(template, &mut problems);
    check_numbers(template, &mut problems);
    references::check(template, &mut problems);
    problems
}

/// The size check on a written body: an error past the S3 limit, a warning past the inline one.
pub fn check_size(body: &str) -> Result<Vec<Warning>, TemplateError> {
    let bytes = body.len();
    if bytes > limits::BODY_BYTES {
        return Err(TemplateError::TooLarge { bytes, limit: limits::BODY_BYTES });
    }
    if bytes > limits::INLINE_BODY_BYTES {
        return Ok(vec![Warning::LargerThanInline { bytes, limit: limits::INLINE_BODY_BYTES }]);
    }
    Ok(Vec::new())
}

/// Numbers that cannot be written: NaN and infinities (JSON has no form for them).
fn check_numbers(template: &Template, problems: &mut Vec<Problem>) {
    let mut places: Vec<(String, &crate::node::Node)> = Vec::new();
    for (id, decl) in &template.resources {
        for (name, value) in decl.properties.as_map() {
            places.push((format!("Resources.{id}.Properties.{name}"), value));
        }
        if let Some(metadata) = &decl.attributes.metadata {
            places.push((format!("Resources.{id}.Metadata"), metadata));
        }
    }
    for (id, output) in &template.outputs {
        places.push((format!("Outputs.{id}.Value"), &output.value));
    }
    for (path, node) in places {
        let mut found = false;
        node.walk(&mut |n| found |= matches!(n, crate::node::Node::Float(f) if !f.is_finite()));
        if found {
            problems.push(Problem::NotFinite { path });
        }
    }
}

fn check_names(template: &Template, problems: &mut Vec<Problem>) {
    let sections = [
        (Section::Parameters, template.parameters.keys().collect::<Vec<_>>()),
        (Section::Mappings, template.mappings.keys().collect()),
        (Section::Conditions, template.conditions.keys().collect()),
        (Section::Resources, template.resources.keys().collect()),
        (Section::Outputs, template.outputs.keys().collect()),
    ];
    for (section, names) in sections {
        for name in names {
            // Condition names are not logical IDs: CloudFormation takes other characters there
            // (`Prod&Primary`), and only their length is limited.
            let problem = match section {
                Section::Conditions => condition_name_problem(name),
                _ => logical_id_problem(name),
            };
            if let Some(reason) = problem {
                problems.push(Problem::InvalidName { section, name: name.clone(), reason });
            }
        }
    }
    for (section, name) in &template.duplicates {
        problems.push(Problem::Duplicate { section: *section, name: name.clone() });
    }
    for (logical_id, message) in &template.conflicts {
        problems.push(Problem::Conflict { logical_id: logical_id.clone(), message: message.clone() });
    }
    for (logical_id, resource_type, property) in &template.refused {
        problems.push(Problem::GuardedProperty {
            logical_id: logical_id.clone(),
            resource_type: resource_type.clone(),
            property: property.clone(),
        });
    }
}

/// Why `id` is not a valid logical ID, if it is not.
pub fn logical_id_problem(id: &str) -> Option<String> {
    if id.is_empty() {
        return Some("it is empty".to_owned());
    }
    if let Some(bad) = id.chars().find(|c| !c.is_ascii_alphanumeric()) {
        return Some(format!("`{bad}` is not allowed: use letters A-Z, a-z and digits 0-9 only"));
    }
    if id.len() > limits::LOGICAL_ID_LENGTH {
        return Some(format!("it has {} characters; the limit is {}", id.len(), limits::LOGICAL_ID_LENGTH));
    }
    None
}

/// Why `name` is not a valid condition name, if it is not.
fn condition_name_problem(name: &str) -> Option<String> {
    if name.trim().is_empty() {
        return Some("it is empty".to_owned());
    }
    (name.len() > limits::LOGICAL_ID_LENGTH)
        .then(|| format!("it has {} characters; the limit is {}", name.len(), limits::LOGICAL_ID_LENGTH))
}

/// The 500-resource problem, naming the largest group of resources (by service: `AWS::EC2`) that
/// could move into a nested stack.
fn too_many_resources(template: &Template) -> Problem {
    let mut groups: indexmap::IndexMap<&str, Vec<&str>> = indexmap::IndexMap::new();
    for (id, decl) in &template.resources {
        let service = decl.resource_type.rsplit_once("::").map_or(decl.resource_type.as_str(), |(service, _)| service);
        groups.entry(service).or_default().push(id);
    }
    let (group, ids) = groups.into_iter().max_by_key(|(_, ids)| ids.len()).unwrap_or_default();
    Problem::TooManyResources {
        count: template.resources.len(),
        limit: limits::RESOURCES,
        group: group.to_owned(),
        group_count: ids.len(),
        examples: ids.iter().take(3).map(|id| (*id).to_owned()).collect(),
    }
}

fn check_counts(template: &Template, problems: &mut Vec<Problem>) {
    if template.resources.len() > limits::RESOURCES {
        problems.push(too_many_resources(template));
    }
    let counts = [
        (Section::Parameters, template.parameters.len(), limits::PARAMETERS),
        (Section::Outputs, template.outputs.len(), limits::OUTPUTS),
        (Section::Mappings, template.mappings.len(), limits::MAPPINGS),
    ];
    for (section, count, limit) in counts {
        if count > limit {
            problems.push(Problem::TooMany { section, count, limit });
        }
    }
}
