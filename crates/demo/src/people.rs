//! The organization's people: teams, the roster of forty engineers, and
//! the identities written into commits (people, bots and Dana's old
//! address).

use crate::MOVER;
use crate::calendar::MOVE_DAY;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Team {
    Payments,
    Checkout,
    Identity,
    Search,
    Data,
    Platform,
}

pub(crate) const TEAMS: [Team; 6] = [
    Team::Payments,
    Team::Checkout,
    Team::Identity,
    Team::Search,
    Team::Data,
    Team::Platform,
];

impl Team {
    pub(crate) fn name(self) -> &'static str {
        match self {
            Team::Payments => "payments",
            Team::Checkout => "checkout",
            Team::Identity => "identity",
            Team::Search => "search",
            Team::Data => "data",
            Team::Platform => "platform",
        }
    }

    /// CODEOWNERS owners that stand for the team; platform also runs the SRE alias.
    pub(crate) fn codeowners(self) -> &'static [&'static str] {
        match self {
            Team::Payments => &["@acme/payments"],
            Team::Checkout => &["@acme/checkout"],
            Team::Identity => &["@acme/identity"],
            Team::Search => &["@acme/search"],
            Team::Data => &["@acme/data"],
            Team::Platform => &["@acme/platform", "@acme/sre"],
        }
    }
}

#[derive(Debug, Clone, Copy)]
pub(crate) struct Person {
    pub(crate) handle: &'static str,
    pub(crate) name: &'static str,
    pub(crate) email: &'static str,
    pub(crate) team: Team,
    /// Fixed UTC offset in minutes.
    pub(crate) tz: i32,
}

/// Builds a roster entry; the email is `<handle>@acme.example`, which is how
/// the tool infers a handle.
macro_rules! person {
    ($handle:literal, $name:literal, $team:expr, $tz:expr) => {
        Person {
            handle: $handle,
            name: $name,
            email: concat!($handle, "@acme.example"),
            team: $team,
            tz: $tz,
        }
    };
}

pub(crate) const ROSTER: &[Person] = &[
    person!("marcus", "Marcus Webb", Team::Payments, 0),
    person!("ana", "Ana Souza", Team::Payments, -180),
    person!("kenji", "Kenji Watanabe", Team::Payments, 540),
    person!("fatima", "Fatima Al-Sayed", Team::Payments, 60),
    person!("oliver.brandt", "Oliver Brandt", Team::Payments, 60),
    person!("ines", "Inês Carvalho", Team::Payments, 0),
    person!("tomasz", "Tomasz Nowak", Team::Payments, 60),
    person!("sofia", "Sofia Rossi", Team::Checkout, 60),
    person!("james.okoro", "James Okoro", Team::Checkout, 0),
    person!("mei", "Mei Chen", Team::Checkout, -480),
    person!("lucas", "Lucas Martin", Team::Checkout, 60),
    person!("amara", "Amara Nwosu", Team::Checkout, 60),
    person!("erik", "Erik Lindqvist", Team::Checkout, 60),
    person!("nadia", "Nadia Haddad", Team::Checkout, 120),
    person!("yusuf", "Yusuf Demir", Team::Identity, 180),
    person!("hannah", "Hannah Becker", Team::Identity, 60),
    person!("raj", "Raj Malhotra", Team::Identity, 330),
    person!("chloe", "Chloé Dubois", Team::Identity, 60),
    person!("diego", "Diego Fernández", Team::Identity, -300),
    person!("aiko", "Aiko Tanaka", Team::Identity, 540),
    person!("tariq", "Tariq Aziz", Team::Identity, 300),
    person!("leo", "Leo Marchetti", Team::Search, 60),
    person!("soren", "Søren Dahl", Team::Search, 60),
    person!("wei", "Wei Zhang", Team::Search, 480),
    person!("maya", "Maya Cohen", Team::Search, 120),
    person!("pablo", "Pablo Ortega", Team::Search, -300),
    person!("grace", "Grace Mensah", Team::Search, 0),
    person!("nikolai", "Nikolai Petrov", Team::Search, 120),
    person!("dana", "Dana Okafor", Team::Data, -300),
    person!("omar", "Omar Farouk", Team::Data, 120),
    person!("lena", "Lena Vogel", Team::Data, 60),
    person!("arjun", "Arjun Iyer", Team::Data, 330),
    person!("zoe", "Zoë Clarke", Team::Data, 0),
    person!("kwame", "Kwame Asante", Team::Data, 0),
    person!("priya", "Priya Raman", Team::Platform, 0),
    person!("felix", "Felix Wagner", Team::Platform, 60),
    person!("ingrid", "Ingrid Halvorsen", Team::Platform, 60),
    person!("samuel", "Samuel Adeyemi", Team::Platform, 60),
    person!("noor", "Noor Khan", Team::Platform, 300),
    person!("daniel.kim", "Daniel Kim", Team::Platform, -480),
];

pub(crate) fn person_index(handle: &str) -> usize {
    ROSTER
        .iter()
        .position(|p| p.handle == handle)
        .expect("planted handles are in the static roster")
}

/// The team someone belongs to at a moment; only Leo ever changes team.
pub(crate) fn team_at(person: usize, time: i64) -> Team {
    let p = &ROSTER[person];
    if p.handle == MOVER && time >= MOVE_DAY {
        Team::Data
    } else {
        p.team
    }
}

/// An author or committer identity as written into a commit.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Ident {
    pub(crate) name: &'static str,
    pub(crate) email: &'static str,
    pub(crate) tz: i32,
}

pub(crate) const GITHUB: Ident = Ident {
    name: "GitHub",
    email: "noreply@github.com",
    tz: 0,
};
pub(crate) const DEPENDABOT: Ident = Ident {
    name: "dependabot[bot]",
    email: "49699333+dependabot[bot]@users.noreply.github.com",
    tz: 0,
};
pub(crate) const RENOVATE: Ident = Ident {
    name: "renovate[bot]",
    email: "bot@renovateapp.com",
    tz: 0,
};
pub(crate) const DANA_OLD: Ident = Ident {
    name: "Dana O.",
    email: "dana.okafor@oldmail.example",
    tz: -300,
};

pub(crate) fn person_ident(person: usize) -> Ident {
    let p = &ROSTER[person];
    Ident {
        name: p.name,
        email: p.email,
        tz: p.tz,
    }
}

pub(crate) fn trailer_value(person: usize) -> String {
    let ident = person_ident(person);
    format!("{} <{}>", ident.name, ident.email)
}

/// The people a commit's `Reviewed-by` trailers name, in order.
pub(crate) fn trailer_reviewers(trailers: &[(&'static str, String)]) -> Vec<usize> {
    let mut found = Vec::new();
    for (key, value) in trailers {
        if *key != "Reviewed-by" {
            continue;
        }
        let person = ROSTER.iter().position(|p| {
            value
                .strip_suffix('>')
                .and_then(|v| v.rsplit_once('<'))
                .is_some_and(|(_, email)| email == p.email)
        });
        if let Some(person) = person
            && !found.contains(&person)
        {
            found.push(person);
        }
    }
    found
}
