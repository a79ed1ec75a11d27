//! Forgetting a person (right to erasure), and the cleaning every write
//! goes through.
//!
//! A forgotten person's identities (emails, names, logins) are kept only as
//! SHA-256 hashes of their normalized text, in the `forgotten` table. Every
//! commit, trailer and code-review row naming one of them is rewritten to
//! name the tombstone instead: the rows stay, because other people's work
//! hangs on them (a review someone gave, the history of a file, the share
//! of reviewed changes), but nothing in them says who the person was. The
//! same rewrite runs on every later write, so collecting the same history
//! again does not bring the person back.

use std::borrow::Cow;
use std::collections::{HashMap, HashSet};

use sha2::{Digest, Sha256};

use super::{RepositoryRow, Snapshot};
use model::{Commit, RepoFile, ReviewExport, Signature, TrailerKind, parse_trailers};

pub use model::{TOMBSTONE_EMAIL, TOMBSTONE_LOGIN, TOMBSTONE_NAME};

/// Everything that identified one person.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Identities {
    pub emails: Vec<String>,
    pub names: Vec<String>,
    pub logins: Vec<String>,
}

/// What forgetting removed, per kind. Never carries the identities themselves.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize)]
pub struct ForgetReport {
    /// Identities recorded as forgotten (hashed), by kind.
    pub emails: usize,
    pub names: usize,
    pub logins: usize,
    /// Stored commits whose author or committer was the person.
    pub commits_authored: usize,
    pub commits_committed: usize,
    /// Trailer lines and addresses in commit messages naming the person.
    pub trailers: usize,
    /// Stored file versions (`.mailmap`, CODEOWNERS, documents) giving
    /// their address or `@login`.
    pub files: usize,
    pub pull_requests: usize,
    pub reviews: usize,
    pub review_requests: usize,
}

/// The rows `forget` changes, written by a backend in one transaction.
#[derive(Clone, Debug, Default)]
pub(super) struct Rewrite {
    /// `(kind, hash)` rows for the `forgotten` table.
    pub forgotten: Vec<(String, String)>,
    /// Commits to update (identity columns and message), by repository id.
    pub commits: Vec<(i64, Commit)>,
    /// Code-review exports to replace whole, by repository id.
    pub exports: Vec<(i64, ReviewExport)>,
    /// File versions whose content changed, by repository id.
    pub files: Vec<(i64, RepoFile)>,
}

const EMAIL: &str = "email";
const NAME: &str = "name";
const LOGIN: &str = "login";

fn hash(kind: &str, value: &str) -> String {
    let normalized = value.trim().to_lowercase();
    let digest = Sha256::digest(format!("{kind}:{normalized}").as_bytes());
    digest.iter().map(|byte| format!("{byte:02x}")).collect()
}

impl Identities {
    fn hashes(&self) -> Vec<(String, String)> {
        let mut rows: Vec<(String, String)> = Vec::new();
        let mut push = |kind: &str, values: &[String]| {
            for value in values.iter().filter(|v| !v.trim().is_empty()) {
                rows.push((kind.to_string(), hash(kind, value)));
            }
        };
        push(EMAIL, &self.emails);
        push(NAME, &self.names);
        push(LOGIN, &self.logins);
        rows.sort();
        rows.dedup();
        rows
    }
}

/// The forgotten identities of a store, as hashes.
#[derive(Clone, Debug, Default)]
pub(super) struct Forgotten {
    hashes: HashSet<(String, String)>,
}

impl Forgotten {
    pub fn from_rows(rows: Vec<(String, String)>) -> Forgotten {
        Forgotten {
            hashes: rows.into_iter().collect(),
        }
    }

    pub fn add(&mut self, identities: &Identities) {
        self.hashes.extend(identities.hashes());
    }

    fn has(&self, kind: &str, value: &str) -> bool {
        !value.trim().is_empty() && self.hashes.contains(&(kind.to_string(), hash(kind, value)))
    }

    /// Whether a login, handle or name is a forgotten person's.
    pub(super) fn names_someone(&self, text: &str) -> bool {
        self.has(LOGIN, text) || self.has(NAME, text)
    }

    /// Whether a signature is a forgotten person's: by email, or by name
    /// where there is no email (a trailer that names only).
    fn signature(&self, who: &Signature) -> bool {
        if who.email.trim().is_empty() {
            self.has(NAME, &who.name)
        } else {
            self.has(EMAIL, &who.email)
        }
    }

