//! AWS's IAM actions (`cfn-macros/data/iam-actions.txt`, built by `make_iam_actions.py` from the
//! cfn-lint 1.58.0 action list and botocore's API models; see `cfn-macros/data/PROVENANCE.md`).
//!
//! An action is `prefix:Name`. IAM itself ignores case, but a policy written in another case
//! than AWS's is a typo waiting to mislead a reviewer, so where AWS's API models give the
//! canonical case, it is required; actions no model names (marked `~` in the list) are matched
//! without regard to case.

/// The action list: one `prefix:Name` per line, `~` in front when the case is unknown.
pub const IAM_ACTIONS: &str = include_str!("../../data/iam-actions.txt");

/// The service prefixes of [`IAM_ACTIONS`], sorted, one per line (`cfn-macros/data/iam-prefixes.txt`,
/// derived from the action list; a test holds the two together).
pub const IAM_PREFIXES: &str = include_str!("../../data/iam-prefixes.txt");

/// Whether `prefix` is the service prefix of an IAM action (`kms`, `logs`, `s3`).
pub fn is_service_prefix(prefix: &str) -> bool {
    IAM_PREFIXES.lines().any(|known| known == prefix)
}

/// What is wrong with an action literal.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ActionError {
    /// What is wrong and how to fix it.
    pub message: String,
}

/// Checks `action` (`kms:Decrypt`, `s3:Get*`, `kms:*`, `*`) against the list: an exact action
/// must exist (in AWS's case), a pattern must match at least one.
pub fn check_action(action: &str) -> Result<(), ActionError> {
    if action == "*" {
        return Ok(());
    }
    let Some((prefix, name)) = action.split_once(':') else {
        return Err(ActionError {
            message: format!("`{action}` is not an IAM action: write `service:Action`, e.g. `kms:Decrypt`"),
        });
    };
    let entries: Vec<(bool, &str, &str)> = IAM_ACTIONS
        .lines()
        .filter_map(|line| {
            let (known_case, line) = match line.strip_prefix('~') {
                Some(rest) => (false, rest),
                None => (true, line),
            };
            let (p, n) = line.split_once(':')?;
            Some((known_case, p, n))
        })
        .collect();
    let in_service: Vec<&(bool, &str, &str)> = entries.iter().filter(|(_, p, _)| *p == prefix).collect();
    if in_service.is_empty() {
        let prefixes: Vec<&str> = entries.iter().map(|(_, p, _)| *p).collect();
        let suggestion = crate::sub::closest(prefix, &prefixes);
        return Err(ActionError {
            message: format!("`{prefix}` is not an IAM service prefix; did you mean `{suggestion}`?"),
        });
    }
    if name.contains(['*', '?']) {
        let matched =
            in_service.iter().any(|(_, _, n)| wildcard_match(&name.to_ascii_lowercase(), &n.to_ascii_lowercase()));
        if matched {
            return Ok(());
        }
        // The nearest action to the text before the first wildcard.
        let stem = &name[..name.find(['*', '?']).unwrap_or(name.len())];
        let names: Vec<&str> = in_service.iter().map(|(_, _, n)| *n).collect();
        let nearest = crate::sub::closest(stem, &names);
        return Err(ActionError {
            message: format!(
                "`{action}` matches no {prefix} action, so it would grant nothing; the nearest is `{prefix}:{nearest}`: check the spelling before the wildcard"
            ),
        });
    }
    for (known_case, _, n) in &in_service {
        if *n == name || (!known_case && n.eq_ignore_ascii_case(name)) {
            return Ok(());
        }
        if n.eq_ignore_ascii_case(name) {
            return Err(ActionError {
                message: format!("`{action}` is written `{prefix}:{n}` by AWS; write it that way"),
            });
        }
    }
    let names: Vec<&str> = in_service.iter().map(|(_, _, n)| *n).collect();
    let suggestion = crate::sub::closest(name, &names);
    Err(ActionError { message: format!("unknown IAM action `{action}`; did you mean `{prefix}:{suggestion}`?") })
}

/// IAM's wildcard match, as in actions and `ArnLike`/`StringLike` conditions: `*` any run of
/// characters, `?` one character. Case-sensitive; callers lower-case where IAM ignores case.
pub fn wildcard_match(pattern: &str, text: &str) -> bool {
    let (p, t): (Vec<char>, Vec<char>) = (pattern.chars().collect(), text.chars().collect());
    let (mut pi, mut ti, mut star, mut mark) = (0, 0, None, 0);
    while ti < t.len() {
        if pi < p.len() && (p[pi] == '?' || p[pi] == t[ti]) {
            pi += 1;
            ti += 1;
        } else if pi < p.len() && p[pi] == '*' {
            star = Some(pi);
            mark = ti;
            pi += 1;
        } else if let Some(s) = star {
            pi = s + 1;
            mark += 1;
            ti = mark;
        } else {
            return false;
        }
    }
    p[pi..].iter().all(|c| *c == '*')
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_prefix_list_is_the_action_lists_prefixes() {
        let mut derived: Vec<&str> = super::IAM_ACTIONS
            .lines()
            .filter_map(|line| line.trim_start_matches('~').split_once(':').map(|(prefix, _)| prefix))
            .collect();
        derived.sort_unstable();
        derived.dedup();
        let listed: Vec<&str> = super::IAM_PREFIXES.lines().collect();
        assert_eq!(listed, derived, "rebuild cfn-macros/data/iam-prefixes.txt (see cfn-macros/data/PROVENANCE.md)");
        assert!(super::is_service_prefix("kms") && !super::is_service_prefix("kmss"));
    }

    use super::*;

    #[test]
    fn the_seed_actions_exist() {
        for action in [
            "kms:Encrypt",
            "kms:Decrypt",
            "kms:ReEncrypt*",
            "kms:GenerateDataKey*",
            "kms:CreateGrant",
            "kms:DescribeKey",
            "kms:*",
            "*",
        ] {
            assert_eq!(check_action(action), Ok(()), "{action}");
        }
    }

    #[test]
    fn a_miscased_action_names_aws_spelling() {
        let err = check_action("kms:GenerateDatakey").unwrap_err();
        assert!(err.message.contains("`kms:GenerateDataKey`"), "{}", err.message);
    }

    #[test]
    fn a_typo_suggests_the_nearest_action() {
        let err = check_action("kms:Decrpyt").unwrap_err();
        assert!(err.message.contains("did you mean `kms:Decrypt`"), "{}", err.message);
    }

    #[test]
    fn wildcard_match_reads_star_and_question_mark_as_iam_does() {
        assert!(wildcard_match("log-group:*", "log-group:/aws/rds/x"));
        assert!(wildcard_match("log-group:/aws/lambda/*", "log-group:/aws/lambda/orders"));
        assert!(!wildcard_match("log-group:/aws/lambda/*", "log-group:/aws/rds/orders"));
        assert!(wildcard_match("a?c", "abc"));
        assert!(!wildcard_match("abc", "abcd"));
        assert!(wildcard_match("*", ""));
    }

    #[test]
    fn a_wildcard_must_match_something() {
        assert!(check_action("kms:Frobnicate*").is_err());
        assert!(check_action("s3:Get*").is_ok());
        let error = check_action("s3:GetObjekt*").unwrap_err();
        assert!(error.message.contains("the nearest is `s3:GetObject`"), "{}", error.message);
        assert!(check_action("nosuchservice:Get").is_err());
    }
}
