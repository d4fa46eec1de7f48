//! The command line as clap sees it: every subcommand, its options, and its examples.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

const AFTER_HELP: &str = "\
Examples:
  stint start ABC-123 --note \"review\"    start tracking (switches if a timer runs)
  stint stop                              stop; the entry waits to be sent to Jira
  stint add ABC-7 1h30m --at \"yesterday 14:00\"
  stint week --json                       this week's summary as JSON

Files: everything lives under $STINT_HOME when set, otherwise the platform's data and
config folders (`stint config` shows them). Logs never hold notes or issue keys.
Exit codes: 0 done, 1 could not be done, 2 bad usage or bad input.";

#[derive(Debug, Parser)]
#[command(name = "stint", version, about = "Track time on Jira issues, privately and offline.", after_help = AFTER_HELP)]
pub struct Cli {
    /// Print machine-readable JSON instead of text.
    #[arg(long, global = true)]
    pub json: bool,
    #[command(subcommand)]
    pub command: Command,
}

/// What to do with a long silence (machine asleep or off) in a running timer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum GapArg {
    /// End the entry where the silence began.
    End,
    /// Count the silence as work.
    Keep,
}

#[derive(Debug, Args)]
pub struct NoteArg {
    /// A note on the work (`-` reads it from standard input). It may start with a dash: --note "-5 bugs".
    #[arg(long, value_name = "TEXT", allow_hyphen_values = true)]
    pub note: Option<String>,
}

#[derive(Debug, Subcommand)]
pub enum SiteCommand {
    /// Make SITE the default: entries go there unless a project's rule says otherwise. Entries
    /// already sent stay where they are.
    #[command(after_help = "Examples:\n  stint site default acme.atlassian.net")]
    Default {
        #[arg(value_name = "SITE")]
        site: String,
    },
    /// Send PROJECT's entries to SITE; without SITE, to the default again. Entries already sent
    /// stay where they are.
    #[command(
        after_help = "Examples:\n  stint site route ENG other.atlassian.net\n  stint site route ENG    back to the default"
    )]
    Route {
        #[arg(value_name = "PROJECT")]
        project: String,
        #[arg(value_name = "SITE")]
        site: Option<String>,
    },
}