    /// A login in a code-review export; Gerrit names accounts `Name <email>`.
    fn account(&self, login: &str) -> bool {
        if login.contains('<') && login.ends_with('>') {
            return self.signature(&Signature::parse_trailer_value(login));
        }
        self.has(LOGIN, login) || self.has(EMAIL, login)
    }

    /// Commits ready to store: forgotten identities replaced, NUL characters
    /// (which PostgreSQL's text cannot hold) replaced in both backends alike.
    pub fn clean_commits<'a>(&self, commits: &'a [Commit]) -> Cow<'a, [Commit]> {
        let needs_nothing = commits.iter().all(|c| {
            !has_nul(&c.message)
                && !has_nul(&c.author.name)
                && !has_nul(&c.committer.name)
                && !has_nul(&c.author.email)
                && !has_nul(&c.committer.email)
        });
        if self.hashes.is_empty() && needs_nothing {
            return Cow::Borrowed(commits);
        }
        Cow::Owned(
            commits
                .iter()
                .map(|commit| self.clean_commit(commit, &mut ForgetReport::default()))
                .collect(),
        )
    }

    /// One commit with the tombstone in place of forgotten identities;
    /// counts what changed into `report`.
    fn clean_commit(&self, commit: &Commit, report: &mut ForgetReport) -> Commit {
        let mut commit = commit.clone();
        let tombstone = || Signature {
            name: TOMBSTONE_NAME.to_string(),
            email: TOMBSTONE_EMAIL.to_string(),
        };
        if !self.hashes.is_empty() {
            if self.signature(&commit.author) {
                commit.author = tombstone();
                report.commits_authored += 1;
            }
            if self.signature(&commit.committer) {
                commit.committer = tombstone();
                report.commits_committed += 1;
            }
            let (message, changed) = self.clean_message(&commit.message);
            if changed > 0 {
                commit.message = message;
                commit.trailers = parse_trailers(&commit.message);
                report.trailers += changed;
            }
        }
        for text in [
            &mut commit.message,
            &mut commit.author.name,
            &mut commit.author.email,
            &mut commit.committer.name,
            &mut commit.committer.email,
        ] {
            if has_nul(text) {
                *text = text.replace('\0', "\u{FFFD}");
            }
        }
        commit
    }

    /// A commit message with every trailer naming a forgotten person, and
    /// every `<address>` of theirs, pointing to the tombstone; in a merge
    /// message (GitHub's `from owner/branch`, bors' `user:branch, r=a,b`),
    /// their logins too.
    fn clean_message(&self, message: &str) -> (String, usize) {
        let (message, mut changed) =
            if message.starts_with("Merge ") || message.starts_with("Auto merge of ") {
                self.clean_logins(message)
            } else {
                (message.to_string(), 0)
            };
        let message = message.as_str();
        let mut out = String::with_capacity(message.len());
        for line in message.split_inclusive('\n') {
            let body = line.trim_end_matches(['\n', '\r']);
            let ending = &line[body.len()..];
            if let Some((key, value)) = body.split_once(':')
                && TrailerKind::from_key(key).is_some()
                && !key.contains(char::is_whitespace)
                && self.signature(&Signature::parse_trailer_value(value))
            {
                out.push_str(&format!(
                    "{key}: {TOMBSTONE_NAME} <{TOMBSTONE_EMAIL}>{ending}"
                ));
                changed += 1;
                continue;
            }
            // Addresses anywhere else in the message.
            let mut rest = line;
            while let Some(open) = rest.find('<') {
                let Some(close) = rest[open..].find('>').map(|c| open + c) else {
                    break;
                };
                let address = &rest[open + 1..close];
                out.push_str(&rest[..open + 1]);
                if address.contains('@') && self.has(EMAIL, address) {
                    out.push_str(TOMBSTONE_EMAIL);
                    changed += 1;
                } else {
                    out.push_str(address);
                }
                out.push('>');
                rest = &rest[close + 1..];
            }
            out.push_str(rest);
        }
        (out, changed)
    }

    /// A code-review export with the tombstone in place of forgotten logins.
    pub fn clean_export<'a>(&self, export: &'a ReviewExport) -> Cow<'a, ReviewExport> {
        if self.hashes.is_empty() {
            return Cow::Borrowed(export);
        }
        Cow::Owned(self.clean_export_counting(export, &mut ForgetReport::default()))
    }

    fn clean_export_counting(
        &self,
        export: &ReviewExport,
        report: &mut ForgetReport,
    ) -> ReviewExport {
        let mut export = export.clone();
        for pull in &mut export.pulls {
            if self.account(&pull.author) {
                pull.author = TOMBSTONE_LOGIN.to_string();
                report.pull_requests += 1;
            }
        }
        for review in &mut export.reviews {
            if self.account(&review.reviewer) {
                review.reviewer = TOMBSTONE_LOGIN.to_string();
                report.reviews += 1;
            }
        }
        for request in &mut export.requests {
            let mut changed = false;
            if self.account(&request.reviewer) {
                request.reviewer = TOMBSTONE_LOGIN.to_string();
                changed = true;
            }
            if let Some(by) = &request.requested_by
                && self.account(by)
            {
                request.requested_by = Some(TOMBSTONE_LOGIN.to_string());
                changed = true;
            }
            report.review_requests += usize::from(changed);
        }
        export
    }

    /// The rows to change so that the stored data forgets `identities`
    /// (already added to `self`), and what that removes.
    pub fn rewrite(
        &self,
        identities: &Identities,
        repositories: &[RepositoryRow],
        snapshot: &Snapshot,
    ) -> (Rewrite, ForgetReport) {
        let hashes = identities.hashes();
        let mut report = ForgetReport {
            emails: hashes.iter().filter(|(kind, _)| kind == EMAIL).count(),
            names: hashes.iter().filter(|(kind, _)| kind == NAME).count(),
            logins: hashes.iter().filter(|(kind, _)| kind == LOGIN).count(),
            ..ForgetReport::default()
        };
        let ids: HashMap<&str, i64> = repositories
            .iter()
            .map(|r| (r.name.as_str(), r.id))
            .collect();
        let mut rewrite = Rewrite {
            forgotten: hashes,
            ..Rewrite::default()
        };
        for commit in &snapshot.commits {
            let cleaned = self.clean_commit(commit, &mut report);
            if cleaned != *commit
                && let Some(&id) = ids.get(commit.repo.as_str())
            {
                rewrite.commits.push((id, cleaned));
            }
        }
        for file in &snapshot.repo_files {
            let (cleaned, changed) = self.clean_file(file);
            if changed && let Some(&id) = ids.get(file.repo.as_str()) {
                report.files += 1;
                rewrite.files.push((id, cleaned));
            }
        }
        for repository in repositories {
            let mine = |repo: &str| repo == repository.name;
            let export = ReviewExport {
                pulls: snapshot
                    .reviews
                    .pulls
                    .iter()
                    .filter(|p| mine(&p.repo))
                    .cloned()
                    .collect(),
                reviews: snapshot
                    .reviews
                    .reviews
                    .iter()
                    .filter(|r| mine(&r.repo))
                    .cloned()
                    .collect(),
                requests: snapshot
                    .reviews
                    .requests
                    .iter()
                    .filter(|r| mine(&r.repo))
                    .cloned()
                    .collect(),
            };
            let cleaned = self.clean_export_counting(&export, &mut report);
            if cleaned != export {
                rewrite.exports.push((repository.id, cleaned));
            }
        }
        (rewrite, report)
    }
}

