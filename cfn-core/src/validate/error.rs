//! What validation reports.

use std::fmt;

use crate::format::printable;
use crate::template::Section;

/// Why a template could not be emitted.
///
/// `Debug` prints the same readable report as `Display`, so `fn main() -> Result<(),
/// TemplateError>` with `?` shows every problem and its fix, not the enum's structure.
#[derive(Clone, PartialEq)]
#[non_exhaustive]
pub enum TemplateError {
    /// The template breaks CloudFormation's rules; every problem is listed.
    Invalid(Vec<Problem>),
    /// The written body is larger than CloudFormation accepts even from S3.
    TooLarge {
        /// How much was written when writing stopped: past the limit, not the whole body (which
        /// is never rendered).
        bytes: usize,
        /// The limit.
        limit: usize,
    },
    /// The serializer failed (not expected for a validated template).
    Write(String),
}

impl fmt::Display for TemplateError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            TemplateError::Invalid(problems) => {
                write!(f, "the template is not valid CloudFormation:\n{}", list(problems))
            }
            TemplateError::TooLarge { bytes, limit } => write!(
                f,
                "the template body is more than {limit} bytes (writing stopped at {bytes}); CloudFormation accepts at most {limit}: split the stack into nested stacks or move repeated parts into mappings"
            ),
            TemplateError::Write(message) => write!(f, "could not write the template: {message}"),
        }
    }
}

impl std::error::Error for TemplateError {}

impl fmt::Debug for TemplateError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self, f)
    }
}

impl TemplateError {
    /// The problems, if the template was invalid.
    pub fn problems(&self) -> &[Problem] {
        match self {
            TemplateError::Invalid(problems) => problems,
            _ => &[],
        }
    }
}

fn list(problems: &[Problem]) -> String {
    problems.iter().map(|p| format!("  - {p}")).collect::<Vec<_>>().join("\n")
}

