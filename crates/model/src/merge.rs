//! What merge commits say: GitHub's merge button and merge queue, the bors
//! family, and topic-branch merges (git's maintainers, GitLab). Parsed
//! from the message alone; who the people are is resolution's question.

/// What a merge bot or GitHub wrote in a merge commit's message.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum MergeMessage {
    /// `Merge pull request #N from owner/branch`: `owner` is a GitHub user or
    /// organization; the merger is the commit's author.
    GitHub {
        number: u32,
        owner: String,
        title: Option<String>,
    },
    /// homu/bors: `Auto merge of #N - user:branch, r=alice,bob`, the
    /// original bors: `auto merge of #N : user/repo/branch, r=alice`, or bors-ng:
    /// `Merge #N` with `N: Title r=alice a=bob` in the body.
    Bors {
        number: u32,
        author: Option<String>,
        reviewers: Vec<String>,
        title: Option<String>,
    },
    /// GitHub's merge queue: `<title> (#N)` on a merge commit, whose
    /// author is who queued (approved) the pull request.
    Queue { number: u32, title: String },
    /// A topic branch merged by whoever integrates: git's `Merge branch
    /// 'ab/topic'` (a mailing-list maintainer), GitLab's `Merge branch 'x'
    /// into 'main'` with `See merge request group/project!N` (`request`).
    /// Long-lived branches (`main`, `maint`, `next`, ...) are not topics.
    Topic {
        branch: String,
        request: Option<u32>,
    },
}

/// Reads the merge messages GitHub and the bors family write; `None` for any other message.
pub fn parse_merge_message(message: &str) -> Option<MergeMessage> {
    let mut lines = message.lines();
    let subject = lines.next()?.trim();
    let body: Vec<&str> = lines.map(str::trim).filter(|l| !l.is_empty()).collect();
    if let Some(rest) = subject.strip_prefix("Merge pull request #") {
        let (number, rest) = rest.split_once(' ')?;
        let from = rest.strip_prefix("from ")?;
        let owner = from.split('/').next()?.trim();
        return Some(MergeMessage::GitHub {
            number: number.parse().ok()?,
            owner: owner.to_string(),
            title: body.first().map(|t| t.to_string()),
        });
    }
    if let Some(rest) = subject.strip_prefix("Auto merge of #") {
        return bors_merge(rest, " - ", ':', &body);
    }
    if let Some(rest) = subject.strip_prefix("auto merge of #") {
        // The original bors (until 2015): the branch is `user/repo/branch`.
        return bors_merge(rest, " : ", '/', &body);
    }
    if let Some(topic) = topic_merge(subject, &body) {
        return Some(topic);
    }
    if let Some(rest) = subject.strip_prefix("Merge #") {
        let number: u32 = rest
            .split_whitespace()
            .next()?
            .trim_start_matches('#')
            .parse()
            .ok()?;
        let line = body
            .iter()
            .find(|l| l.starts_with(&format!("{number}: ")))?;
        let text = &line[format!("{number}: ").len()..];
        let mut reviewers = Vec::new();
        let mut author = None;
        let mut title_words = Vec::new();
        for word in text.split_whitespace() {
            if let Some(r) = word.strip_prefix("r=") {
                reviewers.extend(logins(r));
            } else if let Some(a) = word.strip_prefix("a=") {
                author = Some(a.trim_start_matches('@').to_string());
            } else {
                title_words.push(word);
            }
        }
        return Some(MergeMessage::Bors {
            number,
            author,
            reviewers,
            title: (!title_words.is_empty()).then(|| title_words.join(" ")),
        });
    }
    queue_merge(subject)
}

/// Branches that live on and are merged to sync, not topics.
const LONG_LIVED: &[&str] = &[
    "main",
    "master",
    "maint",
    "next",
    "seen",
    "pu",
    "develop",
    "development",
    "dev",
    "trunk",
    "stable",
    "staging",
    "production",
    "gh-pages",
];

/// `Merge branch 'ab/topic'`, `Merge branch 'ab/topic' into maint`,
/// `Merge remote-tracking branch 'origin/ab/topic'`, GitLab's `Merge
/// branch 'x' into 'main'` (its request number from the body).
fn topic_merge(subject: &str, body: &[&str]) -> Option<MergeMessage> {
    let rest = ["Merge branch '", "Merge remote-tracking branch '"]
        .iter()
        .find_map(|prefix| subject.strip_prefix(prefix))?;
    let (branch, _) = rest.split_once('\'')?;
    let name = branch.rsplit('/').next().unwrap_or(branch).to_lowercase();
    let long_lived = LONG_LIVED.contains(&name.as_str())
        || name.starts_with("release")
        || name.starts_with("v") && name[1..].starts_with(|c: char| c.is_ascii_digit());
    if long_lived || branch.is_empty() {
        return None;
    }
    let request = body.iter().find_map(|line| {
        let (_, number) = line.strip_prefix("See merge request ")?.rsplit_once('!')?;
        number.trim_end_matches('.').parse().ok()
    });
    Some(MergeMessage::Topic {
        branch: branch.to_string(),
        request,
    })
}

