//! Tokens in the OS keychain (the Secret Service on Linux, through `keyring`), and nowhere else:
//! not in SQLite, the config, logs or exports, and never in a plaintext file when the keychain is
//! missing. One keychain item per Stint database holds the whole credential as JSON.
//!
//! These calls block (D-Bus round trips): async code runs them on a blocking thread.

use serde::{Deserialize, Serialize};

use crate::endpoints::OAuthApp;
use crate::{JiraError, Secret};

/// The keychain service name Stint's items are filed under.
pub const SERVICE: &str = "stint";

/// What Stint signs in with.
#[derive(Clone, PartialEq, Eq)]
pub enum Credential {
    /// OAuth 2.0 (Cloud, Data Center or Tempo): a rotating pair. `app`: the OAuth app the pair
    /// was issued to, when it is not Stint's own (a Tempo administrator's app, whose client
    /// secret is a real secret and is kept here with the pair, since each refresh needs it).
    OAuth { access: Secret, refresh: Option<Secret>, expires_at: Option<i64>, app: Option<OAuthApp> },
    /// Jira Cloud: an email address and an API token (HTTP Basic).
    ApiToken { email: Secret, token: Secret },
    /// Jira Data Center: a personal access token (Bearer).
    PersonalToken { token: Secret },
}

impl std::fmt::Debug for Credential {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Credential::OAuth { .. } => "Credential::OAuth(<redacted>)",
            Credential::ApiToken { .. } => "Credential::ApiToken(<redacted>)",
            Credential::PersonalToken { .. } => "Credential::PersonalToken(<redacted>)",
        })
    }
}

/// The stored form; it exists only on its way into and out of the keychain.
#[derive(Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
enum Stored {
    Oauth {
        access_token: String,
        refresh_token: Option<String>,
        expires_at: Option<i64>,
        /// The app's, for a pair issued to an app that is not Stint's own (absent before Tempo).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        app: Option<StoredApp>,
    },
    ApiToken {
        email: String,
        token: String,
    },
    PersonalToken {
        token: String,
    },
}

#[derive(Serialize, Deserialize)]
struct StoredApp {
    client_id: String,
    client_secret: Option<String>,
    redirect_port: u16,
}

impl Credential {
    fn to_stored(&self) -> Stored {
        match self {
            Credential::OAuth { access, refresh, expires_at, app } => Stored::Oauth {
                access_token: access.expose().to_string(),
                refresh_token: refresh.as_ref().map(|r| r.expose().to_string()),
                expires_at: *expires_at,
                app: app.as_ref().map(|a| StoredApp {
                    client_id: a.client_id.clone(),
                    client_secret: a.client_secret.as_ref().map(|s| s.expose().to_string()),
                    redirect_port: a.redirect_port,
                }),
            },
            Credential::ApiToken { email, token } => {
                Stored::ApiToken { email: email.expose().to_string(), token: token.expose().to_string() }
            }
            Credential::PersonalToken { token } => Stored::PersonalToken { token: token.expose().to_string() },
        }
    }

    fn from_stored(stored: Stored) -> Credential {
        match stored {
            Stored::Oauth { access_token, refresh_token, expires_at, app } => Credential::OAuth {
                access: Secret::new(access_token),
                refresh: refresh_token.map(Secret::new),
                expires_at,
                app: app.map(|a| OAuthApp {
                    client_id: a.client_id,
                    client_secret: a.client_secret.map(Secret::new),
                    redirect_port: a.redirect_port,
                }),
            },
            Stored::ApiToken { email, token } => {
                Credential::ApiToken { email: Secret::new(email), token: Secret::new(token) }
            }
            Stored::PersonalToken { token } => Credential::PersonalToken { token: Secret::new(token) },
        }
    }
}

/// The keychain item of one Stint database.
#[derive(Debug, Clone)]
pub struct Vault {
    account: String,
}

impl Vault {
    /// The item for the database whose install id is `install_id`.
    pub fn for_install(install_id: &str) -> Vault {
        Vault { account: format!("jira-{install_id}") }
    }

    /// The item for site `site` of that database: site 1 (the only one before Stint knew several)
    /// keeps the install's own item, so an upgrade keeps its sign-in.
    pub fn for_site(install_id: &str, site: i64) -> Vault {
        match site {
            1 => Vault::for_install(install_id),
            n => Vault { account: format!("jira-{install_id}-site{n}") },
        }
    }

    /// The item for the Tempo sign-in of site `site` (a personal API token, kept as a
    /// `PersonalToken`, or an OAuth pair with its app): apart from the site's Jira sign-in, so
    /// signing out of one leaves the other.
    pub fn for_tempo(install_id: &str, site: i64) -> Vault {
        Vault { account: format!("tempo-{install_id}-site{site}") }
    }