/// One thing wrong with a template.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum Problem {
    /// A logical ID or name that CloudFormation rejects.
    InvalidName {
        /// Where it was declared.
        section: Section,
        /// The name.
        name: String,
        /// Why it is rejected.
        reason: String,
    },
    /// A name declared twice (parameters and resources share one namespace).
    Duplicate {
        /// Where the second declaration was made.
        section: Section,
        /// The name.
        name: String,
    },
    /// A `Ref`, `Fn::GetAtt`, `Fn::Sub` variable or `DependsOn` naming nothing in the template.
    MissingTarget {
        /// Where the reference stands (e.g. `Resources.Bucket.Properties`).
        at: String,
        /// How it refers (`Ref`, `Fn::GetAtt`, `Fn::Sub`, `DependsOn`).
        via: &'static str,
        /// The name it refers to.
        target: String,
        /// What it may name there.
        expected: &'static str,
    },
    /// A guarded property set through the untyped escape hatch.
    GuardedProperty {
        /// The resource's logical ID.
        logical_id: String,
        /// The resource type.
        resource_type: String,
        /// The property.
        property: String,
    },
    /// A property set against a value a typed setter fixed (a database renamed after its log
    /// groups were named for it).
    Conflict {
        /// The resource's logical ID.
        logical_id: String,
        /// What happened and how to fix it.
        message: String,
    },
    /// What the final-template check found: AWS would refuse the template, or a scoped stack
    /// breaks its regime.
    Finding(Box<crate::check::Finding>),
    /// A suppression in a resource's `Metadata` that cannot be taken.
    InvalidSuppression {
        /// The resource's logical ID.
        logical_id: String,
        /// What is wrong with it.
        message: String,
    },
    /// An `Fn::Sub` string that does not parse.
    InvalidSub {
        /// Where the string stands.
        at: String,
        /// What is wrong and how to fix it.
        message: String,
    },
    /// An `Fn::GetAtt` or `${Name.Attribute}` asking an attribute of a parameter or a pseudo
    /// parameter, which have none.
    AttributeOfParameter {
        /// Where the reference stands.
        at: String,
        /// How it refers (`Fn::GetAtt`, `Fn::Sub`).
        via: &'static str,
        /// The parameter's name.
        name: String,
        /// "a parameter" or "a pseudo parameter".
        kind: &'static str,
    },
    /// An intrinsic function given arguments it does not take (`Fn::And` of one condition).
    InvalidIntrinsic {
        /// Where it stands.
        at: String,
        /// The function.
        function: crate::node::Function,
        /// What is wrong and how to fix it.
        message: String,
    },
    /// Conditions that use each other in a circle (a condition using itself included).
    ConditionCycle {
        /// The condition names in order, the first repeated at the end.
        path: Vec<String>,
    },
    /// A condition name, used in `Fn::If` or a `Condition` attribute, that is not declared.
    MissingCondition {
        /// Where the reference stands.
        at: String,
        /// The condition's name.
        name: String,
    },
    /// An `Fn::FindInMap` naming a mapping that is not declared.
    MissingMapping {
        /// Where the reference stands.
        at: String,
        /// The mapping's name.
        name: String,
    },
    /// Resources that depend on each other in a circle; CloudFormation cannot order them.
    Cycle {
        /// The logical IDs in order, the first repeated at the end.
        path: Vec<String>,
    },
    /// A number with no JSON or YAML form CloudFormation reads (NaN, an infinity): it would be
    /// written as `null`.
    NotFinite {
        /// Where it is: `Resources.Queue.Properties.DelaySeconds`.
        path: String,
    },
    /// A value nested so deep that the written template could not be read back.
    TooDeep {
        /// Where the value stands: `Resources.Policy.Properties.PolicyDocument`.
        path: String,
        /// How deep the written document would be there, the top-level mapping counted.
        depth: usize,
        /// The deepest a template may be ([`crate::validate::limits::NESTING_DEPTH`]).
        limit: usize,
    },
    /// A resource type no resource could have (`""`, `Not a type`).
    InvalidResourceType {
        /// The resource's logical ID.
        logical_id: String,
        /// The type as given.
        resource_type: String,
        /// What a type looks like.
        reason: &'static str,
    },
    /// A template without resources: CloudFormation requires at least one.
    NoResources,
    /// A text longer than CloudFormation takes there.
    TooLong {
        /// Where: `Description`, `Outputs.Arn.Description`.
        path: String,
        /// Its length.
        length: usize,
        /// The limit.
        limit: usize,
        /// What is counted: "bytes" or "characters".
        unit: &'static str,
    },
    /// A parameter declaration that no value could satisfy, or that CloudFormation refuses.
    InvalidParameter {
        /// The parameter's logical ID.
        name: String,
        /// What is wrong and how to fix it.
        message: String,
    },
    /// A tag AWS refuses: an empty key, a key past 128 characters or starting with `aws:`, a
    /// value past 256 characters.
    InvalidTag {
        /// Where the tag stands: `Resources.Bucket.Properties.Tags`.
        at: String,
        /// What is wrong.
        message: String,
    },
    /// More resources than CloudFormation allows in one template, with the largest group (by
    /// service) that could move into a nested stack.
    TooManyResources {
        /// How many there are.
        count: usize,
        /// The limit.
        limit: usize,
        /// The service prefix of the largest group (`AWS::EC2`).
        group: String,
        /// How many resources that group holds.
        group_count: usize,
        /// Its first logical IDs, for the message.
        examples: Vec<String>,
    },
    /// More entries in a section than CloudFormation allows.
    TooMany {
        /// The section.
        section: Section,
        /// How many there are.
        count: usize,
        /// The limit.
        limit: usize,
    },
}

/// Each problem is one line, every name in it [`printable`].
impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&printable(&Message(self).to_string()))
    }
}

/// A problem's message as composed, before [`printable`].
struct Message<'p>(&'p Problem);

