//! The operating mix: how much of a person's work is coding, from the
//! artifacts of every source weighted as the rubric says, turned into hours
//! when a calendar gives meeting time; and output relative to reviews and to
//! the organization. It runs after every source's metrics because it reads
//! them all.

use super::catalogue::names;
use super::evidence::{Evidence, Item, Metric, document_evidence};
use super::tally::PersonMetrics;

impl PersonMetrics<'_> {
    /// `coding_share` from artifacts: commits against reviews, documents
    /// and incidents, each weighted as the rubric says.
    pub(super) fn operating_mix(&mut self) {
        let (org, tally, params) = (self.org, self.tally, self.params);
        let commits = tally.commits.len();
        let reviews = tally.reviews_given.len();
        let documents = tally.documents.len();
        let incidents = tally.incidents.len();
        let coding = params.commit_weight * commits as f64;
        let leverage = params.review_weight * reviews as f64
            + params.document_weight * documents as f64
            + params.incident_weight * incidents as f64;
        // Without a commit in the collected repositories, a share of 0% would
        // say "never codes" when the code may live in repositories not
        // collected (a chair who approves proposals here and codes there).
        let coding_share =
            (commits > 0 && coding + leverage > 0.0).then(|| coding / (coding + leverage));
        let documents_as_evidence = |indices: &[usize], detail: &str| -> Vec<Evidence> {
            indices
                .iter()
                .map(|&index| document_evidence(org, &org.documents[index], detail.to_string()))
                .collect()
        };
        let coding_detail = if commits == 0 {
            "no commits in the collected repositories: not measured, as their code may be in repositories not collected".to_string()
        } else {
            format!("{commits} commits x weight {}", params.commit_weight)
        };
        let mut items = vec![
            Item {
                label: "coding".into(),
                detail: coding_detail,
                evidence: tally.commits.clone(),
            },
            Item {
                label: "leverage: reviews".into(),
                detail: format!("{reviews} reviews x weight {}", params.review_weight),
                evidence: tally
                    .reviews_given
                    .iter()
                    .map(|(_, _, e)| e.clone())
                    .collect(),
            },
        ];
        // Writing and incident work appear where there is some, so that an
        // organization without documents shows no invented zero.
        if documents > 0 {
            items.push(Item {
                label: "leverage: writing".into(),
                detail: format!("{documents} documents x weight {}", params.document_weight),
                evidence: documents_as_evidence(&tally.documents, "document authored"),
            });
        }
        if incidents > 0 {
            items.push(Item {
                label: "leverage: incidents".into(),
                detail: format!(
                    "{incidents} cross-team incidents led x weight {}",
                    params.incident_weight
                ),
                evidence: documents_as_evidence(&tally.incidents, "incident led"),
            });
        }
        self.metrics.insert(
            names::CODING_SHARE,
            Metric {
                value: coding_share,
                items,
            },
        );
    }

    /// `reviews_per_commit`, and `output_vs_org_median` against
    /// `median_commits`.
    pub(super) fn ratios(&mut self, median_commits: f64) {
        let commits = self.tally.commits.len();
        let reviews = self.tally.reviews_given.len();
        self.metrics.insert(
            names::REVIEWS_PER_COMMIT,
            Metric {
                value: (commits > 0).then(|| reviews as f64 / commits as f64),
                items: vec![Item {
                    label: "ratio".into(),
                    detail: format!("{reviews} reviews given, {commits} commits"),
                    evidence: Vec::new(),
                }],
            },
        );
        self.metrics.insert(
            names::OUTPUT_VS_ORG_MEDIAN,
            Metric {
                value: (median_commits > 0.0).then(|| commits as f64 / median_commits),
                items: vec![Item {
                    label: "ratio".into(),
                    detail: format!(
                        "{commits} commits; the organization's median is {median_commits}"
                    ),
                    evidence: Vec::new(),
                }],
            },
        );
    }

    /// With a calendar the mix is in hours: meetings are leverage time, and
    /// the rest of the working week is split as the artifacts are. Runs
    /// after [`PersonMetrics::meetings`] and [`PersonMetrics::operating_mix`].
    pub(super) fn mix_in_hours(&mut self) {
        let params = self.params;
        if let Some(hours) = self
            .metrics
            .get(names::MEETING_HOURS_PER_WEEK)
            .and_then(|m| m.value)
            && let Some(mix) = self.metrics.get_mut(names::CODING_SHARE)
            && let Some(artifact_share) = mix.value
        {
            let week = params.working_hours_per_week;
            let focus = (week - hours).max(0.0);
            let coding_hours = focus * artifact_share;
            mix.value = Some(coding_hours / week);
            mix.items.insert(
                0,
                Item {
                    label: "in hours".into(),
                    detail: format!(
                        "{hours:.1} h a week in meetings (calendar) out of a {week:.0}-hour week; the other {focus:.1} h split as the artifacts below ({:.0}% coding) gives {coding_hours:.1} h of coding a week",
                        artifact_share * 100.0
                    ),
                    evidence: Vec::new(),
                },
            );
        }
    }
}