/// Tempo for a site: its worklogs go to Tempo Timesheets instead of Jira's own worklogs.
#[derive(Debug, Subcommand)]
pub enum TempoCommand {
    /// Send a site's worklogs to Tempo from now on, with a Tempo API token (Tempo, Settings, API
    /// Integration; "Manage" access to worklogs) read from standard input, never from the command
    /// line; or through Tempo's OAuth 2.0 in the browser, with an app your Tempo administrator
    /// made (--oauth). Tempo must accept it first; it is kept in the keychain.
    #[command(after_help = "Examples:
  stint tempo login --api-token-stdin < tempo-token.txt                 the default site, api.tempo.io
  stint tempo login --site other.atlassian.net --region eu --api-token-stdin < tempo-token.txt
  stint tempo login --oauth --client-id ID --client-secret-stdin < app-secret.txt
  stint tempo login --json    who Stint is signed in as after, as `stint whoami --json` (`sites[].tempo_api`)

REGION is global (api.tempo.io), eu (api.eu.tempo.io) or us (api.us.tempo.io), as Tempo's
settings show, or an address (a proxy's).

With --oauth, your Tempo administrator makes the app under Tempo, Settings, OAuth 2.0
Applications, with http://localhost:PORT/callback as its redirect address (PORT: the
oauth_redirect_port setting, 47813 unless changed), and gives you its client id and secret. The
browser asks you to let the app reach your Tempo; the pair Tempo gives back and the app's secret
are kept in the keychain, and Stint renews the pair before it runs out.")]
    Login {
        /// The site (default: the default site).
        #[arg(long, value_name = "SITE")]
        site: Option<String>,
        #[arg(long, value_name = "REGION", default_value = "global")]
        region: String,
        /// Read the token from standard input (at a terminal, Stint asks for it without showing it).
        #[arg(long, conflicts_with = "oauth")]
        api_token_stdin: bool,
        /// Sign in through Tempo's OAuth 2.0 in the browser, with your administrator's app.
        #[arg(long, requires_all = ["client_id", "client_secret_stdin"])]
        oauth: bool,
        /// The OAuth app's client id, as Tempo shows it.
        #[arg(long, value_name = "ID", requires = "oauth")]
        client_id: Option<String>,
        /// Read the OAuth app's client secret from standard input (at a terminal, Stint asks).
        #[arg(long, requires = "oauth")]
        client_secret_stdin: bool,
        /// Print the sign-in address on standard error instead of opening a browser (--oauth).
        #[arg(long, requires = "oauth")]
        no_browser: bool,
        /// How long to wait for the browser to come back (--oauth).
        #[arg(long, value_name = "DURATION", default_value = "5m")]
        timeout: String,
    },
    /// Delete a site's Tempo API token from the keychain; its worklogs still go to Tempo, and its
    /// entries wait for `stint tempo login`.
    Logout {
        #[arg(long, value_name = "SITE")]
        site: Option<String>,
    },
    /// Send a site's worklogs to Jira's own worklogs again (and delete its Tempo token). Refused
    /// while entries of the site are in Tempo.
    Off {
        #[arg(long, value_name = "SITE")]
        site: Option<String>,
    },
    /// Bill a project's or an issue's time to a Tempo Account, where neither the issue's Account
    /// field nor the project's account links say which; without ACCOUNT, forget the choice;
    /// without either, list the open accounts and the choices.
    #[command(after_help = "Examples:
  stint tempo account                   the open accounts, and what was chosen
  stint tempo account ENG INTERNAL      ENG's entries are billed to INTERNAL
  stint tempo account ENG-7 ACME        this issue's to ACME
  stint tempo account ENG               forget ENG's choice
  stint tempo account --json            {site, accounts: [{key, name}], chosen: [{scope, account}],
                                        attributes: [{key, name, kind, values}], values: [{scope, attribute, value}]}")]
    Account {
        /// A project key (ENG) or an issue key (ENG-7).
        #[arg(value_name = "PROJECT|ISSUE")]
        scope: Option<String>,
        /// The account's key, as Tempo lists it.
        #[arg(value_name = "ACCOUNT")]
        account: Option<String>,
        #[arg(long, value_name = "SITE")]
        site: Option<String>,
    },
    /// Choose the value of a work attribute the site requires besides the Account (a "Phase"
    /// list, say) for a project's or an issue's time: only your choice fills those. Without
    /// VALUE, forget the choice; without anything, list what the site requires and the choices.
    #[command(after_help = "Examples:
  stint tempo value                     the attributes the site requires, their values, and what was chosen
  stint tempo value ENG Phase Build     ENG's worklogs carry Phase = Build
  stint tempo value ENG-7 Phase Run     this issue's carry Run
  stint tempo value ENG Phase           forget ENG's choice
  stint tempo value --json              as `stint tempo account --json`

A list takes one of its values, a number a number, a checkbox yes or no, a text field a line.")]
    Value {
        /// A project key (ENG) or an issue key (ENG-7).
        #[arg(value_name = "PROJECT|ISSUE", requires = "attribute")]
        scope: Option<String>,
        /// The attribute's name (or key), as Tempo shows it.
        #[arg(value_name = "ATTRIBUTE")]
        attribute: Option<String>,
        #[arg(value_name = "VALUE")]
        value: Option<String>,
        #[arg(long, value_name = "SITE")]
        site: Option<String>,
    },
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Start a timer on a Jira issue; a running timer stops at the same instant (a switch).
    #[command(
        visible_alias = "switch",
        after_help = "Examples:\n  stint start ABC-123\n  stint start abc-123 --at 09:15 --note \"standup\"\n  stint start OPS-9 --local          never send this one to Jira"
    )]
    Start {
        /// The Jira issue key, like ABC-123.
        issue: String,
        #[command(flatten)]
        note: NoteArg,
        /// When the work began: HH:MM, `yesterday HH:MM`, `YYYY-MM-DD HH:MM` or RFC 3339. Default: now.
        #[arg(long, value_name = "TIME")]
        at: Option<String>,
        /// Keep the entry on this machine only; never send it to Jira.
        #[arg(long)]
        local: bool,
        /// If the timer being switched away from has a long silence: end it there, or keep it.
        #[arg(long, value_enum, value_name = "end|keep")]
        gap: Option<GapArg>,
        /// The site it goes to (its address or host, as `stint whoami` lists them). Default: the
        /// site its project is routed to, else the default site.
        #[arg(long, value_name = "SITE")]
        site: Option<String>,
    },
    /// Stop the running timer; the entry joins the queue for Jira.
    #[command(
        after_help = "Examples:\n  stint stop\n  stint stop --at 17:30 --note \"shipped\"\n  stint stop --gap end                end where the machine went quiet"
    )]
    Stop {
        /// When the work ended (default: now).
        #[arg(long, value_name = "TIME")]
        at: Option<String>,
        /// Replace the timer's note.
        #[command(flatten)]
        note: NoteArg,
        /// If the timer has a long silence: end the entry where it began, or keep it as work.
        #[arg(long, value_enum, value_name = "end|keep")]
        gap: Option<GapArg>,
    },
    /// Show the running timer and how many entries wait for Jira.
    #[command(after_help = "Examples:\n  stint status\n  stint status --json")]
    Status,
    /// Log time after the fact.
    #[command(
        after_help = "Examples:\n  stint add ABC-7 1h30m               ending now\n  stint add ABC-7 90m --at 14:00\n  stint add ABC-7 1:30 --at \"2026-11-20 09:00\" --note \"pairing\""
    )]
    Add {
        /// The Jira issue key, like ABC-123.
        issue: String,
        /// How long: 1h30m, 90m, 1.5h or 1:30 (at least 1m).
        duration: String,
        /// When the work began (default: so that it ends now).
        #[arg(long, value_name = "TIME")]
        at: Option<String>,
        #[command(flatten)]
        note: NoteArg,
        /// Keep the entry on this machine only; never send it to Jira.
        #[arg(long)]
        local: bool,
        /// The site it goes to (its address or host, as `stint whoami` lists them). Default: the
        /// site its project is routed to, else the default site.
        #[arg(long, value_name = "SITE")]
        site: Option<String>,
    },
    /// List entries (by default the last seven days), and your worklogs in Jira on those days that
    /// are not entries here (as the last read-back found them: `stint pull`, `stint sync`).
    #[command(after_help = "Examples:\n  stint list\n  stint list --from 2026-11-01 --to 2026-11-30 --json")]
    List {
        /// First local date, YYYY-MM-DD, `today` or `yesterday`.
        #[arg(long, value_name = "DATE")]
        from: Option<String>,
        /// Last local date, inclusive.
        #[arg(long, value_name = "DATE")]
        to: Option<String>,
    },
    /// Change an entry, or the running timer (its id is in `stint status`).
    #[command(
        after_help = "Examples:\n  stint edit 12 --duration 45m\n  stint edit 12 --issue ABC-9 --note \"\"     empty note removes it\n  stint edit 12 --local"
    )]
    Edit {
        /// The entry's id, from `stint list` (the running timer's from `stint status`).
        id: String,
        /// Move the entry to another Jira issue, like ABC-9.
        #[arg(long, value_name = "KEY")]
        issue: Option<String>,
        /// New length: 1h30m, 90m, 1.5h or 1:30 (not for the running timer).
        #[arg(long, value_name = "DURATION")]
        duration: Option<String>,
        /// New start time; the entry keeps its length (the running timer keeps counting).
        #[arg(long, value_name = "TIME")]
        at: Option<String>,
        #[command(flatten)]
        note: NoteArg,
        /// Keep the entry on this machine only.
        #[arg(long, conflicts_with = "sync")]
        local: bool,
        /// Send the entry to Jira (undoes --local).
        #[arg(long)]
        sync: bool,
        /// Move the entry to another site Stint is signed in to (its address or host): one
        /// already sent is deleted on its site and created on this one by the next sync.
        #[arg(long, value_name = "SITE")]
        site: Option<String>,
    },
    /// Remove an entry (one Jira has is deleted there at the next sync), or drop the running timer.
    #[command(after_help = "Examples:\n  stint rm 12")]
    Rm {
        /// The entry's id, from `stint list`.
        id: String,
    },
    /// Split an entry in two at a time (each part at least a minute).
    #[command(after_help = "Examples:\n  stint split 12 --at 10:30\n  stint split 12 --at \"yesterday 14:00\" --json")]
    Split {
        /// The entry's id, from `stint list`.
        id: String,
        /// Where the first part ends and the second begins.
        #[arg(long, value_name = "TIME")]
        at: String,
    },
    /// Merge two entries of one issue that touch into the earlier one.
    #[command(after_help = "Examples:\n  stint merge 12 13")]
    Merge {
        /// One entry's id.
        id: String,
        /// The other's.
        other: String,
    },
    /// Totals of several weeks, oldest first: a trend.
    #[command(after_help = "Examples:\n  stint weeks\n  stint weeks 2026-W47 --count 9 --json")]
    Weeks {
        /// The last week: an ISO week like 2026-W47, or a date in it. Default: this week.
        week: Option<String>,
        /// How many weeks, 1 to 104.
        #[arg(long, value_name = "N", default_value_t = 9)]
        count: u32,
    },
    /// The weekly summary: each day, issue and project, synced and still to sync.
    #[command(after_help = "Examples:\n  stint week\n  stint week 2026-W47\n  stint week 2026-11-18 --json")]
    Week {
        /// An ISO week like 2026-W47, or any date in the week. Default: this week.
        week: Option<String>,
    },
    /// Export everything Stint keeps about your work.
    #[command(
        after_help = "Examples:\n  stint export > stint.json\n  stint export --format csv --from 2026-11-01 --out november.csv"
    )]
    Export {
        /// json (one document, entries one per line) or csv (one row per entry).
        #[arg(long, value_enum, default_value = "json")]
        format: FormatArg,
        /// First local date to include: YYYY-MM-DD, `today` or `yesterday`. Default: the first entry.
        #[arg(long, value_name = "DATE")]
        from: Option<String>,
        /// Last local date to include (inclusive). Default: the last entry.
        #[arg(long, value_name = "DATE")]
        to: Option<String>,
        /// Write to this file (replaced atomically, readable by you only) instead of standard output.
        /// Pipes and devices (/dev/stdout) are written through; a symbolic link or a folder is refused.
        #[arg(long, value_name = "FILE")]
        out: Option<PathBuf>,
    },
    /// Import history from Timewarrior, Watson, Toggl Track, or a Stint export (shows what it will do and asks first).
    #[command(after_help = "\
