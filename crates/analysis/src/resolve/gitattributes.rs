//! `.gitattributes` files as GitHub's linguist reads them: paths marked
//! `linguist-generated` or `linguist-vendored` (or GitLab's
//! `gitlab-generated`) are generated or vendored code, whose lines never
//! count as anyone's coding. Patterns follow git's rules: one without a
//! slash matches a file name at any depth below the file's folder; one
//! with a slash is relative to that folder. Parsing only.

use globset::{GlobBuilder, GlobSet, GlobSetBuilder};

use model::Diagnostic;

const MARKS: &[&str] = &[
    "linguist-generated",
    "linguist-vendored",
    "gitlab-generated",
];

/// Whether an attribute sets one of the marks: `name` or `name=true`.
fn marks(attribute: &str) -> bool {
    let (name, value) = attribute.split_once('=').unwrap_or((attribute, "true"));
    MARKS.contains(&name) && value.eq_ignore_ascii_case("true")
}

/// The patterns one `.gitattributes` (at `path` in its repository) marks
/// generated or vendored, as repository-relative globs.
pub fn generated_patterns(path: &str, content: &str) -> Vec<String> {
    let folder = path.rsplit_once('/').map_or("", |(folder, _)| folder);
    let mut patterns = Vec::new();
    for line in content.lines() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let mut fields = line.split_whitespace();
        let Some(pattern) = fields.next() else {
            continue;
        };
        if !fields.any(marks) || pattern.starts_with('"') {
            continue;
        }
        let anchored = pattern.trim_start_matches('/');
        let relative = if pattern.trim_end_matches('/').contains('/') {
            anchored.to_string()
        } else {
            format!("**/{anchored}")
        };
        let relative = relative.trim_end_matches('/');
        let glob = if folder.is_empty() {
            relative.to_string()
        } else {
            format!("{folder}/{relative}")
        };
        // A folder pattern marks what is under it too.
        patterns.push(format!("{glob}/**"));
        patterns.push(glob);
    }
    patterns
}

/// One repository's (`repo`) marked paths as a set; a pattern that does
/// not compile is named with its file and left out.
pub fn generated_set(
    repo: &str,
    files: &[(&str, &str)],
    diagnostics: &mut Vec<Diagnostic>,
) -> GlobSet {
    let mut builder = GlobSetBuilder::new();
    for (path, content) in files {
        for pattern in generated_patterns(path, content) {
            match GlobBuilder::new(&pattern).literal_separator(true).build() {
                Ok(glob) => {
                    builder.add(glob);
                }
                Err(error) => diagnostics.push(Diagnostic::in_file(
                    &format!("{repo}/{path}"),
                    format!("generated-path pattern `{pattern}`: {error}"),
                )),
            }
        }
    }
    builder.build().unwrap_or_else(|_| GlobSet::empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn set(files: &[(&str, &str)]) -> GlobSet {
        generated_set("r", files, &mut Vec::new())
    }

    #[test]
    fn marked_paths_are_generated_wherever_git_would_apply_them() {
        let root = "# linguist\n*.pb.go linguist-generated=true\n/api/openapi/ linguist-generated\nthird_party/** linguist-vendored\ndocs/*.md linguist-documentation\nschema.json -linguist-generated\nlock.json linguist-generated=false\n";
        let nested = "gen.rs linguist-generated\n";
        let set = set(&[
            (".gitattributes", root),
            ("crates/x/.gitattributes", nested),
        ]);
        for generated in [
            "a/b/c.pb.go",
            "c.pb.go",
            "api/openapi/spec.yaml",
            "third_party/lib/x.c",
            "crates/x/src/gen.rs",
        ] {
            assert!(set.is_match(generated), "{generated}");
        }
        for written in [
            "a/c.go",
            "docs/a.md",
            "schema.json",
            "lock.json",
            "src/api/openapi/spec.yaml",
            "crates/y/gen.rs",
            "gen.rs",
        ] {
            assert!(!set.is_match(written), "{written}");
        }
    }
}
