//! The grammar of `Fn::Sub` strings, shared by emit-time validation and the `sub!` macro.
//!
//! A string is literal text with `${Name}`, `${Name.Attribute}` and `${AWS::Pseudo}` variables;
//! `${!Text}` writes `${Text}` literally. `cfn-model` checks templates with it when they are
//! emitted; `cfn-macros` checks `sub!` strings with it at compile time.

/// One variable of a `Fn::Sub` string.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SubVariable<'a> {
    /// The text between `${` and `}`.
    pub name: &'a str,
    /// Byte offset of the name in the string.
    pub offset: usize,
}

impl SubVariable<'_> {
    /// The logical ID part: `Bucket` for `${Bucket.Arn}`.
    pub fn logical_id(&self) -> &str {
        self.name.split_once('.').map_or(self.name, |(id, _)| id)
    }

    /// The attribute part: `Arn` for `${Bucket.Arn}`.
    pub fn attribute(&self) -> Option<&str> {
        self.name.split_once('.').map(|(_, attr)| attr)
    }

    /// Whether this names a pseudo parameter (`AWS::…`).
    pub fn is_pseudo(&self) -> bool {
        self.name.starts_with("AWS::")
    }
}

/// What is wrong with a `Fn::Sub` string.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SubSyntaxError {
    /// Byte offset where the problem starts.
    pub offset: usize,
    /// Byte length of the offending part.
    pub len: usize,
    /// What is wrong and how to fix it.
    pub message: String,
}

/// The pseudo parameters `Fn::Sub` may name (`AWS::NoValue` and `AWS::NotificationARNs` are
/// not strings and cannot be substituted).
pub const SUB_PSEUDO_PARAMETERS: [&str; 6] =
    ["AWS::AccountId", "AWS::Partition", "AWS::Region", "AWS::StackId", "AWS::StackName", "AWS::URLSuffix"];

/// Splits a `Fn::Sub` string into its variables, or says what is wrong with it.
pub fn parse_sub(template: &str) -> Result<Vec<SubVariable<'_>>, SubSyntaxError> {
    let mut vars = Vec::new();
    let mut rest = 0;
    while let Some(found) = template[rest..].find("${") {
        let start = rest + found;
        let body = start + 2;
        if template[body..].starts_with('!') {
            // `${!Literal}`: written as `${Literal}`, not a variable.
            rest = body + 1;
            continue;
        }
        let Some(len) = template[body..].find('}') else {
            return Err(SubSyntaxError {
                offset: start,
                len: template.len() - start,
                message: "unbalanced `${`: close the variable with `}`, or write `${!` for a literal `${`".to_owned(),
            });
        };
        // CloudFormation trims spaces around a name: `${ AWS::StackName }`.
        let raw = &template[body..body + len];
        let name = raw.trim();
        if let Some(problem) = name_problem(name) {
            return Err(SubSyntaxError { offset: start, len: len + 3, message: problem });
        }
        vars.push(SubVariable { name, offset: body + (raw.len() - raw.trim_start().len()) });
        rest = body + len + 1;
    }
    Ok(vars)
}

fn name_problem(name: &str) -> Option<String> {
    if name.is_empty() {
        return Some("empty variable `${}`: name a parameter, resource or pseudo parameter".to_owned());
    }
    if let Some(nested) = name.find("${") {
        let _ = nested;
        return Some(format!("`${{{name}` opens a variable inside a variable; close the first with `}}`"));
    }
    if name.starts_with("AWS::") {
        if SUB_PSEUDO_PARAMETERS.contains(&name) {
            return None;
        }
        if name == "AWS::NoValue" {
            return Some(
                "`${AWS::NoValue}` cannot be substituted: it is not text but the absence of a property. To leave a property out under a condition, use `Fn::If [Condition, value, Ref AWS::NoValue]` around it".to_owned(),
            );
        }
        if name == "AWS::NotificationARNs" {
            return Some(
                "`${AWS::NotificationARNs}` cannot be substituted: it is a list of ARNs, not text. Join it first: `Fn::Join [\",\", Ref AWS::NotificationARNs]`, passed as a variable of the `Fn::Sub`".to_owned(),
            );
        }
        let suggestion = closest(name, &SUB_PSEUDO_PARAMETERS);
        return Some(format!("unknown pseudo parameter `{name}`; did you mean `{suggestion}`?"));
    }
    let id = name.split_once('.').map_or(name, |(id, _)| id);
    if !id.chars().all(|c| c.is_ascii_alphanumeric()) {
        return Some(format!(
            "`{id}` is not a logical ID (letters and digits only); write `${{!{name}}}` for literal text"
        ));
    }
    None
}

/// The candidate nearest to `word` by edit distance.
pub fn closest<'a>(word: &str, candidates: &[&'a str]) -> &'a str {
    candidates.iter().copied().min_by_key(|c| edit_distance(word, c)).unwrap_or("")
}

fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut prev = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let cost = usize::from(ca != *cb);
            let next = (row[j + 1] + 1).min(row[j] + 1).min(prev + cost);
            prev = row[j + 1];
            row[j + 1] = next;
        }
    }
    row[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spaces_around_a_name_are_trimmed() {
        let vars = parse_sub("${ AWS::StackName }-${Bucket.Arn }").unwrap();
        assert_eq!(vars.iter().map(|v| v.name).collect::<Vec<_>>(), ["AWS::StackName", "Bucket.Arn"]);
        assert_eq!(vars[0].offset, 3);
    }

    #[test]
    fn finds_variables_and_skips_literals() {
        let vars = parse_sub("arn:${AWS::Partition}:s3:::${Bucket}/${!Literal}/${Db.Endpoint.Address}").unwrap();
        let names: Vec<_> = vars.iter().map(|v| v.name).collect();
        assert_eq!(names, ["AWS::Partition", "Bucket", "Db.Endpoint.Address"]);
        assert_eq!(vars[2].logical_id(), "Db");
        assert_eq!(vars[2].attribute(), Some("Endpoint.Address"));
    }

    #[test]
    fn unknown_pseudo_parameter_suggests_the_right_one() {
        let err = parse_sub("logs.${AWS::Regoin}.amazonaws.com").unwrap_err();
        assert_eq!(err.offset, 5);
        assert!(err.message.contains("did you mean `AWS::Region`"), "{}", err.message);
        let err = parse_sub("${AWS::NoValue}").unwrap_err();
        assert!(err.message.contains("the absence of a property") && err.message.contains("Fn::If"), "{}", err.message);
        let err = parse_sub("${AWS::NotificationARNs}").unwrap_err();
        assert!(err.message.contains("a list of ARNs, not text"), "{}", err.message);
    }

    #[test]
    fn unbalanced_brace_is_an_error() {
        let err = parse_sub("arn:${AWS::Partition").unwrap_err();
        assert!(err.message.starts_with("unbalanced"), "{}", err.message);
    }
}