Examples:
  stint import ~/.timewarrior                     Timewarrior's data folder (or a `timew export` file)
  stint import ~/.config/watson/frames --dry-run  what would be imported, changing nothing
  stint import toggl.csv --tz Europe/Berlin --map names.toml --unmapped OPS-1
  stint import stint-all-now.json --yes           restore Stint's own export
  timew export | stint import - --yes

Issue keys are looked for in the tags, then the project, then the description (--key-from limits
that); a map file names the rest, one per line:  \"Code review\" = \"ENG-12\"
Imported entries stay on this machine unless --sync queues them for Jira. Importing the same
history again adds nothing.")]
    Import {
        /// The file, Timewarrior's or Watson's folder, or `-` for standard input.
        path: PathBuf,
        /// What the file is; by default told from its content.
        #[arg(long, value_name = "FORMAT", value_parser = ["timewarrior", "watson", "toggl", "stint"])]
        format: Option<String>,
        /// Where issue keys are: in a tag, the project, or the description. Default: the first key found in any.
        #[arg(long, value_name = "PLACE", value_parser = ["tag", "project", "description"])]
        key_from: Option<String>,
        /// A file mapping other names to issue keys, one per line: "Code review" = "ENG-12".
        #[arg(long, value_name = "FILE")]
        map: Option<PathBuf>,
        /// Put entries with no issue key on this issue instead of skipping them.
        #[arg(long, value_name = "KEY")]
        unmapped: Option<String>,
        /// Queue the imported entries for Jira as worklogs (by default they stay on this machine).
        #[arg(long)]
        sync: bool,
        /// Show what would be imported, and change nothing.
        #[arg(long)]
        dry_run: bool,
        /// Do not ask for confirmation.
        #[arg(long)]
        yes: bool,
        /// Import what can be read, and list the records that could not.
        #[arg(long)]
        skip_bad: bool,
        /// The time zone of times the file gives without one (Toggl; Timewarrior's and Watson's
        /// UTC times are shown in it): a name like Europe/Berlin, UTC, or +01:00. Default: the system's.
        #[arg(long, value_name = "ZONE")]
        tz: Option<String>,
        /// Toggl's date order when its dates cannot tell: DD/MM/YYYY, MM/DD/YYYY or YYYY-MM-DD.
        #[arg(long, value_name = "ORDER")]
        date_format: Option<String>,
    },
    /// Delete every piece of local data Stint keeps (asks first).
    #[command(
        after_help = "Examples:\n  stint purge\n  stint purge --yes                    no question (for scripts)"
    )]
    Purge {
        /// Do not ask for confirmation.
        #[arg(long)]
        yes: bool,
    },
    /// Record that this machine is awake, so a timer's sleep can be told from work. Run it every
    /// minute from cron; the desktop app does it by itself.
    #[command(after_help = "Examples:\n  stint heartbeat\n  crontab line:  * * * * * STINT_HOME=... stint heartbeat")]
    Heartbeat,
    /// Show where Stint's files are and which settings are in effect.
    #[command(
        after_help = "Examples:\n  stint config\n  file=\"$(stint config --path)\"; mkdir -p \"$(dirname \"$file\")\"\n  stint config --example > \"$file\""
    )]
    Config {
        /// Print a commented config file with every setting at its default.
        #[arg(long, conflicts_with = "path")]
        example: bool,
        /// Print only the config file's path.
        #[arg(long, conflicts_with = "set")]
        path: bool,
        /// Write a setting into the config file, checked as Stint checks it: KEY=VALUE.
        #[arg(long, value_name = "KEY=VALUE", conflicts_with = "example")]
        set: Option<String>,
    },
    /// Sign in to Jira. Without options: Jira Cloud through OAuth 2.0 in your browser.
    #[command(after_help = "Examples:
  stint login                                        Jira Cloud, in the browser
  stint login --no-browser                           print the address to open instead
  stint login --site https://acme.atlassian.net --email me@acme.com --api-token-stdin < token.txt
  stint login --site https://jira.example.com --pat-stdin      Data Center, personal access token
  stint login --site https://jira.example.com --data-center    Data Center, OAuth 2.0 in the browser
  stint login --site https://other.atlassian.net --email me@other.com --api-token-stdin --default

