//! Planning: who changes what, when, and who reviews it. The whole history
//! is decided here, from one random stream, before anything is written;
//! the writers then only render the planned events.

use crate::calendar::{
    AUTH_MOVE, DAY, FIRST_WORK_DAY, LAST_WORK_DAY, date, local_moment, weekday, work_time,
};
use crate::documents::{CITATIONS, DOCUMENTS, planted_time};
use crate::events::{Author, Event, Intent, Size, Style, Work};
use crate::org::Org;
use crate::patterns::PLANTED_CHANGES;
use crate::people::{ROSTER, TEAMS, Team, person_index, team_at, trailer_value};
use crate::repos::{Bot, Kind, Lang};
use crate::rng::Rng;
use crate::{SENIOR, STAFF, TWO_EMAILS};

/// Per-person habits fixed at planning time.
#[derive(Debug, Clone, Copy)]
struct Habits {
    commits: u64,
    review_rate: f64,
    style: Style,
    signs_off: bool,
}

/// The state of planning: one random stream for the whole organization,
/// and the events planned so far, per repository.
struct Planner<'a> {
    org: &'a Org,
    rng: Rng,
    repos: Vec<Vec<Event>>,
    seq: u32,
    marcus_reviews: u32,
    habits: Vec<Habits>,
}

/// Plans the history of every repository: its events in the order they
/// happen.
pub(crate) fn plan(org: &Org, seed: u64) -> Vec<Vec<Event>> {
    let mut rng = Rng::derived(seed, 1);
    let habits = habits(&mut rng);
    let mut planner = Planner {
        org,
        rng,
        repos: vec![Vec::new(); org.repos.len()],
        seq: 0,
        marcus_reviews: 0,
        habits,
    };
    planner.initial_imports();
    for person in 0..ROSTER.len() {
        planner.person_work(person);
    }
    planner.planted_events();
    planner.planted_documents();
    planner.bot_work();
    planner.planted_patterns();
    let mut repos = planner.repos;
    for events in &mut repos {
        events.sort_by_key(|e| (e.time, e.seq));
    }
    repos
}

/// Everyone's habits, drawn in roster order: how much they commit and
/// review, how they write subjects and whether they sign off.
fn habits(rng: &mut Rng) -> Vec<Habits> {
    ROSTER
        .iter()
        .map(|p| {
            let commits = match p.handle {
                SENIOR => 430 + rng.below(40),
                STAFF => 54 + rng.below(10),
                _ => 32 + rng.below(69),
            };
            let style = match rng.below(3) {
                0 => Style::Conventional,
                1 => Style::Scoped,
                _ => Style::Plain,
            };
            Habits {
                commits,
                review_rate: 0.40 + rng.below(21) as f64 / 100.0,
                style,
                signs_off: p.team == Team::Platform || rng.chance(0.15),
            }
        })
        .collect()
}

