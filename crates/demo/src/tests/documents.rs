//! The planted design documents and the commits that cite them.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use super::git_out;
use crate::calendar::date;
use crate::org::Org;
use crate::people::{ROSTER, Team, person_index, team_at};
use crate::{DemoOptions, SENIOR, STAFF, generate};

/// The front matter of a Markdown document, parsed as YAML.
fn front_matter(text: &str) -> serde_yaml_ng::Value {
    let rest = text
        .strip_prefix("---\n")
        .expect("front matter opens the file");
    let (matter, _) = rest.split_once("\n---\n").expect("front matter is closed");
    serde_yaml_ng::from_str(matter).expect("front matter is valid YAML")
}

fn yaml_handles(value: &serde_yaml_ng::Value) -> Vec<&str> {
    value
        .as_sequence()
        .expect("a list of handles")
        .iter()
        .map(|v| v.as_str().expect("a handle"))
        .collect()
}

fn yaml_str<'a>(matter: &'a serde_yaml_ng::Value, key: &str) -> &'a str {
    matter[key]
        .as_str()
        .unwrap_or_else(|| panic!("{key} is text"))
}

/// The bare repository of `name` among the generated ones.
fn repo_dir(repos: &Path, name: &str) -> PathBuf {
    repos.join(format!("{name}.git"))
}

/// The team someone starts in.
fn team_of(handle: &str) -> Team {
    ROSTER[person_index(handle)].team
}

/// Each document: where it is, its first line, its title heading, who
/// wrote it and when (in the author's time zone), and how many commits
/// touched it.
const EXPECTED: [(&str, &str, &str, &str, &str, &str, usize); 5] = [
    (
        "platform-infra",
        "rfcs/0001-unified-retry-policy.md",
        "---",
        "# A unified retry and timeout policy for service clients",
        STAFF,
        "2025-02-10",
        1,
    ),
    (
        "payments-api",
        "docs/adr/0003-use-postgres-for-the-ledger.md",
        "# 3. Use Postgres for the ledger",
        "# 3. Use Postgres for the ledger",
        "kenji",
        "2025-04-02",
        2,
    ),
    (
        "shared-libs",
        "docs/decisions/0007-one-http-client.md",
        "---",
        "# Use one shared HTTP client",
        STAFF,
        "2025-05-20",
        1,
    ),
    (
        "checkout-web",
        "postmortems/2025-08-14-checkout-outage.md",
        "---",
        "# Checkout outage from retry storms",
        STAFF,
        "2025-08-20",
        1,
    ),
    (
        "search-indexer",
        "docs/design/ranking-v2.md",
        "---",
        "# Ranking v2",
        "wei",
        "2025-06-01",
        1,
    ),
];

#[test]
fn design_documents_are_planted() {
    let root = tempfile::tempdir().expect("temp dir");
    let org = generate(root.path(), &DemoOptions::default()).expect("generation");
    let repos = root.path().join("repos");
    let texts = documents(&repos);
    check_rfc(&texts["rfcs/0001-unified-retry-policy.md"]);
    check_adr(
        &repos,
        &texts["docs/adr/0003-use-postgres-for-the-ledger.md"],
    );
    check_madr(&texts["docs/decisions/0007-one-http-client.md"]);
    check_postmortem(&texts["postmortems/2025-08-14-checkout-outage.md"]);
    check_design(&repos, &texts["docs/design/ranking-v2.md"]);
    check_rfc_adoption(&repos, &org.repositories);
    check_no_documents_by_marcus(&repos, &org.repositories);
}

/// Every planted document at the tip of its repository, by path, after
/// checking who wrote it, when, and how many commits touched it.
fn documents(repos: &Path) -> BTreeMap<&'static str, String> {
    let mut texts = BTreeMap::new();
    for (repo, path, first, heading, author, day, commits) in EXPECTED {
        let text = git_out(&repo_dir(repos, repo), &["show", &format!("HEAD:{path}")]);
        assert_eq!(text.lines().next(), Some(first), "{repo}:{path}");
        assert_eq!(
            text.lines().find(|l| l.starts_with("# ")),
            Some(heading),
            "{repo}:{path}"
        );
        assert!(
            (30..=120).contains(&text.lines().count()),
            "{repo}:{path} has {} lines",
            text.lines().count()
        );
        let log = git_out(
            &repo_dir(repos, repo),
            &["log", "--format=%ae %ad", "--date=short", "--", path],
        );
        let entries: Vec<&str> = log.lines().collect();
        assert_eq!(entries.len(), commits, "{repo}:{path}: {log}");
        let email = format!("{author}@acme.example");
        assert_eq!(
            entries.last().copied(),
            Some(format!("{email} {day}").as_str()),
            "{repo}:{path} is added by {author} on {day}"
        );
        assert!(
            entries.iter().all(|e| e.starts_with(&format!("{email} "))),
            "{repo}:{path}: {log}"
        );
        texts.insert(path, text);
    }
    texts
}

