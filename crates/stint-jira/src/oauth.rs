//! OAuth 2.0 authorization code with PKCE (S256) and a random `state`, for Jira Cloud (3LO),
//! Jira Data Center, and Tempo's OAuth apps. The `oauth2` crate makes the PKCE pair and the state; the token requests are
//! form bodies (`application/x-www-form-urlencoded`, as RFC 6749 asks) on Cloud and Data Center
//! alike, with `client_secret` when configured (Atlassian's token endpoint still wants it
//! alongside PKCE).
//! Refresh tokens rotate: every refresh returns a new pair, which the caller stores before use.

use chrono::{DateTime, Utc};
use oauth2::{CsrfToken, PkceCodeChallenge, PkceCodeVerifier};
use reqwest::header::HeaderValue;
use reqwest::Method;
use url::Url;

use crate::answers;
use crate::endpoints::{OAuthApp, CLOUD_SCOPES, DATA_CENTER_SCOPES};
use crate::http::{Body, Http, Outcome};
use crate::model::Site;
use crate::{JiraError, Secret};
use stint_domain::Remedy;

/// Which OAuth provider: Atlassian's (Cloud), a Data Center site's own, or Tempo's.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Flavor {
    Cloud,
    DataCenter,
    /// Tempo's OAuth 2.0, with an app a Tempo administrator made. Tempo's document names no
    /// scope parameter (the app's access is set in Tempo), and its refresh wants `redirect_uri`
    /// again. It names neither `state` nor PKCE either: both are sent anyway, `state` is always
    /// checked here, and PKCE protects the code wherever Tempo's server honours it.
    Tempo,
}

/// A sign-in in progress: what the browser is sent to, and what must come back.
pub struct Authorization {
    pub url: Url,
    pub state: Secret,
    verifier: PkceCodeVerifier,
}

impl std::fmt::Debug for Authorization {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Authorization").finish_non_exhaustive()
    }
}

pub use crate::answers::Tokens;

/// The address to send the browser to, with a fresh PKCE pair and `state`.
pub fn authorize(flavor: Flavor, authorize_url: &Url, app: &OAuthApp) -> Authorization {
    let (challenge, verifier) = PkceCodeChallenge::new_random_sha256();
    let state = CsrfToken::new_random();
    let mut url = authorize_url.clone();
    {
        let mut q = url.query_pairs_mut();
        if flavor == Flavor::Cloud {
            q.append_pair("audience", "api.atlassian.com");
        }
        q.append_pair("client_id", &app.client_id);
        match flavor {
            Flavor::Cloud => q.append_pair("scope", CLOUD_SCOPES),
            Flavor::DataCenter => q.append_pair("scope", DATA_CENTER_SCOPES),
            Flavor::Tempo => &mut q,
        };
        q.append_pair("redirect_uri", &app.redirect_uri())
            .append_pair("state", state.secret())
            .append_pair("response_type", "code")
            .append_pair("code_challenge", challenge.as_str())
            .append_pair("code_challenge_method", challenge.method().as_str());
        if flavor == Flavor::Cloud {
            q.append_pair("prompt", "consent");
        }
    }
    Authorization { url, state: Secret::new(state.secret().clone()), verifier }
}

/// Exchanges the code the browser brought back for tokens.
pub async fn exchange(
    http: &Http,
    token_url: &Url,
    app: &OAuthApp,
    code: &str,
    authorization: Authorization,
    now: DateTime<Utc>,
) -> Result<Tokens, JiraError> {
    let fields = vec![
        ("grant_type", "authorization_code".to_string()),
        ("code", code.to_string()),
        ("redirect_uri", app.redirect_uri()),
        ("code_verifier", authorization.verifier.secret().clone()),
    ];
    token_request(http, token_url, app, fields, now).await.map_err(|e| match e {
        // The app itself was refused (a wrong client id or secret): 401, or `invalid_client`.
        JiraError::NeedsSignIn(why) if why.contains("401") || why.contains("invalid_client") => JiraError::SignIn {
            problem: format!("the sign-in server refused Stint's OAuth app ({why})"),
            remedy: Some(Remedy::CheckOauthApp),
        },
        // The code itself was refused (`invalid_grant`: used already, expired, or not this
        // sign-in's): signing in again gets a new one. Not the app's fault.
        JiraError::NeedsSignIn(why) => {
            JiraError::sign_in(format!("the sign-in server did not accept the sign-in code ({why})"))
        }
        other => other,
    })
}