impl Planner<'_> {
    fn push(&mut self, repo: usize, mut event: Event) {
        event.seq = self.seq;
        self.seq += 1;
        self.repos[repo].push(event);
    }

    fn event(&self, time: i64, author: Author, work: Work) -> Event {
        let style = match author {
            Author::Person(p) => self.habits[p].style,
            Author::Bot(_) => Style::Conventional,
        };
        Event {
            time,
            seq: 0,
            author,
            alias: false,
            work,
            intent: Intent::Chore,
            style,
            trailers: Vec::new(),
            branch_commits: 0,
            merger: None,
        }
    }

    fn members(&self, team: Team, time: i64) -> Vec<usize> {
        (0..ROSTER.len())
            .filter(|&p| team_at(p, time) == team)
            .collect()
    }

    /// Someone from `team` other than the excluded handles, if there is anyone.
    fn someone(&mut self, team: Team, time: i64, exclude: &[usize]) -> Option<usize> {
        let pool: Vec<usize> = self
            .members(team, time)
            .into_iter()
            .filter(|p| !exclude.contains(p))
            .collect();
        if pool.is_empty() {
            None
        } else {
            Some(self.rng.pick(&pool))
        }
    }

    /// Modules a team owns at a moment, with their weights.
    fn team_modules(&self, team: Team, time: i64) -> Vec<(usize, usize, u32)> {
        let mut found = Vec::new();
        for (r, repo) in self.org.repos.iter().enumerate() {
            for (m, module) in repo.modules.iter().enumerate() {
                if module.weight > 0 && module.owner_at(time) == team {
                    found.push((r, m, module.weight));
                }
            }
        }
        found
    }

    /// A module of `team`, weighted; without `docs`, Markdown modules are left out.
    fn pick_module(&mut self, team: Team, time: i64, docs: bool) -> (usize, usize) {
        let mut candidates = self.team_modules(team, time);
        if !docs {
            candidates.retain(|&(r, m, _)| self.org.repos[r].modules[m].lang != Lang::Markdown);
        }
        let weights: Vec<u32> = candidates.iter().map(|c| c.2).collect();
        let chosen = candidates[self.rng.weighted(&weights)];
        (chosen.0, chosen.1)
    }

    fn initial_imports(&mut self) {
        for r in 0..self.org.repos.len() {
            let who = person_index(self.org.repos[r].initializer);
            let time = local_moment(date(2024, 12, 2), 9, 30 + r as i64 * 4, ROSTER[who].tz);
            let event = self.event(time, Author::Person(who), Work::Initial);
            self.push(r, event);
        }
    }

    /// The ordinary changes of one person, as many as their habits say.
    fn person_work(&mut self, person: usize) {
        let marcus = person_index(SENIOR);
        let habits = self.habits[person];
        for _ in 0..habits.commits {
            let time = work_time(&mut self.rng, ROSTER[person].tz);
            let area_team = self.area_team(person, team_at(person, time));
            // Marcus writes code, never documents.
            let (repo, module) = self.pick_module(area_team, time, person != marcus);
            let owner = self.org.repos[repo].modules[module].owner_at(time);
            let kind = self.org.repos[repo].modules[module].kind;
            let lang = self.org.repos[repo].modules[module].lang;
            let intent = self.change_intent(lang, kind);
            let size = if person == marcus {
                Size::Large
            } else if self.rng.chance(0.4) {
                Size::Small
            } else {
                Size::Normal
            };
            let pr_rate = if person == marcus { 0.10 } else { 0.13 };
            let branch_commits = if self.rng.chance(pr_rate) {
                1 + self.rng.below(3) as u8
            } else {
                0
            };
            let mut event = self.event(time, Author::Person(person), Work::Change { module, size });
            event.intent = intent;
            event.branch_commits = branch_commits;
            event.alias = self.uses_old_address(person, repo, time);
            event.trailers = self.trailers(person, owner, time, intent, branch_commits);
            self.push(repo, event);
        }
    }

    /// The team whose code a change by `person` touches. Priya works across
    /// the organization; everyone else mostly at home.
    fn area_team(&mut self, person: usize, home: Team) -> Team {
        let marcus = person_index(SENIOR);
        let priya = person_index(STAFF);
        if person == priya {
            if self.rng.chance(0.35) {
                home
            } else {
                self.rng
                    .pick(&[Team::Payments, Team::Checkout, Team::Identity, Team::Search])
            }
        } else if person != marcus && self.rng.chance(0.04) {
            let others: Vec<Team> = TEAMS.iter().copied().filter(|&t| t != home).collect();
            self.rng.pick(&others)
        } else {
            home
        }
    }

    /// Why a change in a module of `lang` and `kind` is made: documents,
    /// tests and workflows have one purpose, code any of several.
    fn change_intent(&mut self, lang: Lang, kind: Kind) -> Intent {
        if lang == Lang::Markdown {
            Intent::Docs
        } else if kind == Kind::Tests {
            Intent::Test
        } else if kind == Kind::Workflows {
            Intent::Chore
        } else {
            match self.rng.weighted(&[32, 30, 12, 8, 0, 8, 5]) {
                0 => Intent::Fix,
                1 => Intent::Feature,
                2 => Intent::Refactor,
                3 => Intent::Test,
                5 => Intent::Chore,
                _ => Intent::Perf,
            }
        }
    }

    /// Whether Dana commits with her old address. It only shows up where a
    /// .mailmap can resolve it, and less often as time goes on.
    fn uses_old_address(&mut self, person: usize, repo: usize, time: i64) -> bool {
        ROSTER[person].handle == TWO_EMAILS
            && self.org.repos[repo].mailmap
            && time < date(2025, 12, 1)
            && self
                .rng
                .chance(if time < date(2025, 6, 1) { 0.45 } else { 0.2 })
    }

    /// Trailers for a change by `person` in an area owned by `owner`.
    fn trailers(
        &mut self,
        person: usize,
        owner: Team,
        time: i64,
        intent: Intent,
        branch_commits: u8,
    ) -> Vec<(&'static str, String)> {
        let marcus = person_index(SENIOR);
        let priya = person_index(STAFF);
        let home = team_at(person, time);
        let mut trailers = Vec::new();
        if let Some(co) = self.co_author(person, owner, home, time) {
            trailers.push(("Co-authored-by", trailer_value(co)));
        }
        if intent == Intent::Fix && self.rng.chance(0.2) {
            let reporter = self.rng.index(ROSTER.len());
            if reporter != person {
                trailers.push(("Reported-by", trailer_value(reporter)));
            }
        }
        if self.rng.chance(0.03) {
            let suggester = self.rng.index(ROSTER.len());
            if suggester != person && suggester != marcus {
                trailers.push(("Suggested-by", trailer_value(suggester)));
            }
        }
        for reviewer in self.reviewers(person, owner, home, time, branch_commits) {
            trailers.push(("Reviewed-by", trailer_value(reviewer)));
        }
        if person != marcus
            && self.rng.chance(0.04)
            && let Some(acker) = self.someone(owner, time, &[person, marcus, priya])
        {
            trailers.push(("Acked-by", trailer_value(acker)));
        }
        if person != marcus
            && self.rng.chance(0.05)
            && let Some(tester) = self.someone(home, time, &[person, marcus, priya])
        {
            trailers.push(("Tested-by", trailer_value(tester)));
        }
        if self.habits[person].signs_off {
            trailers.push(("Signed-off-by", trailer_value(person)));
        }
        trailers
    }

    /// Who pairs on a change, if anyone. Priya pairs with the owning team
    /// when she works in their code; others occasionally pair with a
    /// teammate. Marcus never pairs, and nobody pairs with him, which keeps
    /// his profile narrow.
    fn co_author(&mut self, person: usize, owner: Team, home: Team, time: i64) -> Option<usize> {
        let marcus = person_index(SENIOR);
        let priya = person_index(STAFF);
        if person == priya {
            if owner != Team::Platform && self.rng.chance(0.5) {
                self.someone(owner, time, &[person, marcus, priya])
            } else {
                None
            }
        } else if person != marcus && self.rng.chance(0.04) {
            self.someone(home, time, &[person, marcus, priya])
        } else {
            None
        }
    }

    /// Who the `Reviewed-by` trailers of a change name.
    fn reviewers(
        &mut self,
        person: usize,
        owner: Team,
        home: Team,
        time: i64,
        branch_commits: u8,
    ) -> Vec<usize> {
        let marcus = person_index(SENIOR);
        let priya = person_index(STAFF);
        let mut reviewers: Vec<usize> = Vec::new();
        if person == marcus {
            if self.rng.chance(0.35) {
                reviewers.extend(self.someone(owner, time, &[person, priya]));
            }
        } else if person == priya {
            if self.rng.chance(0.6) {
                reviewers.extend(self.someone(owner, time, &[person, marcus]));
            }
        } else if self.rng.chance(self.habits[person].review_rate) {
            // Marcus reviews a handful of direct commits and nothing else.
            if owner == Team::Payments
                && branch_commits == 0
                && self.marcus_reviews < 3
                && self.rng.chance(0.02)
            {
                self.marcus_reviews += 1;
                reviewers.push(marcus);
            } else {
                let mut exclude = vec![person, marcus];
                if owner != Team::Platform {
                    exclude.push(priya);
                }
                reviewers.extend(self.someone(owner, time, &exclude));
            }
        }
        // Priya is the organization's reviewer of choice outside platform.
        if person != marcus
            && person != priya
            && home != Team::Platform
            && !reviewers.contains(&priya)
            && self.rng.chance(0.13)
        {
            reviewers.push(priya);
        }
        reviewers
    }

    fn planted_events(&mut self) {
        let checkout = self.org.repo_index("checkout-web");
        let data = self.org.repo_index("data-pipeline");
        let shared = self.org.repo_index("shared-libs");
        let mobile = self.org.repo_index("mobile-app");

        let felix = person_index("felix");
        let mut moved = self.event(AUTH_MOVE, Author::Person(felix), Work::CodeownersMove);
        moved.trailers = vec![
            ("Reviewed-by", trailer_value(person_index("yusuf"))),
            ("Reviewed-by", trailer_value(person_index(STAFF))),
            ("Acked-by", trailer_value(person_index("hannah"))),
            ("Signed-off-by", trailer_value(felix)),
        ];
        self.push(shared, moved);

        let lucas = person_index("lucas");
        let reformat_day = date(2025, 10, 14);
        let mut reformat = self.event(
            local_moment(reformat_day, 17, 40, ROSTER[lucas].tz),
            Author::Person(lucas),
            Work::Prettier,
        );
        reformat.trailers = vec![("Acked-by", trailer_value(person_index("sofia")))];
        self.push(checkout, reformat);
        let mut ignore = self.event(
            local_moment(reformat_day + DAY, 10, 5, ROSTER[lucas].tz),
            Author::Person(lucas),
            Work::BlameIgnore,
        );
        ignore.trailers = vec![("Reviewed-by", trailer_value(person_index("erik")))];
        self.push(checkout, ignore);

        let arjun = person_index("arjun");
        let mut vendor = self.event(
            local_moment(date(2025, 5, 20), 14, 10, ROSTER[arjun].tz),
            Author::Person(arjun),
            Work::Vendor,
        );
        vendor.trailers = vec![("Reviewed-by", trailer_value(person_index("lena")))];
        self.push(data, vendor);

        let mei = person_index("mei");
        let logo = self.event(
            local_moment(date(2025, 3, 11), 11, 20, ROSTER[mei].tz),
            Author::Person(mei),
            Work::Binary("public/brand/logo.png"),
        );
        self.push(checkout, logo);
        let amara = person_index("amara");
        let splash = self.event(
            local_moment(date(2025, 6, 3), 15, 45, ROSTER[amara].tz),
            Author::Person(amara),
            Work::Binary("app/core/src/main/res/drawable/splash.png"),
        );
        self.push(mobile, splash);
    }

    /// The design documents of [`DOCUMENTS`] and the commits of [`CITATIONS`]
    /// that cite them, at their fixed dates.
    fn planted_documents(&mut self) {
        for planted in DOCUMENTS {
            let repo = self.org.repo_index(planted.repo);
            let author = person_index(planted.author);
            let time = planted.time(ROSTER[author].tz);
            let mut event = self.event(time, Author::Person(author), Work::Document(planted.doc));
            event.intent = Intent::Docs;
            event.trailers = planted
                .trailers
                .iter()
                .map(|&(key, handle)| (key, trailer_value(person_index(handle))))
                .collect();
            if self.habits[author].signs_off {
                event
                    .trailers
                    .push(("Signed-off-by", trailer_value(author)));
            }
            self.push(repo, event);
        }
        for cite in CITATIONS {
            let repo = self.org.repo_index(cite.repo);
            let module = self.org.repos[repo]
                .modules
                .iter()
                .position(|m| m.dir == cite.dir)
                .expect("cited modules are in the static table");
            let author = person_index(cite.author);
            let time = cite.time(ROSTER[author].tz);
            let owner = self.org.repos[repo].modules[module].owner_at(time);
            let work = Work::Cite {
                module,
                size: Size::Normal,
                subject: cite.subject,
                body: cite.body,
            };
            let mut event = self.event(time, Author::Person(author), work);
            event.intent = cite.intent;
            event.trailers = self.trailers(author, owner, time, cite.intent, 0);
            self.push(repo, event);
        }
    }

    /// The recurring problems of [`PLANTED_CHANGES`], planned last so that no
    /// other event's randomness moves.
    fn planted_patterns(&mut self) {
        for (index, change) in PLANTED_CHANGES.iter().enumerate() {
            let repo = self.org.repo_index(change.repo);
            let author = person_index(change.author);
            let time = planted_time(change.day, change.at, ROSTER[author].tz);
            let mut event = self.event(time, Author::Person(author), Work::Planted(index));
            event.intent = Intent::Fix;
            event.trailers = vec![("Reviewed-by", trailer_value(person_index(change.reviewer)))];
            self.push(repo, event);
        }
    }

    fn bot_work(&mut self) {
        let marcus = person_index(SENIOR);
        let priya = person_index(STAFF);
        for r in 0..self.org.repos.len() {
            let repo = &self.org.repos[r];
            let (bot, owner) = (repo.bot, repo.owner);
            let human = self.repos[r].len() as u64;
            let count = match bot {
                Bot::Dependabot => (human * 6 / 100).max(6),
                Bot::Renovate => (human * 5 / 100).max(6),
            };
            for _ in 0..count {
                // Bots open their pull requests early in the morning (UTC).
                let day = self.rng.between(FIRST_WORK_DAY, LAST_WORK_DAY);
                let day = match weekday(day) {
                    6 => day + 2,
                    0 => day + 1,
                    _ => day,
                };
                let time = day * DAY + self.rng.between(4 * 3600, 7 * 3600);
                let mut event = self.event(time, Author::Bot(bot), Work::Bump);
                if self.rng.chance(0.7) {
                    event.branch_commits = 1;
                    event.merger = self.someone(owner, time, &[marcus, priya]);
                }
                self.push(r, event);
            }
        }
    }
}