/// RFC-0001: accepted, by Priya, reviewed by three product teams.
fn check_rfc(rfc: &str) {
    let matter = front_matter(rfc);
    assert_eq!(yaml_str(&matter, "id"), "RFC-0001");
    assert_eq!(
        yaml_str(&matter, "title"),
        "A unified retry and timeout policy for service clients"
    );
    assert_eq!(yaml_str(&matter, "type"), "rfc");
    assert_eq!(yaml_str(&matter, "status"), "accepted");
    assert_eq!(yaml_str(&matter, "date"), "2025-02-10");
    assert_eq!(yaml_handles(&matter["authors"]), [STAFF]);
    assert_eq!(yaml_handles(&matter["teams"]), ["platform"]);
    let reviewer_teams: Vec<Team> = yaml_handles(&matter["reviewers"])
        .into_iter()
        .map(team_of)
        .collect();
    assert_eq!(
        reviewer_teams,
        [Team::Payments, Team::Checkout, Team::Search]
    );
    for section in [
        "## Summary",
        "## Motivation",
        "## Proposal",
        "## Alternatives considered",
    ] {
        assert!(rfc.lines().any(|l| l == section), "RFC lacks {section}");
    }
}

/// The Nygard ADR: no front matter, and one small later edit by its author.
fn check_adr(repos: &Path, adr: &str) {
    let adr_path = "docs/adr/0003-use-postgres-for-the-ledger.md";
    let sections: Vec<&str> = adr.lines().filter(|l| l.starts_with("## ")).collect();
    assert_eq!(
        sections,
        ["## Status", "## Context", "## Decision", "## Consequences"]
    );
    assert!(adr.contains("## Status\n\nAccepted\n"));
    assert!(!adr.contains("---"), "the ADR has no front matter");
    let payments = repo_dir(repos, "payments-api");
    let (added, edited) = {
        let log = git_out(&payments, &["log", "--format=%H", "--", adr_path]);
        let ids: Vec<String> = log.lines().map(str::to_string).collect();
        (ids[1].clone(), ids[0].clone())
    };
    let stat = git_out(&payments, &["show", "--format=", "--numstat", &edited]);
    assert_eq!(stat, format!("2\t2\t{adr_path}"), "a small edit");
    assert_ne!(
        git_out(&payments, &["show", &format!("{added}:{adr_path}")]),
        *adr
    );
    assert!(adr.contains("`ledger-ro`"));
}

/// The MADR decision: Priya with deciders from two other teams.
fn check_madr(madr: &str) {
    let matter = front_matter(madr);
    assert_eq!(yaml_str(&matter, "status"), "accepted");
    assert_eq!(yaml_str(&matter, "date"), "2025-05-20");
    let deciders = yaml_handles(&matter["deciders"]);
    assert_eq!(deciders.len(), 3);
    assert_eq!(deciders[0], STAFF);
    assert!(
        deciders[1..]
            .iter()
            .all(|d| team_of(d) != Team::Platform && *d != SENIOR),
        "{deciders:?}"
    );
    for section in [
        "## Context and Problem Statement",
        "## Considered Options",
        "## Decision Outcome",
        "### Consequences",
    ] {
        assert!(madr.lines().any(|l| l == section), "MADR lacks {section}");
    }
    let options = madr
        .split("## Considered Options\n\n")
        .nth(1)
        .expect("options")
        .lines()
        .take_while(|l| l.starts_with("* "))
        .count();
    assert_eq!(options, 3);
    assert!(
        madr.lines()
            .any(|l| l.starts_with("Chosen option: \"") && l.contains("\", because ")),
        "{madr}"
    );
}

