//! The whole organization: deterministic, shaped like the story says, and
//! with configuration files that parse.

use std::collections::BTreeSet;
use std::path::Path;

use super::exports::check_exports;
use super::git_out;
use crate::people::{ROSTER, Team};
use crate::{DemoOptions, EXPORTED, generate};

#[test]
fn generates_deterministic_organization() {
    let first = tempfile::tempdir().expect("temp dir");
    let second = tempfile::tempdir().expect("temp dir");
    let options = DemoOptions::default();
    let org = generate(first.path(), &options).expect("first generation");
    let again = generate(second.path(), &options).expect("second generation");
    assert_eq!(org.repositories, again.repositories);
    assert_eq!(org.staff_engineer, "priya");
    assert_eq!(org.senior_mode_engineer, "marcus");
    assert_eq!(org.config, first.path().join("staffscope.toml"));
    assert!(org.repositories.len() >= 8);
    check_histories(first.path(), second.path(), &org.repositories);
    let repos = first.path().join("repos");
    // Dana's old address resolves through the mailmap.
    let data = repos.join("data-pipeline.git");
    assert_eq!(
        git_out(
            &data,
            &["check-mailmap", "Dana O. <dana.okafor@oldmail.example>"]
        ),
        "Dana Okafor <dana@acme.example>"
    );
    check_priya_reviews(&repos, &org.repositories);
    check_blame_ignore(&repos);
    check_configuration(first.path(), &org.config);
    check_exports(first.path(), second.path());
}

/// Both runs wrote the same histories, each of a plausible size and with
/// merges.
fn check_histories(first: &Path, second: &Path, names: &[String]) {
    let mut total = 0;
    for name in names {
        let a = first.join("repos").join(format!("{name}.git"));
        let b = second.join("repos").join(format!("{name}.git"));
        assert_eq!(
            git_out(&a, &["rev-parse", "HEAD"]),
            git_out(&b, &["rev-parse", "HEAD"]),
            "{name} differs between runs"
        );
        let count: u32 = git_out(&a, &["rev-list", "--count", "HEAD"])
            .parse()
            .expect("count");
        assert!((100..=2500).contains(&count), "{name} has {count} commits");
        total += count;
        let merges: u32 = git_out(&a, &["rev-list", "--merges", "--count", "HEAD"])
            .parse()
            .expect("count");
        assert!(merges > 0, "{name} has no merges");
        assert_eq!(git_out(&a, &["symbolic-ref", "HEAD"]), "refs/heads/main");
    }
    assert!((3000..=7000).contains(&total), "{total} commits in total");
}

/// Priya reviews authors from at least four other teams.
fn check_priya_reviews(repos: &Path, names: &[String]) {
    let mut reviewed_teams = BTreeSet::new();
    let mut reviews = 0;
    for name in names {
        let log = git_out(
            &repos.join(format!("{name}.git")),
            &[
                "log",
                "--no-merges",
                "--format=%ae%x09%(trailers:key=Reviewed-by,valueonly,separator=%x2C)",
            ],
        );
        for line in log.lines() {
            let (email, reviewers) = line.split_once('\t').unwrap_or((line, ""));
            if reviewers.contains("priya@acme.example") {
                reviews += 1;
                let handle = email.split('@').next().unwrap_or("");
                if let Some(p) = ROSTER
                    .iter()
                    .find(|p| p.handle == handle && p.team != Team::Platform)
                {
                    reviewed_teams.insert(p.team);
                }
            }
        }
    }
    assert!(reviews >= 250, "priya reviewed {reviews} commits");
    assert!(
        reviewed_teams.len() >= 4,
        "priya reviewed {reviewed_teams:?}"
    );
}

/// The blame-ignore file names the reformat commit.
fn check_blame_ignore(repos: &Path) {
    let web = repos.join("checkout-web.git");
    let ignored = git_out(&web, &["show", "HEAD:.git-blame-ignore-revs"]);
    let id = ignored.lines().last().unwrap_or("").to_string();
    assert_eq!(
        git_out(&web, &["log", "-1", "--format=%s", &id]),
        "Reformat codebase with prettier"
    );
    let touched = git_out(&web, &["show", "--format=", "--name-only", &id]);
    assert!(
        touched.lines().count() >= 200,
        "reformat touched {} files",
        touched.lines().count()
    );
}

/// teams.toml and staffscope.toml parse, and the configuration names every
/// export.
fn check_configuration(root: &Path, config_path: &Path) {
    let teams = std::fs::read_to_string(root.join("teams.toml")).expect("teams.toml");
    let parsed: toml::Value = toml::from_str(&teams).expect("teams.toml parses");
    assert_eq!(parsed["team"].as_array().map(Vec::len), Some(6));
    let config = std::fs::read_to_string(config_path).expect("staffscope.toml");
    let parsed: toml::Value = toml::from_str(&config).expect("staffscope.toml parses");
    let sources = parsed["code_review"]
        .as_array()
        .expect("code_review tables");
    assert_eq!(sources.len(), EXPORTED.len());
    for (source, name) in sources.iter().zip(EXPORTED) {
        assert_eq!(source["repository"].as_str(), Some(name));
        let folder = source["github"].as_str().expect("github folder");
        assert!(root.join(folder).join("pulls.json").is_file());
    }
    let teams_at = config.find("teams_file").expect("teams_file");
    let review_at = config.find("[[code_review]]").expect("code_review");
    assert!(teams_at < review_at && review_at < config.find("[window]").expect("window"));
}
