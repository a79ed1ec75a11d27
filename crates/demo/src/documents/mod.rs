//! Design documents and the commits that cite them: which document is
//! written where, by whom and when, and which later changes refer to it.
//! The documents' text is in `texts`.

mod texts;

use crate::STAFF;
use crate::calendar::{date, local_moment};
use crate::events::{Doc, Intent};
use texts::{
    CHECKOUT_POSTMORTEM, HTTP_CLIENT_MADR, LEDGER_ADR, LEDGER_ADR_AFTER, LEDGER_ADR_BEFORE,
    RANKING_DESIGN, RETRY_RFC,
};

impl Doc {
    pub(crate) fn path(self) -> &'static str {
        match self {
            Doc::RetryRfc => "rfcs/0001-unified-retry-policy.md",
            Doc::LedgerAdr | Doc::LedgerAdrEdit => "docs/adr/0003-use-postgres-for-the-ledger.md",
            Doc::HttpClientMadr => "docs/decisions/0007-one-http-client.md",
            Doc::CheckoutPostmortem => "postmortems/2025-08-14-checkout-outage.md",
            Doc::RankingDesign => "docs/design/ranking-v2.md",
        }
    }

    pub(crate) fn lines(self) -> Vec<String> {
        let text = match self {
            Doc::RetryRfc => RETRY_RFC.to_string(),
            Doc::LedgerAdr => LEDGER_ADR.to_string(),
            Doc::LedgerAdrEdit => LEDGER_ADR.replace(LEDGER_ADR_BEFORE, LEDGER_ADR_AFTER),
            Doc::HttpClientMadr => HTTP_CLIENT_MADR.to_string(),
            Doc::CheckoutPostmortem => CHECKOUT_POSTMORTEM.to_string(),
            Doc::RankingDesign => RANKING_DESIGN.to_string(),
        };
        text.lines().map(str::to_string).collect()
    }

    /// Subject, body (paragraphs separated by blank lines) and branch name.
    /// The commits that write a document never cite its id: citations come
    /// from other people's work.
    pub(crate) fn message(self) -> (&'static str, &'static str, &'static str) {
        match self {
            Doc::RetryRfc => (
                "rfcs: propose a unified retry and timeout policy",
                "Every service client retries in its own way today, and during the December settlement incident the retries of several clients stacked on top of each other. This proposes one policy: deadlines instead of per-attempt timeouts, at most three attempts, full jitter and a retry budget per client.\n\nReviewed with payments, checkout and search, who own most of the clients involved.",
                "priya/rfc-retry-policy",
            ),
            Doc::LedgerAdr => (
                "docs(adr): record the decision to keep the ledger in Postgres",
                "Writes down what we agreed in the ledger storage review: postings move from DynamoDB to a dedicated Postgres database, with balances materialised by the settlement job.",
                "kenji/adr-ledger-postgres",
            ),
            Doc::LedgerAdrEdit => (
                "docs(adr): reporting now reads from the ledger replica",
                "The read replica is live, so the consequence about reporting queries on the primary no longer holds.",
                "kenji/adr-ledger-replica",
            ),
            Doc::HttpClientMadr => (
                "decisions: use libs/http as the one HTTP client",
                "Records the decision taken with payments and identity: service-to-service calls in Go go through libs/http, which implements the platform retry policy, and new uses of http.DefaultClient are flagged in CI.",
                "priya/decision-one-http-client",
            ),
            Doc::CheckoutPostmortem => (
                "postmortems: add the 2025-08-14 checkout outage review",
                "Blameless review of the SEV2 on 14 August: a slow failover of the payments database, amplified by three clients that retried in lockstep. Action items have owners in payments, checkout and platform.",
                "priya/postmortem-checkout-outage",
            ),
            Doc::RankingDesign => (
                "docs: draft the ranking v2 design",
                "First draft of a learned second-stage ranker on top of BM25. Comments welcome before the offline evaluation starts.",
                "wei/ranking-v2-design",
            ),
        }
    }
}

/// A design document written at a fixed local time by a fixed author.
pub(crate) struct PlantedDocument {
    pub(crate) repo: &'static str,
    pub(crate) author: &'static str,
    pub(crate) day: (i64, i64, i64),
    pub(crate) at: (i64, i64),
    pub(crate) doc: Doc,
    /// Trailers besides the author's own sign-off: key and handle.
    pub(crate) trailers: &'static [(&'static str, &'static str)],
}

/// A code change whose message cites a design document.
pub(crate) struct Citation {
    pub(crate) repo: &'static str,
    pub(crate) author: &'static str,
    pub(crate) day: (i64, i64, i64),
    pub(crate) at: (i64, i64),
    /// Folder of the module that changes.
    pub(crate) dir: &'static str,
    pub(crate) intent: Intent,
    pub(crate) subject: &'static str,
    /// Paragraphs separated by blank lines.
    pub(crate) body: &'static str,
}

