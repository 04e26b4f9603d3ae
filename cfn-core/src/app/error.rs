//! What can stop an app from being emitted.

use std::fmt;
use std::path::PathBuf;

use crate::check::Finding;
use crate::validate::{Problem, TemplateError};

/// Why an app could not be emitted or written.
///
/// `Debug` prints the same readable report as `Display`, so `fn main() -> Result<(), AppError>`
/// with `?` shows every problem and its fix.
#[non_exhaustive]
pub enum AppError {
    /// The app breaks a rule of apps or of CloudFormation; every problem is listed.
    Invalid {
        /// The app's name.
        app: String,
        /// Every problem found.
        problems: Vec<AppProblem>,
    },
    /// The app's files could not be written as a set; what each file holds is in the message.
    Write(Box<cfn_files::WriteError>),
    /// The directory could not be created or tidied.
    Io {
        /// The path being written.
        path: PathBuf,
        /// What the file system said.
        source: std::io::Error,
    },
}

impl fmt::Display for AppError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            AppError::Invalid { app, problems } => {
                write!(f, "app `{app}` cannot be deployed as it is:\n{}", list(problems))
            }
            AppError::Write(error) => write!(f, "could not write the app: {error}"),
            AppError::Io { path, source } => write!(f, "could not write the app into {}: {source}", path.display()),
        }
    }
}

impl std::error::Error for AppError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            AppError::Io { source, .. } => Some(source),
            AppError::Invalid { .. } | AppError::Write(_) => None,
        }
    }
}

impl fmt::Debug for AppError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self, f)
    }
}

impl AppError {
    /// The problems, if the app was invalid.
    pub fn problems(&self) -> &[AppProblem] {
        match self {
            AppError::Invalid { problems, .. } => problems,
            AppError::Io { .. } | AppError::Write(_) => &[],
        }
    }
}

fn list(problems: &[AppProblem]) -> String {
    problems.iter().map(|p| format!("  - {p}")).collect::<Vec<_>>().join("\n")
}

