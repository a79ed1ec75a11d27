//! The repositories that belong to one team each.

use super::{
    CI_OWNERS_CHECKOUT, CI_OWNERS_DATA, CI_OWNERS_IDENTITY, CI_OWNERS_PAYMENTS, CI_OWNERS_SEARCH,
    GO_CI, NPM_CI, PY_CI, RUST_CI, TF_CI, docs, workflows,
};
use crate::people::Team::{Checkout, Data, Identity, Payments, Platform, Search};
use crate::repos::Lang::{Css, Go, Json, Python, Rust, Sql, Terraform, Ts, Tsx, Yaml};
use crate::repos::{Bot, Ecosystem, Kind, Owners, Repo, TeamMap, module, with_kind};

/// payments-api: the Go payment service and its database migrations.
pub(super) fn payments_api() -> Repo {
    Repo {
        name: "payments-api",
        owner: Payments,
        description: "Payment processing API: charges, refunds, the ledger and settlement with acquirers.",
        initializer: "oliver.brandt",
        modules: vec![
            module(
                "src/ledger/",
                Go,
                Payments,
                30,
                "ledger",
                &[
                    "entry", "journal", "balance", "posting", "account", "reversal",
                ],
                4,
            ),
            module(
                "src/api/",
                Go,
                Payments,
                25,
                "api",
                &["handler", "charge", "refund", "webhook", "token", "request"],
                4,
            ),
            module(
                "src/settlement/",
                Go,
                Payments,
                20,
                "settlement",
                &["settlement", "batch", "payout", "cutoff", "report"],
                3,
            ),
            module(
                "src/gateway/",
                Go,
                Payments,
                15,
                "gateway",
                &["gateway", "acquirer", "card", "timeout", "capture"],
                3,
            ),
            with_kind(
                module(
                    "migrations/",
                    Sql,
                    Payments,
                    6,
                    "db",
                    &["ledger", "payout", "refund", "settlement", "fee"],
                    3,
                ),
                Kind::Migrations,
            ),
            docs(
                Payments,
                3,
                &[
                    "runbook",
                    "settlement",
                    "ledger",
                    "incident",
                    "reconciliation",
                ],
            ),
            workflows(Payments, GO_CI),
        ],
        team_map: TeamMap::Codeowners(vec![
            ("/.github/workflows/", Owners::Fixed(CI_OWNERS_PAYMENTS)),
            ("/migrations/", Owners::Module(4)),
            ("/docs/", Owners::Module(5)),
        ]),
        ecosystem: Ecosystem::Go,
        manifest_dir: "",
        bot: Bot::Dependabot,
        mailmap: false,
    }
}

/// checkout-web: the TypeScript front end, with generated icons and
/// translations that only the reformat touches.
pub(super) fn checkout_web() -> Repo {
    Repo {
        name: "checkout-web",
        owner: Checkout,
        description: "The checkout web front end: cart, shipping, payment and confirmation pages.",
        initializer: "sofia",
        modules: vec![
            module(
                "src/cart/",
                Ts,
                Checkout,
                25,
                "cart",
                &["cart", "line", "discount", "coupon", "total", "tax"],
                4,
            ),
            module(
                "src/components/",
                Tsx,
                Checkout,
                25,
                "components",
                &[
                    "button", "summary", "banner", "modal", "stepper", "badge", "price",
                ],
                10,
            ),
            module(
                "src/pages/",
                Tsx,
                Checkout,
                15,
                "pages",
                &["checkout", "review", "confirmation", "shipping", "payment"],
                5,
            ),
            module(
                "src/hooks/",
                Ts,
                Checkout,
                10,
                "hooks",
                &["session", "cart", "address", "promo"],
                4,
            ),
            module(
                "src/api/",
                Ts,
                Checkout,
                10,
                "api",
                &["client", "order", "quote", "shipment"],
                3,
            ),
            module(
                "src/styles/",
                Css,
                Checkout,
                5,
                "styles",
                &["layout", "theme", "form", "cart"],
                6,
            ),
            with_kind(
                module("src/icons/", Tsx, Checkout, 0, "icons", &["icon"], 0),
                Kind::Icons,
            ),
            with_kind(
                module("src/locales/", Json, Checkout, 0, "i18n", &["locale"], 0),
                Kind::Locales,
            ),
            with_kind(
                module(
                    "tests/",
                    Ts,
                    Checkout,
                    7,
                    "tests",
                    &["cart", "checkout", "coupon", "address"],
                    4,
                ),
                Kind::Tests,
            ),
            docs(
                Checkout,
                3,
                &["architecture", "release", "accessibility", "analytics"],
            ),
            workflows(Checkout, NPM_CI),
        ],
        team_map: TeamMap::Codeowners(vec![
            ("/.github/workflows/", Owners::Fixed(CI_OWNERS_CHECKOUT)),
            ("/src/", Owners::Module(0)),
            ("/docs/", Owners::Module(9)),
        ]),
        ecosystem: Ecosystem::Npm,
        manifest_dir: "",
        bot: Bot::Dependabot,
        mailmap: false,
    }
}

