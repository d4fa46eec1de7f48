//! `stint-tempo-server`: the Tempo stand-in, run by hand.
//!
//! ```text
//! stint-tempo-server [--port N] [--fault-rate 0.2] [--seed N] [--latency-ms 30] [--no-rate-limit]
//! ```
//! Prints the address and the tokens it accepts, then serves until killed.

#![allow(clippy::print_stdout, clippy::print_stderr)]

use std::time::Duration;

use stint_jira_server::tempo::{start_tempo, TempoConfig};

fn main() {
    let mut config = TempoConfig::default();
    let mut port = 0u16;
    let mut args = std::env::args().skip(1);
    while let Some(flag) = args.next() {
        let parsed = match flag.as_str() {
            "--no-rate-limit" => {
                config.requests_per_second = None;
                true
            }
            "--port" => args.next().and_then(|v| v.parse().ok()).map(|p| port = p).is_some(),
            "--fault-rate" => args
                .next()
                .and_then(|v| v.parse::<f64>().ok())
                .filter(|r| (0.0..=1.0).contains(r))
                .map(|r| config.faults.rate = r)
                .is_some(),
            "--seed" => args.next().and_then(|v| v.parse().ok()).map(|s| config.faults.seed = s).is_some(),
            "--latency-ms" => {
                args.next().and_then(|v| v.parse().ok()).map(|ms| config.latency = Duration::from_millis(ms)).is_some()
            }
            _ => false,
        };
        if !parsed {
            eprintln!(
                "usage: stint-tempo-server [--port N] [--fault-rate 0.0-1.0] [--seed N] [--latency-ms N] [--no-rate-limit]"
            );
            std::process::exit(2);
        }
    }
    let tokens: Vec<String> =
        config.tokens.iter().map(|t| format!("{} ({})", t.token, if t.manage { "manage" } else { "view" })).collect();
    let account = config.account_id.clone();
    let oauth = config.oauth_app.clone();
    let server = match start_tempo(config, port) {
        Ok(server) => server,
        Err(e) => {
            eprintln!("stint-tempo-server: could not listen on port {port}: {e}");
            std::process::exit(1);
        }
    };
    println!("Tempo stand-in listening on {}", server.url());
    println!("Personal API tokens: {}", tokens.join(", "));
    println!("The person: {account}");
    if let Some(app) = oauth {
        println!("OAuth app: client id {}, client secret {}", app.client_id, app.client_secret);
    }
    loop {
        std::thread::sleep(Duration::from_secs(3600));
    }
}