/// One thing wrong with an app.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum AppProblem {
    /// An app without stacks: nothing to deploy.
    NoStacks,
    /// The app's or a stack's name cannot be part of a CloudFormation stack name.
    InvalidName {
        /// The name.
        name: String,
        /// Why it is refused.
        reason: String,
    },
    /// A nested stack or StackSet whose parent cannot hold it.
    Placement {
        /// The stack.
        stack: String,
        /// What is wrong with its parent, and the fix.
        reason: String,
    },
    /// Two stacks of the app have one name.
    DuplicateStack {
        /// The name.
        name: String,
    },
    /// A resource's logical ID is declared by more than one stack: references across stacks
    /// are resolved by logical ID, so each must be unique in the app.
    DuplicateLogicalId {
        /// The logical ID.
        logical_id: String,
        /// The stacks that declare it.
        stacks: Vec<String>,
    },
    /// A reference names something no stack of the app declares.
    UnknownReference {
        /// The stack the reference stands in.
        stack: String,
        /// Where in that stack.
        at: String,
        /// The name referred to.
        target: String,
    },
    /// A reference names a parameter that the stack lacks and several other stacks declare.
    AmbiguousParameter {
        /// The stack the reference stands in.
        stack: String,
        /// The parameter's name.
        parameter: String,
        /// The stacks that declare it.
        stacks: Vec<String>,
    },
    /// A stack of a StackSet refers to another stack, or another stack to it: its instances
    /// run in other accounts and Regions, where neither exports nor parameters reach.
    StackSetReference {
        /// The stack that refers.
        stack: String,
        /// The name referred to.
        target: String,
        /// The stack that holds it.
        owner: String,
    },
    /// A list of another stack (a list attribute, a `List<…>` or `CommaDelimitedList` parameter)
    /// named inside an `Fn::Sub` string, where only a string may stand.
    ListInString {
        /// The stack the reference stands in.
        stack: String,
        /// Where in that stack.
        at: String,
        /// What is named: `Vpc.Ipv6CidrBlocks`, or a parameter's name.
        target: String,
        /// The stack that holds it.
        owner: String,
    },
    /// A resource or parameter of another stack named where CloudFormation takes parameters
    /// only (`Conditions`, `Rules`, an export's name): `Fn::ImportValue` cannot stand there.
    ParametersOnly {
        /// The stack the reference stands in.
        stack: String,
        /// Where in that stack.
        at: String,
        /// The name referred to.
        target: String,
        /// The stack that holds it.
        owner: String,
        /// Whether the name is a resource's (else a parameter's).
        resource: bool,
        /// Whether the value is a list, which crosses joined and needs `Fn::Split` where used.
        list: bool,
    },
    /// A value given with [`App::parameter_value`](super::App::parameter_value) that the
    /// deployment cannot take.
    ParameterValue {
        /// The stack.
        stack: String,
        /// The parameter's name.
        parameter: String,
        /// Why it is refused, and the fix.
        reason: String,
    },
    /// A `NoEcho` parameter used by a stack its value would reach through an output (an export,
    /// or a nested stack's output): outputs are shown in plain text.
    NoEchoAcross {
        /// The stack that uses it.
        stack: String,
        /// The parameter.
        parameter: String,
        /// The stack that declares it.
        owner: String,
    },
    /// One export name given by more than one output of the app: CloudFormation takes each name
    /// once in an account and Region.
    DuplicateExport {
        /// The name.
        name: String,
        /// `stack.Output` of each output that gives it.
        outputs: Vec<String>,
    },
    /// A condition of another stack named in a `Condition` attribute or an `Fn::If`: a
    /// condition belongs to the template that declares it.
    ConditionAcross {
        /// The stack that names it.
        stack: String,
        /// Where in that stack.
        at: String,
        /// The condition's name.
        condition: String,
        /// The stack that declares it.
        owner: String,
    },
    /// Stacks that import from each other in a circle: none can be deployed first.
    Cycle {
        /// The stacks in order, the first repeated at the end.
        stacks: Vec<String>,
        /// One reference per step of the circle, in words.
        because: Vec<String>,
    },
    /// A generated export name is longer than CloudFormation takes.
    ExportNameTooLong {
        /// The name.
        name: String,
    },
    /// A StackSet's member template is too large to pass inline and no URL was given.
    StackSetTooLarge {
        /// The member stack.
        stack: String,
        /// Its size in bytes.
        bytes: usize,
    },
    /// A stack's template is not valid CloudFormation.
    Stack {
        /// The stack.
        stack: String,
        /// What is wrong.
        problem: Problem,
    },
    /// A stack's template could not be written (larger than CloudFormation takes).
    Write {
        /// The stack.
        stack: String,
        /// What the writer said.
        error: TemplateError,
    },
    /// What the final-template check found, run over every stack of the app at once.
    Finding {
        /// The stack that holds the resource.
        stack: String,
        /// The finding (boxed: it is the largest problem, and errors stay small).
        finding: Box<Finding>,
    },
}

