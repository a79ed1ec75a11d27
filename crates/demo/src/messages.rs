//! Commit messages: subjects in each person's style, bodies of a sentence
//! or three, and wrapping at 72 columns.

use crate::events::{Event, Intent, Style};
use crate::repos::{Kind, Module};
use crate::rng::Rng;
use crate::words::{Words, capitalize};

pub(crate) const FAILURES: &[&str] = &[
    "timeout",
    "gateway timeout",
    "connection reset",
    "stale cache",
    "duplicate delivery",
    "partial failure",
    "429 responses",
];
pub(crate) const CONDITIONS: &[&str] = &[
    "the batch is empty",
    "the cursor expires",
    "two workers race",
    "the clock skews",
    "the retry budget runs out",
    "the upstream returns 503",
];
pub(crate) const CASES: &[&str] = &[
    "partial refunds",
    "zero-amount items",
    "multi-currency carts",
    "legacy accounts",
    "paginated results",
    "large tenants",
];

pub(crate) fn subject(
    rng: &mut Rng,
    event: &Event,
    module: &Module,
    w: &Words,
    first: bool,
) -> String {
    let phrase = phrase(rng, event.intent, w);
    // Later commits on a pull-request branch are often review fix-ups.
    let phrase = if !first && rng.chance(0.35) {
        rng.pick(&[
            "address review comments",
            "apply review suggestions",
            "fix lint",
        ])
        .to_string()
    } else {
        phrase
    };
    let kind = conventional_type(event.intent);
    let scope = module.scope;
    match event.style {
        _ if module.kind == Kind::Workflows => format!("ci: {phrase}"),
        Style::Conventional => format!("{kind}({scope}): {phrase}"),
        Style::Scoped => format!("{scope}: {phrase}"),
        Style::Plain => capitalize(&phrase),
    }
}

/// What a commit does, in a few words: "retry ledger on timeout".
fn phrase(rng: &mut Rng, intent: Intent, w: &Words) -> String {
    let (n, n2, v) = (w.noun, w.noun2, w.verb.base);
    match intent {
        Intent::Fix => match rng.below(7) {
            0 => format!("retry {n} on {}", rng.pick(FAILURES)),
            1 => format!("avoid duplicate {n} {n2} when {}", rng.pick(CONDITIONS)),
            2 => format!("guard against empty {n2} in {n}"),
            3 => format!("correct {n} {n2} for {}", rng.pick(CASES)),
            4 => format!("return an error when the {n} is missing"),
            5 => format!("release the {n} lock on {}", rng.pick(FAILURES)),
            _ => format!("handle {n} {n2} when {}", rng.pick(CONDITIONS)),
        },
        Intent::Feature => match rng.below(5) {
            0 => format!("add {n} {n2} support"),
            1 => format!("support {n2} in {n}"),
            2 => format!("expose {n} {n2} through the api"),
            3 => format!(
                "{v} {n} {}",
                rng.pick(&[
                    "in the background",
                    "per tenant",
                    "behind a feature flag",
                    "incrementally"
                ])
            ),
            _ => format!("introduce a {n} {n2} cache"),
        },
        Intent::Refactor => match rng.below(4) {
            0 => format!("extract {n} {n2} into its own file"),
            1 => format!("simplify the {n} {v} path"),
            2 => format!("split {n} and {n2} handling"),
            _ => format!("rename {n2} helpers in {n}"),
        },
        Intent::Test => match rng.below(3) {
            0 => format!("cover {n} {n2} for {}", rng.pick(CASES)),
            1 => format!("add a regression test for {n} {}", rng.pick(FAILURES)),
            _ => format!("make {n} tests deterministic"),
        },
        Intent::Docs => match rng.below(3) {
            0 => format!("document {n} {n2}"),
            1 => format!("update the {n} runbook"),
            _ => format!("explain {n} {n2} trade-offs"),
        },
        Intent::Chore => match rng.below(3) {
            0 => format!("bump {n} timeout to {}s", w.num),
            1 => format!("tidy {n} logging"),
            _ => format!("clean up unused {n2} helpers"),
        },
        Intent::Perf => match rng.below(3) {
            0 => format!("speed up {n} {v} by batching {n2} lookups"),
            1 => format!("avoid allocating in the {n} hot path"),
            _ => format!("cache {n2} lookups in {n}"),
        },
    }
}

/// The Conventional Commits type of an intent.
fn conventional_type(intent: Intent) -> &'static str {
    match intent {
        Intent::Fix => "fix",
        Intent::Feature => "feat",
        Intent::Refactor => "refactor",
        Intent::Test => "test",
        Intent::Docs => "docs",
        Intent::Chore => "chore",
        Intent::Perf => "perf",
    }
}

pub(crate) fn body_sentence(rng: &mut Rng, intent: Intent, w: &Words) -> String {
    let (n, n2) = (w.noun, w.noun2);
    let general = [
        format!(
            "The {n} path assumed a single {n2} per request, which stopped being true with {}.",
            rng.pick(CASES)
        ),
        format!(
            "Until now a {} left the {n} half written and someone had to repair it by hand.",
            rng.pick(FAILURES)
        ),
        format!("This keeps the existing behaviour for callers that do not pass a {n2}."),
        format!(
            "Measured on staging this cuts {n} latency by roughly {}%.",
            5 + w.num % 40
        ),
        "The old code stays behind a flag for one release so that we can roll back quickly."
            .to_string(),
        format!("See the {n} design doc for the alternatives we considered."),
        format!("Follow-up to the {n} incident review."),
    ];
    let pick = match intent {
        Intent::Refactor => rng.pick(&[2usize, 4, 5]),
        Intent::Perf => 3,
        Intent::Fix => rng.pick(&[0usize, 1, 6]),
        _ => rng.index(general.len()),
    };
    general[pick].clone()
}

pub(crate) fn body(rng: &mut Rng, intent: Intent, w: &Words) -> String {
    let count = 1 + rng.below(3);
    let mut text = String::new();
    for _ in 0..count {
        let sentence = body_sentence(rng, intent, w);
        if !text.contains(&sentence) {
            if !text.is_empty() {
                text.push(' ');
            }
            text.push_str(&sentence);
        }
    }
    if intent == Intent::Refactor && rng.chance(0.5) {
        text.push_str(" No functional change intended.");
    }
    wrap(&text)
}

/// Wraps each blank-line separated paragraph at 72 columns.
pub(crate) fn wrap_paragraphs(text: &str) -> String {
    text.split("\n\n")
        .map(wrap)
        .collect::<Vec<_>>()
        .join("\n\n")
}

/// Wraps prose at 72 columns like a careful committer would.
pub(crate) fn wrap(text: &str) -> String {
    let mut out = String::new();
    let mut column = 0;
    for word in text.split_whitespace() {
        if column > 0 && column + 1 + word.chars().count() > 72 {
            out.push('\n');
            column = 0;
        } else if column > 0 {
            out.push(' ');
            column += 1;
        }
        out.push_str(word);
        column += word.chars().count();
    }
    out
}