/// GitHub's merge queue: a merge commit titled `<title> (#N)`.
fn queue_merge(subject: &str) -> Option<MergeMessage> {
    let inner = subject.strip_suffix(')')?;
    let (title, number) = inner.rsplit_once(" (#")?;
    Some(MergeMessage::Queue {
        number: number.parse().ok()?,
        title: title.trim().to_string(),
    })
}

/// The rest of a bors subject after `#`: the number, `separator`, the
/// branch (its user before `user_end`), then `, r=` and the reviewers.
fn bors_merge(rest: &str, separator: &str, user_end: char, body: &[&str]) -> Option<MergeMessage> {
    let (number, rest) = rest.split_once(separator).unwrap_or((rest, ""));
    let (branch, reviewers) = rest.rsplit_once(", r=").unwrap_or((rest, ""));
    let author = branch
        .split_once(user_end)
        .map(|(user, _)| user.trim().to_string())
        .filter(|user| !user.is_empty());
    Some(MergeMessage::Bors {
        number: number.trim().parse().ok()?,
        author,
        reviewers: logins(reviewers),
        title: body.first().map(|t| t.to_string()),
    })
}

/// `alice,@bob, carol` -> logins; `r=me` style placeholders are kept as written.
///
/// `r=a+b` and `r=a,b` are two reviewers; decorations around a login
/// (`🙈name🙈`, a stray backtick) are not part of it; `r=me` (the
/// approver, unnamed) and anything with spaces name nobody.
fn logins(list: &str) -> Vec<String> {
    let mut logins: Vec<String> = Vec::new();
    for word in list.split([',', '+']) {
        let word = word.trim();
        if word.contains(char::is_whitespace) {
            continue;
        }
        let login: String = word
            .chars()
            .filter(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_'))
            .collect();
        let login = login.trim_matches(['-', '_']);
        if !login.is_empty() && login != "me" && !logins.iter().any(|l| l == login) {
            logins.push(login.to_string());
        }
    }
    logins
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn merge_messages() {
        let cases: [(&str, Option<MergeMessage>); 12] = [
            (
                "Merge pull request #42 from octo/fix-retries\n\nRetry settlement on timeout",
                Some(MergeMessage::GitHub {
                    number: 42,
                    owner: "octo".into(),
                    title: Some("Retry settlement on timeout".into()),
                }),
            ),
            (
                "Auto merge of #12345 - alice:faster-resolve, r=bob,@carol\n\nMake resolve faster",
                Some(MergeMessage::Bors {
                    number: 12345,
                    author: Some("alice".into()),
                    reviewers: vec!["bob".into(), "carol".into()],
                    title: Some("Make resolve faster".into()),
                }),
            ),
            (
                "Auto merge of #7 - feature-branch, r=dave",
                Some(MergeMessage::Bors {
                    number: 7,
                    author: None,
                    reviewers: vec!["dave".into()],
                    title: None,
                }),
            ),
            (
                "Merge #88\n\n88: Speed up the index r=erin,frank a=gus\n\nCo-authored-by: Gus <gus@x.example>",
                Some(MergeMessage::Bors {
                    number: 88,
                    author: Some("gus".into()),
                    reviewers: vec!["erin".into(), "frank".into()],
                    title: Some("Speed up the index".into()),
                }),
            ),
            (
                "auto merge of #1074 : alexcrichton/cargo/issue-1069, r=brson\n\nCloses #1069",
                Some(MergeMessage::Bors {
                    number: 1074,
                    author: Some("alexcrichton".into()),
                    reviewers: vec!["brson".into()],
                    title: Some("Closes #1069".into()),
                }),
            ),
            (
                "Auto merge of #9 - ana:fix, r=dwijnand+alexcrichton,🙈eh2406🙈,`carol`,me",
                Some(MergeMessage::Bors {
                    number: 9,
                    author: Some("ana".into()),
                    reviewers: vec![
                        "dwijnand".into(),
                        "alexcrichton".into(),
                        "eh2406".into(),
                        "carol".into(),
                    ],
                    title: None,
                }),
            ),
            ("Merge branch 'main' into feature", None),
            ("Merge branch 'maint'", None),
            ("Merge pull request #x from nowhere", None),
            (
                "Merge branch 'ab/fix-leaks' into maint-2.45",
                Some(MergeMessage::Topic {
                    branch: "ab/fix-leaks".into(),
                    request: None,
                }),
            ),
            (
                "Merge branch 'retry' into 'main'\n\nRetry on timeout\n\nSee merge request acme/payments!42",
                Some(MergeMessage::Topic {
                    branch: "retry".into(),
                    request: Some(42),
                }),
            ),
            (
                "feat(config): Add build.fingerprint (#17382)",
                Some(MergeMessage::Queue {
                    number: 17382,
                    title: "feat(config): Add build.fingerprint".into(),
                }),
            ),
        ];
        for (message, expected) in cases {
            assert_eq!(parse_merge_message(message), expected, "{message:?}");
        }
    }
}