impl fmt::Display for AppProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            AppProblem::NoStacks => write!(f, "the app has no stacks: add one with `App::add_stack`"),
            AppProblem::InvalidName { name, reason } => write!(f, "`{name}` cannot name an app or a stack: {reason}"),
            AppProblem::Placement { stack, reason } => write!(f, "stack `{stack}`: {reason}"),
            AppProblem::DuplicateStack { name } => {
                write!(f, "two stacks are named `{name}`: give each stack of the app a name of its own")
            }
            AppProblem::DuplicateLogicalId { logical_id, stacks } => write!(
                f,
                "logical ID `{logical_id}` is declared by stacks {}: an app resolves references across stacks by logical ID, so each resource needs an ID unique in the app; rename all but one",
                quoted(stacks)
            ),
            AppProblem::UnknownReference { stack, at, target } => write!(
                f,
                "stack `{stack}`: {at} names `{target}`, which no stack of the app declares; add the stack that holds it to the App (`App::add_stack`), or fix the name"
            ),
            AppProblem::AmbiguousParameter { stack, parameter, stacks } => write!(
                f,
                "stack `{stack}` refers to parameter `{parameter}`, which it does not declare and stacks {} all do; declare it in `{stack}` too",
                quoted(stacks)
            ),
            AppProblem::StackSetReference { stack, target, owner } => write!(
                f,
                "stack `{stack}` refers to `{target}` of stack `{owner}`, but one of them is deployed by a StackSet into other accounts and Regions, where no export or parameter of the app reaches; give the StackSet's template what it needs as its own resources or parameters"
            ),
            AppProblem::ListInString { stack, at, target, owner } => write!(
                f,
                "stack `{stack}`: {at} names `{target}` of stack `{owner}` inside an `Fn::Sub` string, but it is a list and a string can hold only a string; pass it in a variable of the `Fn::Sub` as `Fn::Join` of its items, or `Fn::Select` one"
            ),
            AppProblem::ParametersOnly { stack, at, target, owner, list: true, .. } => write!(
                f,
                "stack `{stack}`: {at} names list `{target}` of stack `{owner}`, but a list crosses stacks as one joined string that only `Fn::Split` makes a list again, and `Conditions`, `Rules` and export names take the stack's own parameters only; declare a `CommaDelimitedList` parameter in `{stack}` and give it the same value (`App::parameter_value`)"
            ),
            AppProblem::ParametersOnly { stack, at, target, owner, resource, list: false } => {
                write!(
                    f,
                    "stack `{stack}`: {at} names `{target}` of stack `{owner}`, but CloudFormation takes only the stack's own parameters there (`Conditions`, `Rules` and export names are read before any resource exists or any value is imported, so `Fn::ImportValue` cannot stand there); "
                )?;
                if *resource {
                    write!(
                        f,
                        "nest `{stack}` in `{owner}` (`App::add_nested`), which passes the value in as a parameter, or move what depends on it into `{owner}`"
                    )
                } else {
                    write!(
                        f,
                        "declare parameter `{target}` in `{stack}` as well and give both stacks its value (`App::parameter_value`), or nest `{stack}` in `{owner}` (`App::add_nested`), which passes it in"
                    )
                }
            }
            AppProblem::ParameterValue { stack, parameter, reason } => {
                write!(f, "stack `{stack}`: a value is given for parameter `{parameter}`, but {reason}")
            }
            AppProblem::NoEchoAcross { stack, parameter, owner } => write!(
                f,
                "stack `{stack}` uses `NoEcho` parameter `{parameter}` of stack `{owner}`, which would reach it through an output, and outputs (exports included) are shown in plain text to anyone who may describe the stack; declare the parameter `NoEcho` in `{stack}` too and give it at deploy time, or read the secret in both stacks with a dynamic reference (`{{{{resolve:secretsmanager:…}}}}`)"
            ),
            AppProblem::DuplicateExport { name, outputs } => write!(
                f,
                "export name `{name}` is given by outputs {}; CloudFormation takes each export name once in an account and Region: rename all but one (the app's own exports are `{{app}}-{{stack}}-{{LogicalId}}[-{{Attribute}}]`)",
                quoted(outputs)
            ),
            AppProblem::ConditionAcross { stack, at, condition, owner } => write!(
                f,
                "stack `{stack}`: {at} names condition `{condition}` of stack `{owner}`, but a condition belongs to its own template and nothing carries it to another; declare it in `{stack}` too, over parameters given the same values (`App::parameter_value`)"
            ),
            AppProblem::Cycle { stacks, because } => write!(
                f,
                "stacks {} import from each other in a circle ({}); CloudFormation cannot deploy any of them first. Move what they share into a stack of its own that all of them import from",
                stacks.iter().map(|s| format!("`{s}`")).collect::<Vec<_>>().join(" -> "),
                because.join("; ")
            ),
            AppProblem::ExportNameTooLong { name } => write!(
                f,
                "export name `{name}` is longer than CloudFormation's 255 characters; shorten the app's or the stack's name, or the logical ID"
            ),
            AppProblem::StackSetTooLarge { stack, bytes } => write!(
                f,
                "the template of StackSet stack `{stack}` is {bytes} bytes, over the 51,200 bytes a StackSet takes inline: upload it to S3 and give its URL with `StackSet::template_url`"
            ),
            AppProblem::Stack { stack, problem } => write!(f, "stack `{stack}`: {problem}"),
            AppProblem::Write { stack, error } => write!(f, "stack `{stack}`: {error}"),
            AppProblem::Finding { stack, finding } => write!(f, "stack `{stack}`: {finding}"),
        }
    }
}

fn quoted(names: &[String]) -> String {
    names.iter().map(|s| format!("`{s}`")).collect::<Vec<_>>().join(", ")
}