Signing in to another site adds it beside the ones Stint knows (`stint whoami` lists them); the
first is the default, where entries go unless a project's rule (`stint site route`) says
otherwise. Signing in to a site again renews its sign-in.

Tokens are kept only in your OS keychain. They are read from standard input (or asked for at a
terminal without echo), never from the command line.")]
    Login {
        /// The Jira site: picks one of several (Cloud OAuth), or is where to sign in (the others).
        #[arg(long, value_name = "URL")]
        site: Option<String>,
        /// The Atlassian account's email, for an API token.
        #[arg(long, value_name = "EMAIL", requires = "api_token_stdin")]
        email: Option<String>,
        /// Read a Jira Cloud API token from standard input (with --site and --email).
        #[arg(long, requires_all = ["site", "email"], conflicts_with_all = ["pat_stdin", "data_center"])]
        api_token_stdin: bool,
        /// Read a Jira Data Center personal access token from standard input (with --site).
        #[arg(long, requires = "site", conflicts_with = "data_center")]
        pat_stdin: bool,
        /// Sign in to Jira Data Center with its own OAuth 2.0 (with --site).
        #[arg(long, requires = "site")]
        data_center: bool,
        /// Print the sign-in address on standard error instead of opening a browser.
        #[arg(long)]
        no_browser: bool,
        /// How long to wait for the browser to come back.
        #[arg(long, value_name = "DURATION", default_value = "5m")]
        timeout: String,
        /// Make this site the default (the first site signed into is anyway).
        #[arg(long)]
        default: bool,
    },
    /// Sign out of one site, or of every site: its Jira token leaves the keychain. Its queued
    /// entries stay queued, waiting for the next `stint login` there.
    #[command(
        after_help = "Examples:\n  stint logout                          every site\n  stint logout acme.atlassian.net       one site (as `stint whoami` names it)"
    )]
    Logout {
        /// The site to sign out of (its address or host); without it, every site.
        #[arg(value_name = "SITE")]
        site: Option<String>,
    },
    /// Show where and as whom Stint is signed in to Jira: every site, the default first, with
    /// the projects routed to it.
    #[command(
        after_help = "Examples:\n  stint whoami\n  stint whoami --json    the default site's sign-in at the top, and `sites`: [{site, signed_in, account, account_id, how, how_text, needs_sign_in, ends_by, default, destination, tempo_api, tempo_possible, projects}]"
    )]
    Whoami,
    /// Choose between the sites Stint is signed in to: the default, and which site a project's
    /// entries go to.
    #[command(subcommand)]
    Site(SiteCommand),
    /// Tempo Timesheets for a site: its worklogs go to Tempo, with the Account Tempo requires.
    #[command(subcommand)]
    Tempo(TempoCommand),
    /// Push the queue to Jira (new entries, edits and deletions, each exactly once), then read
    /// your worklogs back as `stint pull` does. A worklog changed in Jira since the last sync is
    /// never written over: the entry waits for `stint resolve`.
    #[command(
        after_help = "Examples:\n  stint sync\n  stint sync --json                  {pushed, updated, deleted, failed, remaining, conflicts, read_back}

