//! What to do about an error, in the CLI's words: the command to type. The library crates carry a
//! typed `Remedy`; the window and the tray word the same remedies their own way.

use stint_app::Remedy;

/// The remedy as a sentence for a terminal, to follow the error's message after a colon.
pub fn words(remedy: &Remedy) -> String {
    match remedy {
        Remedy::StartTimer => "start one with `stint start ISSUE`".into(),
        Remedy::StopOrSwitch => "`stint stop` ends it, `stint start OTHER-1` switches".into(),
        Remedy::DecideGap => {
            "end the entry where the silence began with --gap end, or count it as work with --gap keep".into()
        }
        Remedy::SetTimerStart { id } => format!("set its real start with `stint edit {id} --at TIME`, then stop it"),
        Remedy::StopEarlier => "stop it earlier with --at TIME".into(),
        Remedy::StopOrMoveStart => "stop it, or move its start with --at".into(),
        Remedy::ChangeSomething => "give at least one of --issue, --duration, --at, --note, --local, --sync".into(),
        Remedy::FindEntry => "`stint list` shows the entries and their ids".into(),
        Remedy::EditEntry { id } => format!("fix the entry with `stint edit {id}`; it then goes back in the queue"),
        Remedy::MoveEntry { id } => format!("move the entry to the right issue with `stint edit {id} --issue KEY`"),
        Remedy::AskAdminOrMoveEntry { id } => {
            format!("ask a Jira administrator, or move the entry with `stint edit {id} --issue KEY`")
        }
        Remedy::MakeEntriesTouch => "move one with `stint edit ID --at TIME` so it starts where the other ends".into(),
        Remedy::RemoveEntry { id } => format!("`stint rm {id}` removes it from Jira too"),
        Remedy::RetryEntry { id } => format!("`stint retry {id}` sends it again"),
        Remedy::RetryDeletion { id } => format!(
            "the worklog stays in Jira; once you may delete worklogs there (a Jira administrator grants it), `stint retry {id}` asks again"
        ),
        Remedy::SeeSyncStates => "`stint list` shows each entry's state".into(),
        Remedy::SignIn => "sign in with `stint login`".into(),
        Remedy::SignInWithApiToken => {
            "or sign in with an API token (`stint login --site URL --email EMAIL --api-token-stdin`)".into()
        }
        Remedy::ChooseSite { .. } => "choose one with --site URL".into(),
        Remedy::SignInToSite { site } => format!("sign in to {site} again (`stint login --site {site}`)"),
        Remedy::ChooseTempoAccount { id } => format!(
            "choose an Account for its project (`stint tempo account PROJECT ACCOUNT`), then `stint retry {id}`"
        ),
        Remedy::ChooseTempoValue { id } => format!(
            "choose its value for the entry's project (`stint tempo value PROJECT ATTRIBUTE VALUE`), then `stint retry {id}`"
        ),
        Remedy::SignInToTempo { site } => format!(
            "sign in to Tempo again: `stint tempo login --site {site} --api-token-stdin` with a new Tempo API token (Tempo, Settings, API Integration), or `--oauth` with your administrator's app"
        ),
        Remedy::CheckJiraSettings => "check the endpoint settings (`stint config`)".into(),
        Remedy::CheckOauthApp => {
            "check STINT_OAUTH_CLIENT_ID and STINT_OAUTH_CLIENT_SECRET, then run `stint login` again".into()
        }
        Remedy::UnlockKeychain => {
            "unlock it (log in to your desktop session, or open your keyring app) and try again".into()
        }
        Remedy::FixKeychainThenPurge => "fix the keychain and run `stint purge` again".into(),
        Remedy::WaitForSync => "wait for it to finish".into(),
        Remedy::TypeTime => {
            "write HH:MM (today; 1:05 PM works too), `yesterday HH:MM`, YYYY-MM-DD HH:MM, or RFC 3339 like 2026-11-23T09:30:00+01:00"
                .into()
        }
        Remedy::ChooseImportFormat => {
            "name the format with --format timewarrior|watson|toggl|stint, or leave --format out to let Stint tell".into()
        }
        Remedy::SkipBadRecords => "or run again with --skip-bad to import the rest and list what was skipped".into(),
        Remedy::ChooseDateOrder => {
            "give --date-format DD/MM/YYYY or --date-format MM/DD/YYYY (or YYYY-MM-DD), as your Toggl profile shows dates"
                .into()
        }
        Remedy::ChooseKeyPlace => "give --key-from tag, project or description".into(),
        Remedy::LeaveOutIssueOptions => "leave out --key-from, --map and --unmapped".into(),
        Remedy::ChangeDayEntries { date } => {
            format!("`stint list --from {date} --to {date}` shows that day's entries; change one with `stint edit ID`")
        }
        Remedy::SyncAgainFrom { at } => {
            format!("run `stint sync` again from {}", crate::render::clock(*at))
        }
    }
}

/// A message with its remedy, as the CLI prints an error.
pub fn with_message(message: &str, remedy: Option<&Remedy>) -> String {
    match remedy {
        Some(Remedy::SignInWithApiToken) => format!("{message}, {}", words(&Remedy::SignInWithApiToken)),
        Some(remedy) => format!("{message}: {}", words(remedy)),
        None => message.to_string(),
    }
}
