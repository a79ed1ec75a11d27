//! `CODEOWNERS` files: which owners a path has, with GitHub's and GitLab's semantics.
//!
//! GitHub reads patterns much like `.gitignore`, with three differences that
//! matter here: the last matching line wins, there is no `!` negation, and a
//! pattern ending in `/*` matches only the files directly in that folder, not
//! deeper ones. A line with a pattern and no owners makes the path unowned.
//!
//! GitLab adds sections: `[Section]`, `^[Optional section]`, `[Section][2]`
//! (approvals needed), each optionally followed by default owners. Within a
//! section the last matching line wins; every section that matches adds its
//! owners; a line without owners takes its section's defaults.

use std::borrow::Cow;
use std::collections::HashMap;
use std::sync::Arc;

use globset::{GlobBuilder, GlobSet, GlobSetBuilder};

use model::Diagnostic;

#[derive(Debug)]
pub struct CodeOwners {
    sections: Vec<Section>,
}

#[derive(Debug, Default)]
struct Section {
    /// `None` for the lines before any section header (all of a GitHub file).
    name: Option<String>,
    default_owners: Vec<String>,
    rules: Vec<Rule>,
}

#[derive(Debug)]
struct Rule {
    matcher: Matcher,
    owners: Vec<String>,
}

/// How a rule's pattern is matched. Most lines of a real file name one path
/// or folder (`/peps/pep-0008.rst`): those are compared as text, with the
/// same meaning the globs would give them; the rest are compiled, once per
/// distinct pattern however many versions of the file repeat it.
#[derive(Clone, Debug)]
pub(crate) enum Matcher {
    Literal {
        body: Arc<str>,
        anchored: bool,
        directory_only: bool,
    },
    Glob(Arc<GlobSet>),
}

impl Matcher {
    pub(crate) fn is_match(&self, path: &str) -> bool {
        match self {
            Matcher::Glob(set) => set.is_match(path),
            Matcher::Literal {
                body,
                anchored,
                directory_only,
            } => {
                let body: &str = body;
                if body.is_empty() {
                    return true;
                }
                // A folder owns what is strictly inside it.
                let inside = |rest: &str| rest.len() > 1 && rest.starts_with('/');
                if *anchored {
                    (!directory_only && path == body) || path.strip_prefix(body).is_some_and(inside)
                } else {
                    // One segment, matched at any depth, as a file or a folder.
                    let file = || {
                        path == body || path.strip_suffix(body).is_some_and(|r| r.ends_with('/'))
                    };
                    let folder = || {
                        path.strip_prefix(body).is_some_and(inside)
                            || path.match_indices(body).any(|(at, _)| {
                                at > 0
                                    && path.as_bytes()[at - 1] == b'/'
                                    && inside(&path[at + body.len()..])
                            })
                    };
                    (!directory_only && file()) || folder()
                }
            }
        }
    }
}

/// Patterns already translated, shared by the versions of one history: a
/// CODEOWNERS file changed hundreds of times repeats most of its lines in
/// every version, and compiling each line's globs again for each version
/// cost the PEPs repository seconds and a gigabyte.
#[derive(Debug, Default)]
pub struct Patterns {
    seen: HashMap<String, Result<Matcher, String>>,
}

impl Patterns {
    fn matcher(&mut self, pattern: &str) -> Result<Matcher, String> {
        if let Some(known) = self.seen.get(pattern) {
            return known.clone();
        }
        let made = translate(pattern);
        self.seen.insert(pattern.to_string(), made.clone());
        made
    }
}

impl CodeOwners {
    /// Parses the file; lines that cannot be read are reported in the returned
    /// diagnostics and skipped, as GitHub itself does.
    pub fn parse(file: &str, content: &str) -> (CodeOwners, Vec<Diagnostic>) {
        CodeOwners::parse_with(file, content, &mut Patterns::default())
    }

