//! The analysis: from collected events to an assessment, as pure functions
//! over plain values. Nothing here reads a file, runs git, speaks SQL or
//! HTTP; the `pipeline` crate hands it everything as strings and structs.
//!
//! [`resolve`] decides who is who and which team owns what, [`measure`]
//! computes every metric with its evidence, [`patterns`] finds classes of
//! problems recurring across teams, and [`assess`] applies a rubric (data,
//! not code) to the measures.

pub mod assess;
pub mod measure;
pub mod patterns;
pub mod resolve;

#[cfg(any(test, feature = "testing"))]
pub mod testing;

#[cfg(test)]
mod tests;