/// Trades a refresh token for a new pair. A refresh token the server no longer knows means the
/// user must sign in again.
pub async fn refresh(
    http: &Http,
    flavor: Flavor,
    token_url: &Url,
    app: &OAuthApp,
    refresh_token: &Secret,
    now: DateTime<Utc>,
) -> Result<Tokens, JiraError> {
    let mut fields =
        vec![("grant_type", "refresh_token".to_string()), ("refresh_token", refresh_token.expose().to_string())];
    if flavor == Flavor::Tempo {
        // Tempo's refresh names the redirect address again.
        fields.push(("redirect_uri", app.redirect_uri()));
    }
    token_request(http, token_url, app, fields, now).await
}

/// Asks the server to revoke `token` (`token_type_hint`: `access_token` or `refresh_token`), as
/// RFC 7009 describes and Tempo's `revoke_token` takes it.
pub async fn revoke(
    http: &Http,
    revoke_url: &Url,
    app: &OAuthApp,
    token: &Secret,
    hint: &str,
) -> Result<(), JiraError> {
    let mut fields = vec![("token_type_hint", hint.to_string()), ("token", token.expose().to_string())];
    fields.push(("client_id", app.client_id.clone()));
    if let Some(secret) = &app.client_secret {
        fields.push(("client_secret", secret.expose().to_string()));
    }
    match http.send(Method::POST, revoke_url, None, Some(&Body::Form(fields))).await? {
        Outcome::Ok(_) => Ok(()),
        Outcome::Unauthorized => Err(JiraError::NeedsSignIn("the sign-in server answered 401".into())),
    }
}

async fn token_request(
    http: &Http,
    token_url: &Url,
    app: &OAuthApp,
    mut fields: Vec<(&'static str, String)>,
    now: DateTime<Utc>,
) -> Result<Tokens, JiraError> {
    fields.push(("client_id", app.client_id.clone()));
    if let Some(secret) = &app.client_secret {
        fields.push(("client_secret", secret.expose().to_string()));
    }
    // A form body, as RFC 6749 asks, for Atlassian and Data Center alike (Atlassian's examples show
    // JSON, and its endpoint takes both; standard servers take only the form).
    let body = Body::Form(fields);
    let answer = match http.send(Method::POST, token_url, None, Some(&body)).await {
        Ok(Outcome::Ok(answer)) => answer,
        Ok(Outcome::Unauthorized) => return Err(JiraError::NeedsSignIn("the sign-in server answered 401".into())),
        // Atlassian answers a dead refresh token with 403 invalid_grant; others with 400.
        Err(JiraError::Refused { status: 400 | 403, message }) => return Err(JiraError::NeedsSignIn(message)),
        Err(other) => return Err(other),
    };
    answers::tokens(&answer.host, &answer.body, now)
}

/// The Jira Cloud sites the sign-in may use.
pub async fn sites(http: &Http, resources_url: &Url, access: &Secret) -> Result<Vec<Site>, JiraError> {
    let header = HeaderValue::from_str(&format!("Bearer {}", access.expose())).map_err(|_| JiraError::BadAnswer {
        host: "token endpoint".into(),
        detail: "an access token that is not text".into(),
    })?;
    match http.send(Method::GET, resources_url, Some(&header), None).await? {
        Outcome::Ok(answer) => {
            let (sites, left_out) = answers::sites(&answer.host, &answer.body)?;
            if left_out > 0 {
                tracing::warn!(count = left_out, "accessible-resources named sites without a cloud id; left out");
            }
            Ok(sites)
        }
        Outcome::Unauthorized => Err(JiraError::sign_in("the new token was refused by accessible-resources")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn app() -> OAuthApp {
        OAuthApp { client_id: "client-1".into(), client_secret: None, redirect_port: 47_813 }
    }

    #[test]
    fn the_authorize_url_carries_pkce_state_and_scopes() {
        let base = Url::parse("https://auth.atlassian.com/authorize").unwrap();
        let a = authorize(Flavor::Cloud, &base, &app());
        let q: std::collections::HashMap<String, String> = a.url.query_pairs().into_owned().collect();
        assert_eq!(q["audience"], "api.atlassian.com");
        assert_eq!(q["scope"], "read:jira-work write:jira-work read:jira-user offline_access");
        assert_eq!(q["redirect_uri"], "http://localhost:47813/callback");
        assert_eq!(q["code_challenge_method"], "S256");
        assert_eq!(q["response_type"], "code");
        assert_eq!(q["prompt"], "consent");
        assert_eq!(q["state"], a.state.expose());
        assert!(a.state.expose().len() >= 20);
        // The challenge is the SHA-256 of the verifier, base64url without padding.
        assert_eq!(q["code_challenge"].len(), 43);
        let again = authorize(Flavor::Cloud, &base, &app());
        assert_ne!(again.state, a.state, "a fresh state every time");
        let dc = authorize(Flavor::DataCenter, &base, &app());
        let q: std::collections::HashMap<String, String> = dc.url.query_pairs().into_owned().collect();
        assert_eq!(q["scope"], "READ WRITE");
        assert!(!q.contains_key("audience"));
    }
}