    /// [`CodeOwners::parse`], reusing the patterns of earlier versions.
    pub fn parse_with(
        file: &str,
        content: &str,
        patterns: &mut Patterns,
    ) -> (CodeOwners, Vec<Diagnostic>) {
        let mut sections = vec![Section::default()];
        // Lines belong to the section whose header came last.
        let mut current = 0;
        let mut diagnostics = Vec::new();
        for (index, line) in content.lines().enumerate() {
            let line_number = index + 1;
            match section_header(line) {
                Some(Ok((name, default_owners))) => {
                    // GitLab combines sections of the same name (ignoring case).
                    let existing = sections.iter().position(|section| {
                        section
                            .name
                            .as_deref()
                            .is_some_and(|n| n.eq_ignore_ascii_case(&name))
                    });
                    current = match existing {
                        Some(index) => {
                            if !default_owners.is_empty() {
                                sections[index].default_owners = default_owners;
                            }
                            index
                        }
                        None => {
                            sections.push(Section {
                                name: Some(name),
                                default_owners,
                                rules: Vec::new(),
                            });
                            sections.len() - 1
                        }
                    };
                    continue;
                }
                Some(Err(message)) => {
                    diagnostics.push(Diagnostic::at(file, line_number, message));
                    continue;
                }
                None => {}
            }
            match parse_line(line, patterns) {
                Ok(None) => {}
                Ok(Some(rule)) => sections[current].rules.push(rule),
                Err(message) => diagnostics.push(Diagnostic::at(file, line_number, message)),
            }
        }
        (CodeOwners { sections }, diagnostics)
    }

    /// The owners of `path` (relative to the repository root, `/`-separated):
    /// `None` when no line matches, `Some(vec![])` when the matching line names
    /// no owner (and its section has no default owners).
    ///
    /// Borrowed when one section matches, as in every GitHub file: this is
    /// asked for every file of every commit.
    pub fn owners_of(&self, path: &str) -> Option<Cow<'_, [String]>> {
        let mut owners: Option<Cow<'_, [String]>> = None;
        for section in &self.sections {
            let Some(rule) = section
                .rules
                .iter()
                .rev()
                .find(|rule| rule.matcher.is_match(path))
            else {
                continue;
            };
            let found = if rule.owners.is_empty() && section.name.is_some() {
                &section.default_owners
            } else {
                &rule.owners
            };
            owners = Some(match owners {
                None => Cow::Borrowed(found.as_slice()),
                Some(earlier) => {
                    let mut all = earlier.into_owned();
                    for owner in found {
                        if !all.contains(owner) {
                            all.push(owner.clone());
                        }
                    }
                    Cow::Owned(all)
                }
            });
        }
        owners
    }
}

/// A GitLab section header: `[Name]`, `^[Name]`, `[Name][2]`, with optional
/// default owners after it. `None` when the line is not a header.
fn section_header(line: &str) -> Option<Result<(String, Vec<String>), String>> {
    let line = line.trim();
    let rest = line.strip_prefix('^').unwrap_or(line);
    let rest = rest.strip_prefix('[')?;
    let Some((name, after)) = rest.split_once(']') else {
        return Some(Err(format!("section header `{line}` has no closing `]`")));
    };
    if name.trim().is_empty() {
        return Some(Err("a section header needs a name".to_string()));
    }
    let mut after = after.trim_start();
    if let Some(count) = after.strip_prefix('[') {
        let Some((digits, tail)) = count.split_once(']') else {
            return Some(Err(format!(
                "section header `{line}`: approvals count has no closing `]`"
            )));
        };
        if digits.trim().parse::<u32>().is_err() {
            return Some(Err(format!(
                "section header `{line}`: `{digits}` is not a number of approvals"
            )));
        }
        after = tail;
    }
    let mut owners = Vec::new();
    for token in after.split_whitespace() {
        if token.starts_with('#') {
            break;
        }
        if !is_valid_owner(token) {
            return Some(Err(format!(
                "invalid owner `{token}` in section `{}`: expected @user, @org/team or an email address",
                name.trim()
            )));
        }
        owners.push(token.to_string());
    }
    Some(Ok((name.trim().to_string(), owners)))
}

