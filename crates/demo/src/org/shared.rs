//! The repositories that several teams own parts of: checkout's mobile app
//! with identity's login screens, and the shared libraries.

use super::{GRADLE_CI, MIXED_CI, docs, workflows};
use crate::calendar::AUTH_MOVE;
use crate::people::Team::{Checkout, Identity, Payments, Platform, Search};
use crate::repos::Lang::{Go, Kotlin, Rust, Ts, Tsx};
use crate::repos::{Bot, Ecosystem, KubeOwners, Owners, OwnersFile, Repo, TeamMap, module};

/// mobile-app: checkout owns the app and `app/checkout/`, identity owns
/// `app/login/` on its own.
const MOBILE_OWNERS: KubeOwners = KubeOwners {
    aliases: &[
        ("checkout-approvers", &["erik", "mei"]),
        ("identity-approvers", &["yusuf", "raj"]),
        ("mobile-reviewers", &["lucas", "nadia", "tariq", "chloe"]),
    ],
    files: &[
        OwnersFile {
            dir: "",
            no_parent_owners: false,
            approvers: &["checkout-approvers"],
            reviewers: &["mobile-reviewers"],
            labels: &["team/checkout"],
        },
        OwnersFile {
            dir: "app/checkout/",
            no_parent_owners: false,
            approvers: &["checkout-approvers"],
            reviewers: &["mobile-reviewers"],
            labels: &["team/checkout"],
        },
        OwnersFile {
            dir: "app/login/",
            no_parent_owners: true,
            approvers: &["identity-approvers"],
            reviewers: &[],
            labels: &["team/identity"],
        },
    ],
};

/// mobile-app: the Android app, the one repository with OWNERS files;
/// identity owns the login screens inside checkout's app.
pub(super) fn mobile_app() -> Repo {
    Repo {
        name: "mobile-app",
        owner: Checkout,
        description: "The Android shopping app.",
        initializer: "erik",
        modules: vec![
            module(
                "app/checkout/src/main/kotlin/com/acme/checkout/",
                Kotlin,
                Checkout,
                22,
                "checkout",
                &["cart", "basket", "payment", "summary", "delivery"],
                4,
            ),
            module(
                "app/login/src/main/kotlin/com/acme/login/",
                Kotlin,
                Identity,
                30,
                "login",
                &["login", "biometric", "session", "otp"],
                3,
            ),
            module(
                "app/core/src/main/kotlin/com/acme/core/",
                Kotlin,
                Checkout,
                8,
                "core",
                &["network", "analytics", "theme", "storage"],
                3,
            ),
            docs(Checkout, 1, &["release", "architecture"]),
            workflows(Checkout, GRADLE_CI),
        ],
        team_map: TeamMap::Owners(&MOBILE_OWNERS),
        ecosystem: Ecosystem::Gradle,
        manifest_dir: "gradle/",
        bot: Bot::Renovate,
        mailmap: false,
    }
}

/// shared-libs: every team's libraries in one repository, so ownership is
/// recorded per folder; `libs/auth/` moves from identity to platform.
pub(super) fn shared_libs() -> Repo {
    let mut auth = module(
        "libs/auth/",
        Go,
        Identity,
        10,
        "auth",
        &["token", "verifier", "claims", "jwks", "session"],
        3,
    );
    auth.moved = Some((AUTH_MOVE, Platform));
    Repo {
        name: "shared-libs",
        owner: Platform,
        description: "Libraries shared by every service: HTTP, auth, money, UI and the search client.",
        initializer: "ingrid",
        modules: vec![
            module(
                "libs/http/",
                Go,
                Platform,
                12,
                "http",
                &["client", "retry", "middleware", "transport"],
                3,
            ),
            auth,
            module(
                "libs/money/src/",
                Rust,
                Payments,
                8,
                "money",
                &["amount", "currency", "rounding", "exchange"],
                3,
            ),
            module(
                "libs/ui/src/",
                Tsx,
                Checkout,
                6,
                "ui",
                &["button", "input", "dialog", "toast"],
                4,
            ),
            module(
                "libs/search-client/src/",
                Ts,
                Search,
                10,
                "search-client",
                &["client", "query", "facet", "suggest"],
                3,
            ),
            docs(Platform, 2, &["versioning", "contributing"]),
            workflows(Platform, MIXED_CI),
        ],
        team_map: TeamMap::Codeowners(vec![
            ("libs/http/", Owners::Module(0)),
            ("libs/auth/", Owners::Module(1)),
            ("libs/money/", Owners::Module(2)),
            ("libs/ui/", Owners::Module(3)),
            ("libs/search-client/", Owners::Module(4)),
        ]),
        ecosystem: Ecosystem::Npm,
        manifest_dir: "libs/ui/",
        bot: Bot::Dependabot,
        mailmap: true,
    }
}
