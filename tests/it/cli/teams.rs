//! Team maps: the teams file, CODEOWNERS (GitHub and GitLab), OWNERS and
//! MAINTAINERS files, `teams --check`, and mistakes named with file and line.

use crate::common::{self, TestOrg, at, lines};

use super::{CODY, CONFIG, PAT, SUE, TEAMS, WENDY, small_org};

#[test]
fn malformed_team_maps_are_named_with_file_and_line() {
    let org = small_org();
    let payments = org.existing("payments-api");
    payments.commit(
        CODY,
        at("2025-08-01"),
        &[
            (".mailmap", Some("Cody Coder <cody@acme.example> C. Coder <cody@old.example>\nBroken <nope@x.example\n")),
            (".github/CODEOWNERS", Some("* @acme/payments\nsrc/ not-an-owner\n")),
        ],
        "team maps with mistakes",
    );
    org.write("staffscope.toml", CONFIG);
    org.run(&["collect"]).success();
    org.run(&["report", "cody"])
        .success()
        .stderr_has("warning: payments-api/.mailmap:2: malformed mailmap line")
        .stderr_has("warning: payments-api/.github/CODEOWNERS:2: invalid owner `not-an-owner`");

    org.write(
        "teams.toml",
        "[[team]]\nname = \"x\"\nmembers = [{ who = \"sam\", from = \"soon\" }]\n",
    );
    org.run(&["report", "sam"])
        .expect_code(1)
        .stderr_has("error: teams.toml:3: `soon` is not a date");
    org.write(
        "teams.toml",
        "[[team]]\nname = \"x\"\nmembers = [\"ghost\"]\n",
    );
    org.run(&["report", "sam"])
        .success()
        .stderr_has("warning: teams.toml:3: unknown person `ghost` in team `x`");
}

#[test]
fn teams_check_lists_unowned_areas_conflicts_and_problems() {
    let org = small_org();
    // A GitLab-style CODEOWNERS with sections in a new repository; `tools/` is owned by nobody.
    let lab = org.repo("lab");
    lab.commit(
        SUE,
        at("2025-04-01"),
        &[
            (
                ".gitlab/CODEOWNERS",
                Some("[Search] @acme/search\n/index/\n\n^[Docs][1] @acme/web\n/docs/\n"),
            ),
            ("index/a.py", Some(&lines("a", 30))),
            ("docs/b.md", Some("b\n")),
            ("tools/c.sh", Some("c\n")),
        ],
        "lab: start",
    );
    org.write(
        "teams.toml",
        &format!("{TEAMS}\n[team.owns]\n\"lab\" = [\"/index/\"]\n").replace(
            "members = [\"Sue Search\"]",
            "members = [\"Sue Search\", { who = \"wendy\", from = \"2025-06-01\" }]",
        ),
    );
    org.write("staffscope.toml", CONFIG);
    org.run(&["collect"]).success();
    let check = org.run(&["teams", "--check"]).success().stdout();
    assert!(
        check.contains("- lab:tools (1 file changes in the window)"),
        "{check}"
    );
    // The teams file gives lab/index to search (last team declared: search owns it); CODEOWNERS agrees, so no conflict there.
    assert!(check.contains("- No disagreement."), "{check}");
    assert!(
        check.contains(
            "1 person is in several teams at once (for example Wendy Web in `web` and `search`)"
        ),
        "{check}"
    );
    let teams = org.run(&["teams", "--format", "json"]).success().json();
    let web = teams["teams"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["name"] == "web")
        .unwrap();
    let areas: Vec<&str> = web["areas"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["area"].as_str().unwrap())
        .collect();
    assert!(
        areas.contains(&"lab:docs"),
        "GitLab section owners apply: {areas:?}"
    );
}

