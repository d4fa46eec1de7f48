//! Tempo's OAuth 2.0, as Tempo's document describes it in its `info` text (these paths are not
//! among its operations): an administrator's app (client id and secret, a registered redirect
//! address); `GET /oauth/authorize/redirect?client_id&redirect_uri&jira_url` sends the browser back
//! with a code (consent is given at once here); `POST /oauth/token/` trades the code, or a refresh
//! token, for a pair, form-encoded with the client secret, and a refresh kills the pair it
//! replaces; `POST /oauth/revoke_token/` revokes either token. Tempo names neither `state` nor
//! PKCE: a `state` is echoed, and a PKCE challenge, when one is sent, is held to as a standard
//! server would.

use std::collections::HashMap;
use std::time::{Duration, Instant};

use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use base64::Engine as _;
use serde_json::json;
use sha2::Digest as _;

use super::state::TempoState;
use crate::routes::json_answer;

/// An OAuth app a Tempo administrator made.
#[derive(Debug, Clone)]
pub struct TempoOAuthApp {
    pub client_id: String,
    pub client_secret: String,
    /// The Jira site an authorization must name (`jira_url`), when set.
    pub jira_url: Option<String>,
    /// How long an access token lives (Tempo: 60 days).
    pub access_ttl: Duration,
}

impl Default for TempoOAuthApp {
    fn default() -> TempoOAuthApp {
        TempoOAuthApp {
            client_id: "tempo-oauth-client".into(),
            client_secret: "tempo-oauth-secret".into(),
            jira_url: None,
            access_ttl: Duration::from_secs(5_184_000),
        }
    }
}

#[derive(Debug)]
struct Grant {
    redirect_uri: String,
    challenge: Option<String>,
    used: bool,
}

/// The codes and pairs the stand-in issued.
#[derive(Debug, Default)]
pub struct OAuthState {
    codes: HashMap<String, Grant>,
    /// Live access tokens and when each expires.
    access: HashMap<String, Instant>,
    /// Live refresh tokens, each with the access token issued beside it.
    refresh: HashMap<String, String>,
    pub exchanges: u64,
    pub refreshes: u64,
    pub revoked: u64,
}

fn token(prefix: &str) -> String {
    format!("{prefix}-{}", uuid::Uuid::new_v4().simple())
}

impl OAuthState {
    /// Whether `bearer` is a live access token.
    pub fn access_ok(&self, bearer: &str) -> bool {
        self.access.get(bearer).is_some_and(|expires| Instant::now() < *expires)
    }

    fn new_pair(&mut self, ttl: Duration) -> (String, String) {
        let (access, refresh) = (token("tempo-at"), token("tempo-rt"));
        self.access.insert(access.clone(), Instant::now() + ttl);
        self.refresh.insert(refresh.clone(), access.clone());
        (access, refresh)
    }
}

fn redirect_ok(redirect: &str) -> bool {
    url::Url::parse(redirect)
        .is_ok_and(|u| u.scheme() == "http" && u.host_str() == Some("localhost") && u.path() == "/callback")
}

/// The authorize page: checks the request, then sends the browser back with a code.
pub fn authorize(state: &mut TempoState, query: &[(String, String)]) -> Response {
    let q: HashMap<&str, &str> = query.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    let Some(app) = state.config.oauth_app.clone() else {
        return (StatusCode::NOT_FOUND, "no OAuth app is configured").into_response();
    };
    let mut problems = Vec::new();
    if q.get("client_id") != Some(&app.client_id.as_str()) {
        problems.push("client_id is not the app's".to_string());
    }
    let redirect = q.get("redirect_uri").copied().unwrap_or_default();
    if !redirect_ok(redirect) {
        problems.push("redirect_uri must be the registered http://localhost:PORT/callback".into());
    }
    let jira_url = q.get("jira_url").copied().unwrap_or_default();
    let same_site = |want: &str| want.trim_end_matches('/') == jira_url.trim_end_matches('/');
    if jira_url.is_empty() || app.jira_url.as_deref().is_some_and(|want| !same_site(want)) {
        problems.push("jira_url must be the full address of the person's Jira Cloud site".into());
    }
    if q.get("state").is_none_or(|s| s.len() < 16) {
        problems.push("a random state is expected".into());
    }
    let challenge = q.get("code_challenge").map(|c| c.to_string());
    let s256 = q.get("code_challenge_method") == Some(&"S256");
    if challenge.as_ref().is_some_and(|c| !s256 || c.len() != 43) {
        problems.push("a PKCE challenge must be S256".into());
    }
    if !problems.is_empty() {
        state.violations.extend(problems.iter().map(|p| format!("oauth authorize: {p}")));
        return (StatusCode::BAD_REQUEST, problems.join("; ")).into_response();
    }
    let code = token("tempo-code");
    state.oauth.codes.insert(code.clone(), Grant { redirect_uri: redirect.into(), challenge, used: false });
    let mut location = url::Url::parse(redirect).expect("checked above");
    location.query_pairs_mut().append_pair("code", &code).append_pair("state", q["state"]);
    (StatusCode::FOUND, [(header::LOCATION, location.to_string())]).into_response()
}