impl Forgotten {
    /// File versions ready to store: forgotten addresses and `@logins` in
    /// their text replaced, NUL characters replaced as in commits.
    pub fn clean_files<'a>(&self, files: &'a [RepoFile]) -> Cow<'a, [RepoFile]> {
        let needs_nothing = files
            .iter()
            .all(|f| !f.content.as_deref().is_some_and(has_nul) && !has_nul(&f.path));
        if self.hashes.is_empty() && needs_nothing {
            return Cow::Borrowed(files);
        }
        Cow::Owned(files.iter().map(|file| self.clean_file(file).0).collect())
    }

    fn clean_file(&self, file: &RepoFile) -> (RepoFile, bool) {
        let mut file = file.clone();
        let mut changed = false;
        if has_nul(&file.path) {
            file.path = file.path.replace('\0', "\u{FFFD}");
        }
        if let Some(content) = &mut file.content {
            if has_nul(content) {
                *content = content.replace('\0', "\u{FFFD}");
            }
            if !self.hashes.is_empty() {
                // A `.mailmap` line naming a forgotten address is about that
                // person alone (and maps the address to their name): it goes.
                let mailmap = file.path == ".mailmap" || file.path.ends_with("/.mailmap");
                let mut cleaned = String::with_capacity(content.len());
                let mut replaced = 0;
                for line in content.split_inclusive('\n') {
                    let (line_cleaned, count) = self.clean_text(line);
                    replaced += count;
                    if count == 0 {
                        cleaned.push_str(line);
                    } else if !mailmap {
                        cleaned.push_str(&line_cleaned);
                    }
                }
                if replaced > 0 {
                    *content = cleaned;
                    changed = true;
                }
            }
        }
        (file, changed)
    }

    /// Logins in a merge message: words between `/`, `:`, `,`, `=` and
    /// spaces that are a forgotten login become the tombstone's.
    fn clean_logins(&self, text: &str) -> (String, usize) {
        let mut out = String::with_capacity(text.len());
        let mut replaced = 0;
        for piece in text.split_inclusive(|c: char| c.is_whitespace() || "/:,=#()".contains(c)) {
            let word = piece.trim_end_matches(|c: char| c.is_whitespace() || "/:,=#()".contains(c));
            let separator = &piece[word.len()..];
            if self.has(LOGIN, word) {
                out.push_str(TOMBSTONE_LOGIN);
                replaced += 1;
            } else {
                out.push_str(word);
            }
            out.push_str(separator);
        }
        (out, replaced)
    }

    /// Text with every forgotten address, login (`@login` or bare, as
    /// OWNERS files and front matter lists write them) and name (up to
    /// [`NAME_WORDS`] words apart by single spaces) replaced by the
    /// tombstone. Words are split where an address or login cannot
    /// continue. A few hashes per word: linear in the text.
    fn clean_text(&self, text: &str) -> (String, usize) {
        let boundary = |c: char| c.is_whitespace() || "<>\"'`,;:()[]{}|*/\\=".contains(c);
        let mut words: Vec<(usize, usize)> = Vec::new();
        let mut word_start = None;
        for (index, c) in text.char_indices() {
            if boundary(c) {
                if let Some(start) = word_start.take() {
                    words.push((start, index));
                }
            } else if word_start.is_none() {
                word_start = Some(index);
            }
        }
        if let Some(start) = word_start {
            words.push((start, text.len()));
        }
        let mut out = String::with_capacity(text.len());
        let (mut replaced, mut cursor, mut at) = (0, 0, 0);
        while at < words.len() {
            let (start, _) = words[at];
            out.push_str(&text[cursor..start]);
            let (cleaned, used) = match self.name_at(text, &words[at..]) {
                Some(used) => (Some(TOMBSTONE_NAME.to_string()), used),
                None => (self.clean_word(&text[start..words[at].1]), 1),
            };
            let end = words[at + used - 1].1;
            match cleaned {
                Some(cleaned) => {
                    out.push_str(&cleaned);
                    replaced += 1;
                }
                None => out.push_str(&text[start..end]),
            }
            cursor = end;
            at += used;
        }
        out.push_str(&text[cursor..]);
        (out, replaced)
    }

    /// How many words from the first of `words` make a forgotten name of
    /// two or more words (`Zelda Quorn`), the longest first.
    fn name_at(&self, text: &str, words: &[(usize, usize)]) -> Option<usize> {
        (2..=NAME_WORDS.min(words.len())).rev().find(|&count| {
            let spaced = words[..count]
                .windows(2)
                .all(|pair| &text[pair[0].1..pair[1].0] == " ");
            spaced && self.has(NAME, &text[words[0].0..words[count - 1].1])
        })
    }

    /// One word cleaned, or `None` when it names no forgotten person. A
    /// trailing full stop is the sentence's, not the word's.
    fn clean_word(&self, word: &str) -> Option<String> {
        let body = word.trim_end_matches('.');
        let tail = &word[body.len()..];
        let cleaned = if body.contains('@') && !body.starts_with('@') {
            self.has(EMAIL, body).then_some(TOMBSTONE_EMAIL.to_string())
        } else if let Some(login) = body.strip_prefix('@') {
            (!login.contains('@') && self.has(LOGIN, login)).then(|| format!("@{TOMBSTONE_LOGIN}"))
        } else {
            (self.has(LOGIN, body) || self.has(NAME, body)).then_some(TOMBSTONE_LOGIN.to_string())
        }?;
        Some(format!("{cleaned}{tail}"))
    }
}

