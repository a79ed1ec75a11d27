//! Texts a view holds from a fixed set this program writes (schemas,
//! descriptions, metric names), as `&'static str`: read back from a kept
//! view as the one of the set they spell.

use std::collections::BTreeMap;

use serde::de::Error as _;
use serde::{Deserialize, Deserializer};

use analysis::measure::Metric;

/// A text this program writes from a fixed set (a schema, a description):
/// read back as the one of the set it spells. A plain `&'static str` field
/// would make serde borrow it from the input.
pub type Fixed = &'static str;

/// A `&'static str` field read back: the one of `known` it spells.
pub(crate) fn one_of<'de, D: Deserializer<'de>>(
    deserializer: D,
    known: impl IntoIterator<Item = &'static str>,
) -> Result<&'static str, D::Error> {
    let text = String::deserialize(deserializer)?;
    known
        .into_iter()
        .find(|k| *k == text)
        .ok_or_else(|| D::Error::custom(format!("`{text}` is not a value this version writes")))
}

pub(crate) fn person_schema<'de, D: Deserializer<'de>>(d: D) -> Result<&'static str, D::Error> {
    one_of(d, [crate::PERSON_SCHEMA])
}

pub(crate) fn org_schema<'de, D: Deserializer<'de>>(d: D) -> Result<&'static str, D::Error> {
    one_of(d, [crate::ORG_SCHEMA])
}

pub(crate) fn source_description<'de, D: Deserializer<'de>>(
    d: D,
) -> Result<&'static str, D::Error> {
    one_of(d, model::Source::ALL.map(model::Source::description))
}

/// Metrics by their catalogue name.
pub(crate) fn metrics<'de, D: Deserializer<'de>>(
    d: D,
) -> Result<BTreeMap<&'static str, Metric>, D::Error> {
    BTreeMap::<String, Metric>::deserialize(d)?
        .into_iter()
        .map(|(name, metric)| {
            let info = analysis::measure::metric_info(&name)
                .ok_or_else(|| D::Error::custom(format!("no metric `{name}`")))?;
            Ok((info.name, metric))
        })
        .collect()
}
