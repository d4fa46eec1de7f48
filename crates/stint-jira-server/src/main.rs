//! `stint-jira-server`: the Jira test server, run by hand.
//!
//! ```text
//! stint-jira-server [--port N] [--fault-rate 0.2] [--seed N] [--latency-ms 30] [--tempo-site]
//! ```
//! Prints the address and the environment that points Stint at it, then serves until killed.
//! `--tempo-site`: the site's issues are those of `stint-tempo-server`, with their ids, their
//! projects' ids and a Tempo Account field (ABC-2's set to INTERNAL), as a site with Tempo.

#![allow(clippy::print_stdout, clippy::print_stderr)]

use std::time::Duration;

use stint_jira_server::tempo::TempoConfig;
use stint_jira_server::{start, tempo_site_issues, Faults, ServerConfig};

fn main() {
    let mut config = ServerConfig::default();
    let mut port = 0u16;
    let mut faults = Faults::default();
    let mut args = std::env::args().skip(1);
    while let Some(flag) = args.next() {
        if flag == "--tempo-site" {
            config.tempo_issues = tempo_site_issues(&TempoConfig::default(), &[("ABC-2", 2)]);
            continue;
        }
        let value = args.next();
        let parsed = match (flag.as_str(), value.as_deref()) {
            ("--port", Some(v)) => v.parse().map(|p| port = p).is_ok(),
            ("--fault-rate", Some(v)) => {
                v.parse::<f64>().ok().filter(|r| (0.0..=1.0).contains(r)).map(|r| faults.rate = r).is_some()
            }
            ("--seed", Some(v)) => v.parse().map(|s| faults.seed = s).is_ok(),
            ("--latency-ms", Some(v)) => v.parse().map(|ms| config.latency = Duration::from_millis(ms)).is_ok(),
            _ => false,
        };
        if !parsed {
            eprintln!(
                "usage: stint-jira-server [--port N] [--fault-rate 0.0-1.0] [--seed N] [--latency-ms N] [--tempo-site]"
            );
            std::process::exit(2);
        }
    }
    config.faults = faults;
    let server = match start(config, port) {
        Ok(server) => server,
        Err(e) => {
            eprintln!("stint-jira-server: could not listen on port {port}: {e}");
            std::process::exit(1);
        }
    };
    println!("Jira test server listening on {}", server.url());
    println!("Point Stint at it with:");
    for (name, value) in server.stint_env() {
        println!("  export {name}={value}");
    }
    loop {
        std::thread::sleep(Duration::from_secs(3600));
    }
}