fn oauth_error(status: u16, error: &str) -> Response {
    json_answer(status, json!({ "error": error }))
}

/// The form of a token or revoke request, or why it is refused (a violation when it is not a form,
/// 401 `invalid_client` when the app's id and secret are not both right).
fn form_of(
    state: &mut TempoState,
    what: &str,
    headers: &HeaderMap,
    body: &[u8],
) -> Result<HashMap<String, String>, Box<Response>> {
    let form_body = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/x-www-form-urlencoded"));
    if !form_body {
        state.violations.push(format!("POST {what}: the body is not application/x-www-form-urlencoded"));
        return Err(Box::new(oauth_error(400, "invalid_request")));
    }
    let form: HashMap<String, String> = url::form_urlencoded::parse(body).into_owned().collect();
    let app = state.config.oauth_app.clone().unwrap_or_default();
    if form.get("client_id") != Some(&app.client_id) || form.get("client_secret") != Some(&app.client_secret) {
        return Err(Box::new(oauth_error(401, "invalid_client")));
    }
    Ok(form)
}

/// `POST /oauth/token/`: a code or a refresh token for a new pair.
pub fn token_endpoint(state: &mut TempoState, headers: &HeaderMap, body: &[u8]) -> Response {
    let form = match form_of(state, "/oauth/token/", headers, body) {
        Ok(form) => form,
        Err(refused) => return *refused,
    };
    let ttl = state.config.oauth_app.as_ref().map_or(Duration::from_secs(60), |a| a.access_ttl);
    let redirect = form.get("redirect_uri").cloned().unwrap_or_default();
    if !redirect_ok(&redirect) {
        state.violations.push("POST /oauth/token/: redirect_uri is missing or not the registered one".into());
        return oauth_error(400, "invalid_request");
    }
    let oauth = &mut state.oauth;
    match form.get("grant_type").map(String::as_str) {
        Some("authorization_code") => {
            oauth.exchanges += 1;
            let code = form.get("code").cloned().unwrap_or_default();
            let Some(grant) = oauth.codes.get_mut(&code).filter(|g| !g.used) else {
                return oauth_error(400, "invalid_grant");
            };
            grant.used = true;
            if grant.redirect_uri != redirect {
                return oauth_error(400, "invalid_grant");
            }
            if let Some(challenge) = &grant.challenge {
                let verifier = form.get("code_verifier").cloned().unwrap_or_default();
                let computed =
                    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(sha2::Sha256::digest(verifier.as_bytes()));
                if &computed != challenge {
                    return oauth_error(400, "invalid_grant");
                }
            }
        }
        Some("refresh_token") => {
            oauth.refreshes += 1;
            let refresh = form.get("refresh_token").cloned().unwrap_or_default();
            // The old pair stops working once a new one is issued.
            let Some(access) = oauth.refresh.remove(&refresh) else {
                return oauth_error(400, "invalid_grant");
            };
            oauth.access.remove(&access);
        }
        _ => return oauth_error(400, "unsupported_grant_type"),
    }
    let (access, refresh) = oauth.new_pair(ttl);
    json_answer(
        200,
        json!({ "access_token": access, "expires_in": ttl.as_secs(), "token_type": "Bearer",
                "scope": "read write", "refresh_token": refresh }),
    )
}

/// `POST /oauth/revoke_token/`: the token named stops working (a refresh token takes its access
/// token with it).
pub fn revoke_endpoint(state: &mut TempoState, headers: &HeaderMap, body: &[u8]) -> Response {
    let form = match form_of(state, "/oauth/revoke_token/", headers, body) {
        Ok(form) => form,
        Err(refused) => return *refused,
    };
    let token = form.get("token").cloned().unwrap_or_default();
    let oauth = &mut state.oauth;
    oauth.revoked += 1;
    if let Some(access) = oauth.refresh.remove(&token) {
        oauth.access.remove(&access);
    }
    oauth.access.remove(&token);
    StatusCode::OK.into_response()
}