#[test]
fn teams_file_and_codeowners_disagreeing_is_reported() {
    let org = small_org();
    // The teams file gives search's shards to payments; CODEOWNERS says search.
    org.write(
        "teams.toml",
        &TEAMS.replace(
            "members = [\"cody\", \"pat\"]",
            "members = [\"cody\", \"pat\"]\n[team.owns]\n\"search\" = [\"shards/\"]",
        ),
    );
    org.write("staffscope.toml", CONFIG);
    org.run(&["collect"]).success();
    let check = org.run(&["teams", "--check"]).success().stdout();
    assert!(
        check.contains(
            "- search:shards: teams file says payments, CODEOWNERS says search (7 file changes)"
        ),
        "{check}"
    );
    // The teams file wins: Sue's shard work now counts as payments' code.
    let sue = org
        .run(&["report", "sue", "--format", "json"])
        .success()
        .json();
    let reached = sue["metrics"]["code_teams_reached"].to_string();
    assert!(reached.contains("payments"), "{reached}");
}

#[test]
fn owners_and_maintainers_files_map_areas_to_teams() {
    let org = small_org();
    let mobile = org.repo("mobile");
    mobile.commit(
        WENDY,
        at("2025-04-01"),
        &[
            ("OWNERS_ALIASES", Some("aliases:\n  web-approvers:\n    - wendy\n  search-approvers:\n    - sue\n")),
            ("OWNERS", Some("# See the OWNERS docs\napprovers:\n  - web-approvers\n")),
            ("app/search/OWNERS", Some("options:\n  no_parent_owners: true\napprovers:\n  - search-approvers\nlabels:\n  - team/search\n")),
            ("app/search/broken/OWNERS", Some("approvers: [unclosed\n")),
            ("app/ui/a.kt", Some(&lines("ui", 30))),
            ("app/search/s.kt", Some(&lines("s", 30))),
        ],
        "mobile: start",
    );
    let kernelish = org.repo("kernelish");
    kernelish.commit(
        PAT,
        at("2025-04-02"),
        &[
            ("MAINTAINERS", Some("List of maintainers\n\nPAYMENTS DRIVERS\nM:\tPat Pay <pat@acme.example>\nF:\tdrivers/pay/\n\nLEDGER CORE\nM:\tCody Coder <cody@acme.example>\nF:\tcore/ledger*\n")),
            ("drivers/pay/card.c", Some(&lines("card", 30))),
            ("core/ledger.c", Some(&lines("ledger", 30))),
        ],
        "kernelish: start",
    );
    org.write(
        "teams.toml",
        &TEAMS.replace(
            "codeowners = [\"@acme/payments\"]",
            "codeowners = [\"@acme/payments\", \"payments drivers\"]",
        ),
    );
    org.write("staffscope.toml", CONFIG);
    org.run(&["collect"]).success();
    let run = org.run(&["teams", "--format", "json"]).success();
    assert!(
        run.stderr()
            .contains("warning: mobile/app/search/broken/OWNERS:2: did not find expected"),
        "{}",
        run.stderr()
    );
    let teams = run.json();
    let areas = |name: &str| common::team_areas(&teams, name);
    // The web alias owns the root; search's OWNERS stops inheritance and names its team by label.
    assert!(
        areas("web").contains(&"mobile:app/ui".to_string()),
        "{:?}",
        areas("web")
    );
    assert!(
        areas("search").contains(&"mobile:app/search".to_string()),
        "{:?}",
        areas("search")
    );
    // MAINTAINERS: a section the teams file maps, and one that becomes a team of its own.
    assert!(
        areas("payments").contains(&"kernelish:drivers".to_string()),
        "{:?}",
        areas("payments")
    );
    assert!(
        areas("LEDGER CORE").contains(&"kernelish:core".to_string()),
        "{:?}",
        areas("LEDGER CORE")
    );
}