/// Words a forgotten name is looked for across.
const NAME_WORDS: usize = 4;

fn has_nul(text: &str) -> bool {
    text.contains('\0')
}

#[cfg(test)]
mod tests {
    use super::*;

    fn forgotten(emails: &[&str], names: &[&str]) -> Forgotten {
        let mut forgotten = Forgotten::default();
        forgotten.add(&Identities {
            emails: emails.iter().map(|e| e.to_string()).collect(),
            names: names.iter().map(|n| n.to_string()).collect(),
            logins: vec![],
        });
        forgotten
    }

    #[test]
    fn trailers_and_addresses_of_the_forgotten_point_to_the_tombstone() {
        let forgotten = forgotten(&["Ana@X.example"], &["Ana Lima"]);
        let message = "fix it\n\nthanks <ana@x.example> and <bo@x.example>\n\nReviewed-by: Ana Lima <ana@x.example>\nAcked-by: Ana Lima\nReviewed-by: Bo <bo@x.example>\n";
        let (cleaned, changed) = forgotten.clean_message(message);
        assert_eq!(changed, 3);
        assert_eq!(
            cleaned,
            "fix it\n\nthanks <forgotten[bot]@staffscope.invalid> and <bo@x.example>\n\nReviewed-by: forgotten[bot] <forgotten[bot]@staffscope.invalid>\nAcked-by: forgotten[bot] <forgotten[bot]@staffscope.invalid>\nReviewed-by: Bo <bo@x.example>\n"
        );
        assert!(!cleaned.to_lowercase().contains("ana"));
    }

