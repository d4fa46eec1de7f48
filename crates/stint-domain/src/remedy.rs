//! What a person can do about an error: typed, with the facts it needs. Every library crate's
//! error says what went wrong in its message and carries one of these as its remedy; each shell
//! words it for its person: the CLI as the command to type, the window as a button or a sentence
//! in its own words, the tray as a notification action. So no library message names a `stint`
//! command, and the window never tells anyone to type one.

use crate::EntryId;

/// A way out of an error.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Remedy {
    /// No timer runs: start one.
    StartTimer,
    /// A timer already runs on this issue: stop it, or switch to another issue.
    StopOrSwitch,
    /// The running timer went unheard for a while: end the entry where the silence began, or
    /// count the silence as work.
    DecideGap,
    /// The running timer (entry `id`) started later than the clock reads: set its real start,
    /// then stop it.
    SetTimerStart { id: EntryId },
    /// The timer ran longer than an entry may: stop it at an earlier time.
    StopEarlier,
    /// The running timer has no duration yet: stop it, or change its start.
    StopOrMoveStart,
    /// An edit changed nothing: change at least one field.
    ChangeSomething,
    /// No such entry: pick one from those shown.
    FindEntry,
    /// Jira refused entry `id`'s content: fix the entry; it then goes back in the queue.
    EditEntry { id: EntryId },
    /// Entry `id`'s issue is wrong or full: move the entry to another issue.
    MoveEntry { id: EntryId },
    /// No permission to log work on entry `id`'s issue: ask a Jira administrator, or move it.
    AskAdminOrMoveEntry { id: EntryId },
    /// Only entries that touch merge: move one so it starts where the other ends.
    MakeEntriesTouch,
    /// Entry `id` is in Jira: deleting it here removes it there too.
    RemoveEntry { id: EntryId },
    /// Send entry `id` to Jira again.
    RetryEntry { id: EntryId },
    /// Jira would not delete entry `id`'s worklog (removed here, or moved to another issue), so it
    /// stays in Jira: ask again once allowed (a Jira administrator grants the permission to delete
    /// worklogs), or take the removal back.
    RetryDeletion { id: EntryId },
    /// Each entry is shown with where it stands with Jira.
    SeeSyncStates,
    /// Sign in to Jira (again); queued work is kept.
    SignIn,
    /// No OAuth app is configured: sign in with an API token instead.
    SignInWithApiToken,
    /// The sign-in can reach several sites: choose one.
    ChooseSite { sites: Vec<String> },
    /// Entries here are in Jira at `site`: sign in there again (or start afresh).
    SignInToSite { site: String },
    /// The site's worklogs go to Tempo, and Stint has no Tempo token for it that Tempo accepts:
    /// give a new Tempo API token for `site`.
    SignInToTempo { site: String },
    /// Tempo requires an Account Stint cannot find for the entry's issue: choose one for its
    /// project (or the issue), then send the entry again.
    ChooseTempoAccount { id: EntryId },
    /// Tempo requires a work attribute other than the Account, which only the person's choice
    /// fills: choose its value for the entry's project (or issue), then send the entry again.
    ChooseTempoValue { id: EntryId },
    /// Check Stint's Jira addresses in the settings.
    CheckJiraSettings,
    /// The OAuth app's id or secret was refused: check them, then sign in again.
    CheckOauthApp,
    /// The keychain is locked: unlock it, then try again.
    UnlockKeychain,
    /// The keychain failed: fix it, then delete everything again.
    FixKeychainThenPurge,
    /// A sync is running: wait for it to finish.
    WaitForSync,
    /// Type the time in one of the forms Stint reads.
    TypeTime,
    /// Name the import's format (or let Stint tell it from the content).
    ChooseImportFormat,
    /// Import what can be read, and list the records that could not.
    SkipBadRecords,
    /// Give the date order the file's dates are in (as the Toggl profile shows dates).
    ChooseDateOrder,
    /// Say where issue keys are: in a tag, the project or the description.
    ChooseKeyPlace,
    /// A Stint export names each entry's issue: leave out where keys are found, the map, and the
    /// issue for entries without one.
    LeaveOutIssueOptions,
    /// The day's entries are changed one by one there: see `date`'s entries.
    ChangeDayEntries { date: chrono::NaiveDate },
    /// Jira asked Stint to hold off: sync again from `at` (the entries stay queued meanwhile).
    SyncAgainFrom {
        #[serde(serialize_with = "crate::rfc3339::serialize")]
        #[cfg_attr(feature = "ts", ts(type = "string"))]
        at: chrono::DateTime<chrono::FixedOffset>,
    },
}

impl Remedy {
    /// The remedy for a refusal Jira gave about entry `id`, from the refusal's stable code (the
    /// codes `stint-jira` gives, kept with the entry).
    pub fn for_refusal(code: &str, id: EntryId) -> Remedy {
        match code {
            "jira.bad_request" | "tempo.bad_request" => Remedy::EditEntry { id },
            "jira.forbidden" | "tempo.period_closed" => Remedy::AskAdminOrMoveEntry { id },
            "jira.not_found" | "jira.too_many_worklogs" | "tempo.not_found" | "tempo.issue_unknown" => {
                Remedy::MoveEntry { id }
            }
            "tempo.attribute_missing" => Remedy::ChooseTempoAccount { id },
            "tempo.value_missing" => Remedy::ChooseTempoValue { id },
            _ => Remedy::RetryEntry { id },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refusals_have_their_remedies() {
        let id = EntryId(7);
        assert_eq!(Remedy::for_refusal("jira.bad_request", id), Remedy::EditEntry { id });
        assert_eq!(Remedy::for_refusal("jira.forbidden", id), Remedy::AskAdminOrMoveEntry { id });
        assert_eq!(Remedy::for_refusal("jira.not_found", id), Remedy::MoveEntry { id });
        assert_eq!(Remedy::for_refusal("jira.too_many_worklogs", id), Remedy::MoveEntry { id });
        assert_eq!(Remedy::for_refusal("jira.worklog_gone", id), Remedy::RetryEntry { id });
        assert_eq!(Remedy::for_refusal("jira.refused", id), Remedy::RetryEntry { id });
        assert_eq!(Remedy::for_refusal("tempo.bad_request", id), Remedy::EditEntry { id });
        assert_eq!(Remedy::for_refusal("tempo.period_closed", id), Remedy::AskAdminOrMoveEntry { id });
        assert_eq!(Remedy::for_refusal("tempo.not_found", id), Remedy::MoveEntry { id });
        assert_eq!(Remedy::for_refusal("tempo.worklog_gone", id), Remedy::RetryEntry { id });
        assert_eq!(Remedy::for_refusal("tempo.issue_unknown", id), Remedy::MoveEntry { id });
        assert_eq!(Remedy::for_refusal("tempo.attribute_missing", id), Remedy::ChooseTempoAccount { id });
        assert_eq!(Remedy::for_refusal("tempo.value_missing", id), Remedy::ChooseTempoValue { id });
    }

    #[test]
    fn remedies_serialize_with_their_kind() {
        let json = serde_json::to_value(Remedy::RetryEntry { id: EntryId(3) }).unwrap();
        assert_eq!(json, serde_json::json!({"kind": "retry_entry", "id": 3}));
        let json = serde_json::to_value(Remedy::SignIn).unwrap();
        assert_eq!(json, serde_json::json!({"kind": "sign_in"}));
    }
}
