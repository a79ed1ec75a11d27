//! What every parser of outside input promises, as one function per parser:
//! on any text it returns, and every problem it reports names the file it
//! was given. The cargo-fuzz targets (`fuzz/`) and the property tests
//! (`tests/parsers_never_panic.rs`) both call these, so the two kinds of
//! bad-input testing check the same thing. Each panics when the promise is
//! broken, which is what both harnesses catch.

use model::Window;

/// Every problem's text starts with the file's name.
fn named<T: std::fmt::Display>(file: &str, problems: impl IntoIterator<Item = T>) {
    for problem in problems {
        let text = problem.to_string();
        assert!(text.starts_with(file), "not named after {file}: {text}");
    }
}

pub fn mailmap(text: &str) {
    let mut mailmap = analysis::resolve::Mailmap::default();
    named(".mailmap:", mailmap.merge(".mailmap", text));
}

/// GitHub's CODEOWNERS and GitLab's (sections, optional sections, default
/// owners) go through one parser.
pub fn codeowners(text: &str) {
    let (owners, problems) = analysis::resolve::CodeOwners::parse("CODEOWNERS", text);
    named("CODEOWNERS:", problems);
    let _ = owners.owners_of("docs/a/b.md");
    let _ = owners.owners_of("src/lib.rs");
}

/// Kubernetes-style OWNERS and OWNERS_ALIASES files.
pub fn owners(text: &str) {
    named(
        "a/OWNERS",
        analysis::resolve::owners::parse_owners("a/OWNERS", text).err(),
    );
    named(
        "OWNERS_ALIASES",
        analysis::resolve::owners::parse_aliases("OWNERS_ALIASES", text).err(),
    );
}

/// The Linux kernel's MAINTAINERS format.
pub fn maintainers(text: &str) {
    let (maintainers, problems) =
        analysis::resolve::owners::Maintainers::parse("MAINTAINERS", text);
    named("MAINTAINERS:", problems);
    let _ = maintainers.section_of("drivers/net/a.c");
}

/// The team maps: `teams.toml`, a CSV of people, Kubernetes' `sigs.yaml`,
/// a Backstage catalog and a GitHub teams export.
pub fn teams_file(text: &str) {
    let repositories = ["r".to_string()];
    let catalog = analysis::resolve::backstage::parse_catalog(
        &[
            ("catalog.yaml", text),
            ("more.yaml", &format!("---\n{text}")),
        ],
        &repositories,
    );
    for problem in &catalog.problems {
        let shown = problem.to_string();
        assert!(
            shown.starts_with("catalog.yaml:") || shown.starts_with("more.yaml:"),
            "{shown}"
        );
    }
    let export = analysis::resolve::github_teams::parse_github_teams(
        ("teams.json", text),
        &[("x", ("members.json", text))],
        &[("x", ("repos.json", text))],
        &repositories,
    );
    for problem in &export.problems {
        let shown = problem.to_string();
        assert!(shown.contains(".json:"), "{shown}");
    }
    named(
        "people.csv",
        analysis::resolve::people_csv::parse_people_csv("people.csv", text).err(),
    );
    named(
        "teams.toml",
        analysis::resolve::files::parse_teams_file("teams.toml", text).err(),
    );
    named(
        "sigs.yaml",
        analysis::resolve::sigs_yaml::parse_sigs_yaml("sigs.yaml", text, &["r".to_string()]).err(),
    );
}

pub fn identities_file(text: &str) {
    named(
        "identities.toml",
        analysis::resolve::files::parse_identities_file("identities.toml", text).err(),
    );
}

pub fn rubric(text: &str) {
    named(
        "rubric.toml",
        analysis::assess::parse_rubric("rubric.toml", text).err(),
    );
}

/// Front matter (YAML and TOML fences) and the headers of ADRs, RFCs, PEPs,
/// KEPs and post-incident reviews: the path picks the kind.
pub fn documents(text: &str) {
    for path in [
        "rfcs/0001-x.md",
        "docs/adr/0002-y.md",
        "peps/pep-0008.rst",
        "keps/sig-x/123-y/kep.yaml",
        "postmortems/p.md",
    ] {
        named(path, analysis::resolve::documents::parse(path, text).1);
    }
    let _ = analysis::resolve::documents::cited_ids(text);
    let _ = analysis::resolve::prose::not_prose(text);
}

/// The Rust project's team repository: the text as a team file now, in
/// history, and as a person's file.
pub fn rust_team(text: &str) {
    let parsed = analysis::resolve::rust_team::parse_rust_team(
        "team",
        &[("teams/x.toml", text)],
        &[("people/x.toml", text)],
        &[(1, "teams/x.toml", Some(text)), (2, "teams/x.toml", None)],
    );
    for problem in &parsed.problems {
        assert!(problem.file.starts_with("team"), "{problem:?}");
    }
}

pub fn calendar(text: &str) {
    let window = Window {
        since: 0,
        until: 2_000_000_000,
    };
    named(
        "c.ics",
        analysis::resolve::calendar::parse("c.ics", text, window).1,
    );
}

/// GitHub review exports: pull requests, reviews, review comments, events.
pub fn github_export(text: &str) {
    let mut export = model::ReviewExport::default();
    let mut comments = std::collections::HashMap::new();
    for name in [
        "pulls.json",
        "reviews-7.json",
        "comments-7.json",
        "events-7.json",
    ] {
        named(
            name,
            collect::github::parse_file("r", name, text, &mut export, &mut comments).0,
        );
    }
}

/// Gerrit's query output, one JSON object per line.
pub fn gerrit(text: &str) {
    named(
        "gerrit.jsonl:",
        collect::gerrit::parse("r", "gerrit.jsonl", text).1,
    );
}

pub fn evidence_log(text: &str) {
    match analysis::resolve::evidence_log::parse("evidence/a.yaml", text) {
        Ok((_, problems)) => named("evidence/a.yaml", problems),
        Err(problem) => named("evidence/a.yaml", [problem]),
    }
}

/// Commit messages: trailers, and the patterns finder's reading of them.
pub fn commit_message(text: &str) {
    let _ = model::parse_trailers(text);
    let _ = analysis::patterns::problem_kind(text, text);
    let _ = analysis::patterns::references(text);
    let _ = analysis::patterns::terms(text);
}
