//! Checks a template before it is written: names, references, cycles and CloudFormation's
//! limits. Every problem is collected, so one run reports them all.

mod error;
mod java_regex;
mod parameters;
pub(crate) mod references;
mod tags;

pub use crate::format::printable;
pub use error::{Problem, TemplateError, Warning};

use crate::node::Node;
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
    /// Bytes in the template's `Description`, and in an output's.
    pub const DESCRIPTION_BYTES: usize = 1024;
    /// Bytes of a template body uploaded through S3.
    pub const BODY_BYTES: usize = 1_000_000;
    /// Bytes of a template body passed inline (`--template-body`); larger bodies need S3.
    pub const INLINE_BODY_BYTES: usize = 51_200;
    /// Lists and mappings nested in a written template, the top-level mapping included (an
    /// intrinsic counts as the mapping JSON writes it as). JSON readers stop at a depth such as
    /// this one (the reader of this crate refuses deeper documents), so a deeper template would
    /// be written and never read back.
    pub const NESTING_DEPTH: usize = 127;
}

/// The structural problems of `template`: names, types, counts, lengths, numbers, parameters,
/// tags and references; everything [`crate::emit::check`] does but the final-template check (which an app
/// runs once over all its stacks, and `typed-cfn audit` reports apart).
/// A value nested too deep to be written is reported alone ([`Problem::TooDeep`]): every other
/// check walks values recursively.
pub fn structure(template: &Template) -> Vec<Problem> {
    let mut problems = nesting(template);
    if !problems.is_empty() {
        return problems;
    }
    check_names(template, &mut problems);
    check_resource_types(template, &mut problems);
    check_counts(template, &mut problems);
    check_descriptions(template, &mut problems);
    check_numbers(template, &mut problems);
    parameters::check(template, &mut problems);
    tags::check(template, &mut problems);
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

/// One value of the template as it will be written: where it stands, and how many mappings
/// enclose it in the written document (the top-level mapping counts one).
struct Place<'t> {
    /// The keys from the top, joined with `.` when a problem names the place.
    path: Path<'t>,
    enclosing: usize,
    node: &'t Node,
}

/// Up to four keys from the top of the template (`Resources`, an ID, `Properties`, a name).
struct Path<'t>([&'t str; 4], usize);

impl std::fmt::Display for Path<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0[..self.1].join("."))
    }
}

/// Every value tree the template holds, in every section, with where it stands.
fn places(template: &Template) -> Vec<Place<'_>> {
    fn add<'t>(places: &mut Vec<Place<'t>>, keys: &[&'t str], enclosing: usize, node: &'t Node) {
        let mut path = [""; 4];
        path[..keys.len()].copy_from_slice(keys);
        places.push(Place { path: Path(path, keys.len()), enclosing, node });
    }
    let mut places = Vec::new();
    for (key, value) in &template.metadata {
        add(&mut places, &["Metadata", key], 2, value);
    }
    for (key, value) in &template.rules {
        add(&mut places, &["Rules", key], 2, value);
    }
    for (key, value) in &template.transform_sections {
        add(&mut places, &[key], 1, value);
    }
    for (id, decl) in &template.parameters {
        if let Some(default) = &decl.default {
            add(&mut places, &["Parameters", id, "Default"], 3, default);
        }
        for value in &decl.allowed_values {
            add(&mut places, &["Parameters", id, "AllowedValues"], 4, value);
        }
    }
    for (name, mapping) in &template.mappings {
        for (key, value) in &mapping.0 {
            add(&mut places, &["Mappings", name, key], 3, value);
        }
    }
    for (name, condition) in &template.conditions {
        add(&mut places, &["Conditions", name], 2, condition);
    }
    for (id, decl) in &template.resources {
        for (name, value) in decl.properties.as_map() {
            add(&mut places, &["Resources", id, "Properties", name], 4, value);
        }
        let attributes = &decl.attributes;
        let named = [
            ("Metadata", &attributes.metadata),
            ("CreationPolicy", &attributes.creation_policy),
            ("UpdatePolicy", &attributes.update_policy),
        ];
        for (name, value) in named {
            if let Some(value) = value {
                add(&mut places, &["Resources", id, name], 3, value);
            }
        }
        for (name, value) in &attributes.other {
            add(&mut places, &["Resources", id, name], 3, value);
        }
    }
    for (key, value) in template.resource_loops.iter() {
        add(&mut places, &["Resources", key], 2, value);
    }
    for (id, output) in &template.outputs {
        add(&mut places, &["Outputs", id, "Value"], 3, &output.value);
        if let Some(name) = &output.export_name {
            add(&mut places, &["Outputs", id, "Export", "Name"], 4, name);
        }
    }
    for (key, value) in template.output_loops.iter() {
        add(&mut places, &["Outputs", key], 2, value);
    }
    places
}

