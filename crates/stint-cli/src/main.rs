//! `stint`: the command line. Wiring only: parse the arguments, call the application API, print
//! what it returns. Exit codes: 0 done, 1 could not be done, 2 bad usage or bad input.

mod cli;
mod jira_ui;
mod prompt;
mod remedy;
mod render;
mod terminal;

use std::ffi::OsString;
use std::io::{IsTerminal, Read, Write};
use std::process::ExitCode;

use clap::{CommandFactory, Parser};
use stint_app::{
    config_report, init_logging, parse_id, purge, purge_plan, time_zone_warning, AddRequest, AppError, EditRequest,
    ExportFormat, GapChoice, ImportRequest, ImportSource, Imported, Paths, Private, Settings, SignIn, StartRequest,
    Stint, StopRequest, TempoOAuthSignIn,
};

use cli::{Cli, Command, FormatArg, GapArg, NoteArg, SiteCommand, TempoCommand};
use render::Output;

/// Why a command failed.
enum Failure {
    App(AppError),
    /// Bad usage the CLI itself found (exit 2).
    Usage(String),
    /// The person answered no at a question: nothing was done (exit 1).
    Declined(String),
    /// A sync that could not finish: its summary was printed; this says why (exit 1).
    Unfinished {
        code: &'static str,
        message: String,
        remedy: Option<stint_app::Remedy>,
    },
    /// Could not be done for a reason outside the API (exit 1).
    Other(String),
    /// Whoever read our output went away (`stint list | head`): not an error.
    Closed,
}

impl From<AppError> for Failure {
    fn from(e: AppError) -> Self {
        if e.is_closed_output() {
            Failure::Closed
        } else {
            Failure::App(e)
        }
    }
}

/// Printing the result failed (prompts report their own terminal errors).
impl From<std::io::Error> for Failure {
    fn from(e: std::io::Error) -> Self {
        if e.kind() == std::io::ErrorKind::BrokenPipe {
            Failure::Closed
        } else {
            Failure::Other(format!("could not write to standard output: {e}"))
        }
    }
}

fn main() -> ExitCode {
    let args: Vec<OsString> = std::env::args_os().collect();
    // Known before parsing, so that even a usage error can be reported as JSON.
    let json = args.iter().skip(1).take_while(|a| *a != "--").any(|a| a == "--json");
    let cli = match Cli::try_parse_from(&args) {
        Ok(cli) => cli,
        Err(e) => return usage_error(e, json),
    };
    let mut out = Output::new(json);
    match run(cli.command, &mut out) {
        Ok(()) => ExitCode::SUCCESS,
        Err(failure) => report(failure, json),
    }
}

/// Clap's verdict on the arguments: help and version go to standard output (exit 0); anything
/// else is bad usage (exit 2), as JSON with `--json`.
fn usage_error(e: clap::Error, json: bool) -> ExitCode {
    use clap::error::ErrorKind;
    if matches!(e.kind(), ErrorKind::DisplayHelp | ErrorKind::DisplayVersion) || !json {
        let _ = e.print();
        return ExitCode::from(e.exit_code() as u8);
    }
    let text = e.render().to_string();
    let message = text.trim().trim_start_matches("error: ").to_string();
    report(Failure::Usage(message), true)
}

/// Tells the user why the command failed (as JSON with `--json`), logs only the error's code, and
/// gives the exit code.
fn report(failure: Failure, json: bool) -> ExitCode {
    let (code, message, log_code, remedy) = match failure {
        Failure::App(e) => {
            let remedy = e.remedy();
            (e.exit_code(), remedy::with_message(&e.to_string(), remedy.as_ref()), e.code(), remedy)
        }
        Failure::Usage(m) => (2, m, "usage", None),
        Failure::Declined(m) => (1, m, "declined", None),
        Failure::Unfinished { code, message, remedy } => {
            (1, remedy::with_message(&message, remedy.as_ref()), code, remedy)
        }
        Failure::Other(m) => (1, m, "other", None),
        Failure::Closed => return ExitCode::SUCCESS,
    };
    tracing::warn!(code = log_code, exit = code, "command failed");
    let shown = if json {
        let mut error = serde_json::json!({ "code": log_code, "message": message });
        if let Some(remedy) = remedy {
            error["remedy"] = serde_json::to_value(remedy).unwrap_or_default();
        }
        serde_json::json!({ "error": error }).to_string()
    } else {
        format!("stint: {}", terminal::safe(&message))
    };
    let _ = writeln!(std::io::stderr(), "{shown}");
    ExitCode::from(code as u8)
}