    pub fn account(&self) -> &str {
        &self.account
    }

    fn entry(&self) -> Result<keyring::Entry, JiraError> {
        keyring::Entry::new(SERVICE, &self.account).map_err(keychain_error)
    }

    /// The stored credential, if there is one.
    pub fn load(&self) -> Result<Option<Credential>, JiraError> {
        match self.entry()?.get_password() {
            Ok(text) => {
                let stored: Stored = serde_json::from_str(&text).map_err(|_| {
                    JiraError::NeedsSignIn("the sign-in saved in the keychain could not be read".into())
                })?;
                Ok(Some(Credential::from_stored(stored)))
            }
            Err(keyring::Error::NoEntry) => Ok(None),
            Err(e) => Err(keychain_error(e)),
        }
    }

    /// Stores `credential`, replacing what was there.
    pub fn save(&self, credential: &Credential) -> Result<(), JiraError> {
        let text = serde_json::to_string(&credential.to_stored())
            .map_err(|e| JiraError::Keychain(format!("could not prepare the sign-in for the keychain: {e}")))?;
        self.entry()?.set_password(&text).map_err(keychain_error)
    }

    /// Deletes the stored credential; `false` when there was none.
    pub fn delete(&self) -> Result<bool, JiraError> {
        match self.entry()?.delete_credential() {
            Ok(()) => Ok(true),
            Err(keyring::Error::NoEntry) => Ok(false),
            Err(e) => Err(keychain_error(e)),
        }
    }
}

/// Says which keychain problem it is and how to fix it. Never suggests a file instead.
fn keychain_error(e: keyring::Error) -> JiraError {
    let text = e.to_string();
    let lower = format!("{e:?} {text}").to_ascii_lowercase();
    let no_bus = std::env::var_os("DBUS_SESSION_BUS_ADDRESS").is_none_or(|v| v.is_empty());
    // A locked GNOME Keyring with nothing to show its unlock prompt answers "prompt dismissed".
    if lower.contains("locked") || lower.contains("dismissed") {
        return JiraError::KeychainLocked;
    }
    let message = if matches!(e, keyring::Error::PlatformFailure(_) | keyring::Error::NoStorageAccess(_)) && no_bus {
        "no keychain is reachable: there is no D-Bus session bus (DBUS_SESSION_BUS_ADDRESS is not set). Stint keeps \
         tokens only in the OS keychain: run it inside your desktop session, or start one with `dbus-run-session` and \
         gnome-keyring-daemon"
            .to_string()
    } else if lower.contains("no secret service") || lower.contains("serviceunknown") || lower.contains("not provided")
    {
        "no keychain is reachable: nothing provides the Secret Service (org.freedesktop.secrets) on the session bus. \
         Stint keeps tokens only in the OS keychain: install and start one (GNOME Keyring or KWallet)"
            .to_string()
    } else {
        format!("the keychain failed ({text}): Stint keeps tokens only there, so fix the keychain and try again")
    };
    JiraError::Keychain(message)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn credentials_round_trip_through_their_stored_form_and_never_show() {
        let c = Credential::OAuth {
            access: Secret::new("acc-Sentinel"),
            refresh: Some(Secret::new("ref-Sentinel")),
            expires_at: Some(1_800_000_000),
            app: None,
        };
        let round = |c: &Credential| {
            Credential::from_stored(serde_json::from_str(&serde_json::to_string(&c.to_stored()).unwrap()).unwrap())
        };
        assert_eq!(round(&c), c);
        assert!(!format!("{c:?}").contains("Sentinel"));
        // A Tempo pair keeps the administrator's app with it, its secret included.
        let tempo = Credential::OAuth {
            access: Secret::new("acc-Sentinel"),
            refresh: Some(Secret::new("ref-Sentinel")),
            expires_at: Some(1_800_000_000),
            app: Some(OAuthApp {
                client_id: "tempo-app".into(),
                client_secret: Some(Secret::new("app-Sentinel")),
                redirect_port: 47_813,
            }),
        };
        assert_eq!(round(&tempo), tempo);
        assert!(!format!("{tempo:?}").contains("Sentinel"));
        // An item kept before apps were kept reads as Stint's own app.
        let old = r#"{"kind":"oauth","access_token":"a","refresh_token":"r","expires_at":5}"#;
        assert!(matches!(
            Credential::from_stored(serde_json::from_str(old).unwrap()),
            Credential::OAuth { app: None, .. }
        ));
        let t = Credential::ApiToken { email: Secret::new("me@example.com"), token: Secret::new("t") };
        assert!(!format!("{t:?}").contains("example.com"));
    }
}