#[test]
fn kubernetes_sigs_yaml_is_read_as_the_team_map() {
    let org = crate::common::TestOrg::new();
    let enhancements = org.repo("enhancements");
    enhancements.commit(
        SUE,
        at("2025-03-01"),
        &[(
            "keps/sig-node/1-swap/kep.yaml",
            Some("title: Swap\nkep-number: 1\nauthors: [\"@sue\"]\nowning-sig: sig-node\nstatus: implementable\ncreation-date: 2025-03-01\n"),
        )],
        "KEP-1: swap",
    );
    org.write(
        "community/sigs.yaml",
        "sigs:\n- dir: sig-node\n  leadership:\n    chairs:\n    - github: sue\n  subprojects:\n  - name: keps\n    owners:\n    - https://raw.githubusercontent.com/kubernetes/enhancements/master/keps/sig-node/OWNERS\n    - https://raw.githubusercontent.com/kubernetes/kubernetes/master/pkg/kubelet/OWNERS\n",
    );
    org.write(
        "staffscope.toml",
        &CONFIG.replace(
            "teams_file = \"teams.toml\"",
            "teams_file = \"community/sigs.yaml\"",
        ),
    );
    org.run(&["collect"]).success();
    let teams = org.run(&["teams", "--format", "json"]).success();
    let json = teams.json();
    let text = json.to_string();
    assert!(text.contains("sig-node"), "{text}");
    assert!(text.contains("sue"), "{text}");
    // The folder of the collected repository; kubernetes/kubernetes is not.
    assert_eq!(common::team_areas(&json, "sig-node"), ["enhancements:keps"]);
}

#[test]
fn the_rust_team_repository_dates_memberships_from_its_history() {
    let org = crate::common::TestOrg::new();
    let app = org.repo("app");
    for (n, (who, day)) in [
        (CODY, "2025-02-01"),
        (PAT, "2025-02-02"),
        (SUE, "2025-09-01"),
        (PAT, "2025-09-02"),
    ]
    .into_iter()
    .enumerate()
    {
        app.commit(
            who,
            at(day),
            &[(&format!("src/f{n}.rs"), Some(&lines("x", 10)))],
            "work",
        );
    }
    // The team repository: Pat leaves for the alumni in June, Sue joins.
    let team = org.repo("team");
    let people = [
        (
            "people/cody.toml",
            "name = \"Cody Coder\"\ngithub = \"cody-gh\"\nemail = \"cody@acme.example\"\n",
        ),
        (
            "people/pat.toml",
            "name = \"Pat Pay\"\ngithub = \"pat-gh\"\nemail = \"pat@acme.example\"\n",
        ),
        (
            "people/sue.toml",
            "name = \"Sue Search\"\ngithub = \"sue-gh\"\nemail = false\n",
        ),
    ];
    let before = "name = \"app\"\nsubteam-of = \"devtools\"\n[people]\nleads = [\"cody-gh\"]\nmembers = [\"cody-gh\", \"pat-gh\"]\nalumni = []\n";
    let after = "name = \"app\"\nsubteam-of = \"devtools\"\n[people]\nleads = [\"cody-gh\"]\nmembers = [\"cody-gh\", { github = \"sue-gh\", roles = [] }]\nalumni = [\"pat-gh\"]\n";
    let mut files: Vec<(&str, Option<&str>)> = people.iter().map(|(p, c)| (*p, Some(*c))).collect();
    files.push(("teams/app.toml", Some(before)));
    team.commit(SUE, at("2024-06-01"), &files, "app team");
    team.commit(
        SUE,
        at("2025-06-01"),
        &[("teams/app.toml", Some(after))],
        "pat to the alumni, welcome sue",
    );
    org.write(
        "staffscope.toml",
        &CONFIG
            .replace("repositories = [\"*\"]", "repositories = [\"app\"]")
            .replace("teams_file = \"teams.toml\"", "teams_file = \"team\""),
    );
    org.run(&["collect"]).success();
    let teams_of = |org: &crate::common::TestOrg, since: &str, until: &str| {
        let config = CONFIG
            .replace("repositories = [\"*\"]", "repositories = [\"app\"]")
            .replace("teams_file = \"teams.toml\"", "teams_file = \"team\"")
            .replace("2025-01-01", since)
            .replace("2026-01-01", until);
        org.write("staffscope.toml", &config);
        let people = org.run(&["people", "--format", "json"]).success().json();
        people
            .as_array()
            .unwrap()
            .iter()
            .map(|p| {
                (
                    p["handle"].as_str().unwrap().to_string(),
                    p["teams"].to_string(),
                )
            })
            .collect::<Vec<_>>()
    };
    // February: Cody and Pat are the team; the login found their commits
    // through the address in people/.
    let february = teams_of(&org, "2025-01-01", "2025-03-01");
    assert!(
        february.contains(&("cody-gh".into(), "[\"app\"]".into())),
        "{february:?}"
    );
    assert!(
        february.contains(&("pat-gh".into(), "[\"app\"]".into())),
        "{february:?}"
    );
    // September: Pat is an alumnus, in no team; Sue is a member.
    let september = teams_of(&org, "2025-08-01", "2025-10-01");
    assert!(
        september.contains(&("sue-gh".into(), "[\"app\"]".into())),
        "{september:?}"
    );
    assert!(
        september
            .iter()
            .any(|(who, teams)| who == "pat-gh" && !teams.contains("app")),
        "an alumnus is no member: {september:?}"
    );
    // Forgetting her lists the team repository's files that still name her.
    let forgot = org
        .run(&["forget", "pat-gh", "--format", "json"])
        .success()
        .json();
    let files = forgot["files_naming"].to_string();
    assert!(
        files.contains("team/people/pat.toml") && files.contains("team/teams/app.toml"),
        "{forgot:#}"
    );
}

