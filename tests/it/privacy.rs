//! Privacy, tried on every output of the demo organization: no report, in
//! any format, shows a collected email address; anonymized outputs show no
//! name, no handle and no commit id either, and keep their pseudonyms from
//! one run to the next.

use std::collections::BTreeSet;
use std::path::Path;

use crate::common::{self, git, run_in};

/// What the demo's git histories say about people: every email address
/// (authors, committers, trailers), every name, and every commit id.
struct Collected {
    emails: BTreeSet<String>,
    names: BTreeSet<String>,
    commits: BTreeSet<String>,
}

fn collected(demo: &Path) -> Collected {
    let mut found = Collected {
        emails: BTreeSet::new(),
        names: BTreeSet::new(),
        commits: BTreeSet::new(),
    };
    // Every file the demo configures beside its histories: calendars,
    // review exports, team maps, evidence logs.
    let mut folders = vec![demo.to_path_buf()];
    while let Some(folder) = folders.pop() {
        for entry in std::fs::read_dir(&folder).unwrap() {
            let path = entry.unwrap().path();
            let name = path.file_name().unwrap().to_string_lossy().to_string();
            if name == ".git" || name.ends_with(".git") || name == ".staffscope" {
                continue;
            }
            if path.is_dir() {
                folders.push(path);
            } else if let Ok(text) = std::fs::read_to_string(&path) {
                found.emails.extend(emails_in(&text));
            }
        }
    }
    for entry in std::fs::read_dir(demo.join("repos")).unwrap() {
        let repo = entry.unwrap().path();
        if !repo.join("HEAD").exists() && !repo.join(".git").exists() {
            continue;
        }
        let log = git(
            &repo,
            &[
                "log",
                "--all",
                "--format=%H%x00%an%x00%ae%x00%cn%x00%ce%x00%B%x1e",
            ],
        );
        for record in log.split('\u{1e}') {
            let fields: Vec<&str> = record.trim_start().split('\0').collect();
            if fields.len() < 6 {
                continue;
            }
            found.commits.insert(fields[0].to_string());
            // Authors are people; committers include the forge's own
            // ("GitHub"), which is no one's name.
            found.names.insert(fields[1].to_string());
            found.emails.insert(fields[2].to_lowercase());
            found.emails.insert(fields[4].to_lowercase());
            // Trailers: `Co-authored-by: Name <email>` and the like.
            for line in fields[5].lines() {
                if let Some((_, value)) = line.split_once(": ")
                    && let Some((name, rest)) = value.split_once(" <")
                    && let Some(email) = rest.strip_suffix('>')
                {
                    found.names.insert(name.trim().to_string());
                    found.emails.insert(email.to_lowercase());
                }
            }
        }
    }
    found.emails.retain(|e| e.contains('@'));
    found.names.retain(|n| n.len() > 2);
    assert!(found.emails.len() >= 10, "{:?}", found.emails);
    assert!(found.commits.len() >= 1_000);
    found
}

/// Email addresses in a text: `local@domain.tld`.
fn emails_in(text: &str) -> Vec<String> {
    let local = |c: char| c.is_ascii_alphanumeric() || "._%+-".contains(c);
    let domain = |c: char| c.is_ascii_alphanumeric() || ".-".contains(c);
    let mut out = Vec::new();
    for (at, _) in text.match_indices('@') {
        let start = text[..at]
            .char_indices()
            .rev()
            .take_while(|(_, c)| local(*c))
            .last()
            .map_or(at, |(i, _)| i);
        let end = text[at + 1..]
            .char_indices()
            .find(|(_, c)| !domain(*c))
            .map_or(text.len(), |(i, _)| at + 1 + i);
        let host = text[at + 1..end].trim_end_matches('.');
        if start < at && host.contains('.') {
            out.push(format!("{}@{host}", &text[start..at]).to_lowercase());
        }
    }
    out
}

/// Words of a text, for matching names and handles on word boundaries.
fn contains_word(text: &str, word: &str) -> bool {
    let lower = text.to_lowercase();
    let word = word.to_lowercase();
    lower.match_indices(&word).any(|(at, _)| {
        let before = lower[..at].chars().next_back();
        let after = lower[at + word.len()..].chars().next();
        let boundary = |c: Option<char>| !c.is_some_and(|c| c.is_alphanumeric() || c == '_');
        boundary(before) && boundary(after)
    })
}

fn no_email(output: &str, what: &str, collected: &Collected) {
    let lower = output.to_lowercase();
    for email in &collected.emails {
        assert!(!lower.contains(email), "{what} shows {email}");
    }
}

fn anonymous(output: &str, what: &str, collected: &Collected, handles: &[String]) {
    no_email(output, what, collected);
    for name in &collected.names {
        assert!(!contains_word(output, name), "{what} shows the name {name}");
    }
    for handle in handles {
        assert!(
            !contains_word(output, handle),
            "{what} shows the handle {handle}"
        );
    }
    for commit in &collected.commits {
        assert!(
            !output.contains(&commit[..12]),
            "{what} shows commit {commit}"
        );
    }
}