Exit codes: 0 when nothing is left to send (entries Jira refused are listed by `stint list` with
Jira's reason), 1 when Jira could not be reached or needs a new sign-in."
    )]
    Sync,
    /// Read your worklogs back from Jira (the last `read_back_weeks` weeks): edits and deletions
    /// made in Jira, and time logged elsewhere. Reads only: nothing is sent. Reads what changed
    /// on the site since the last read (a few requests), and the whole window once a day.
    #[command(
        after_help = "Examples:\n  stint pull\n  stint pull --full                  read the whole window now\n  stint pull --json                  {full, took_jira, conflicts, deleted_in_jira, elsewhere, ...}

Exit codes: 0 when Jira answered (nothing here changes otherwise), 1 when Jira could not be
reached or needs a new sign-in."
    )]
    Pull {
        /// Read every issue with your worklogs in the window, not only what changed since the
        /// last read.
        #[arg(long)]
        full: bool,
    },
    /// Settle what `stint pull` found on an entry: a conflict (changed here and in Jira), or a
    /// worklog deleted in Jira.
    #[command(
        after_help = "Examples:\n  stint resolve 12 --keep-mine      a conflict: the next sync sends this machine's values
  stint resolve 12 --take-jira      a conflict: the entry takes Jira's values
  stint resolve 14 --push-again     deleted in Jira: the next sync creates it again
  stint resolve 14 --drop           deleted in Jira: remove it here too

