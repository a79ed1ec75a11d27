//! Repository furniture: the README, `.gitignore` and the files that
//! record ownership (CODEOWNERS, or OWNERS files with their aliases).

use crate::repos::{Ecosystem, KubeOwners, Owners, OwnersFile, Repo, TeamMap};

pub(crate) fn readme(repo: &Repo) -> Vec<String> {
    let mut lines = vec![
        format!("# {}", repo.name),
        String::new(),
        repo.description.to_string(),
        String::new(),
        "## Ownership".to_string(),
        String::new(),
        format!(
            "Owned by the {} team; see {} for the paths other teams own.",
            repo.owner.name(),
            repo.team_map.described_md()
        ),
        String::new(),
        "## Layout".to_string(),
        String::new(),
    ];
    for module in &repo.modules {
        lines.push(format!("- `{}`: {} code", module.dir, module.scope));
    }
    lines
}

pub(crate) fn gitignore(ecosystem: Ecosystem) -> Vec<String> {
    let specific: &[&str] = match ecosystem {
        Ecosystem::Go => &["/bin/", "*.test", "coverage.out"],
        Ecosystem::Npm => &["node_modules/", "dist/", "coverage/"],
        Ecosystem::Cargo => &["/target/"],
        Ecosystem::Poetry => &["__pycache__/", ".venv/", "*.pyc"],
        Ecosystem::Terraform => &[".terraform/", "*.tfstate", "*.tfstate.backup"],
        Ecosystem::Gradle => &[".gradle/", "build/", "local.properties"],
    };
    let mut lines = vec![".DS_Store".to_string(), ".idea/".to_string()];
    lines.extend(specific.iter().map(|s| s.to_string()));
    lines
}

pub(crate) fn codeowners(repo: &Repo, at: i64) -> Vec<String> {
    let mut lines = vec![
        format!("# Code owners for {}.", repo.name),
        "# The last matching pattern wins, so the catch-all comes first and more".to_string(),
        "# specific paths follow.".to_string(),
        String::new(),
        format!("* {}", repo.owner.codeowners()[0]),
        String::new(),
    ];
    let entries = match &repo.team_map {
        TeamMap::Codeowners(entries) => entries.as_slice(),
        TeamMap::Owners(_) => &[],
    };
    for (pattern, owners) in entries {
        let owners = match owners {
            Owners::Fixed(list) => list.join(" "),
            Owners::Module(m) => repo.modules[*m].owner_at(at).codeowners()[0].to_string(),
        };
        lines.push(format!("{pattern} {owners}"));
    }
    lines
}

/// A YAML block list under `key`, nothing if the list is empty.
fn yaml_list(lines: &mut Vec<String>, indent: &str, key: &str, items: &[&str]) {
    if items.is_empty() {
        return;
    }
    lines.push(format!("{indent}{key}:"));
    lines.extend(items.iter().map(|item| format!("{indent}  - {item}")));
}

pub(crate) fn owners_aliases(owners: &KubeOwners) -> Vec<String> {
    let mut lines = vec![
        "# See the OWNERS docs at https://go.k8s.io/owners#owners_aliases".to_string(),
        String::new(),
        "aliases:".to_string(),
    ];
    for (alias, handles) in owners.aliases {
        yaml_list(&mut lines, "  ", alias, handles);
    }
    lines
}

pub(crate) fn owners_file(file: &OwnersFile) -> Vec<String> {
    let mut lines = vec![
        "# See the OWNERS docs at https://go.k8s.io/owners".to_string(),
        String::new(),
    ];
    if file.no_parent_owners {
        lines.push("options:".to_string());
        lines.push("  no_parent_owners: true".to_string());
    }
    yaml_list(&mut lines, "", "approvers", file.approvers);
    yaml_list(&mut lines, "", "reviewers", file.reviewers);
    yaml_list(&mut lines, "", "labels", file.labels);
    lines
}
