//! Everyone active in the window, with handles, home teams and a few counts:
//! `staffscope people` and the dashboard's people page. One view for both,
//! so the command and the page cannot disagree about a number, and a count
//! the data cannot give is `None` ("no data"), never a zero. Pure.

use std::fmt::Write;

use serde::{Deserialize, Serialize, Serializer};

use super::Context;
use super::markdown::number_or_no_data;
use analysis::measure::names;

/// Everyone active in the window, in alphabetical order of the name. As
/// JSON it is the list of rows itself.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(transparent)]
pub struct PeopleView {
    pub people: Vec<PersonRow>,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct PersonRow {
    pub name: String,
    pub handle: String,
    /// Home teams in the window (several when the person moved); one
    /// inferred from the work rather than declared ends in " (inferred)".
    pub teams: Vec<String>,
    #[serde(serialize_with = "count")]
    pub commits: Option<f64>,
    /// `None` where the repositories record no reviews (see `measure`).
    #[serde(serialize_with = "count")]
    pub reviews_given: Option<f64>,
    /// Other teams reached: a column of the dashboard's page only.
    /// `staffscope people` prints and serializes the columns and fields it
    /// always had, so scripts reading its JSON see no change (and the
    /// copy kept in the store keeps it apart, in `stored`).
    #[serde(skip)]
    pub teams_reached: Option<f64>,
}

/// Counts are whole numbers, written as JSON integers (`12`, not `12.0`) as
/// `staffscope people` always wrote them; "no data" is `null`.
fn count<S: Serializer>(value: &Option<f64>, serializer: S) -> Result<S::Ok, S::Error> {
    match value {
        Some(value)
            if value.fract() == 0.0 && value.abs() < 1e15 && serializer.is_human_readable() =>
        {
            serializer.serialize_some(&(*value as i64))
        }
        Some(value) => serializer.serialize_some(value),
        None => serializer.serialize_none(),
    }
}

pub fn people(context: &Context<'_>) -> PeopleView {
    let mut people: Vec<PersonRow> = context
        .measures
        .people
        .iter()
        .map(|measures| {
            let person = context.org.people.get(measures.person);
            let value = |name: &str| measures.metrics.get(name).and_then(|m| m.value);
            PersonRow {
                name: person.name.clone(),
                handle: person.handle.clone(),
                teams: measures
                    .homes
                    .iter()
                    .map(|(team, inferred)| {
                        let name = context.team_name(*team);
                        if *inferred {
                            format!("{name} (inferred)")
                        } else {
                            name
                        }
                    })
                    .collect(),
                commits: value(names::COMMITS),
                reviews_given: value(names::REVIEWS_GIVEN),
                teams_reached: value(names::TEAMS_REACHED),
            }
        })
        .collect();
    people.sort_by_key(|row| row.name.to_lowercase());
    PeopleView { people }
}

/// The table `staffscope people` prints.
pub fn markdown(view: &PeopleView) -> String {
    let mut out =
        String::from("| Name | Handle | Team | Commits | Reviews given |\n|---|---|---|---|---|\n");
    for row in &view.people {
        let _ = writeln!(
            out,
            "| {} | @{} | {} | {} | {} |",
            row.name,
            row.handle,
            row.teams.join(", "),
            number_or_no_data(row.commits),
            number_or_no_data(row.reviews_given)
        );
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(reviews_given: Option<f64>) -> PersonRow {
        PersonRow {
            name: "Ada Lovelace".into(),
            handle: "ada".into(),
            teams: vec!["payments".into(), "search (inferred)".into()],
            commits: Some(12.0),
            reviews_given,
            teams_reached: Some(2.0),
        }
    }

    #[test]
    fn no_data_is_said_not_printed_as_zero() {
        let view = PeopleView {
            people: vec![row(None)],
        };
        assert_eq!(
            markdown(&view),
            "| Name | Handle | Team | Commits | Reviews given |\n|---|---|---|---|---|\n| Ada Lovelace | @ada | payments, search (inferred) | 12 | no data |\n"
        );
        let json = serde_json::to_value(&view).expect("serializes");
        assert_eq!(
            json,
            serde_json::json!([{
                "name": "Ada Lovelace",
                "handle": "ada",
                "teams": ["payments", "search (inferred)"],
                "commits": 12,
                "reviews_given": null,
            }])
        );
    }

    #[test]
    fn counts_are_json_integers() {
        let view = PeopleView {
            people: vec![row(Some(3.0))],
        };
        let text = serde_json::to_string(&view).expect("serializes");
        assert!(text.contains("\"commits\":12,"), "{text}");
        assert!(text.contains("\"reviews_given\":3}"), "{text}");
    }
}