/// The small organization's teams as an HR export: a CSV of people with
/// tribes, levels, managers, a second team for Sue (her primary) and a
/// member who never commits.
const PEOPLE_CSV: &str = "\
Name,Email,Login,Team,Parent Team,Manager,Level,Job Family,Start Date,End Date,Primary,Office
Sam Staff,sam@acme.example,sam,platform,engineering,,staff,engineering,,,,Berlin
Cody Coder,cody@acme.example,cody,payments,commerce,sam,senior,engineering,,,,Berlin
Pat Pay,pat@acme.example,,payments,commerce,cody,,,,,,Lisbon
Wendy Web,wendy@acme.example,wendy,web,commerce,,,,,,,Lisbon
Sue Search,sue@acme.example,sue,search,engineering,,,,,,,Berlin
Sue Search,sue@acme.example,sue,web,commerce,,,,2025-01-01,,yes,Berlin
Vera Void,vera@acme.example,vera,search,engineering,,L7,,,,,Remote
";

#[test]
fn a_csv_of_people_is_a_team_map_with_levels_managers_and_tribes() {
    let org = small_org();
    org.write("people.csv", PEOPLE_CSV);
    org.write(
        "staffscope.toml",
        &CONFIG.replace("teams_file = \"teams.toml\"", "teams_file = \"people.csv\""),
    );
    org.run(&["collect"]).success();

    let check = org.run(&["teams", "--check"]).success();
    let text = check.stdout();
    for line in [
        "- Teams: 6 in the team map (4 part of another), 0 named only in CODEOWNERS or OWNERS files.",
        "- Members: 6 people; 5 with commits here, 1 without",
        "- In several teams at once: 1 person;",
        "- Sue Search (@sue): web, search; home web (declared primary in the team map)",
        "- Vera Void (@vera)",
    ] {
        assert!(text.contains(line), "{line}\n{text}");
    }
    assert!(
        check
            .stderr()
            .contains("people.csv: 1 person has a level the rubric does not know (`L7`)"),
        "{}",
        check.stderr()
    );
    let teams = org.run(&["teams", "--format", "json"]).success().json();
    let payments = teams["teams"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["name"] == "payments")
        .unwrap();
    assert_eq!(payments["parent"], "commerce");

    // Cody is held to his own level, and his report says so.
    let cody = org
        .run(&["report", "cody", "--format", "json"])
        .success()
        .json();
    assert_eq!(cody["target"], "senior");
    assert_eq!(cody["facts"]["manager"], "Sam Staff");
    assert_eq!(cody["facts"]["target_from"], "their level in the team map");
    let markdown = org.run(&["report", "cody"]).success().stdout();
    assert!(
        markdown.contains("- Rubric: staffscope default rubric, target level senior (from their level in the team map)")
            && markdown.contains("- From the team map: level senior, job family engineering, manager Sam Staff"),
        "{markdown}"
    );
    // Sam reaches commerce's teams from engineering: groups count the tribe once.
    let sam = org
        .run(&["report", "sam", "--format", "json"])
        .success()
        .json();
    let groups: Vec<&str> = sam["metrics"]["groups_reached"]["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["label"].as_str().unwrap())
        .collect();
    assert_eq!(groups, ["commerce"], "{}", sam["metrics"]["teams_reached"]);
    let sam_markdown = org.run(&["report", "sam"]).success().stdout();
    assert!(
        sam_markdown
            .contains("1 other top-level teams (`groups_reached`); Scope counts `teams_reached`."),
        "{sam_markdown}"
    );
    let calibration = org.run(&["calibrate"]).success().stdout();
    assert!(
        calibration.contains("| Cody Coder (@cody) (target senior) | payments |"),
        "{calibration}"
    );
    for output in [text, markdown, calibration] {
        assert!(!output.contains("@acme.example"), "{output}");
    }
}

/// The small organization's teams as a Backstage catalog: a root group,
/// two departments, users with their addresses and logins, and components
/// whose source locations give repositories to groups.
const CATALOG_GROUPS: &str = "\
apiVersion: backstage.io/v1alpha1
kind: Group
metadata:
  name: commerce
spec:
  type: department
  children: [payments, group:default/web]
---
apiVersion: backstage.io/v1alpha1
kind: Group
metadata:
  name: engineering
spec:
  type: department
  children: [platform, search]
---
apiVersion: backstage.io/v1alpha1
kind: Group
metadata: {name: payments}
spec: {type: team, members: [cody, pat]}
---
apiVersion: backstage.io/v1alpha1
kind: Group
metadata: {name: web}
spec: {type: team}
---
apiVersion: backstage.io/v1alpha1
kind: Group
metadata: {name: platform}
spec: {type: team, members: [user:default/sam]}
---
apiVersion: backstage.io/v1alpha1
kind: Group
metadata: {name: search}
spec: {type: team}
";

const CATALOG_USERS: &str = "\
apiVersion: backstage.io/v1alpha1
kind: User
metadata: {name: cody}
spec: {profile: {displayName: Cody Coder, email: cody@acme.example}}
---
apiVersion: backstage.io/v1alpha1
kind: User
metadata: {name: pat}
spec: {profile: {displayName: Pat Pay, email: pat@acme.example}}
---
apiVersion: backstage.io/v1alpha1
kind: User
metadata: {name: wendy}
spec: {profile: {email: wendy@acme.example}, memberOf: [web]}
---
apiVersion: backstage.io/v1alpha1
kind: User
metadata: {name: sue}
spec: {profile: {email: sue@acme.example}, memberOf: [group:search]}
---
apiVersion: backstage.io/v1alpha1
kind: User
metadata: {name: sam}
spec: {profile: {email: sam@acme.example}}
";

const CATALOG_COMPONENTS: &str = "\
apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: shared-money
  annotations:
    backstage.io/source-location: url:https://github.com/acme/shared/tree/main/money/
spec: {type: library, owner: group:default/payments}
";

#[test]
fn a_backstage_catalog_is_a_team_map_with_departments_and_components() {
    let org = small_org();
    org.write("catalog/org.yaml", CATALOG_GROUPS);
    org.write("catalog/people/users.yaml", CATALOG_USERS);
    org.write("catalog/components.yml", CATALOG_COMPONENTS);
    org.write("catalog/README.md", "Not part of the catalog.\n");
    org.write(
        "staffscope.toml",
        &CONFIG.replace("teams_file = \"teams.toml\"", "teams_file = \"catalog\""),
    );
    org.run(&["collect"]).success();
    let run = org.run(&["teams", "--format", "json"]).success();
    let teams = run.json();
    let team = |name: &str| {
        teams["teams"]
            .as_array()
            .unwrap()
            .iter()
            .find(|t| t["name"] == name)
            .unwrap_or_else(|| panic!("no team {name}: {teams}"))
            .clone()
    };
    assert_eq!(team("payments")["parent"], "commerce");
    assert_eq!(team("web")["parent"], "commerce");
    assert_eq!(team("search")["parent"], "engineering");
    let members = |name: &str| team(name)["members"].to_string();
    assert!(
        members("payments").contains("Cody Coder (@cody)"),
        "{}",
        members("payments")
    );
    assert!(members("web").contains("(@wendy)"), "{}", members("web"));
    assert!(
        members("platform").contains("(@sam)"),
        "{}",
        members("platform")
    );
    // The component gives payments a folder of the shared repository.
    let areas = common::team_areas(&teams, "payments");
    assert!(areas.contains(&"shared:money".to_string()), "{areas:?}");
    // Sam (engineering) reaches web and payments: one other department.
    let sam = org
        .run(&["report", "sam", "--format", "json"])
        .success()
        .json();
    let groups = sam["metrics"]["groups_reached"]["items"].to_string();
    assert!(
        groups.contains("commerce") && !groups.contains("engineering"),
        "{groups}"
    );
    assert!(!run.stdout().contains("@acme.example"));
}

#[test]
fn a_github_teams_export_is_a_team_map_with_parents_and_repositories() {
    let org = small_org();
    org.write(
        "github-teams/teams.json",
        r#"[{"name":"Payments","slug":"payments","parent":{"slug":"commerce"}},{"name":"Web","slug":"web","parent":{"slug":"commerce"}}]
[{"name":"Commerce","slug":"commerce","parent":null},{"name":"Platform","slug":"platform","parent":null}]"#,
    );
    org.write(
        "github-teams/members-payments.json",
        r#"[{"login":"cody"},{"login":"pat"}]"#,
    );
    org.write("github-teams/members-platform.json", r#"[{"login":"sam"}]"#);
    org.write(
        "github-teams/repos-payments.json",
        r#"[{"name":"payments-api","role_name":"maintain"},{"name":"shared","permissions":{"push":true}}]"#,
    );
    org.write(
        "github-teams/repos-platform.json",
        r#"[{"name":"platform","role_name":"admin"},{"name":"shared","role_name":"write"}]"#,
    );
    org.write("github-teams/repos-web.json", "[{\"name\":\"web-app\",");
    org.write(
        "staffscope.toml",
        &CONFIG.replace(
            "teams_file = \"teams.toml\"",
            "teams_file = \"github-teams\"",
        ),
    );
    org.run(&["collect"]).success();
    let run = org.run(&["teams", "--format", "json"]).success();
    assert!(
        run.stderr().contains(
            "github-teams/repos-web.json:1: not a `gh api --paginate` export of GitHub teams"
        ),
        "{}",
        run.stderr()
    );
    let teams = run.json();
    let parent = |name: &str| {
        teams["teams"]
            .as_array()
            .unwrap()
            .iter()
            .find(|t| t["name"] == name)
            .map(|t| t["parent"].clone())
    };
    assert_eq!(parent("payments"), Some(serde_json::json!("commerce")));
    assert_eq!(parent("platform"), Some(serde_json::Value::Null));
    // Two teams may write to `shared`: its CODEOWNERS decides there.
    let payments = common::team_areas(&teams, "payments");
    assert!(
        payments.contains(&"payments-api:src".to_string()),
        "{payments:?}"
    );
    let cody = org.run(&["teams", "--check"]).success().stdout();
    assert!(
        cody.contains("- Teams: 4 in the team map (2 part of another)"),
        "{cody}"
    );
}

#[test]
fn without_any_team_map_areas_are_inferred_and_scope_says_it_is_a_proxy() {
    let org = TestOrg::new();
    let repo = org.repo("engine");
    let day = |n: i64| at("2025-02-03") + n * 86_400;
    // Sue works in the parser; Cody in the planner and, three times, the parser.
    for i in 0..6 {
        repo.commit(
            SUE,
            day(i),
            &[
                (&format!("parser/p{i}.c"), Some(&lines("p", 30))),
                ("parser.h", Some(&lines(&format!("h{i}"), 3))),
            ],
            &format!("parser: step {i}"),
        );
        repo.commit(
            CODY,
            day(i),
            &[
                (&format!("planner/q{i}.c"), Some(&lines("q", 30))),
                (&format!("tests/q{i}.sh"), Some(&lines("t", 30))),
            ],
            &format!("planner: step {i}"),
        );
    }
    for i in 0..3 {
        repo.commit(
            CODY,
            day(10 + i),
            &[(&format!("parser/c{i}.c"), Some(&lines("c", 30)))],
            &format!("parser: help {i}"),
        );
    }
    org.write(
        "staffscope.toml",
        &CONFIG.replace("teams_file = \"teams.toml\"\n", ""),
    );
    org.run(&["collect"]).success();
    let teams = org.run(&["teams"]).success().stdout();
    assert!(
        teams.contains("## engine:parser (inferred area)")
            && teams.contains("## engine:planner (inferred area)")
            && teams.contains("Teams here are a proxy (no team map"),
        "{teams}"
    );
    assert!(
        !teams.contains("engine:tests"),
        "tests belong to no area: {teams}"
    );
    let cody = org
        .run(&["report", "cody", "--format", "json"])
        .success()
        .json();
    let scope = common::dimension(&cody, "scope");
    assert_eq!(scope["value"], 1.0, "{scope}");
    assert!(
        scope["proxy"].as_str().unwrap().contains("no team map"),
        "{scope}"
    );
    assert_eq!(cody["homes"][0]["team"], "engine:planner");
    assert_eq!(cody["homes"][0]["inferred"], true);
    org.run(&["org"])
        .success()
        .stdout_has("Teams here are a proxy");
}

#[test]
fn a_job_family_with_a_rubric_of_its_own_is_assessed_and_calibrated_on_it() {
    let org = small_org();
    org.write(
        "people.csv",
        &PEOPLE_CSV.replace(
            "Wendy Web,wendy@acme.example,wendy,web,commerce,,,,",
            "Wendy Web,wendy@acme.example,wendy,web,commerce,,,SRE,",
        ),
    );
    let sre = analysis::assess::DEFAULT_RUBRIC.replacen(
        "name = \"staffscope default rubric\"",
        "name = \"SRE ladder\"",
        1,
    );
    assert!(sre.contains("SRE ladder"));
    org.write("rubrics/sre.toml", &sre);
    org.write(
        "staffscope.toml",
        &CONFIG.replace(
            "teams_file = \"teams.toml\"",
            "teams_file = \"people.csv\"\n\n[rubrics]\nsre = \"rubrics/sre.toml\"",
        ),
    );
    org.run(&["collect"]).success();
    let wendy = org
        .run(&["report", "wendy", "--format", "json"])
        .success()
        .json();
    assert_eq!(wendy["rubric"], "SRE ladder");
    assert_eq!(wendy["facts"]["rubric_family"], "sre");
    let cody = org
        .run(&["report", "cody", "--format", "json"])
        .success()
        .json();
    assert_eq!(cody["rubric"], "staffscope default rubric");

    let table = org.run(&["calibrate"]).success().stdout();
    assert!(!table.contains("Wendy Web"), "{table}");
    assert!(
        table.contains(
            "- Not in this table, as their job family has its own rubric: 1 on the `sre` rubric"
        ),
        "{table}"
    );
    let family = org
        .run(&["calibrate", "--job-family", "SRE"])
        .success()
        .stdout();
    assert!(
        family.contains("rubric: SRE ladder") && family.contains("Wendy Web (@wendy)"),
        "{family}"
    );
    assert!(!family.contains("Cody Coder"), "{family}");
    org.run(&["calibrate", "--job-family", "design"])
        .expect_code(1)
        .stderr_has("no rubric for job family `design`");
}
