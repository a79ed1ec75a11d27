//! mobile-app records ownership in Kubernetes-style OWNERS files instead of
//! CODEOWNERS.

use std::collections::BTreeSet;
use std::path::Path;

use super::git_out;
use crate::people::{ROSTER, Team, person_index};
use crate::{DemoOptions, generate};

/// The top-level keys of a block-YAML mapping at `indent` spaces, each with
/// the `- item` entries listed under it.
fn yaml_lists(text: &str, indent: usize) -> Vec<(String, Vec<String>)> {
    let mut lists: Vec<(String, Vec<String>)> = Vec::new();
    for line in text.lines() {
        if line.trim().is_empty() || line.trim_start().starts_with('#') {
            continue;
        }
        let depth = line.len() - line.trim_start().len();
        let content = line.trim();
        if depth == indent && !content.starts_with('-') {
            let key = content
                .strip_suffix(':')
                .unwrap_or_else(|| panic!("{line:?}: a key with a nested block is expected"));
            assert!(!key.contains(' '), "{line:?}");
            lists.push((key.to_string(), Vec::new()));
        } else if depth == indent + 2
            && let Some(item) = content.strip_prefix("- ")
        {
            let (_, items) = lists.last_mut().expect("an item belongs to a key");
            items.push(item.to_string());
        } else {
            assert!(depth > indent, "{line:?}: unexpected indentation");
        }
    }
    lists
}

#[test]
fn mobile_app_uses_owners_files() {
    let root = tempfile::tempdir().expect("temp dir");
    generate(root.path(), &DemoOptions::default()).expect("generation");
    let mobile = root.path().join("repos").join("mobile-app.git");
    check_owners_files_replace_codeowners(&mobile);
    check_aliases(&mobile);
    check_owners_files(&mobile);

    // The other repositories keep their CODEOWNERS.
    let web = root.path().join("repos").join("checkout-web.git");
    assert!(
        git_out(&web, &["ls-tree", "-r", "--name-only", "HEAD"])
            .lines()
            .any(|p| p == ".github/CODEOWNERS")
    );
}

/// mobile-app has OWNERS files from its first commit and never had a
/// CODEOWNERS file.
fn check_owners_files_replace_codeowners(mobile: &Path) {
    let tree = git_out(mobile, &["ls-tree", "-r", "--name-only", "HEAD"]);
    let paths: BTreeSet<&str> = tree.lines().collect();
    for path in [
        "OWNERS_ALIASES",
        "OWNERS",
        "app/checkout/OWNERS",
        "app/login/OWNERS",
    ] {
        assert!(paths.contains(path), "mobile-app has no {path}");
    }
    assert!(
        !paths.iter().any(|p| p.contains("CODEOWNERS")),
        "mobile-app still has a CODEOWNERS file"
    );
    let history = git_out(mobile, &["log", "--all", "--format=", "--name-only"]);
    assert!(
        !history.lines().any(|p| p.contains("CODEOWNERS")),
        "a CODEOWNERS file appears in mobile-app's history"
    );
    // The OWNERS files arrive with the first commit.
    let first = git_out(mobile, &["rev-list", "--max-parents=0", "HEAD"]);
    let initial = git_out(mobile, &["ls-tree", "-r", "--name-only", &first]);
    assert!(
        initial.lines().any(|p| p == "app/login/OWNERS"),
        "{initial}"
    );
    assert!(initial.lines().any(|p| p == "OWNERS_ALIASES"), "{initial}");
}

/// OWNERS_ALIASES defines an approvers alias per team and one reviewers
/// alias spanning both teams.
fn check_aliases(mobile: &Path) {
    let aliases_text = git_out(mobile, &["show", "HEAD:OWNERS_ALIASES"]);
    let top = yaml_lists(&aliases_text, 0);
    assert_eq!(top.len(), 1, "{aliases_text}");
    assert_eq!(top[0].0, "aliases");
    let body: String = aliases_text
        .lines()
        .skip_while(|l| *l != "aliases:")
        .skip(1)
        .map(|l| format!("{l}\n"))
        .collect();
    let aliases = yaml_lists(&body, 2);
    let names: Vec<&str> = aliases.iter().map(|(name, _)| name.as_str()).collect();
    assert_eq!(
        names,
        [
            "checkout-approvers",
            "identity-approvers",
            "mobile-reviewers"
        ]
    );
    let team_of = |alias: &str| -> BTreeSet<Team> {
        aliases
            .iter()
            .find(|(name, _)| name == alias)
            .expect("alias")
            .1
            .iter()
            .map(|handle| ROSTER[person_index(handle)].team)
            .collect()
    };
    assert_eq!(
        team_of("checkout-approvers"),
        BTreeSet::from([Team::Checkout])
    );
    assert_eq!(
        team_of("identity-approvers"),
        BTreeSet::from([Team::Identity])
    );
    assert_eq!(
        team_of("mobile-reviewers"),
        BTreeSet::from([Team::Checkout, Team::Identity])
    );
    for (_, handles) in &aliases {
        assert!(handles.len() >= 2, "{aliases:?}");
    }
}

/// Each OWNERS file names the aliases of the team that owns its folder;
/// the login screens stop inheriting checkout's approvers.
fn check_owners_files(mobile: &Path) {
    let owners = |path: &str| {
        let text = git_out(mobile, &["show", &format!("HEAD:{path}")]);
        assert!(
            text.starts_with("# See the OWNERS docs at https://go.k8s.io/owners"),
            "{path}: {text}"
        );
        (
            text.contains("no_parent_owners: true"),
            yaml_lists(&text, 0),
        )
    };
    let list = |items: &[&str]| items.iter().map(|s| s.to_string()).collect::<Vec<_>>();
    let checkout = vec![
        ("approvers".to_string(), list(&["checkout-approvers"])),
        ("reviewers".to_string(), list(&["mobile-reviewers"])),
        ("labels".to_string(), list(&["team/checkout"])),
    ];
    assert_eq!(owners("OWNERS"), (false, checkout.clone()));
    assert_eq!(owners("app/checkout/OWNERS"), (false, checkout));
    let (no_parent, login) = owners("app/login/OWNERS");
    assert!(no_parent);
    assert_eq!(
        login,
        vec![
            ("options".to_string(), Vec::new()),
            ("approvers".to_string(), list(&["identity-approvers"])),
            ("labels".to_string(), list(&["team/identity"])),
        ]
    );
    let login_text = git_out(mobile, &["show", "HEAD:app/login/OWNERS"]);
    assert!(login_text.contains("\noptions:\n  no_parent_owners: true\n"));
}
