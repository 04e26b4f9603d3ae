//! Parameter declarations that no value could satisfy, or that CloudFormation refuses: bounds
//! the wrong way round, a default the constraints reject, a pattern that is not a regex.

use crate::node::Node;
use crate::template::Template;
use crate::template::parameter::{ParameterDecl, ParameterType};
use crate::validate::Problem;
use crate::validate::java_regex;

/// Characters in a parameter's `Description`.
const DESCRIPTION_CHARACTERS: usize = 4000;

pub(super) fn check(template: &Template, problems: &mut Vec<Problem>) {
    for (name, decl) in &template.parameters {
        for message in parameter_problems(decl) {
            problems.push(Problem::InvalidParameter { name: name.clone(), message });
        }
    }
}

fn parameter_problems(decl: &ParameterDecl) -> Vec<String> {
    let mut found = Vec::new();
    for (field, length) in [("MinLength", decl.min_length), ("MaxLength", decl.max_length)] {
        if let Some(length) = length
            && i64::try_from(length).is_err()
        {
            found.push(format!("{field} {length} is past the largest whole number a template holds ({})", i64::MAX));
        }
    }
    if let (Some(min), Some(max)) = (decl.min_length, decl.max_length)
        && min > max
    {
        found.push(format!("MinLength {min} is more than MaxLength {max}: no value could be given. Swap them"));
    }
    for (field, bound) in [("MinValue", decl.min_value), ("MaxValue", decl.max_value)] {
        if bound.is_some_and(|b| !b.is_finite()) {
            found.push(format!("{field} must be a finite number"));
        }
    }
    if let (Some(min), Some(max)) = (decl.min_value, decl.max_value)
        && min > max
    {
        found.push(format!("MinValue {min} is more than MaxValue {max}: no value could be given. Swap them"));
    }
    if let Some(pattern) = &decl.allowed_pattern
        && let Some(problem) = java_regex::structure_problem(pattern)
    {
        found.push(format!("AllowedPattern `{pattern}` is not a regular expression: {problem}"));
    }
    if let Some(description) = &decl.description {
        let characters = description.chars().count();
        if characters > DESCRIPTION_CHARACTERS {
            found.push(format!(
                "Description has {characters} characters; CloudFormation takes at most {DESCRIPTION_CHARACTERS}"
            ));
        }
    }
    if let Some(default) = decl.default.as_ref().and_then(scalar_text) {
        found.extend(default_problems(decl, &default));
    }
    found
}

/// Why `default` breaks the declaration's own constraints. Only single-valued types are
/// checked (CloudFormation applies the constraints of a list type to each item).
fn default_problems(decl: &ParameterDecl, default: &str) -> Vec<String> {
    let mut found = Vec::new();
    let single = matches!(decl.parameter_type, ParameterType::String | ParameterType::Number | ParameterType::Aws(_));
    if !single {
        return found;
    }
    let allowed: Vec<String> = decl.allowed_values.iter().filter_map(scalar_text).collect();
    if allowed.len() == decl.allowed_values.len() && !allowed.is_empty() && !allowed.iter().any(|a| a == default) {
        found.push(format!(
            "Default `{default}` is not one of the AllowedValues ({}); stack creation without a value would fail. Add it, or change the default",
            allowed.join(", ")
        ));
    }
    if decl.parameter_type == ParameterType::String {
        let length = default.chars().count() as u64;
        if decl.min_length.is_some_and(|min| length < min) || decl.max_length.is_some_and(|max| length > max) {
            found.push(format!("Default `{default}` has {length} characters, outside MinLength and MaxLength"));
        }
    }
    if decl.parameter_type == ParameterType::Number {
        match default.trim().parse::<f64>() {
            Ok(n) if decl.min_value.is_some_and(|min| n < min) || decl.max_value.is_some_and(|max| n > max) => {
                found.push(format!("Default {default} is outside MinValue and MaxValue"));
            }
            Ok(_) => {}
            Err(_) => found.push(format!("Default `{default}` is not a number, and the parameter's type is Number")),
        }
    }
    found
}

/// The text CloudFormation compares a scalar as (`5` and `"5"` alike); `None` for intrinsics,
/// lists and mappings.
fn scalar_text(node: &Node) -> Option<String> {
    match node {
        Node::String(s) => Some(s.clone()),
        Node::Int(i) => Some(i.to_string()),
        Node::Float(f) => Some(f.to_string()),
        Node::BigInt(digits) => Some(digits.clone()),
        Node::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}
