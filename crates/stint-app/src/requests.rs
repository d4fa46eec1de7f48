//! What a shell asks the facade to do, as the person typed it: the CLI fills these from its
//! arguments, the window receives them as they are over IPC (their TypeScript types are generated
//! from these). Times, durations and keys stay text until the facade parses them with the
//! domain's rules, so every shell gets the same checks and messages.

use std::fmt;

use stint_domain::{GapChoice, Private};

/// `start`: begin tracking an issue (switching if another timer runs).
#[derive(Clone, serde::Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct StartRequest {
    pub issue: String,
    #[cfg_attr(feature = "ts", ts(type = "string | null"))]
    pub note: Option<Private<String>>,
    /// When the work began (default: now); also where a running timer is stopped.
    pub at: Option<String>,
    pub local_only: bool,
    /// What to do with a silence in the timer being switched away from.
    pub gap: GapChoice,
    /// The site it goes to, as `whoami` names it (default: its project's, else the default).
    #[serde(default)]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub site: Option<String>,
}

/// `stop`: end the running timer.
#[derive(Clone, serde::Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct StopRequest {
    pub at: Option<String>,
    /// Replaces the timer's note.
    #[cfg_attr(feature = "ts", ts(type = "string | null"))]
    pub note: Option<Private<String>>,
    pub gap: GapChoice,
}

/// `add`: log time after the fact.
#[derive(Clone, serde::Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct AddRequest {
    pub issue: String,
    pub duration: String,
    /// When the work began (default: it ends now).
    pub at: Option<String>,
    #[cfg_attr(feature = "ts", ts(type = "string | null"))]
    pub note: Option<Private<String>>,
    pub local_only: bool,
    /// The day a start given as a time of day alone (`16:00`) is on, `YYYY-MM-DD`: the day the
    /// window shows. Default: today.
    #[serde(default)]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub on: Option<String>,
    /// The site it goes to, as `whoami` names it (default: its project's, else the default).
    #[serde(default)]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub site: Option<String>,
}

/// `edit`: change an entry or the running timer. `None` leaves a field as it is; an empty note
/// removes the note.
#[derive(Clone, Default, serde::Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct EditRequest {
    pub issue: Option<String>,
    pub duration: Option<String>,
    pub at: Option<String>,
    #[cfg_attr(feature = "ts", ts(type = "string | null"))]
    pub note: Option<Private<String>>,
    pub local_only: Option<bool>,
    /// The site it goes to, as `whoami` names it: one already on another site is deleted there
    /// and created on this one.
    #[serde(default)]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub site: Option<String>,
}

/// Requests hold what the user typed, so their `Debug` shows none of it (`StartRequest { .. }`).
macro_rules! opaque_debug {
    ($($name:ident),*) => {$(
        impl fmt::Debug for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.debug_struct(stringify!($name)).finish_non_exhaustive()
            }
        }
    )*};
}

opaque_debug!(StartRequest, StopRequest, AddRequest, EditRequest);
