//! staffscope: evidence-linked staff engineering assessments.
//!
//! The pipeline reads one way: [`collect`] (git histories -> raw events) ->
//! [`resolve`] (identities, teams, ownership) -> [`store`] (SQLite) ->
//! [`measure`] -> [`assess`] (the rubric engine) -> [`report`]. The domain
//! model, resolution, measures, rubric engine and report views are pure;
//! git, SQL and files live in `collect`, `store`, `config` and `pipeline`;
//! [`serve`] is the local web dashboard over the same views.
//! See ARCHITECTURE.md for the map.

pub mod assess;
pub mod collect;
pub mod config;
pub mod demo;
pub mod measure;
pub mod model;
pub mod parser_checks;
pub mod patterns;
pub mod pipeline;
pub mod report;
pub mod resolve;
pub mod serve;
pub mod store;
