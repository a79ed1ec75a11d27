//! Git's `.mailmap`, read the way git reads it.
//!
//! It is the first phase of resolution because every later one names people
//! by the signature the mailmap gives them; it lives apart so that the
//! parsing quirks of `gix-mailmap` stay in one place.

use model::{Diagnostic, RepoFile, Signature};

/// Git's `.mailmap`, all four line forms, merged across repositories so that
/// one person is one person in every repository.
#[derive(Default)]
pub struct Mailmap {
    snapshot: gix_mailmap::Snapshot,
}

impl Mailmap {
    /// Adds a file's entries; malformed lines are returned as diagnostics and skipped.
    pub fn merge(&mut self, file: &str, content: &str) -> Vec<Diagnostic> {
        let mut diagnostics = Vec::new();
        let mut entries = Vec::new();
        for (index, line) in content.lines().enumerate() {
            for entry in gix_mailmap::parse(line.as_bytes()) {
                match entry {
                    Ok(entry) => entries.push(entry),
                    Err(error) => {
                        let message = error.to_string();
                        // gix numbers lines within what it was given; we gave it one.
                        let message = message
                            .trim_start_matches("Line 1 ")
                            .trim_start_matches("1: ")
                            .to_string();
                        diagnostics.push(Diagnostic::at(
                            file,
                            index + 1,
                            format!("malformed mailmap line: {}", lowercase_first(&message)),
                        ));
                    }
                }
            }
        }
        self.snapshot.merge(entries);
        diagnostics
    }

    pub fn resolve(&self, signature: &Signature) -> Signature {
        let actor = gix_actor::SignatureRef {
            name: signature.name.as_str().into(),
            email: signature.email.as_str().into(),
            time: "0 +0000",
        };
        match self.snapshot.try_resolve(actor) {
            Some(resolved) => Signature {
                name: resolved.name.to_string(),
                email: resolved.email.to_string(),
            },
            None => signature.clone(),
        }
    }
}

/// One mailmap for the whole organization: the organization-wide file first,
/// then each repository's own `.mailmap` as it is at HEAD.
pub(super) fn for_organization(
    organization: Option<(&str, &str)>,
    repo_files: &[RepoFile],
    diagnostics: &mut Vec<Diagnostic>,
) -> Mailmap {
    let mut mailmap = Mailmap::default();
    if let Some((file, content)) = organization {
        diagnostics.extend(mailmap.merge(file, content));
    }
    for file in repo_files {
        if file.path == ".mailmap"
            && file.commit.is_none()
            && let Some(content) = &file.content
        {
            diagnostics.extend(mailmap.merge(&format!("{}/.mailmap", file.repo), content));
        }
    }
    mailmap
}

fn lowercase_first(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_lowercase().chain(chars).collect(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sig(name: &str, email: &str) -> Signature {
        Signature {
            name: name.into(),
            email: email.into(),
        }
    }

    #[test]
    fn mailmap_four_forms() {
        let mut mailmap = Mailmap::default();
        let problems = mailmap.merge(
            ".mailmap",
            "# comment\nProper Name <commit@a.example>\n<proper@b.example> <commit@b.example>\nProper C <proper@c.example> <commit@c.example>\nProper D <proper@d.example> Commit D <commit@d.example>\n",
        );
        assert!(problems.is_empty(), "{problems:?}");
        let cases = [
            (
                sig("x", "commit@a.example"),
                sig("Proper Name", "commit@a.example"),
            ),
            (sig("x", "commit@b.example"), sig("x", "proper@b.example")),
            (
                sig("x", "commit@c.example"),
                sig("Proper C", "proper@c.example"),
            ),
            (
                sig("Commit D", "commit@d.example"),
                sig("Proper D", "proper@d.example"),
            ),
            (
                sig("Other", "commit@d.example"),
                sig("Other", "commit@d.example"),
            ),
        ];
        for (input, expected) in cases {
            assert_eq!(mailmap.resolve(&input), expected, "{input:?}");
        }
    }

    #[test]
    fn malformed_mailmap_line_is_named_and_skipped() {
        let mut mailmap = Mailmap::default();
        let problems = mailmap.merge(
            "repo/.mailmap",
            "Good <good@x.example> <old@x.example>\nBroken <no-closing@x.example\n",
        );
        assert_eq!(problems.len(), 1);
        assert_eq!(problems[0].line, Some(2));
        assert!(
            problems[0]
                .to_string()
                .starts_with("repo/.mailmap:2: malformed mailmap line"),
            "{}",
            problems[0]
        );
        assert_eq!(
            mailmap.resolve(&sig("x", "old@x.example")).email,
            "good@x.example"
        );
    }
}