/// The moment of a local `day` and `at` time for someone in `tz`.
pub(crate) fn planted_time(day: (i64, i64, i64), at: (i64, i64), tz: i32) -> i64 {
    local_moment(date(day.0, day.1, day.2), at.0, at.1, tz)
}

impl PlantedDocument {
    pub(crate) fn time(&self, tz: i32) -> i64 {
        planted_time(self.day, self.at, tz)
    }
}

impl Citation {
    pub(crate) fn time(&self, tz: i32) -> i64 {
        planted_time(self.day, self.at, tz)
    }
}

/// Every planted document commit. Local times stay between 10:00 and 15:59,
/// so the date is the same in UTC and in the author's own time zone.
pub(crate) const DOCUMENTS: &[PlantedDocument] = &[
    PlantedDocument {
        repo: "platform-infra",
        author: STAFF,
        day: (2025, 2, 10),
        at: (11, 40),
        doc: Doc::RetryRfc,
        trailers: &[
            ("Reviewed-by", "ana"),
            ("Reviewed-by", "erik"),
            ("Reviewed-by", "soren"),
        ],
    },
    PlantedDocument {
        repo: "payments-api",
        author: "kenji",
        day: (2025, 4, 2),
        at: (14, 15),
        doc: Doc::LedgerAdr,
        trailers: &[("Reviewed-by", "ines"), ("Acked-by", "oliver.brandt")],
    },
    PlantedDocument {
        repo: "shared-libs",
        author: STAFF,
        day: (2025, 5, 20),
        at: (10, 25),
        doc: Doc::HttpClientMadr,
        trailers: &[("Reviewed-by", "tomasz"), ("Reviewed-by", "hannah")],
    },
    PlantedDocument {
        repo: "search-indexer",
        author: "wei",
        day: (2025, 6, 1),
        at: (11, 5),
        doc: Doc::RankingDesign,
        trailers: &[],
    },
    PlantedDocument {
        repo: "checkout-web",
        author: STAFF,
        day: (2025, 8, 20),
        at: (15, 30),
        doc: Doc::CheckoutPostmortem,
        trailers: &[("Reviewed-by", "sofia"), ("Acked-by", "fatima")],
    },
    PlantedDocument {
        repo: "payments-api",
        author: "kenji",
        day: (2025, 10, 8),
        at: (10, 50),
        doc: Doc::LedgerAdrEdit,
        trailers: &[],
    },
];

