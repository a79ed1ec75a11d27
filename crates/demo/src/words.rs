//! The vocabulary generated code and messages are made of: verbs, nouns
//! and phrases, and the identifier spellings built from them.

use crate::rng::Rng;

#[derive(Debug, Clone, Copy)]
pub(crate) struct Verb {
    pub(crate) base: &'static str,
    pub(crate) third: &'static str,
    pub(crate) past: &'static str,
}

pub(crate) const fn verb(base: &'static str, third: &'static str, past: &'static str) -> Verb {
    Verb { base, third, past }
}

pub(crate) const VERBS: &[Verb] = &[
    verb("load", "loads", "loaded"),
    verb("save", "saves", "saved"),
    verb("validate", "validates", "validated"),
    verb("apply", "applies", "applied"),
    verb("build", "builds", "built"),
    verb("parse", "parses", "parsed"),
    verb("resolve", "resolves", "resolved"),
    verb("compute", "computes", "computed"),
    verb("fetch", "fetches", "fetched"),
    verb("record", "records", "recorded"),
    verb("reconcile", "reconciles", "reconciled"),
    verb("retry", "retries", "retried"),
    verb("normalize", "normalizes", "normalized"),
    verb("merge", "merges", "merged"),
    verb("schedule", "schedules", "scheduled"),
    verb("publish", "publishes", "published"),
    verb("refresh", "refreshes", "refreshed"),
    verb("expire", "expires", "expired"),
    verb("encode", "encodes", "encoded"),
    verb("decode", "decodes", "decoded"),
    verb("sync", "syncs", "synced"),
    verb("cancel", "cancels", "cancelled"),
];

const GENERIC_NOUNS: &[&str] = &[
    "cursor", "limit", "window", "state", "config", "event", "status", "region",
];

pub(crate) const PURPOSES: &[&str] = &[
    "for the current tenant",
    "before it is persisted",
    "and reports progress to the caller",
    "using the configured store",
    "without holding the global lock",
    "in a single transaction",
    "so retries stay idempotent",
    "for the nightly batch",
];

pub(crate) const COMMENTS: &[&str] = &[
    "Keep this in sync with the API contract.",
    "The upstream service may return stale data here.",
    "Retries are safe because the operation is idempotent.",
    "Order matters: the audit record must be written first.",
    "This path is hot; avoid allocating per item.",
    "Legacy clients still send the old field name.",
];

#[derive(Debug, Clone, Copy)]
pub(crate) struct Words {
    pub(crate) verb: Verb,
    pub(crate) noun: &'static str,
    pub(crate) noun2: &'static str,
    pub(crate) num: u32,
}

impl Words {
    pub(crate) fn pick(rng: &mut Rng, nouns: &'static [&'static str]) -> Self {
        let noun = rng.pick(nouns);
        let mut noun2 = if rng.chance(0.5) {
            rng.pick(nouns)
        } else {
            rng.pick(GENERIC_NOUNS)
        };
        if noun2 == noun {
            noun2 = rng.pick(GENERIC_NOUNS);
        }
        Words {
            verb: rng.pick(VERBS),
            noun: ident_word(noun),
            noun2: ident_word(noun2),
            num: rng.pick(&[2, 3, 5, 8, 10, 15, 20, 30, 45, 60, 90, 120, 250, 500]),
        }
    }

    pub(crate) fn snake(&self) -> String {
        format!("{}_{}_{}", self.verb.base, self.noun, self.noun2)
    }

    pub(crate) fn camel(&self) -> String {
        format!(
            "{}{}{}",
            self.verb.base,
            pascal(self.noun),
            pascal(self.noun2)
        )
    }

    pub(crate) fn pascal(&self) -> String {
        format!(
            "{}{}{}",
            pascal(self.verb.base),
            pascal(self.noun),
            pascal(self.noun2)
        )
    }

    pub(crate) fn ty(&self) -> String {
        pascal(self.noun)
    }

    pub(crate) fn result_ty(&self) -> String {
        format!("{}{}", pascal(self.noun), pascal(self.noun2))
    }

    pub(crate) fn doc(&self, rng: &mut Rng) -> String {
        format!(
            "{} the {} {} {}.",
            capitalize(self.verb.third),
            self.noun,
            self.noun2,
            rng.pick(PURPOSES)
        )
    }
}

/// Nouns such as `threat-model` are written as one identifier word.
fn ident_word(noun: &'static str) -> &'static str {
    match noun {
        "threat-model" => "threat",
        "search-client" => "search",
        other => other,
    }
}

pub(crate) fn lower_first(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_lowercase().chain(chars).collect(),
        None => String::new(),
    }
}

pub(crate) fn capitalize(word: &str) -> String {
    let mut chars = word.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

pub(crate) fn pascal(word: &str) -> String {
    word.split(['-', '_']).map(capitalize).collect()
}