/// identity-service: the Go accounts and sessions service and its migrations.
pub(super) fn identity_service() -> Repo {
    Repo {
        name: "identity-service",
        owner: Identity,
        description: "Accounts, sessions, OAuth and multi-factor authentication.",
        initializer: "hannah",
        modules: vec![
            module(
                "src/sessions/",
                Go,
                Identity,
                25,
                "sessions",
                &["session", "cookie", "refresh", "device"],
                3,
            ),
            module(
                "src/oauth/",
                Go,
                Identity,
                25,
                "oauth",
                &["client", "grant", "token", "consent", "scope"],
                4,
            ),
            module(
                "src/users/",
                Go,
                Identity,
                20,
                "users",
                &["user", "profile", "email", "password"],
                3,
            ),
            module(
                "src/mfa/",
                Go,
                Identity,
                15,
                "mfa",
                &["totp", "challenge", "recovery", "webauthn"],
                3,
            ),
            with_kind(
                module(
                    "migrations/",
                    Sql,
                    Identity,
                    6,
                    "db",
                    &["user", "session", "grant", "device"],
                    2,
                ),
                Kind::Migrations,
            ),
            docs(
                Identity,
                3,
                &["oauth", "sessions", "runbook", "threat-model"],
            ),
            workflows(Identity, GO_CI),
        ],
        team_map: TeamMap::Codeowners(vec![
            ("/.github/workflows/", Owners::Fixed(CI_OWNERS_IDENTITY)),
            ("/src/mfa/", Owners::Module(3)),
            ("/docs/", Owners::Module(5)),
        ]),
        ecosystem: Ecosystem::Go,
        manifest_dir: "",
        bot: Bot::Dependabot,
        mailmap: false,
    }
}

/// search-indexer: the Rust search index, with benchmarks.
pub(super) fn search_indexer() -> Repo {
    Repo {
        name: "search-indexer",
        owner: Search,
        description: "Builds and serves the product search index.",
        initializer: "soren",
        modules: vec![
            module(
                "src/index/",
                Rust,
                Search,
                30,
                "index",
                &["segment", "posting", "shard", "writer", "merge"],
                4,
            ),
            module(
                "src/query/",
                Rust,
                Search,
                30,
                "query",
                &["query", "token", "ranker", "filter", "facet"],
                4,
            ),
            module(
                "src/ingest/",
                Rust,
                Search,
                20,
                "ingest",
                &["document", "batch", "feed", "schema"],
                3,
            ),
            module(
                "benches/",
                Rust,
                Search,
                4,
                "bench",
                &["index", "query", "ranker"],
                1,
            ),
            docs(Search, 3, &["ranking", "relevance", "runbook", "schema"]),
            workflows(Search, RUST_CI),
        ],
        team_map: TeamMap::Codeowners(vec![
            ("/.github/workflows/", Owners::Fixed(CI_OWNERS_SEARCH)),
            ("/src/query/", Owners::Module(1)),
            ("/docs/", Owners::Module(4)),
        ]),
        ecosystem: Ecosystem::Cargo,
        manifest_dir: "",
        bot: Bot::Dependabot,
        mailmap: false,
    }
}

/// data-pipeline: Python jobs and SQL models. It has a mailmap because
/// Dana's old address appears in its history.
pub(super) fn data_pipeline() -> Repo {
    Repo {
        name: "data-pipeline",
        owner: Data,
        description: "Batch jobs and SQL models that feed the warehouse and the finance reports.",
        initializer: "lena",
        modules: vec![
            module(
                "pipeline/jobs/",
                Python,
                Data,
                30,
                "jobs",
                &["export", "orders", "revenue", "cohort", "churn"],
                4,
            ),
            module(
                "pipeline/io/",
                Python,
                Data,
                20,
                "io",
                &["reader", "writer", "bucket", "partition"],
                3,
            ),
            module(
                "models/",
                Sql,
                Data,
                20,
                "models",
                &["order", "payment", "session", "funnel", "refund"],
                4,
            ),
            with_kind(
                module(
                    "tests/",
                    Python,
                    Data,
                    10,
                    "tests",
                    &["export", "orders", "reader", "revenue"],
                    3,
                ),
                Kind::Tests,
            ),
            module(
                "dags/",
                Python,
                Data,
                8,
                "dags",
                &["daily", "hourly", "backfill"],
                2,
            ),
            docs(Data, 3, &["warehouse", "contracts", "runbook", "lineage"]),
            workflows(Data, PY_CI),
        ],
        team_map: TeamMap::Codeowners(vec![
            ("/.github/workflows/", Owners::Fixed(CI_OWNERS_DATA)),
            ("/models/", Owners::Module(2)),
            ("/docs/", Owners::Module(5)),
        ]),
        ecosystem: Ecosystem::Poetry,
        manifest_dir: "",
        bot: Bot::Dependabot,
        mailmap: true,
    }
}

/// platform-infra: Terraform and Kubernetes; the SRE alias owns `k8s/`.
pub(super) fn platform_infra() -> Repo {
    Repo {
        name: "platform-infra",
        owner: Platform,
        description: "Terraform and Kubernetes configuration for every environment.",
        initializer: "felix",
        modules: vec![
            module(
                "terraform/modules/network/",
                Terraform,
                Platform,
                25,
                "network",
                &["vpc", "subnet", "nat", "route", "firewall"],
                3,
            ),
            module(
                "terraform/modules/cluster/",
                Terraform,
                Platform,
                25,
                "cluster",
                &["cluster", "nodepool", "iam", "autoscaler"],
                3,
            ),
            module(
                "terraform/envs/",
                Terraform,
                Platform,
                15,
                "envs",
                &["prod", "staging", "dev", "sandbox"],
                3,
            ),
            module(
                "k8s/",
                Yaml,
                Platform,
                25,
                "k8s",
                &["ingress", "deployment", "configmap", "alert", "quota"],
                4,
            ),
            docs(
                Platform,
                6,
                &["oncall", "runbook", "postmortem", "capacity"],
            ),
            workflows(Platform, TF_CI),
        ],
        team_map: TeamMap::Codeowners(vec![
            ("/k8s/", Owners::Fixed(&["@acme/sre"])),
            ("/docs/", Owners::Module(4)),
        ]),
        ecosystem: Ecosystem::Terraform,
        manifest_dir: "terraform/",
        bot: Bot::Renovate,
        mailmap: false,
    }
}
