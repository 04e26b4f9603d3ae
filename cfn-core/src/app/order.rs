//! The order in which an app's top-level stacks are deployed: each after the stacks it imports
//! from; a circle of imports is an error that names the stacks.

use super::error::AppProblem;
use super::route::Edge;

/// The stacks in deploy order (the order they were added, where imports leave a choice), or the
/// circle that makes an order impossible.
pub(super) fn deploy_order(stacks: &[String], edges: &[Edge]) -> Result<Vec<String>, AppProblem> {
    let before = |stack: &str| -> Vec<&str> {
        edges.iter().filter(|e| e.after == stack && e.before != stack).map(|e| e.before.as_str()).collect()
    };
    let mut order: Vec<String> = Vec::new();
    while order.len() < stacks.len() {
        let next = stacks.iter().find(|s| {
            !order.contains(s)
                && before(s).iter().all(|b| order.iter().any(|o| o == b) || !stacks.iter().any(|s| s == b))
        });
        match next {
            Some(stack) => order.push(stack.clone()),
            None => {
                let left: Vec<&String> = stacks.iter().filter(|s| !order.contains(s)).collect();
                return Err(cycle(&left, edges));
            }
        }
    }
    Ok(order)
}

/// A circle among `left` (stacks of which none can go first): walk from the first along its
/// imports until a stack repeats.
fn cycle(left: &[&String], edges: &[Edge]) -> AppProblem {
    let mut path: Vec<String> = vec![left[0].clone()];
    let mut because: Vec<String> = Vec::new();
    loop {
        let current = path.last().cloned().unwrap_or_default();
        let Some(edge) =
            edges.iter().find(|e| e.after == current && e.before != current && left.iter().any(|l| **l == e.before))
        else {
            break;
        };
        because.push(edge.because.clone());
        if let Some(start) = path.iter().position(|s| *s == edge.before) {
            let mut stacks = path[start..].to_vec();
            stacks.push(edge.before.clone());
            let because = because[start..].to_vec();
            return AppProblem::Cycle { stacks, because };
        }
        path.push(edge.before.clone());
    }
    AppProblem::Cycle { stacks: path, because }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn edge(after: &str, before: &str) -> Edge {
        Edge { after: after.into(), before: before.into(), because: format!("`{after}` imports from `{before}`") }
    }

    #[test]
    fn imports_come_first_and_insertion_order_breaks_ties() {
        let stacks: Vec<String> = ["app", "keys", "network"].map(String::from).to_vec();
        let order = deploy_order(&stacks, &[edge("app", "keys"), edge("app", "network")]).unwrap();
        assert_eq!(order, ["keys", "network", "app"]);
    }

    #[test]
    fn a_circle_names_its_stacks_in_order() {
        let stacks: Vec<String> = ["a", "b", "c"].map(String::from).to_vec();
        let err = deploy_order(&stacks, &[edge("a", "b"), edge("b", "c"), edge("c", "b")]).unwrap_err();
        let AppProblem::Cycle { stacks, because } = err else { panic!("expected a cycle") };
        assert_eq!(stacks, ["b", "c", "b"]);
        assert_eq!(because, ["`b` imports from `c`", "`c` imports from `b`"]);
    }
}
