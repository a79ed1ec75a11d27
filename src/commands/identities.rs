//! `staffscope identities`: everyone collected with their names and email
//! addresses, and the likely duplicates to confirm in the identities file.
//!
//! This view stays in the binary rather than in `report`: it is the one
//! output whose point is email addresses (masked unless asked), and
//! `report`'s view models have no field that can hold one, so that no
//! dashboard page or report can ever print an address.

use std::process::ExitCode;

use anyhow::Result;

use super::kept::Kept;
use super::{Settings, emit, emit_as_is, now};
use crate::cli::{Format, IdentitiesArgs};

pub fn run(settings: &Settings, args: IdentitiesArgs) -> Result<ExitCode> {
    let now = now();
    let config = settings.load(now)?;
    if args.show_emails {
        let org = pipeline::resolve_everything(&config)?;
        emit_as_is(&render(&org, args.suggest, true, args.format)?)?;
        return Ok(ExitCode::SUCCESS);
    }
    // The masked listing is kept for the next run once computed: resolving
    // everyone's whole history is seconds on a large organization. Never
    // the one with addresses in full.
    let key = report::stored::keys::identities(args.suggest, matches!(args.format, Format::Json));
    let mut kept = Kept::open(settings, &config, now);
    if let Some(text) = kept
        .as_mut()
        .and_then(|kept| kept.read(&key, report::stored::decode::<String>))
    {
        emit(&text)?;
        return Ok(ExitCode::SUCCESS);
    }
    let org = pipeline::resolve_everything(&config)?;
    let text = render(&org, args.suggest, false, args.format)?;
    if let Some(kept) = &mut kept {
        kept.keep(&[(key, report::stored::encode(&text))]);
    }
    emit(&text)?;
    Ok(ExitCode::SUCCESS)
}

fn render(
    org: &analysis::resolve::Org,
    suggest: bool,
    show_emails: bool,
    format: Format,
) -> Result<String> {
    use analysis::resolve::suggest::{activity, mask_email, suggest as suggestions};
    #[derive(serde::Serialize)]
    struct Row {
        name: String,
        handle: String,
        other_names: Vec<String>,
        emails: Vec<String>,
        /// GitHub logins, each with how the link was decided.
        logins: Vec<Login>,
        /// Why identities with different addresses are this one person,
        /// when merges proved it (not the identities file or `.mailmap`).
        joined: Vec<String>,
        declared: bool,
        bot: bool,
        #[serde(flatten)]
        activity: analysis::resolve::suggest::Activity,
    }
    #[derive(serde::Serialize)]
    struct Login {
        login: String,
        how: String,
    }
    let activity = activity(org);
    let row = |id: analysis::resolve::PersonId| {
        let person = org.people.get(id);
        Row {
            name: person.name.clone(),
            handle: person.handle.clone(),
            other_names: person
                .names
                .iter()
                .filter(|n| **n != person.name)
                .cloned()
                .collect(),
            emails: person
                .emails()
                .map(|e| {
                    if show_emails {
                        e.to_string()
                    } else {
                        mask_email(e)
                    }
                })
                .collect(),
            logins: org
                .people
                .login_links(id)
                .into_iter()
                .map(|(login, how)| Login { login, how })
                .collect(),
            joined: person.joined.clone(),
            declared: person.declared,
            bot: person.bot,
            activity: activity.get(&id).cloned().unwrap_or_default(),
        }
    };
    let when = |t: Option<i64>| t.map(model::date).unwrap_or_else(|| "-".into());
    if suggest {
        let groups = suggestions(org);
        if format == Format::Json {
            #[derive(serde::Serialize)]
            struct Group {
                reason: String,
                people: Vec<Row>,
            }
            let groups: Vec<Group> = groups
                .iter()
                .map(|g| Group {
                    reason: g.reason.clone(),
                    people: g.people.iter().map(|id| row(*id)).collect(),
                })
                .collect();
            return Ok(serde_json::to_string_pretty(&groups)?);
        }
        let mut out = String::from("# Likely the same person

Nothing is merged until you confirm it: add a `[[person]]` entry to the identities file, and the next report applies it without collecting again.
");
        if groups.is_empty() {
            out.push_str(
                "
No likely duplicates found.
",
            );
        }
        for (index, group) in groups.iter().enumerate() {
            out.push_str(&format!(
                "
## {}. {}

",
                index + 1,
                group.reason
            ));
            let rows: Vec<Row> = group.people.iter().map(|id| row(*id)).collect();
            for r in &rows {
                out.push_str(&format!(
                    "- {} (@{}): {} commits, {} to {}, in {}; emails {}
",
                    r.name,
                    r.handle,
                    r.activity.commits,
                    when(r.activity.first),
                    when(r.activity.last),
                    r.activity.repositories.join(", "),
                    r.emails.join(", ")
                ));
            }
            if show_emails {
                let first = &rows[0];
                let emails: Vec<String> = rows
                    .iter()
                    .flat_map(|r| r.emails.iter().map(|e| format!("{e:?}")))
                    .collect();
                out.push_str(&format!(
                    "
```toml
[[person]]
handle = {:?}
name = {:?}
emails = [{}]
```
",
                    first.handle,
                    first.name,
                    emails.join(", ")
                ));
            } else {
                out.push_str(
                    "
Run with --show-emails for an entry ready to paste.
",
                );
            }
        }
        return Ok(out);
    }
    let mut rows: Vec<Row> = org.people.all().iter().map(|p| row(p.id)).collect();
    rows.sort_by_key(|r| r.name.to_lowercase());
    Ok(match format {
        Format::Json => serde_json::to_string_pretty(&rows)?,
        Format::Markdown => {
            let mut out = String::from(
                "| Name | Handle | Other names | Emails | GitHub logins | Commits | First | Last |\n|---|---|---|---|---|---|---|---|\n",
            );
            for r in rows {
                let mut handle = match (r.declared, r.bot) {
                    (_, true) => format!("@{} (bot)", r.handle),
                    (true, _) => format!("@{} (identities file)", r.handle),
                    _ => format!("@{}", r.handle),
                };
                for why in &r.joined {
                    handle.push_str(&format!(" (one person: {why})"));
                }
                let logins: Vec<String> = r
                    .logins
                    .iter()
                    .map(|l| format!("{} ({})", l.login, l.how))
                    .collect();
                out.push_str(&format!(
                    "| {} | {} | {} | {} | {} | {} | {} | {} |\n",
                    r.name,
                    handle,
                    r.other_names.join(", "),
                    r.emails.join(", "),
                    logins.join(", "),
                    r.activity.commits,
                    when(r.activity.first),
                    when(r.activity.last)
                ));
            }
            out
        }
    })
}