/// Says once, on standard error, that `TZ` names no zone this system has.
fn warn_about_time_zone(json: bool) {
    let tz = std::env::var("TZ").ok();
    if let Some(warning) = time_zone_warning(tz.as_deref()) {
        let shown = if json {
            serde_json::json!({ "warning": { "code": "time_zone", "message": warning } }).to_string()
        } else {
            format!("stint: warning: {}", terminal::safe(&warning))
        };
        let _ = writeln!(std::io::stderr(), "{shown}");
    }
}

fn env(name: &str) -> Option<String> {
    std::env::var(name).ok()
}

fn run(command: Command, out: &mut Output) -> Result<(), Failure> {
    if let Command::Completions { shell } = command {
        // Into memory first: clap_complete panics when its writer fails (a full disk, a closed pipe).
        let mut script = Vec::new();
        clap_complete::generate(shell, &mut Cli::command(), "stint", &mut script);
        return Ok(std::io::stdout().lock().write_all(&script)?);
    }
    warn_about_time_zone(out.json());
    let paths = Paths::from_env()?;
    // `config` only reads; `purge` is about to delete the logs (and would report the one it made).
    if !matches!(command, Command::Config { .. } | Command::Purge { .. }) {
        init_logging(&paths, env("STINT_LOG").as_deref());
    }
    tracing::info!(command = command_name(&command), "run");
    match command {
        Command::Config { set: Some(assignment), .. } => {
            let (key, value) = assignment.split_once('=').ok_or_else(|| {
                Failure::Usage(format!("--set takes KEY=VALUE, like --set daily_target=7h (not `{assignment}`)"))
            })?;
            let mut app = Stint::open(&paths, env)?;
            app.set_setting(key.trim(), value)?;
            Ok(out.config(&config_report(&paths, env)?)?)
        }
        Command::Config { example: true, .. } => Ok(out.example(&Settings::example_file())?),
        Command::Config { path: true, .. } => Ok(out.config_path(&paths.config_file)?),
        Command::Config { .. } => Ok(out.config(&config_report(&paths, env)?)?),
        Command::Purge { yes } => {
            let plan = purge_plan(&paths);
            if plan.paths.is_empty() {
                return Ok(out.nothing_to_purge(&plan)?);
            }
            if !yes {
                if !prompt::interactive() {
                    return Err(Failure::Usage(
                        "purge asks before deleting, and there is no terminal to ask at: run `stint purge --yes`"
                            .into(),
                    ));
                }
                if !prompt::confirm_purge(&plan)? {
                    return Err(Failure::Declined("nothing was deleted".into()));
                }
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
        Command::Start { issue, note, at, local, gap, site } => {
            let note = read_note(note)?;
            let req = StartRequest { issue, note, at, local_only: local, gap: GapChoice::Ask, site };
            start(app, out, req, gap)?
        }
        Command::Stop { at, note, gap } => {
            let note = read_note(note)?;
            let stopped =
                with_gap_choice(gap, |gap| app.stop(StopRequest { at: at.clone(), note: note.clone(), gap }))?;
            out.stopped(&stopped)?;
        }
        Command::Status => out.status(&app.status()?)?,
        Command::Add { issue, duration, at, note, local, site } => {
            let note = read_note(note)?;
            out.added(&app.add(AddRequest { issue, duration, at, note, local_only: local, on: None, site })?)?;
        }
        Command::List { from, to } => out.list(&app.listing(from.as_deref(), to.as_deref())?)?,
        Command::Edit { id, issue, duration, at, note, local, sync, site } => {
            let (note, local_only) = (read_note(note)?, local_only(local, sync));
            let request = EditRequest { issue, duration, at, note, local_only, site };
            out.edited(&app.edit(parse_id(&id)?, request)?)?;
        }
        Command::Rm { id } => out.removed(&app.remove(parse_id(&id)?)?)?,
        Command::Week { week } => out.week(&app.week(week.as_deref())?)?,
        Command::Split { id, at } => out.split(&app.split(parse_id(&id)?, &at)?)?,
        Command::Merge { id, other } => {
            let merged = app.merge(parse_id(&id)?, parse_id(&other)?)?;
            out.edited(&stint_app::Edited::Entry { entry: merged, overlaps: Vec::new() })?
        }
        Command::Weeks { week, count } => out.weeks(&app.trend(week.as_deref(), count)?)?,
        Command::Export { format, from, to, out: file } => export(app, out, format, from, to, file)?,
        Command::Import { path, format, key_from, map, unmapped, sync, dry_run, yes, skip_bad, tz, date_format } => {
            let request = ImportRequest {
                source: import_source(path)?,
                format,
                key_from,
                map,
                unmapped,
                sync,
                skip_bad,
                tz,
                date_format,
            };
            import(app, out, request, dry_run, yes)?;
        }
        Command::Heartbeat => out.heartbeat(&app.heartbeat()?)?,
        Command::Login { site, email, api_token_stdin, pat_stdin, data_center, no_browser, timeout, default } => {
            let how = sign_in_how(site, email, api_token_stdin, pat_stdin, data_center)?;
            out.whoami(&app.login(how, Some(&timeout), default, &mut jira_ui::Browser::new(no_browser))?)?;
        }
        Command::Logout { site } => {
            let had = app.logout(site.as_deref())?;
            out.logged_out(had, site.as_deref(), &app.status()?)?;
        }
        Command::Whoami => out.whoami(&app.whoami()?)?,
        Command::Site(SiteCommand::Default { site }) => out.whoami(&app.set_default_site(&site)?)?,
        Command::Site(SiteCommand::Route { project, site }) => {
            out.whoami(&app.route_project(&project, site.as_deref())?)?
        }
        Command::Tempo(TempoCommand::Login { site, region, oauth: true, client_id, no_browser, timeout, .. }) => {
            let client_secret = jira_ui::read_secret("Tempo OAuth client secret")?;
            let req = TempoOAuthSignIn { site, region, client_id: client_id.unwrap_or_default(), client_secret };
            let mut browser = jira_ui::Browser::new(no_browser);
            out.whoami(&app.tempo_oauth_login(req, Some(&timeout), &mut browser)?)?
        }
        Command::Tempo(TempoCommand::Login { site, region, .. }) => {
            let token = jira_ui::read_secret("Tempo API token")?;
            out.whoami(&app.tempo_login(site.as_deref(), &region, token)?)?
        }
        Command::Tempo(TempoCommand::Logout { site }) => {
            out.tempo_logged_out(app.tempo_logout(site.as_deref())?, site.as_deref())?
        }
        Command::Tempo(TempoCommand::Off { site }) => out.whoami(&app.tempo_off(site.as_deref())?)?,
        Command::Tempo(TempoCommand::Value { scope, attribute, value, site }) => match (scope, attribute) {
            (Some(scope), Some(attribute)) => {
                out.tempo_accounts(&app.tempo_value(site.as_deref(), &scope, &attribute, value.as_deref())?)?
            }
            _ => out.tempo_accounts(&app.tempo_accounts(site.as_deref())?)?,
        },
        Command::Tempo(TempoCommand::Account { scope, account, site }) => match scope {
            Some(scope) => out.tempo_accounts(&app.tempo_account(site.as_deref(), &scope, account.as_deref())?)?,
            None => out.tempo_accounts(&app.tempo_accounts(site.as_deref())?)?,
        },
        Command::Sync => sync(app, out)?,
        Command::Resolve { id, keep_mine, take_jira, push_again, drop } => {
            let (id, how) = (parse_id(&id)?, resolution(keep_mine, take_jira, push_again, drop));
            out.resolved(id, how, app.resolve(id, how)?.as_ref())?;
        }
        Command::Pull { full } => pull(app, out, full)?,
        Command::Adopt { worklog_id } => out.adopted(&app.adopt(&worklog_id)?)?,
        Command::Retry { id, all } => {
            let id = if all { None } else { id.as_deref().map(parse_id).transpose()? };
            out.retried(app.retry(id)?)?;
        }
        Command::Issues { text } => out.issues(&app.find_issues(Some(&text.join(" ")))?)?,
        Command::Audit { limit } => out.audit(&app.audit(limit)?)?,
        Command::Config { .. } | Command::Purge { .. } | Command::Completions { .. } => {}
    }
    Ok(())
}

/// `start`: the timer starts (or switches), asking about a silence at a terminal.
fn start(app: &mut Stint, out: &mut Output, req: StartRequest, gap: Option<GapArg>) -> Result<(), Failure> {
    let started = with_gap_choice(gap, |gap| app.start(StartRequest { gap, ..req.clone() }))?;
    Ok(out.started(&started)?)
}

/// `edit --local` / `--sync`: whether the entry is to stay here, go to Jira, or stay as it is.
fn local_only(local: bool, sync: bool) -> Option<bool> {
    match (local, sync) {
        (true, _) => Some(true),
        (_, true) => Some(false),
        _ => None,
    }
}

/// `resolve`'s flags (clap makes exactly one of them present).
fn resolution(keep_mine: bool, take_jira: bool, push_again: bool, _drop: bool) -> stint_app::Resolution {
    match (keep_mine, take_jira, push_again) {
        (true, ..) => stint_app::Resolution::KeepMine,
        (_, true, _) => stint_app::Resolution::TakeJira,
        (_, _, true) => stint_app::Resolution::PushAgain,
        _ => stint_app::Resolution::Drop,
    }
}

/// `pull`: a read that stopped part way says what it read and fails with what stopped it.
fn pull(app: &mut Stint, out: &mut Output, full: bool) -> Result<(), Failure> {
    let pulled = app.pull(full)?;
    out.pulled(&pulled)?;
    match pulled.stopped {
        Some(stop) => Err(Failure::Unfinished { code: stop.code, message: stop.message, remedy: stop.remedy }),
        None => Ok(()),
    }
}

/// `export`: to a file (replaced whole) or a stream, or to standard output.
fn export(
    app: &mut Stint,
    out: &mut Output,
    format: FormatArg,
    from: Option<String>,
    to: Option<String>,
    file: Option<std::path::PathBuf>,
) -> Result<(), Failure> {
    let format = match format {
        FormatArg::Json => ExportFormat::Json,
        FormatArg::Csv => ExportFormat::Csv,
    };
    match file {
        Some(file) => {
            let exported = app.export_to(format, from.as_deref(), to.as_deref(), &file)?;
            out.exported(exported, &file)?;
        }
        None => {
            let stdout = &mut std::io::stdout().lock();
            app.export(format, from.as_deref(), to.as_deref(), stdout, "standard output")?;
        }
    }
    Ok(())
}

/// What `import` reads: a path, or standard input for `-`.
fn import_source(path: std::path::PathBuf) -> Result<ImportSource, Failure> {
    if path.as_os_str() != "-" {
        return Ok(ImportSource::Path(path));
    }
    if std::io::stdin().is_terminal() {
        return Err(Failure::Usage("`stint import -` reads the history from standard input: pipe it in".into()));
    }
    Ok(ImportSource::StandardInput)
}

/// `import`: shows what it will do, asks (or takes --yes), then writes it all in one transaction.
fn import(app: &mut Stint, out: &mut Output, request: ImportRequest, dry_run: bool, yes: bool) -> Result<(), Failure> {
    let from_stdin = matches!(request.source, ImportSource::StandardInput);
    let plan = app.import_plan(&request)?;
    if dry_run || plan.preview.entries == 0 {
        return Ok(out.imported(&Imported { preview: plan.preview, imported: 0, dry_run })?);
    }
    if !yes {
        if from_stdin || !prompt::interactive() {
            return Err(Failure::Usage(
                "import shows what it will do and asks first, and there is no terminal to ask at: \
                 see it with --dry-run, then run again with --yes"
                    .into(),
            ));
        }
        if !prompt::confirm_import(&plan.preview)? {
            return Err(Failure::Declined("nothing was imported".into()));
        }
    }
    let bar = jira_ui::Bar::new(!out.json() && std::io::stderr().is_terminal(), "entries imported");
    let imported = app.import_apply(plan, &bar);
    bar.finish();
    Ok(out.imported(&imported?)?)
}

/// Which sign-in the flags ask for; a token is read from standard input (never from argv).
fn sign_in_how(
    site: Option<String>,
    email: Option<String>,
    api_token_stdin: bool,
    pat_stdin: bool,
    data_center: bool,
) -> Result<SignIn, Failure> {
    Ok(match (site, email) {
        (Some(site), Some(email)) if api_token_stdin => {
            SignIn::CloudApiToken { site, email, token: jira_ui::read_secret("API token")? }
        }
        (Some(site), _) if pat_stdin => {
            SignIn::DataCenterToken { site, token: jira_ui::read_secret("personal access token")? }
        }
        (Some(site), _) if data_center => SignIn::DataCenterOAuth { site },
        (site, _) => SignIn::CloudOAuth { site },
    })
}

/// `sync`: the queue to Jira with a progress bar at a terminal; exits 1 when it could not finish.
fn sync(app: &mut Stint, out: &mut Output) -> Result<(), Failure> {
    let bar = jira_ui::Bar::new(!out.json() && std::io::stderr().is_terminal(), "entries sent to Jira");
    let summary = app.sync(false, &bar);
    bar.finish();
    let summary = summary?;
    out.synced(&summary)?;
    if let Some(stop) = summary.stopped {
        return Err(Failure::Unfinished { code: stop.code, message: stop.message, remedy: stop.remedy });
    }
    if summary.remaining > 0 {
        let left = render::plural(summary.remaining as i64, "entry", "entries");
        let when = summary.next_try.map_or("later".to_string(), |t| format!("from {}", render::clock(t)));
        let message = match &summary.remaining_because {
            Some(because) => format!("{left} could not be sent yet ({because}): run `stint sync` again {when}"),
            None => format!("{left} changed while Stint was sending: run `stint sync` again to send them"),
        };
        return Err(Failure::Unfinished { code: "sync.remaining", message, remedy: None });
    }
    if let Some(stop) = summary.read_back.and_then(|r| r.stopped) {
        return Err(Failure::Unfinished { code: stop.code, message: stop.message, remedy: stop.remedy });
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
            // A note is at most 10,000 characters (40,000 bytes of UTF-8): never read without bound.
            const MOST: u64 = 64 * 1024;
            let mut bytes = Vec::new();
            std::io::stdin()
                .take(MOST + 1)
                .read_to_end(&mut bytes)
                .map_err(|e| Failure::Other(format!("could not read the note from standard input: {e}")))?;
            if bytes.len() as u64 > MOST {
                return Err(Failure::Usage(
                    "the note on standard input is longer than 10,000 characters: shorten it".into(),
                ));
            }
            let text = String::from_utf8(bytes).map_err(|_| {
                Failure::Usage(
                    "the note on standard input is not UTF-8 text: convert it (iconv -t UTF-8) and try again".into(),
                )
            })?;
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
        Command::Split { .. } => "split",
        Command::Merge { .. } => "merge",
        Command::Weeks { .. } => "weeks",
        Command::Export { .. } => "export",
        Command::Purge { .. } => "purge",
        Command::Import { .. } => "import",
        Command::Heartbeat => "heartbeat",
        Command::Login { .. } => "login",
        Command::Logout { .. } => "logout",
        Command::Site(_) => "site",
        Command::Tempo(_) => "tempo",
        Command::Whoami => "whoami",
        Command::Sync => "sync",
        Command::Pull { .. } => "pull",
        Command::Adopt { .. } => "adopt",
        Command::Resolve { .. } => "resolve",
        Command::Retry { .. } => "retry",
        Command::Issues { .. } => "issues",
        Command::Audit { .. } => "audit",
        Command::Config { .. } => "config",
        Command::Completions { .. } => "completions",
    }
}
