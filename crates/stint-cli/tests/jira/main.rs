//! The real `stint` binary against the Jira test server, with tokens in a real Secret Service
//! (gnome-keyring in the private D-Bus session `tests/run.sh` starts): sign-in in every way and its
//! refusals, sync and its failures, exactly once under faults and kills, concurrent refreshes, and
//! a scan for secrets and notes in everything Stint wrote.

#![allow(clippy::print_stderr)]

#[path = "../cli/common.rs"]
#[allow(dead_code)] // shared with the CLI tests, which use all of it
mod common;
mod exactly_once;
mod ownership;
mod read_back;
mod sign_in;
mod support;
mod sync;
mod tempo;
mod tempo_once;
mod tls;
