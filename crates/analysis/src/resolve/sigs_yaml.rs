//! Kubernetes' `sigs.yaml` read as a team map, as the community keeps it:
//! every SIG, working group, committee and user group is a team named by
//! its folder (`sig-node`, the name KEPs give as `owning-sig`); its chairs
//! and tech leads (by GitHub login) are its members; a subproject's OWNERS
//! file in a collected repository (`https://raw.githubusercontent.com/
//! kubernetes/enhancements/master/keps/sig-node/OWNERS`) is a folder it
//! owns. Emeritus leads are past members without dates, so they are left
//! out. Parsing only.

use std::collections::BTreeMap;

use serde::Deserialize;

use super::files::{MemberSpec, TeamSpec, TeamsFile};
use model::{Diagnostic, LineIndex};

#[derive(Deserialize)]
struct RawSigsFile {
    #[serde(default)]
    sigs: Vec<RawGroup>,
    #[serde(default)]
    workinggroups: Vec<RawGroup>,
    #[serde(default)]
    committees: Vec<RawGroup>,
    #[serde(default)]
    usergroups: Vec<RawGroup>,
}

#[derive(Deserialize)]
struct RawGroup {
    dir: String,
    #[serde(default)]
    leadership: RawLeadership,
    #[serde(default)]
    subprojects: Vec<RawSubproject>,
}

#[derive(Deserialize, Default)]
struct RawLeadership {
    #[serde(default)]
    chairs: Vec<RawLead>,
    #[serde(default)]
    tech_leads: Vec<RawLead>,
}

#[derive(Deserialize)]
struct RawLead {
    github: String,
}

#[derive(Deserialize)]
struct RawSubproject {
    #[serde(default)]
    owners: Vec<String>,
}

/// Whether a team map file is a `sigs.yaml` rather than a `teams.toml`.
pub fn is_sigs_yaml(path: &str) -> bool {
    let file = path.rsplit(['/', '\\']).next().unwrap_or(path);
    file.eq_ignore_ascii_case("sigs.yaml") || file.eq_ignore_ascii_case("sigs.yml")
}

/// The teams `content` declares; `repositories` are the collected
/// repositories' names, the only ones whose folders a team can own here.
pub fn parse_sigs_yaml(
    file: &str,
    content: &str,
    repositories: &[String],
) -> Result<TeamsFile, Diagnostic> {
    if let Some(problem) = super::yaml_depth::check(file, content, 1) {
        return Err(problem);
    }
    let raw: RawSigsFile = serde_yaml_ng::from_str(content)
        .map_err(|error| super::owners::yaml_error(file, content, &error))?;
    let lines = LineIndex::new(content);
    let line_of = |dir: &str| {
        content
            .find(&format!("dir: {dir}"))
            .map_or(1, |offset| lines.line(offset))
    };
    let groups = raw
        .sigs
        .into_iter()
        .chain(raw.workinggroups)
        .chain(raw.committees)
        .chain(raw.usergroups);
    let mut teams = Vec::new();
    for group in groups {
        let line = line_of(&group.dir);
        let mut members: Vec<MemberSpec> = Vec::new();
        for lead in group
            .leadership
            .chairs
            .iter()
            .chain(&group.leadership.tech_leads)
        {
            if !members
                .iter()
                .any(|m| m.who.eq_ignore_ascii_case(&lead.github))
            {
                members.push(MemberSpec {
                    who: lead.github.clone(),
                    from: None,
                    until: None,
                    primary: false,
                    line,
                });
            }
        }
        let mut owns: BTreeMap<String, Vec<String>> = BTreeMap::new();
        for url in group.subprojects.iter().flat_map(|s| &s.owners) {
            if let Some((repository, folder)) = owners_folder(url)
                && repositories.contains(&repository)
            {
                let folders = owns.entry(repository).or_default();
                if !folders.contains(&folder) {
                    folders.push(folder);
                }
            }
        }
        teams.push(TeamSpec {
            name: group.dir,
            codeowners: Vec::new(),
            members,
            owns,
            parent: None,
            line,
        });
    }
    Ok(TeamsFile {
        teams,
        people: Vec::new(),
    })
}

/// `https://raw.githubusercontent.com/kubernetes/enhancements/master/keps/sig-node/OWNERS`
/// -> (`enhancements`, `keps/sig-node/`); the repository's own OWNERS at
/// its root -> the whole repository (`*`).
fn owners_folder(url: &str) -> Option<(String, String)> {
    let path = url
        .strip_prefix("https://raw.githubusercontent.com/")
        .or_else(|| url.strip_prefix("http://raw.githubusercontent.com/"))?;
    let mut parts = path.splitn(4, '/');
    let (_org, repository, _branch, rest) =
        (parts.next()?, parts.next()?, parts.next()?, parts.next()?);
    let folder = rest.strip_suffix("OWNERS")?;
    let folder = if folder.is_empty() {
        "*".to_string()
    } else {
        folder.to_string()
    };
    Some((repository.to_string(), folder))
}

#[cfg(test)]
mod tests {
    use super::*;

    const SIGS: &str = "sigs:
- dir: sig-node
  name: Node
  leadership:
    chairs:
    - github: dchen1107
      name: Dawn Chen
    - github: mrunalp
    tech_leads:
    - github: mrunalp
    emeritus_leads:
    - github: someone-past
  subprojects:
  - name: kubelet
    owners:
    - https://raw.githubusercontent.com/kubernetes/kubernetes/master/pkg/kubelet/OWNERS
    - https://raw.githubusercontent.com/kubernetes/enhancements/master/keps/sig-node/OWNERS
workinggroups:
- dir: wg-device-management
  leadership:
    chairs:
    - github: klueska
";

    #[test]
    fn sigs_and_groups_are_teams_of_their_leads_owning_their_folders() {
        let file = parse_sigs_yaml("sigs.yaml", SIGS, &["enhancements".to_string()]).unwrap();
        let names: Vec<&str> = file.teams.iter().map(|t| t.name.as_str()).collect();
        assert_eq!(names, ["sig-node", "wg-device-management"]);
        let node = &file.teams[0];
        let members: Vec<&str> = node.members.iter().map(|m| m.who.as_str()).collect();
        assert_eq!(
            members,
            ["dchen1107", "mrunalp"],
            "leads once each, no emeritus"
        );
        assert_eq!(node.line, 2);
        // Only folders of collected repositories.
        assert_eq!(
            node.owns,
            BTreeMap::from([(
                "enhancements".to_string(),
                vec!["keps/sig-node/".to_string()]
            )])
        );
        assert!(is_sigs_yaml("community/sigs.yaml") && !is_sigs_yaml("teams.toml"));
    }

    #[test]
    fn a_broken_sigs_yaml_is_named_with_its_line() {
        let problem = parse_sigs_yaml("sigs.yaml", "sigs:\n- dir: [oops\n", &[]).unwrap_err();
        assert!(problem.to_string().starts_with("sigs.yaml:"), "{problem}");
    }
}
