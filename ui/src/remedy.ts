// What to do about an error, in the window's words. Stint's errors carry a typed remedy (see
// `Remedy` in bindings.ts); the CLI words the same remedies as commands to type, the window as a
// sentence about its own screens and buttons. A new kind of remedy fails `tsc` here until it is
// worded.

import type { Remedy } from "./bindings";
import { longDay, time } from "./format";

/** The remedy as a sentence for the window. */
export function remedyText(remedy: Remedy): string {
  switch (remedy.kind) {
    case "start_timer":
      return "Start a timer first.";
    case "stop_or_switch":
      return "Stop it, or start another issue to switch to it.";
    case "decide_gap":
      return "Choose whether the entry ends where the silence began, or the silence counts as work.";
    case "set_timer_start":
      return "Set the timer's real start time, then stop it.";
    case "stop_earlier":
      return "Stop it at an earlier time.";
    case "stop_or_move_start":
      return "Stop it, or change its start time.";
    case "change_something":
      return "Change a field first.";
    case "find_entry":
      return "Pick the entry from the list.";
    case "edit_entry":
      return "Fix the entry; it then goes back in the queue.";
    case "move_entry":
      return "Move the entry to the right issue.";
    case "ask_admin_or_move_entry":
      return "Ask a Jira administrator for permission, or move the entry to another issue.";
    case "make_entries_touch":
      return "Move one so it starts where the other ends.";
    case "remove_entry":
      return "Deleting it removes it from Jira too.";
    case "retry_entry":
      return "Retry sends it again.";
    case "retry_deletion":
      return "The worklog stays in Jira. Retry once you may delete worklogs there (a Jira administrator grants it), or keep the entry.";
    case "see_sync_states":
      return "Each entry shows where it stands with Jira.";
    case "sign_in":
      return "Sign in to Jira in Settings.";
    case "sign_in_with_api_token":
      return "Or sign in with an API token instead.";
    case "choose_site":
      return `Choose one of them: ${remedy.sites.join(", ")}.`;
    case "sign_in_to_site":
      return `Sign in to ${remedy.site} again.`;
    case "choose_tempo_account":
      return "Choose the Tempo Account for its project in Settings, then send it again.";
    case "choose_tempo_value":
      return "Choose the value Tempo requires for its project in Settings, then send it again.";
    case "sign_in_to_tempo":
      return `Sign in to Tempo again for ${remedy.site} in Settings (a new Tempo API token, or your administrator's OAuth app).`;
    case "check_jira_settings":
      return "Check Stint's Jira addresses in its settings.";
    case "check_oauth_app":
      return "Check the OAuth app's client id and secret, then sign in again.";
    case "unlock_keychain":
      return "Unlock your keychain (your desktop's keyring app), then try again.";
    case "fix_keychain_then_purge":
      return "Fix the keychain, then delete everything again.";
    case "wait_for_sync":
      return "Wait for it to finish.";
    case "type_time":
      return "Type a time like 14:30, yesterday 14:30 or 2026-11-23 14:30.";
    case "choose_import_format":
      return "Choose the file's format under Format, or check that it is one Stint reads.";
    case "skip_bad_records":
      return "Or tick “Skip records that cannot be read” to import the rest; those skipped are listed.";
    case "choose_date_order":
      return "Choose the date order under “Date order”, as your Toggl profile shows dates.";
    case "choose_key_place":
      return "Choose where the issue keys are under “Issue keys are in”.";
    case "leave_out_issue_options":
      return "Set “Issue keys are in” back to anywhere, and leave the issue for entries without a key empty.";
    case "change_day_entries":
      return `Change the entries of ${longDay(remedy.date)} one by one in Entries.`;
    case "sync_again_from":
      return `Sync again from ${time(remedy.at)}, when Jira allows.`;
    default: {
      const unworded: never = remedy;
      return unworded;
    }
  }
}

/** A message from Stint with what to do, as the window shows it: sentences, capitalised. */
export function sentence(message: string, remedy: Remedy | null | undefined): string {
  const first = message.charAt(0).toUpperCase() + message.slice(1);
  const said = /[.!?]$/.test(first) ? first : `${first}.`;
  return remedy ? `${said} ${remedyText(remedy)}` : said;
}