fn parse_line(line: &str, patterns: &mut Patterns) -> Result<Option<Rule>, String> {
    let line = line.trim();
    if line.is_empty() || line.starts_with('#') {
        return Ok(None);
    }
    let mut tokens = split_unescaped_whitespace(line).into_iter();
    let pattern = tokens.next().expect("a non-empty line has a first token");
    let mut owners = Vec::new();
    for token in tokens {
        if token.starts_with('#') {
            break;
        }
        if !is_valid_owner(&token) {
            return Err(format!(
                "invalid owner `{token}`: expected @user, @org/team or an email address"
            ));
        }
        owners.push(token);
    }
    let matcher = patterns.matcher(&pattern)?;
    Ok(Some(Rule { matcher, owners }))
}

fn split_unescaped_whitespace(line: &str) -> Vec<String> {
    let mut tokens = Vec::new();
    let mut current = String::new();
    let mut chars = line.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => {
                // Keep the escape so the pattern translation sees it; `\#` and `\ ` are literal.
                current.push('\\');
                if let Some(next) = chars.next() {
                    current.push(next);
                }
            }
            c if c.is_whitespace() => {
                if !current.is_empty() {
                    tokens.push(std::mem::take(&mut current));
                }
            }
            c => current.push(c),
        }
    }
    if !current.is_empty() {
        tokens.push(current);
    }
    tokens
}

fn is_valid_owner(owner: &str) -> bool {
    if let Some(handle) = owner.strip_prefix('@') {
        let mut parts = handle.split('/');
        let valid_part = |part: &str| {
            !part.is_empty()
                && part
                    .chars()
                    .all(|c| c.is_alphanumeric() || matches!(c, '-' | '_' | '.'))
        };
        match (parts.next(), parts.next(), parts.next()) {
            (Some(user), None, None) => valid_part(user),
            (Some(org), Some(team), None) => valid_part(org) && valid_part(team),
            _ => false,
        }
    } else {
        match owner.split_once('@') {
            Some((local, domain)) => !local.is_empty() && domain.contains('.'),
            None => false,
        }
    }
}

/// A pattern as a matcher: compared as text when it has no wildcard or
/// escape, compiled into globs otherwise.
pub(crate) fn translate(pattern: &str) -> Result<Matcher, String> {
    let globs = pattern_globset(pattern)?;
    let directory_only = pattern.ends_with('/');
    let trimmed = pattern.trim_end_matches('/');
    let body = trimmed.trim_start_matches('/');
    if body.contains(['*', '?', '\\', '{', '}']) {
        return Ok(Matcher::Glob(Arc::new(globs)));
    }
    Ok(Matcher::Literal {
        body: body.into(),
        anchored: trimmed.starts_with('/') || body.contains('/'),
        directory_only,
    })
}

/// Translates one GitHub pattern into globs over repository-relative paths.
pub(crate) fn pattern_globset(pattern: &str) -> Result<GlobSet, String> {
    if pattern.starts_with('!') {
        return Err(format!(
            "pattern `{pattern}`: negation with `!` is not supported in CODEOWNERS"
        ));
    }
    if pattern.contains('[') || pattern.contains(']') {
        return Err(format!(
            "pattern `{pattern}`: character ranges with `[ ]` are not supported in CODEOWNERS"
        ));
    }
    let directory_only = pattern.ends_with('/');
    let trimmed = pattern.trim_end_matches('/');
    let anchored = trimmed.starts_with('/') || trimmed.trim_start_matches('/').contains('/');
    let body = trimmed.trim_start_matches('/');

    let mut globs = Vec::new();
    if body.is_empty() {
        // `/` alone owns the whole repository.
        globs.push("**".to_string());
    } else {
        let escaped = escape_braces(body);
        let base = if anchored || escaped.starts_with("**") {
            escaped
        } else {
            format!("**/{escaped}")
        };
        let last_segment = body.rsplit('/').next().unwrap_or(body);
        if !directory_only {
            globs.push(base.clone());
        }
        // A folder matches everything under it, except that GitHub does not let
        // `folder/*` reach into subfolders.
        if directory_only || !last_segment.contains('*') {
            globs.push(format!("{base}/**"));
        }
    }

    let mut set = GlobSetBuilder::new();
    for glob in globs {
        let glob = GlobBuilder::new(&glob)
            .literal_separator(true)
            .backslash_escape(true)
            .build()
            .map_err(|error| format!("pattern `{pattern}`: {}", error.kind()))?;
        set.add(glob);
    }
    set.build()
        .map_err(|error| format!("pattern `{pattern}`: {error}"))
}