`stint list` marks such entries (SYNC shows conflict or deleted in Jira)."
    )]
    #[command(group(clap::ArgGroup::new("how").required(true)))]
    Resolve {
        /// The entry's id, from `stint list`.
        id: String,
        #[arg(long, group = "how")]
        keep_mine: bool,
        #[arg(long, group = "how")]
        take_jira: bool,
        #[arg(long, group = "how")]
        push_again: bool,
        #[arg(long, group = "how")]
        drop: bool,
    },
    /// Make one of your worklogs in Jira that is not an entry here (`stint list` shows them, with
    /// their worklog ids) an entry, to edit it here: logged on Jira's page, in another app, or by
    /// Stint on another machine. It stays one worklog in Jira, counted once.
    #[command(
        after_help = "Examples:\n  stint adopt 10023\n  stint adopt 10023 --json            the entry it became"
    )]
    Adopt {
        /// The worklog's id in Jira, from `stint list`.
        worklog_id: String,
    },
    /// Put entries Jira refused back in the queue.
    #[command(after_help = "Examples:\n  stint retry 12\n  stint retry --all")]
    Retry {
        /// The entry's id, from `stint list`.
        #[arg(required_unless_present = "all", conflicts_with = "all")]
        id: Option<String>,
        /// Every refused entry.
        #[arg(long)]
        all: bool,
    },
    /// Find Jira issues: matching TEXT, or (without it) assigned to you lately.
    #[command(after_help = "Examples:\n  stint issues\n  stint issues login page\n  stint issues ABC-12 --json

Offline (or signed out), the issues you tracked lately are shown instead.")]
    Issues {
        /// Words or a key to look for.
        text: Vec<String>,
    },
    /// Show what the sync did: every push, update and delete, with Jira's worklog id (never notes).
    #[command(after_help = "Examples:\n  stint audit\n  stint audit --limit 20 --json")]
    Audit {
        /// How many of the latest lines.
        #[arg(long, value_name = "N", default_value_t = 100)]
        limit: usize,
    },
    /// Print shell completions.
    #[command(after_help = "Examples:\n  stint completions bash > ~/.local/share/bash-completion/completions/stint")]
    Completions { shell: clap_complete::Shell },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FormatArg {
    Json,
    Csv,
}
