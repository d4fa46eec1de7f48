//! `stint`: the command line. Wiring only: parse the arguments, call the application API, print
//! what it returns. Exit codes: 0 done, 1 could not be done, 2 bad usage or bad input.

mod cli;
mod prompt;
mod render;

use std::io::{IsTerminal, Read, Write};
use std::process::ExitCode;

use clap::{CommandFactory, Parser};
use stint_app::{
    config_report, init_logging, purge, purge_plan, AddRequest, AppError, EditRequest, ExportFormat, GapChoice, Paths,
    Private, Settings, StartRequest, Stint, StopRequest,
};

use cli::{Cli, Command, FormatArg, GapArg, NoteArg};
use render::Output;

/// Why a command failed.
enum Failure {
    App(AppError),
    /// Bad usage the CLI itself found (exit 2).
    Usage(String),
    /// Could not be done for a reason outside the API (exit 1).
    Other(String),
    /// Whoever read our output went away (`stint list | head`): not an error.
    Closed,
}

impl From<AppError> for Failure {
    fn from(e: AppError) -> Self {
        Failure::App(e)
    }
}

impl From<std::io::Error> for Failure {
    fn from(e: std::io::Error) -> Self {
        if e.kind() == std::io::ErrorKind::BrokenPipe {
            Failure::Closed
        } else {
            Failure::Other(format!("could not read or write the terminal: {e}"))
        }
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let json = cli.json;
    let mut out = Output::new(json);
    match run(cli.command, &mut out) {
        Ok(()) => ExitCode::SUCCESS,
        Err(failure) => report(failure, json),
    }
}

/// Tells the user why the command failed (as JSON with `--json`), logs only the error's code, and
/// gives the exit code.
fn report(failure: Failure, json: bool) -> ExitCode {
    let (code, message, log_code) = match failure {
        Failure::App(e) => (e.exit_code(), e.to_string(), e.code()),
        Failure::Usage(m) => (2, m, "usage"),
        Failure::Other(m) => (1, m, "other"),
        Failure::Closed => return ExitCode::SUCCESS,
    };
    tracing::warn!(code = log_code, exit = code, "command failed");
    let shown = if json {
        serde_json::json!({ "error": { "code": log_code, "message": message } }).to_string()
    } else {
        format!("stint: {message}")
    };
    let _ = writeln!(std::io::stderr(), "{shown}");
    ExitCode::from(code as u8)
}

fn env(name: &str) -> Option<String> {
    std::env::var(name).ok()
}

fn run(command: Command, out: &mut Output) -> Result<(), Failure> {
    if let Command::Completions { shell } = command {
        clap_complete::generate(shell, &mut Cli::command(), "stint", &mut std::io::stdout());
        return Ok(());
    }
    let paths = Paths::from_env()?;
    if !matches!(command, Command::Config { .. }) {
        init_logging(&paths, env("STINT_LOG").as_deref());
    }
    tracing::info!(command = command_name(&command), "run");
    match command {
        Command::Config { example: true, .. } => Ok(out.text(&Settings::example_file())?),
        Command::Config { path: true, .. } => Ok(out.line(&paths.config_file.display().to_string())?),
        Command::Config { .. } => Ok(out.config(&config_report(&paths, env)?)?),
        Command::Purge { yes } => {
            let plan = purge_plan(&paths);
            if plan.paths.is_empty() {
                return Ok(out.line("Stint keeps no local data here: nothing to delete.")?);
            }
            if !yes && !prompt::confirm_purge(&plan)? {
                return Err(Failure::Usage(
                    "nothing was deleted: confirm with `y` at the question, or run `stint purge --yes`".into(),
                ));
            }
            Ok(out.purged(&purge(&paths)?)?)
        }
        command => {
            let mut app = Stint::open(&paths, env)?;
            run_with_app(command, &mut app, out)
        }
    }
}

fn run_with_app(command: Command, app: &mut Stint, out: &mut Output) -> Result<(), Failure> {
    match command {
        Command::Start { issue, note, at, local, gap } => {
            let note = read_note(note)?;
            let started = with_gap_choice(gap, |gap| {
                app.start(StartRequest {
                    issue: issue.clone(),
                    note: note.clone(),
                    at: at.clone(),
                    local_only: local,
                    gap,
                })
            })?;
            out.started(&started)?;
        }
        Command::Stop { at, note, gap } => {
            let note = read_note(note)?;
            let stopped =
                with_gap_choice(gap, |gap| app.stop(StopRequest { at: at.clone(), note: note.clone(), gap }))?;
            out.stopped(&stopped)?;
        }
        Command::Status => out.status(&app.status()?)?,
        Command::Add { issue, duration, at, note, local } => {
            let note = read_note(note)?;
            out.added(&app.add(AddRequest { issue, duration, at, note, local_only: local })?)?;
        }
        Command::List { from, to } => out.list(&app.list(from.as_deref(), to.as_deref())?)?,
        Command::Edit { id, issue, duration, at, note, local, sync } => {
            let note = read_note(note)?;
            let local_only = match (local, sync) {
                (true, _) => Some(true),
                (_, true) => Some(false),
                _ => None,
            };
            out.edited(&app.edit(&id, EditRequest { issue, duration, at, note, local_only })?)?;
        }
        Command::Rm { id } => out.removed(&app.remove(&id)?)?,
        Command::Week { week } => out.week(&app.week(week.as_deref())?)?,
        Command::Export { format, from, to, out: file } => {
            let format = match format {
                FormatArg::Json => ExportFormat::Json,
                FormatArg::Csv => ExportFormat::Csv,
            };
            match file {
                Some(file) => {
                    let count = app.export_to(format, from.as_deref(), to.as_deref(), &file)?;
                    out.exported(count, &file)?;
                }
                None => out.text(&app.export(format, from.as_deref(), to.as_deref())?.0)?,
            }
        }
        Command::Heartbeat => out.heartbeat(&app.heartbeat()?)?,
        Command::Config { .. } | Command::Purge { .. } | Command::Completions { .. } => {}
    }
    Ok(())
}

/// Runs `op` with the user's gap choice; with none given, asks at a terminal when the timer has a
/// silence (anywhere else the API's error explains the `--gap` options).
fn with_gap_choice<T>(gap: Option<GapArg>, mut op: impl FnMut(GapChoice) -> Result<T, AppError>) -> Result<T, Failure> {
    let choice = match gap {
        Some(GapArg::End) => GapChoice::EndAtGap,
        Some(GapArg::Keep) => GapChoice::Keep,
        None => GapChoice::Ask,
    };
    match op(choice) {
        Err(AppError::GapNeedsDecision { gap }) if choice == GapChoice::Ask && prompt::interactive() => {
            Ok(op(prompt::ask_about_gap(&gap.into())?)?)
        }
        result => Ok(result?),
    }
}

/// The note as given, or read from standard input for `--note -`.
fn read_note(note: NoteArg) -> Result<Option<Private<String>>, Failure> {
    match note.note {
        Some(dash) if dash == "-" => {
            if std::io::stdin().is_terminal() {
                return Err(Failure::Usage("--note - reads the note from standard input: pipe it in".into()));
            }
            let mut text = String::new();
            std::io::stdin()
                .read_to_string(&mut text)
                .map_err(|e| Failure::Other(format!("could not read the note: {e}")))?;
            Ok(Some(Private::new(text)))
        }
        other => Ok(other.map(Private::new)),
    }
}

fn command_name(command: &Command) -> &'static str {
    match command {
        Command::Start { .. } => "start",
        Command::Stop { .. } => "stop",
        Command::Status => "status",
        Command::Add { .. } => "add",
        Command::List { .. } => "list",
        Command::Edit { .. } => "edit",
        Command::Rm { .. } => "rm",
        Command::Week { .. } => "week",
        Command::Export { .. } => "export",
        Command::Purge { .. } => "purge",
        Command::Heartbeat => "heartbeat",
        Command::Config { .. } => "config",
        Command::Completions { .. } => "completions",
    }
}
