//! What a misspelt word was meant to be: the rules that judge names against AWS's lists
//! (service principals, S3 event types, load balancer attribute keys) report a name only when it
//! is close to a name AWS knows, so that a name newer than the list gets the benefit of the doubt.

/// The number of letters inserted, deleted or replaced, or pairs of neighbours swapped, that turn
/// `a` into `b` (the optimal string alignment distance).
pub(crate) fn distance(a: &str, b: &str) -> usize {
    let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
    let mut d = vec![vec![0usize; b.len() + 1]; a.len() + 1];
    for (i, row) in d.iter_mut().enumerate() {
        row[0] = i;
    }
    for (j, cell) in d[0].iter_mut().enumerate() {
        *cell = j;
    }
    for i in 1..=a.len() {
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            d[i][j] = (d[i - 1][j] + 1).min(d[i][j - 1] + 1).min(d[i - 1][j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                d[i][j] = d[i][j].min(d[i - 2][j - 2] + 1);
            }
        }
    }
    d[a.len()][b.len()]
}

/// The known word nearest `word`, if it is at most `most` edits away (and is not `word` itself).
pub(crate) fn nearest<'a>(word: &str, known: impl IntoIterator<Item = &'a str>, most: usize) -> Option<&'a str> {
    let length = word.chars().count();
    known
        .into_iter()
        // Words whose lengths differ by more than `most` are more than `most` edits apart.
        .filter(|candidate| candidate.chars().count().abs_diff(length) <= most)
        .map(|candidate| (distance(word, candidate), candidate))
        .filter(|(d, _)| (1..=most).contains(d))
        .min_by_key(|(d, _)| *d)
        .map(|(_, candidate)| candidate)
}

#[cfg(test)]
mod tests {
    use super::{distance, nearest};

    #[test]
    fn distances_count_swaps_as_one() {
        assert_eq!(distance("lamda", "lambda"), 1);
        assert_eq!(distance("cloudtrial", "cloudtrail"), 1);
        assert_eq!(distance("access_logs.s3.enable", "access_logs.s3.enabled"), 1);
        assert_eq!(distance("same", "same"), 0);
        assert_eq!(
            nearest("s3:ObjectCreate:*", ["s3:ObjectCreated:*", "s3:ObjectRemoved:*"], 2),
            Some("s3:ObjectCreated:*")
        );
        assert_eq!(nearest("s3:ObjectCreated:*", ["s3:ObjectCreated:*"], 2), None);
        assert_eq!(nearest("ecs-tasks", ["ecs"], 2), None);
    }
}