/// GitHub gives `{` and `}` no meaning; globset would read them as alternatives.
fn escape_braces(body: &str) -> String {
    let mut out = String::with_capacity(body.len());
    for c in body.chars() {
        if matches!(c, '{' | '}') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Literal patterns compared as text mean what their globs mean: every
    /// pattern and path over a small alphabet, exhaustively.
    #[test]
    fn literal_patterns_match_as_their_globs_do() {
        let names = ["a", "b", "ab", "a.b"];
        let mut bodies: Vec<String> = names.iter().map(|n| n.to_string()).collect();
        for first in names {
            for second in names {
                bodies.push(format!("{first}/{second}"));
            }
        }
        let mut paths = bodies.clone();
        for body in &bodies {
            for name in names {
                paths.push(format!("{body}/{name}"));
                paths.push(format!("{name}/{body}"));
            }
        }
        let mut checked = 0;
        for body in bodies.iter().map(String::as_str).chain([""]) {
            for pattern in [
                body.to_string(),
                format!("/{body}"),
                format!("{body}/"),
                format!("/{body}/"),
            ] {
                if pattern.is_empty() {
                    continue;
                }
                let literal = translate(&pattern).expect("a pattern");
                assert!(matches!(literal, Matcher::Literal { .. }), "{pattern}");
                let globs = pattern_globset(&pattern).expect("globs");
                for path in &paths {
                    assert_eq!(
                        literal.is_match(path),
                        globs.is_match(path),
                        "pattern {pattern} on {path}"
                    );
                    checked += 1;
                }
            }
        }
        assert!(checked > 5000, "{checked}");
    }

    #[test]
    fn versions_share_their_compiled_patterns() {
        let mut patterns = Patterns::default();
        let (first, _) = CodeOwners::parse_with("C", "*.rs @a\n/docs/ @b\n", &mut patterns);
        let (second, _) = CodeOwners::parse_with("C", "*.rs @a\n/docs/ @c\n", &mut patterns);
        assert_eq!(patterns.seen.len(), 2, "each distinct pattern once");
        assert_eq!(
            first.owners_of("docs/x.rs").as_deref(),
            Some(&["@b".to_string()][..])
        );
        assert_eq!(
            second.owners_of("src/x.rs").as_deref(),
            Some(&["@a".to_string()][..])
        );
    }

    fn check(file: &str, cases: &[(&str, Option<&[&str]>)]) {
        let (owners, diagnostics) = CodeOwners::parse("CODEOWNERS", file);
        assert!(diagnostics.is_empty(), "{diagnostics:?}");
        for (path, expected) in cases {
            let got = owners.owners_of(path).map(Cow::into_owned);
            let expected =
                expected.map(|owners| owners.iter().map(|o| o.to_string()).collect::<Vec<_>>());
            assert_eq!(got, expected, "path {path}");
        }
    }

    #[test]
    fn last_matching_line_wins() {
        check(
            "* @org/all\n*.js @js-owner\n/build/logs/ @doctocat\n",
            &[
                ("README.md", Some(&["@org/all"])),
                ("src/app.js", Some(&["@js-owner"])),
                ("build/logs/today.js", Some(&["@doctocat"])),
                ("build/logs/deep/x.txt", Some(&["@doctocat"])),
                ("other/build/logs/x.txt", Some(&["@org/all"])),
            ],
        );
    }

    #[test]
    fn unanchored_folder_matches_anywhere() {
        check(
            "apps/ @octocat\n",
            &[
                ("apps/a.txt", Some(&["@octocat"])),
                ("x/y/apps/b/c.txt", Some(&["@octocat"])),
                ("apps", None),
                ("myapps/a.txt", None),
            ],
        );
    }

    #[test]
    fn star_suffix_does_not_reach_subfolders() {
        check(
            "docs/* docs@example.com\n",
            &[
                ("docs/getting-started.md", Some(&["docs@example.com"])),
                ("docs/build-app/troubleshooting.md", None),
            ],
        );
    }

    #[test]
    fn middle_slash_anchors_and_double_star_spans() {
        check(
            "src/lib @a\n**/logs @b\ndocs/**/*.md @c\n",
            &[
                ("src/lib/x.rs", Some(&["@a"])),
                ("other/src/lib/x.rs", None),
                ("deep/down/logs/x", Some(&["@b"])),
                ("logs/x", Some(&["@b"])),
                ("docs/a/b/c.md", Some(&["@c"])),
                ("docs/c.md", Some(&["@c"])),
            ],
        );
    }

    #[test]
    fn no_owner_means_explicitly_unowned() {
        check(
            "* @org/all\n/vendor/\n",
            &[("vendor/lib.c", Some(&[])), ("src/x", Some(&["@org/all"]))],
        );
    }

    #[test]
    fn comments_and_escapes() {
        check(
            "# owners\n\\#odd @a # trailing comment\nfile{1}.txt @b\n",
            &[
                ("#odd", Some(&["@a"])),
                ("dir/#odd", Some(&["@a"])),
                ("file{1}.txt", Some(&["@b"])),
            ],
        );
    }

    #[test]
    fn gitlab_sections_each_add_their_owners() {
        check(
            "* @org/all\n\n[Docs] @org/docs\ndocs/\n*.md @writer\n\n^[Security][2] @org/sec\n/auth/\n\n[Docs]\nREADME.md\n",
            &[
                ("src/x.rs", Some(&["@org/all"])),
                ("docs/a.rs", Some(&["@org/all", "@org/docs"])),
                ("docs/a.md", Some(&["@org/all", "@writer"])),
                ("auth/login.rs", Some(&["@org/all", "@org/sec"])),
                // The second [Docs] continues the first: its README.md line
                // wins there and takes the section's default owners.
                ("README.md", Some(&["@org/all", "@org/docs"])),
            ],
        );
    }

    #[test]
    fn broken_section_headers_are_named() {
        let (_, problems) = CodeOwners::parse(
            "CODEOWNERS",
            "[Docs\n[][1]\n[Sec][two] @a\n[Ok] not-an-owner\n",
        );
        let lines: Vec<_> = problems.iter().map(|d| d.line).collect();
        assert_eq!(
            lines,
            vec![Some(1), Some(2), Some(3), Some(4)],
            "{problems:?}"
        );
    }

    #[test]
    fn broken_lines_are_reported_with_their_line_and_skipped() {
        let (owners, diagnostics) = CodeOwners::parse(
            "repo/.github/CODEOWNERS",
            "* @org/all\n!negated @a\nsrc/ not-an-owner\n[ab].rs @b\nlib/ @org/lib\n",
        );
        let lines: Vec<_> = diagnostics.iter().map(|d| d.line).collect();
        assert_eq!(lines, vec![Some(2), Some(3), Some(4)]);
        assert!(
            diagnostics[1]
                .to_string()
                .starts_with("repo/.github/CODEOWNERS:3: invalid owner")
        );
        assert_eq!(owners.owners_of("lib/x").unwrap().as_ref(), ["@org/lib"]);
        assert_eq!(owners.owners_of("src/x").unwrap().as_ref(), ["@org/all"]);
    }

    #[test]
    fn never_panics_on_arbitrary_bytes() {
        // A cheap property test: every prefix and every line of a mixed input parses without panicking.
        let input = "* @a\n\\\n**\n/\n//\n***/x @b\n@ @\n\t#\n{a,b} @c\n\u{0}\u{ff} @d\n";
        for end in 0..=input.len() {
            if input.is_char_boundary(end) {
                let (owners, _) = CodeOwners::parse("CODEOWNERS", &input[..end]);
                let _ = owners.owners_of("a/b/c");
            }
        }
    }
}
