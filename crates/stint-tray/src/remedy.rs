//! What to do about an error, in the tray's words: a sentence about its menu or the window, and
//! whether the window is where it is done (then the notification offers "Open Stint"). The
//! library crates carry a typed `Remedy`; the CLI and the window word the same remedies their way.

use stint_app::Remedy;

/// The remedy as a sentence for a notification, and whether it is done in the window.
pub fn words(remedy: &Remedy) -> (String, bool) {
    let window = |text: &str| (text.to_string(), true);
    let menu = |text: &str| (text.to_string(), false);
    match remedy {
        Remedy::StartTimer => menu("Start one from Stint's menu."),
        Remedy::StopOrSwitch => menu("Stop it, or switch to another issue, from Stint's menu."),
        Remedy::DecideGap => window("Open Stint to say whether the silence counts as work."),
        Remedy::SetTimerStart { .. } => window("Open Stint to set the timer's real start, then stop it."),
        Remedy::StopEarlier => window("Open Stint to stop it at an earlier time."),
        Remedy::StopOrMoveStart => window("Stop it, or open Stint to change its start."),
        Remedy::ChangeSomething | Remedy::FindEntry | Remedy::SeeSyncStates => window("Open Stint to see the entries."),
        Remedy::EditEntry { .. } => window("Open Stint to fix the entry; it then goes back in the queue."),
        Remedy::MoveEntry { .. } => window("Open Stint to move the entry to the right issue."),
        Remedy::AskAdminOrMoveEntry { .. } => {
            window("Ask a Jira administrator for permission, or open Stint to move the entry.")
        }
        Remedy::MakeEntriesTouch => window("Open Stint to move one so it starts where the other ends."),
        Remedy::RemoveEntry { .. } => window("Open Stint to delete it; that removes it from Jira too."),
        Remedy::RetryEntry { .. } => window("Open Stint to send it again."),
        Remedy::RetryDeletion { .. } => {
            window("The worklog stays in Jira. Open Stint to retry once you may delete it, or to keep the entry.")
        }
        Remedy::SignIn | Remedy::SignInWithApiToken | Remedy::ChooseSite { .. } | Remedy::SignInToSite { .. } => {
            window("Open Stint's settings and sign in to Jira.")
        }
        Remedy::SignInToTempo { .. } => window("Open Stint's settings to sign in to Tempo again."),
        Remedy::ChooseTempoValue { .. } => {
            window("Open Stint's settings to choose the value Tempo requires, then send it again.")
        }
        Remedy::ChooseTempoAccount { .. } => {
            window("Open Stint's settings to choose the Tempo Account, then send it again.")
        }
        Remedy::CheckJiraSettings | Remedy::CheckOauthApp => window("Open Stint's settings to check the Jira sign-in."),
        Remedy::UnlockKeychain => menu("Unlock your keychain (your desktop's keyring app), then try again."),
        Remedy::FixKeychainThenPurge => window("Fix the keychain, then delete everything again from Stint's window."),
        Remedy::WaitForSync => menu("Wait for it to finish."),
        Remedy::TypeTime => window("Open Stint to type the time."),
        Remedy::ChooseImportFormat
        | Remedy::SkipBadRecords
        | Remedy::ChooseDateOrder
        | Remedy::ChooseKeyPlace
        | Remedy::LeaveOutIssueOptions => window("Open Stint to import."),
        Remedy::ChangeDayEntries { .. } => window("Open Stint to change that day's entries."),
        Remedy::SyncAgainFrom { at } => {
            let at = at.with_timezone(&chrono::Local).format("%H:%M");
            (format!("Stint sends them from {at}, when Jira allows."), false)
        }
    }
}