#[test]
fn no_output_of_the_demo_shows_an_email_and_anonymized_ones_show_no_one() {
    let dir = tempfile::tempdir().unwrap();
    let demo = dir.path().join("demo");
    run_in(
        dir.path(),
        &["demo", "--dir", demo.to_str().unwrap(), "--format", "json"],
    )
    .success();
    let collected = collected(&demo);
    let run = |args: &[&str]| run_in(&demo, args).success();

    let people = run(&["people", "--format", "json"]).json();
    let people: Vec<(String, String)> = people
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            (
                p["handle"].as_str().unwrap().to_string(),
                p["name"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    assert!(people.len() >= 10, "{people:?}");
    let handles: Vec<String> = people.iter().map(|(h, _)| h.clone()).collect();
    // Every person's name in the reports was collected from the histories.
    for (_, name) in &people {
        assert!(collected.names.contains(name), "{name}");
    }

    // Every named output, every format: names and handles, never an email.
    // One person's outputs per format suffice for the person commands: the
    // staff-mode engineer (the richest evidence) and two others.
    let sample: Vec<&(String, String)> = people
        .iter()
        .filter(|(handle, _)| handle == "priya")
        .chain([&people[0], &people[people.len() - 1]])
        .collect();
    let mut outputs: Vec<Vec<String>> = Vec::new();
    for format in ["markdown", "json"] {
        for command in [
            &["org"][..],
            &["people"],
            &["teams"],
            &["teams", "--check"],
            &["identities"],
            &["identities", "--suggest"],
            &["patterns"],
            &["calibrate"],
        ] {
            let mut args: Vec<String> = command.iter().map(|s| s.to_string()).collect();
            args.extend(["--format".to_string(), format.to_string()]);
            outputs.push(args);
        }
        for (handle, _) in &sample {
            outputs.push(vec![
                "report".into(),
                handle.clone(),
                "--format".into(),
                format.into(),
            ]);
        }
    }
    for (handle, _) in &sample {
        for format in ["markdown", "html", "json"] {
            outputs.push(vec![
                "packet".into(),
                handle.clone(),
                "--format".into(),
                format.into(),
            ]);
        }
        outputs.push(vec!["explain".into(), handle.clone(), "scope".into()]);
    }
    outputs.push(vec!["export".into()]);
    outputs.push(vec!["export".into(), "--format".into(), "csv".into()]);
    for args in &outputs {
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let output = run_in(&demo, &args);
        assert!(
            output.code() == 0,
            "{}: {}",
            output.command,
            output.stderr()
        );
        no_email(&output.stdout(), &output.command, &collected);
        no_email(&output.stderr(), &output.command, &collected);
    }

    // The named export holds everyone, with evidence ids.
    let named = run(&["export"]).json();
    assert_eq!(named["anonymized"], false);
    assert_eq!(named["people"].as_array().unwrap().len(), people.len());
    assert!(named.to_string().contains("\"evidence_ids\""));

    // Anonymized: no email, no name, no handle, no commit id, in any format.
    let mut pseudonyms = Vec::new();
    for args in [
        &["export", "--anonymize"][..],
        &["export", "--anonymize", "--format", "csv"],
        &["calibrate", "--anonymize"],
        &["calibrate", "--anonymize", "--format", "json"],
    ] {
        let output = run(args);
        anonymous(&output.stdout(), &output.command, &collected, &handles);
        anonymous(&output.stderr(), &output.command, &collected, &handles);
        pseudonyms.push(output.stdout());
    }
    let export = run(&["export", "--anonymize"]).json();
    assert_eq!(export["anonymized"], true);
    let ids: BTreeSet<String> = export["people"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["id"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(ids.len(), people.len(), "one pseudonym per person");
    assert!(ids.iter().all(|id| id.starts_with("Engineer ")), "{ids:?}");
    // A team named in it holds at least three of its people; smaller ones
    // are not named (a pseudonym in a team of one is that team's member).
    let mut per_team: std::collections::BTreeMap<String, usize> = Default::default();
    for person in export["people"].as_array().unwrap() {
        for home in person["teams"].as_array().unwrap() {
            *per_team
                .entry(home["team"].as_str().unwrap().to_string())
                .or_default() += 1;
        }
    }
    for (team, people) in &per_team {
        assert!(
            *people >= 3 || team == "(a team of fewer than 3)",
            "{team}: {people}"
        );
    }
    let named_teams: BTreeSet<String> = common::export_home_teams(&named).into_iter().collect();
    for team in named_teams.iter().filter(|t| !per_team.contains_key(*t)) {
        assert!(
            !pseudonyms[0].contains(&format!("\"{team}\"")),
            "small team {team} named in the anonymized export"
        );
    }
    // The calibration and the export call a person the same.
    for id in &ids {
        assert!(pseudonyms[2].contains(id.as_str()), "{id} in calibrate");
    }
    // Stable: the same pseudonyms on the next run, and in a copy of the store.
    assert_eq!(run(&["export", "--anonymize"]).stdout(), pseudonyms[0]);
    let copy = dir.path().join("copy.sqlite");
    run(&["store", "copy", "--to", copy.to_str().unwrap()]);
    let from_copy = run(&["--store", copy.to_str().unwrap(), "export", "--anonymize"]);
    assert_eq!(from_copy.stdout(), pseudonyms[0]);
    // The CSV has no name column and one row per value.
    let csv = &pseudonyms[1];
    let header = csv.lines().next().unwrap();
    assert_eq!(
        header,
        "person,team,kind,id,status,value,level,proxy,evidence"
    );
    assert!(csv.lines().count() > people.len() * 10);

    // Written to a file, it says where and how many.
    let file = dir.path().join("export.csv");
    let written = run(&[
        "export",
        "--anonymize",
        "--format",
        "csv",
        "--output",
        file.to_str().unwrap(),
    ]);
    assert!(
        written
            .stderr()
            .contains(&format!("wrote {} people", people.len())),
        "{}",
        written.stderr()
    );
    assert_eq!(&std::fs::read_to_string(&file).unwrap(), csv);
}