    #[test]
    fn addresses_and_logins_in_files_point_to_the_tombstone() {
        let mut forgotten = forgotten(&["ana@x.example"], &[]);
        forgotten.add(&Identities {
            logins: vec!["ana-gh".into()],
            ..Identities::default()
        });
        let (text, replaced) = forgotten.clean_text(
            "Ana Lima <ana@x.example> <ana@old.example>\n/src/ @ana-gh @bo-gh\nmail ana@x.example.\n",
        );
        assert_eq!(replaced, 3);
        assert_eq!(
            text,
            "Ana Lima <forgotten[bot]@staffscope.invalid> <ana@old.example>\n/src/ @forgotten[bot] @bo-gh\nmail forgotten[bot]@staffscope.invalid.\n"
        );
    }

    #[test]
    fn names_and_bare_logins_in_documents_point_to_the_tombstone() {
        let mut forgotten = forgotten(&[], &["Zelda Quorn"]);
        forgotten.add(&Identities {
            logins: vec!["zquorn".into()],
            ..Identities::default()
        });
        let (text, replaced) = forgotten.clean_text(
            "authors: [Zelda Quorn, cy]\ndeciders: [zquorn]\nThanks to Zelda  Quorn and zquornish.\n",
        );
        // Two spaces apart the words are not the name as written.
        assert_eq!(replaced, 2);
        assert_eq!(
            text,
            "authors: [forgotten[bot], cy]\ndeciders: [forgotten[bot]]\nThanks to Zelda  Quorn and zquornish.\n"
        );
    }

    #[test]
    fn logins_in_merge_messages_point_to_the_tombstone() {
        let mut forgotten = Forgotten::default();
        forgotten.add(&Identities {
            logins: vec!["marcus".into()],
            ..Identities::default()
        });
        let (github, changed) = forgotten.clean_message(
            "Merge pull request #7 from acme/marcus/fix-it\n\nfix it, says marcus\n",
        );
        assert_eq!(changed, 2);
        assert_eq!(
            github,
            "Merge pull request #7 from acme/forgotten[bot]/fix-it\n\nfix it, says forgotten[bot]\n"
        );
        let (bors, changed) =
            forgotten.clean_message("Auto merge of #9 - marcus:fix, r=ana,marcus\n");
        assert_eq!(changed, 2);
        assert_eq!(
            bors,
            "Auto merge of #9 - forgotten[bot]:fix, r=ana,forgotten[bot]\n"
        );
        let (plain, changed) = forgotten.clean_message("marcus/fix: not a merge\n");
        assert_eq!((plain.as_str(), changed), ("marcus/fix: not a merge\n", 0));
    }

    #[test]
    fn a_name_alone_matches_only_where_there_is_no_email() {
        // Two people may share a name; an email decides whenever there is one.
        let forgotten = forgotten(&["ana@x.example"], &["Ana Lima"]);
        let other = Signature {
            name: "Ana Lima".into(),
            email: "ana.lima@elsewhere.example".into(),
        };
        assert!(!forgotten.signature(&other));
    }

    #[test]
    fn hashes_do_not_hold_the_identities() {
        let identities = Identities {
            emails: vec!["ana@x.example".into()],
            names: vec!["Ana".into()],
            logins: vec!["ana-gh".into()],
        };
        let rows = identities.hashes();
        assert_eq!(rows.len(), 3);
        assert!(
            rows.iter()
                .all(|(_, h)| h.len() == 64 && !h.contains("ana"))
        );
    }
}