impl fmt::Display for Message<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            Problem::InvalidName { section, name, reason } => {
                write!(f, "{}: `{name}` is not a valid logical ID: {reason}", section.as_str())
            }
            Problem::Duplicate { section: section @ (Section::Parameters | Section::Resources), name } => write!(
                f,
                "{}: `{name}` is declared twice (parameters and resources share one namespace); give each a unique logical ID",
                section.as_str()
            ),
            Problem::Duplicate { section, name } => write!(
                f,
                "{}: `{name}` is declared twice in {}; give each a unique name",
                section.as_str(),
                section.as_str()
            ),
            Problem::MissingTarget { at, via, target, expected } => write!(
                f,
                "{at}: {via} names `{target}`, which is not in the template; {via} here may name {expected}. Add it to the template, or fix the name"
            ),
            Problem::GuardedProperty { logical_id, resource_type, property } => write!(
                f,
                "Resources.{logical_id}: `{property}` of {resource_type} is guarded and cannot be set through RawResource; use {}",
                cfn_guards::guarded_fix(resource_type, property).unwrap_or("the typed API")
            ),
            Problem::Conflict { logical_id, message } => write!(f, "Resources.{logical_id}: {message}"),
            Problem::Finding(finding) => write!(f, "{finding}"),
            Problem::InvalidSuppression { logical_id, message } => {
                write!(f, "Resources.{logical_id}: Metadata.{}: {message}", crate::check::METADATA_KEY)
            }
            Problem::InvalidSub { at, message } => write!(f, "{at}: Fn::Sub: {message}"),
            Problem::MissingCondition { at, name } => write!(
                f,
                "{at}: condition `{name}` is not declared; add it with `Template::condition`, or fix the name"
            ),
            Problem::MissingMapping { at, name } => write!(
                f,
                "{at}: Fn::FindInMap names mapping `{name}`, which is not declared; add it with `Template::mapping`"
            ),
            Problem::AttributeOfParameter { at, via, name, kind } => write!(
                f,
                "{at}: {via} asks an attribute of `{}`, which is {kind}: parameters have no attributes. Use its value: `Ref` (in `Fn::Sub`, `${{{}}}`)",
                name, name
            ),
            Problem::InvalidIntrinsic { at, function, message } => write!(f, "{at}: {} {message}", function.json_key()),
            Problem::ConditionCycle { path } if path.len() == 2 => write!(
                f,
                "Conditions: `{}` uses itself (`Condition: {}` inside it); a condition can only use other conditions",
                path[0], path[0]
            ),
            Problem::ConditionCycle { path } => write!(
                f,
                "Conditions: {} use each other in a circle; CloudFormation cannot evaluate any of them. Write one of them without the others",
                path.join(" -> ")
            ),
            Problem::Cycle { path } if path.len() == 2 => write!(
                f,
                "Resources.{}: the resource refers to itself (a `Ref`, `Fn::GetAtt`, `Fn::Sub` or `DependsOn` of its own logical ID); CloudFormation cannot create it. Refer to its values some other way (a pseudo parameter, or a name built from `AWS::StackName`)",
                path[0]
            ),
            Problem::Cycle { path } => write!(
                f,
                "Resources: circular dependency {}; CloudFormation cannot create these in any order. Break the circle, e.g. by moving a policy or rule into a resource of its own",
                path.join(" -> ")
            ),
            Problem::NotFinite { path } => write!(
                f,
                "{path}: NaN or an infinity has no form in JSON or YAML that CloudFormation reads (it would be written as null); give a finite number"
            ),
            Problem::TooDeep { path, depth, limit } => write!(
                f,
                "{path}: the value is nested so deep that the template would be {depth} levels deep (lists, mappings and intrinsics, the top-level mapping counted); templates are read back to {limit} levels at most. Flatten the value"
            ),
            Problem::InvalidResourceType { logical_id, resource_type, reason } => {
                write!(f, "Resources.{logical_id}.Type: `{resource_type}` is not a resource type: {reason}")
            }
            Problem::NoResources => write!(
                f,
                "Resources: the template has no resources; CloudFormation requires at least one (add one, or a `AWS::CloudFormation::WaitConditionHandle` as a placeholder)"
            ),
            Problem::TooLong { path, length, limit, unit } => {
                write!(f, "{path}: {length} {unit}; CloudFormation takes at most {limit}. Shorten it")
            }
            Problem::InvalidParameter { name, message } => write!(f, "Parameters.{name}: {message}"),
            Problem::InvalidTag { at, message } => write!(f, "{at}: {message}"),
            Problem::TooManyResources { count, limit, group, group_count, examples } => write!(
                f,
                "Resources: {count} entries; CloudFormation allows at most {limit}. Move a group into a nested stack (`App::add_nested` in `typed_cfn::app`, feature `app`): the largest is the {group_count} {group} resources ({}{})",
                examples.join(", "),
                if *group_count > examples.len() { ", …" } else { "" }
            ),
            Problem::TooMany { section, count, limit } => write!(
                f,
                "{}: {count} entries; CloudFormation allows at most {limit}. Split the stack into nested stacks",
                section.as_str()
            ),
        }
    }
}

/// Something worth knowing that does not stop the template.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum Warning {
    /// What the final-template check found that does not stop a template outside a scoped stack.
    Finding(crate::check::Finding),
    /// The body is too large to pass inline and must be uploaded to S3.
    LargerThanInline {
        /// The body's size.
        bytes: usize,
        /// The inline limit.
        limit: usize,
    },
    /// A parameter of an app's stack with no `Default` and no value for the deployment
    /// (`App::parameter_value`): creating the stack fails until one is given.
    ParameterWithoutValue {
        /// The parameter.
        parameter: String,
    },
}

impl fmt::Display for Warning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Warning::Finding(finding) => write!(f, "{finding}"),
            Warning::LargerThanInline { bytes, limit } => write!(
                f,
                "the template body is {bytes} bytes, over the {limit}-byte limit for inline templates: upload it to S3 (`aws cloudformation deploy --s3-bucket …` does this)"
            ),
            Warning::ParameterWithoutValue { parameter } => write!(
                f,
                "parameter `{parameter}` has no `Default` and no value for the deployment, so creating the stack fails (\"Parameters: [{parameter}] must have values\"); give it a value with `App::parameter_value`, or a `Default`"
            ),
        }
    }
}