/// Values nested deeper than a template can be read back: found without recursion, and
/// checked before anything else walks the template (every later check may recurse).
pub(crate) fn nesting(template: &Template) -> Vec<Problem> {
    let mut problems = Vec::new();
    for place in places(template) {
        let depth = place.enclosing + place.node.depth();
        if depth > limits::NESTING_DEPTH {
            problems.push(Problem::TooDeep { path: place.path.to_string(), depth, limit: limits::NESTING_DEPTH });
        }
    }
    problems
}

/// Numbers that cannot be written: NaN and infinities (JSON has no form for them).
fn check_numbers(template: &Template, problems: &mut Vec<Problem>) {
    for place in places(template) {
        let mut found = false;
        place.node.walk(&mut |n| found |= matches!(n, Node::Float(f) if !f.is_finite()));
        if found {
            problems.push(Problem::NotFinite { path: place.path.to_string() });
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

/// Why `resource_type` is not a type name CloudFormation could know, if it is not:
/// `Service::Group::Resource` (AWS's, Alexa's and third-party registry types alike), with
/// `::MODULE` for a module, or `Custom::Name` for a custom resource.
pub fn resource_type_problem(resource_type: &str) -> Option<&'static str> {
    let parts: Vec<&str> = resource_type.split("::").collect();
    let word = |part: &&str| !part.is_empty() && part.chars().all(|c| c.is_ascii_alphanumeric());
    match parts.as_slice() {
        [] | [""] => Some("it is empty"),
        ["Custom", name] => {
            let valid =
                (1..=60).contains(&name.len()) && name.chars().all(|c| c.is_ascii_alphanumeric() || "_@-".contains(c));
            (!valid).then_some("a custom resource type is `Custom::` and 1 to 60 letters, digits, `_`, `@` or `-`")
        }
        [_, _, _] if parts.iter().all(word) => None,
        [_, _, _, "MODULE"] if parts[..3].iter().all(word) => None,
        _ => Some("a resource type is `Service::Group::Resource` (e.g. `AWS::S3::Bucket`), or `Custom::Name`"),
    }
}

fn check_resource_types(template: &Template, problems: &mut Vec<Problem>) {
    for (logical_id, decl) in &template.resources {
        // A macro named in `Transform` rewrites the template before CloudFormation reads its
        // types, and may define types of its own (`Boto3::…`): outside `AWS::`, such a type is
        // unknown here, not wrong
        // (https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/template-macros.html).
        if !template.transforms().is_empty() && !decl.resource_type.starts_with("AWS::") {
            continue;
        }
        if let Some(reason) = resource_type_problem(&decl.resource_type) {
            problems.push(Problem::InvalidResourceType {
                logical_id: logical_id.clone(),
                resource_type: decl.resource_type.clone(),
                reason,
            });
        }
    }
}

fn check_descriptions(template: &Template, problems: &mut Vec<Problem>) {
    let outputs = template
        .outputs
        .iter()
        .filter_map(|(id, o)| Some((format!("Outputs.{id}.Description"), o.description.as_deref()?)));
    let descriptions =
        template.description.as_deref().map(|d| ("Description".to_owned(), d)).into_iter().chain(outputs);
    for (path, text) in descriptions {
        if text.len() > limits::DESCRIPTION_BYTES {
            problems.push(Problem::TooLong {
                path,
                length: text.len(),
                limit: limits::DESCRIPTION_BYTES,
                unit: "bytes",
            });
        }
    }
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
    if template.resources.is_empty() && template.resource_loops.is_empty() {
        problems.push(Problem::NoResources);
    }
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