/// INC-2025-014: Priya's review, with remediation owners in three teams.
fn check_postmortem(postmortem: &str) {
    let matter = front_matter(postmortem);
    assert_eq!(yaml_str(&matter, "id"), "INC-2025-014");
    assert_eq!(yaml_str(&matter, "type"), "postmortem");
    assert_eq!(yaml_str(&matter, "severity"), "SEV2");
    assert_eq!(yaml_str(&matter, "date"), "2025-08-14");
    assert_eq!(
        yaml_str(&matter, "root_cause"),
        "Retries without jitter in three services amplified a slow database failover."
    );
    assert_eq!(yaml_handles(&matter["authors"]), [STAFF]);
    assert_eq!(yaml_handles(&matter["diagnosed_by"]), [STAFF]);
    assert_eq!(
        yaml_handles(&matter["teams_affected"]),
        ["checkout", "payments", "platform"]
    );
    let owners: Vec<Team> = matter["remediation"]
        .as_sequence()
        .expect("remediation items")
        .iter()
        .map(|item| {
            assert!(item["item"].as_str().is_some_and(|i| !i.is_empty()));
            team_of(item["owner"].as_str().expect("owner"))
        })
        .collect();
    assert_eq!(owners, [Team::Payments, Team::Checkout, Team::Platform]);
    assert_eq!(
        matter["remediation"][2]["owner"].as_str(),
        Some(STAFF),
        "priya owns the dashboard"
    );
    for section in [
        "## Summary",
        "## Timeline",
        "## Root cause",
        "## What went well",
        "## Action items",
    ] {
        assert!(
            postmortem.lines().any(|l| l == section),
            "postmortem lacks {section}"
        );
    }
}

/// The ranking design: a draft by a search engineer, which a teammate
/// implements.
fn check_design(repos: &Path, design: &str) {
    let matter = front_matter(design);
    assert_eq!(yaml_str(&matter, "type"), "design");
    assert_eq!(yaml_str(&matter, "status"), "draft");
    assert_eq!(yaml_str(&matter, "date"), "2025-06-01");
    assert_eq!(yaml_handles(&matter["authors"]), ["wei"]);
    let search = repo_dir(repos, "search-indexer");
    let implements = git_out(
        &search,
        &[
            "log",
            "--fixed-strings",
            "--grep=Implements docs/design/ranking-v2.md",
            "--format=%ae",
        ],
    );
    let implementers: Vec<&str> = implements.lines().collect();
    assert_eq!(implementers.len(), 1, "{implements}");
    let implementer = implementers[0].trim_end_matches("@acme.example");
    assert!(implementer != "wei" && team_of(implementer) == Team::Search);
}

/// RFC-0001 is adopted between March and July 2025 by the teams that own
/// the code, in their own areas, never by its author.
fn check_rfc_adoption(repos: &Path, names: &[String]) {
    let mut citing: BTreeMap<&str, usize> = BTreeMap::new();
    let mut path_references = 0;
    for name in names {
        let repo = repo_dir(repos, name);
        let owner = Org::new().repos[Org::new().repo_index(name)].owner;
        let log = git_out(
            &repo,
            &["log", "--grep=RFC-0001", "--format=%H %ae %at %an"],
        );
        for line in log.lines() {
            let mut fields = line.splitn(4, ' ');
            let (id, email, at) = (
                fields.next().expect("id"),
                fields.next().expect("email"),
                fields.next().expect("time"),
            );
            let handle = email.trim_end_matches("@acme.example");
            let time: i64 = at.parse().expect("time");
            assert!(handle != STAFF && handle != SENIOR, "{name}: {line}");
            assert!(
                (date(2025, 3, 1)..date(2025, 8, 1)).contains(&time),
                "{name}: {line}"
            );
            assert_eq!(team_at(person_index(handle), time), owner, "{name}: {line}");
            let paths = git_out(&repo, &["show", "--format=", "--name-only", id]);
            assert!(
                !paths.is_empty() && paths.lines().all(|p| p.starts_with("src/")),
                "{name}: {line}: {paths}"
            );
            *citing.entry(name.as_str()).or_default() += 1;
        }
        path_references += git_out(
            &repo,
            &[
                "log",
                "--fixed-strings",
                "--grep=rfcs/0001-unified-retry-policy.md",
                "--format=%H",
            ],
        )
        .lines()
        .count();
    }
    for name in ["payments-api", "checkout-web", "search-indexer"] {
        assert!(citing.get(name).is_some_and(|&n| n >= 3), "{citing:?}");
    }
    assert!(
        citing
            .get("identity-service")
            .is_some_and(|n| (1..=2).contains(n)),
        "{citing:?}"
    );
    assert_eq!(citing.len(), 4, "{citing:?}");
    assert!((1..=2).contains(&path_references), "{path_references}");
}

/// Marcus writes no document: he never touches a Markdown file.
fn check_no_documents_by_marcus(repos: &Path, names: &[String]) {
    for name in names {
        let touched = git_out(
            &repo_dir(repos, name),
            &[
                "log",
                "--author=marcus@acme.example",
                "--format=",
                "--name-only",
            ],
        );
        assert!(
            !touched.lines().any(|p| p.ends_with(".md")),
            "marcus edits documents in {name}"
        );
    }
}
