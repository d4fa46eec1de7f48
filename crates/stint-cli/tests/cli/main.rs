//! The real `stint` binary against a temporary STINT_HOME: the contract other parts rely on.

// The crash tests print their random seed so a failure can be replayed.
#![allow(clippy::print_stderr)]

mod arbitrary;
mod common;
mod concurrency;
mod contract;
mod crash;
mod hardening;
mod import;
mod privacy;
mod reshape;
mod terminal;
mod time_zones;