/// Adoption of RFC-0001 (March to July 2025, by the owning teams, never by
/// its author), one implementation of the ranking design, and the
/// post-incident remediation work.
pub(crate) const CITATIONS: &[Citation] = &[
    Citation {
        repo: "payments-api",
        author: "ines",
        day: (2025, 3, 12),
        at: (10, 35),
        dir: "src/gateway/",
        intent: Intent::Refactor,
        subject: "gateway: adopt the unified retry policy (RFC-0001)",
        body: "Acquirer calls now go through the shared policy: at most three attempts, exponential backoff with full jitter and the caller's deadline. The hand-rolled loop in the capture path is gone.",
    },
    Citation {
        repo: "search-indexer",
        author: "grace",
        day: (2025, 3, 18),
        at: (14, 20),
        dir: "src/ingest/",
        intent: Intent::Refactor,
        subject: "ingest: adopt the unified retry policy for feed fetches",
        body: "Feed fetches slept a fixed 500 ms between attempts. They now back off with full jitter and stop when the batch deadline passes.\n\nImplements RFC-0001.",
    },
    Citation {
        repo: "checkout-web",
        author: "james.okoro",
        day: (2025, 3, 20),
        at: (11, 10),
        dir: "src/api/",
        intent: Intent::Feature,
        subject: "api: move the order client to the unified retry policy",
        body: "GET requests retry up to three times with jittered backoff; POST requests retry only when they carry an Idempotency-Key.\n\nImplements RFC-0001.",
    },
    Citation {
        repo: "payments-api",
        author: "fatima",
        day: (2025, 4, 15),
        at: (13, 45),
        dir: "src/api/",
        intent: Intent::Fix,
        subject: "api: bound webhook delivery retries by the retry budget",
        body: "Webhook delivery retried forever on any 5xx. It now draws from the per-client retry budget and gives up once the delivery deadline passes.\n\nPart of the RFC-0001 rollout.",
    },
    Citation {
        repo: "identity-service",
        author: "raj",
        day: (2025, 4, 23),
        at: (12, 30),
        dir: "src/oauth/",
        intent: Intent::Fix,
        subject: "oauth: refresh JWKS with the shared retry policy (RFC-0001)",
        body: "Key refreshes back off with jitter and never hold up token validation past its deadline.",
    },
    Citation {
        repo: "checkout-web",
        author: "mei",
        day: (2025, 5, 6),
        at: (10, 55),
        dir: "src/hooks/",
        intent: Intent::Refactor,
        subject: "hooks: stop retrying quote requests inside useCart (RFC-0001)",
        body: "Retrying is the API client's job under the unified policy, so the hook no longer wraps fetchQuote in a loop of its own and the two layers stop multiplying each other.",
    },
    Citation {
        repo: "search-indexer",
        author: "nikolai",
        day: (2025, 5, 14),
        at: (15, 5),
        dir: "src/query/",
        intent: Intent::Perf,
        subject: "query: give each shard request a slice of the deadline per RFC-0001",
        body: "A slow shard is now retried once on a replica instead of three times on the same node, and the fan-out never outlives the query deadline.",
    },
    Citation {
        repo: "payments-api",
        author: "tomasz",
        day: (2025, 6, 10),
        at: (11, 25),
        dir: "src/settlement/",
        intent: Intent::Fix,
        subject: "settlement: retry payout submission only on retryable errors",
        body: "Follows rfcs/0001-unified-retry-policy.md in platform-infra: payouts are retried only for the errors the policy classifies as retryable, and the batch deadline is passed to every attempt.\n\nRefs: RFC-0001",
    },
    Citation {
        repo: "search-indexer",
        author: "maya",
        day: (2025, 6, 17),
        at: (13, 40),
        dir: "src/query/",
        intent: Intent::Feature,
        subject: "query: add the second-stage ranker behind a flag",
        body: "Implements docs/design/ranking-v2.md: a learned second stage reranks the top 200 BM25 candidates. It is off by default until the offline evaluation is in.",
    },
    Citation {
        repo: "search-indexer",
        author: "pablo",
        day: (2025, 6, 24),
        at: (10, 15),
        dir: "src/index/",
        intent: Intent::Fix,
        subject: "index: retry segment uploads with jittered backoff",
        body: "Segment uploads to object storage follow the shared policy and respect the retry budget instead of retrying until the writer times out.\n\nImplements RFC-0001.",
    },
    Citation {
        repo: "checkout-web",
        author: "lucas",
        day: (2025, 7, 8),
        at: (14, 50),
        dir: "src/api/",
        intent: Intent::Feature,
        subject: "api: send the request deadline with every call",
        body: "Per RFC-0001, retries never outlive the caller's deadline, so the client now sends it in X-Request-Deadline. The default timeouts follow the table in platform-infra's rfcs/0001-unified-retry-policy.md.",
    },
    Citation {
        repo: "identity-service",
        author: "chloe",
        day: (2025, 7, 15),
        at: (11, 0),
        dir: "src/sessions/",
        intent: Intent::Fix,
        subject: "sessions: treat store timeouts as retryable",
        body: "Timeouts and connection resets from the session store are retried; everything else fails fast.\n\nImplements RFC-0001 for the session store.",
    },
    Citation {
        repo: "payments-api",
        author: "oliver.brandt",
        day: (2025, 7, 22),
        at: (15, 20),
        dir: "src/ledger/",
        intent: Intent::Refactor,
        subject: "ledger: move journal writes to the shared retry policy",
        body: "The journal writer had its own fixed-interval retry loop. It now uses the RFC-0001 policy with the ledger's write deadline, so a slow primary no longer sees a burst of identical retries.",
    },
    Citation {
        repo: "payments-api",
        author: "ana",
        day: (2025, 8, 26),
        at: (12, 10),
        dir: "src/api/",
        intent: Intent::Fix,
        subject: "api: add full jitter to the payment status client",
        body: "The status poller backed off exponentially but without jitter, so every replica retried at the same moments during the failover.\n\nAction item from INC-2025-014.",
    },
    Citation {
        repo: "checkout-web",
        author: "james.okoro",
        day: (2025, 9, 2),
        at: (10, 40),
        dir: "src/api/",
        intent: Intent::Fix,
        subject: "api: cap checkout gateway retries at two attempts",
        body: "The gateway retried every failed call five times with a fixed sleep. It now stops after two attempts and hands a retryable error back to the page.\n\nRemediation for INC-2025-014.",
    },
    Citation {
        repo: "platform-infra",
        author: STAFF,
        day: (2025, 9, 4),
        at: (13, 15),
        dir: "k8s/",
        intent: Intent::Feature,
        subject: "k8s: publish the retry budget dashboard",
        body: "Retry rate and remaining budget per client, scraped from the libs/http metrics, with an alert when a client spends more than half of its budget for ten minutes.\n\nCloses the last action item of INC-2025-014.",
    },
];
