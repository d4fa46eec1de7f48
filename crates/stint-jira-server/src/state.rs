//! Everything the test server remembers: OAuth codes and tokens, issues and their worklogs,
//! recent writes (for Jira's limits), injected faults, counters and contract violations.

use std::collections::{BTreeMap, HashMap, VecDeque};
use std::time::{Duration, Instant};

use base64::Engine as _;
use serde_json::{json, Value};
use sha2::Digest as _;

use crate::{Fault, Faults, ServerConfig};

/// A worklog as the server keeps it.
#[derive(Debug, Clone, PartialEq)]
pub struct StoredWorklog {
    pub id: u64,
    pub issue: String,
    pub author: String,
    /// As it was sent (`2026-11-20T09:15:00.000+0100`).
    pub started: String,
    pub seconds: i64,
    /// ADF (Cloud) or a string (Data Center).
    pub comment: Option<Value>,
    pub properties: BTreeMap<String, Value>,
    pub created: String,
    pub updated: String,
}

/// What happened, for tests and the benchmark.
#[derive(Debug, Clone, Default)]
pub struct Counters {
    pub requests: u64,
    pub writes: u64,
    pub faults: u64,
    pub rate_limited: u64,
    pub token_exchanges: u64,
    pub refreshes: u64,
    pub refused_refreshes: u64,
    pub dropped_after_commit: u64,
    /// The most writes (POST, PUT, DELETE) about one issue that were in flight at once: Jira has
    /// left a wrong "time spent" after concurrent writes to one issue.
    pub most_writes_in_flight_per_issue: u64,
}

#[derive(Debug)]
pub(crate) struct CodeGrant {
    pub client_id: String,
    pub redirect_uri: String,
    pub challenge: String,
    pub used: bool,
}

#[derive(Debug)]
pub(crate) struct AccessToken {
    pub issued: Instant,
    pub expires: Instant,
}

#[derive(Debug)]
pub(crate) struct RefreshToken {
    /// When a newer pair replaced it.
    pub superseded: Option<Instant>,
    /// The pair that replaced it, returned again within the reuse window.
    pub successor: Option<(String, String)>,
}

#[derive(Debug)]
pub(crate) struct Issue {
    pub id: u64,
    pub summary: String,
    pub project_id: u64,
    /// The Tempo Account field, on a site with Tempo.
    pub account: Option<i64>,
    pub worklogs: Vec<StoredWorklog>,
}

#[derive(Debug)]
pub(crate) struct State {
    pub config: ServerConfig,
    pub base_url: String,
    pub codes: HashMap<String, CodeGrant>,
    pub access: HashMap<String, AccessToken>,
    pub refresh: HashMap<String, RefreshToken>,
    issues: BTreeMap<String, Issue>,
    next_worklog: u64,
    next_issue: u64,
    issue_writes: HashMap<String, VecDeque<Instant>>,
    posts: VecDeque<Instant>,
    /// Writes in flight, by issue.
    pub writes_in_flight: HashMap<String, u64>,
    /// Data Center's per-user token bucket: tokens left, and when it was last filled.
    bucket: Option<(f64, Instant)>,
    rng: u64,
    /// Worklogs deleted, and when (Unix milliseconds), for `worklog/deleted`.
    pub deleted: Vec<(u64, i64)>,
    pub violations: Vec<String>,
    pub counters: Counters,
}

/// A token nobody can guess.
fn token(prefix: &str) -> String {
    format!("{prefix}-{}{}", uuid::Uuid::new_v4().simple(), uuid::Uuid::new_v4().simple())
}

fn now_text() -> String {
    chrono::Utc::now().format("%Y-%m-%dT%H:%M:%S%.3f%z").to_string()
}

/// An issue key as Jira would accept it: PROJECT-NUMBER.
pub(crate) fn is_issue_key(key: &str) -> bool {
    key.rsplit_once('-').is_some_and(|(p, n)| {
        p.chars().next().is_some_and(|c| c.is_ascii_uppercase())
            && p.chars().all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_')
            && !n.is_empty()
            && n.bytes().all(|b| b.is_ascii_digit())
    })
}

/// Takes a token from a bucket refilled at `rate` a second and holding as many at most; `false`
/// when it is empty. The bucket is `(tokens, when last filled)`.
pub(crate) fn take_token(bucket: &mut Option<(f64, Instant)>, rate: u32) -> bool {
    let rate = f64::from(rate.max(1));
    let now = Instant::now();
    let (tokens, since) = bucket.unwrap_or((rate, now));
    let tokens = (tokens + now.duration_since(since).as_secs_f64() * rate).min(rate);
    if tokens < 1.0 {
        *bucket = Some((tokens, now));
        return false;
    }
    *bucket = Some((tokens - 1.0, now));
    true
}

/// Whether a request gets a fault, and which: seeded (xorshift64*), so a run replays.
pub(crate) fn draw_fault(rng: &mut u64, faults: &Faults) -> Option<Fault> {
    if faults.rate <= 0.0 || faults.kinds.is_empty() {
        return None;
    }
    let mut next = || {
        *rng ^= *rng >> 12;
        *rng ^= *rng << 25;
        *rng ^= *rng >> 27;
        rng.wrapping_mul(0x2545_F491_4F6C_DD1D)
    };
    let roll = (next() >> 11) as f64 / (1u64 << 53) as f64;
    let pick = next() as usize;
    (roll < faults.rate).then(|| faults.kinds[pick % faults.kinds.len()])
}

impl State {
    pub fn new(config: ServerConfig, base_url: String) -> State {
        let next_issue = config.tempo_issues.iter().map(|f| f.id).max().unwrap_or(0).max(20_000);
        let mut state = State {
            rng: config.faults.seed.max(1),
            config,
            base_url,
            codes: HashMap::new(),
            access: HashMap::new(),
            refresh: HashMap::new(),
            issues: BTreeMap::new(),
            next_worklog: 10_000,
            // Above every id a Tempo site's issues have: ids are unique on a site.
            next_issue,
            issue_writes: HashMap::new(),
            posts: VecDeque::new(),
            writes_in_flight: HashMap::new(),
            bucket: None,
            deleted: Vec::new(),
            violations: Vec::new(),
            counters: Counters::default(),
        };
        for (key, summary) in state.config.issues.clone().unwrap_or_default() {
            state.add_issue(&key, &summary);
        }
        // A Tempo site's issues exist from the start: Tempo names them by id before Jira met them.
        for facts in state.config.tempo_issues.clone() {
            if !state.issues.contains_key(&facts.key) {
                state.add_issue(&facts.key, &format!("Work on {}", facts.key));
            }
        }
        state
    }

    fn add_issue(&mut self, key: &str, summary: &str) {
        let facts = self.config.tempo_issues.iter().find(|f| f.key == key).cloned();
        let id = match &facts {
            Some(f) => f.id,
            None => {
                self.next_issue += 1;
                self.next_issue
            }
        };
        // A project's id: the Tempo site's, else one per project key, the same on every start.
        let project = key.split('-').next().unwrap_or_default();
        let project_id = facts
            .as_ref()
            .map(|f| f.project_id)
            .unwrap_or_else(|| project.bytes().fold(90_000u64, |n, b| (n * 31 + u64::from(b)) % 1_000_000_000));
        let account = facts.and_then(|f| f.account);
        self.issues.insert(
            key.to_string(),
            Issue { id, summary: summary.to_string(), project_id, account, worklogs: Vec::new() },
        );
    }

    /// The issue, if it exists (with `issues: None`, every well-formed key does).
    pub fn issue_mut(&mut self, key: &str) -> Option<&mut Issue> {
        if self.config.issues.is_none() && is_issue_key(key) && !self.issues.contains_key(key) {
            self.add_issue(key, &format!("Work on {key}"));
        }
        self.issues.get_mut(key)
    }

    pub fn issues(&self) -> impl Iterator<Item = (&String, &Issue)> {
        self.issues.iter()
    }

    pub fn all_worklogs(&self) -> Vec<StoredWorklog> {
        self.issues.values().flat_map(|i| i.worklogs.iter().cloned()).collect()
    }

    pub fn set_faults(&mut self, faults: Faults) {
        self.rng = faults.seed.max(1);
        self.config.faults = faults;
    }

    pub fn expire_access_tokens(&mut self) {
        let past = Instant::now() - Duration::from_secs(1);
        for t in self.access.values_mut() {
            t.expires = past;
        }
    }

    pub fn revoke_refresh_tokens(&mut self) {
        self.refresh.clear();
    }

    // ---- OAuth ---------------------------------------------------------------------------

    pub fn issue_code(&mut self, client_id: &str, redirect_uri: &str, challenge: &str) -> String {
        let code = token("code");
        self.codes.insert(
            code.clone(),
            CodeGrant {
                client_id: client_id.into(),
                redirect_uri: redirect_uri.into(),
                challenge: challenge.into(),
                used: false,
            },
        );
        code
    }

    fn new_pair(&mut self) -> (String, String) {
        let access = token("at");
        let refresh = token("rt");
        let now = Instant::now();
        self.access.insert(access.clone(), AccessToken { issued: now, expires: now + self.config.access_ttl });
        self.refresh.insert(refresh.clone(), RefreshToken { superseded: None, successor: None });
        (access, refresh)
    }

    fn client_ok(&self, form: &HashMap<String, String>) -> bool {
        form.get("client_id") == Some(&self.config.client_id)
            && match &self.config.client_secret {
                Some(secret) => form.get("client_secret") == Some(secret),
                None => true,
            }
    }

    /// The token endpoint: `Ok(pair)` or `Err((status, oauth error))`.
    pub fn token(
        &mut self,
        form: &HashMap<String, String>,
    ) -> Result<(String, String), (u16, &'static str, &'static str)> {
        if !self.client_ok(form) {
            return Err((401, "access_denied", "Unauthorized"));
        }
        match form.get("grant_type").map(String::as_str) {
            Some("authorization_code") => {
                self.counters.token_exchanges += 1;
                let code = form.get("code").cloned().unwrap_or_default();
                let Some(grant) = self.codes.get_mut(&code) else {
                    return Err((403, "invalid_grant", "Invalid authorization code"));
                };
                if grant.used {
                    return Err((403, "invalid_grant", "Authorization code already used"));
                }
                grant.used = true;
                if form.get("redirect_uri") != Some(&grant.redirect_uri)
                    || form.get("client_id") != Some(&grant.client_id)
                {
                    return Err((403, "invalid_grant", "redirect_uri does not match"));
                }
                let verifier = form.get("code_verifier").cloned().unwrap_or_default();
                let computed =
                    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(sha2::Sha256::digest(verifier.as_bytes()));
                if verifier.len() < 43 || computed != grant.challenge {
                    return Err((403, "invalid_grant", "code_verifier does not match the code_challenge"));
                }
                Ok(self.new_pair())
            }
            Some("refresh_token") => {
                let presented = form.get("refresh_token").cloned().unwrap_or_default();
                let window = self.config.refresh_reuse_window;
                let Some(known) = self.refresh.get(&presented) else {
                    self.counters.refused_refreshes += 1;
                    return Err((403, "invalid_grant", "Unknown or invalid refresh token."));
                };
                match (known.superseded, known.successor.clone()) {
                    (None, _) => {
                        self.counters.refreshes += 1;
                        let pair = self.new_pair();
                        if let Some(old) = self.refresh.get_mut(&presented) {
                            old.superseded = Some(Instant::now());
                            old.successor = Some(pair.clone());
                        }
                        Ok(pair)
                    }
                    (Some(at), Some(pair)) if at.elapsed() <= window => Ok(pair),
                    _ => {
                        self.counters.refused_refreshes += 1;
                        Err((403, "invalid_grant", "Unknown or invalid refresh token."))
                    }
                }
            }
            _ => Err((400, "unsupported_grant_type", "grant_type must be authorization_code or refresh_token")),
        }
    }

    /// Whether a bearer token is a live OAuth access token.
    pub fn access_ok(&self, bearer: &str) -> bool {
        self.access.get(bearer).is_some_and(|t| t.expires > Instant::now())
    }

    /// Expires an access token early, as a fault; one issued a moment ago is left alone (no
    /// server hands out a token that is already dead). Returns whether it expired.
    pub fn expire_early(&mut self, bearer: &str) -> bool {
        match self.access.get_mut(bearer) {
            Some(t) if t.issued.elapsed() >= Duration::from_secs(2) => {
                t.expires = Instant::now() - Duration::from_secs(1);
                true
            }
            _ => false,
        }
    }

    // ---- Limits and faults -----------------------------------------------------------------

    /// Records a write to `issue` and says whether it breaks Jira's limits: which, and how many
    /// seconds until it would fit (Jira's `Retry-After`).
    /// Takes a token from Data Center's per-user bucket (`token_bucket_per_second` a second, as
    /// many at most); `false` when it is empty.
    pub fn take_token(&mut self) -> bool {
        match self.config.token_bucket_per_second {
            Some(rate) => take_token(&mut self.bucket, rate),
            None => true,
        }
    }

    pub fn limit(&mut self, issue: &str, is_post: bool) -> Option<(&'static str, u64)> {
        if !self.config.enforce_rate_limits {
            return None;
        }
        let now = Instant::now();
        let writes = self.issue_writes.entry(issue.to_string()).or_default();
        while writes.front().is_some_and(|t| now.duration_since(*t) > Duration::from_secs(30)) {
            writes.pop_front();
        }
        let wait = |events: &VecDeque<Instant>, most: usize, span: Duration| {
            let inside: Vec<&Instant> = events.iter().filter(|t| now.duration_since(**t) <= span).collect();
            (inside.len() >= most).then(|| {
                let frees = *inside[inside.len() - most] + span;
                frees.saturating_duration_since(now).as_secs_f64().ceil().max(1.0) as u64
            })
        };
        let per_issue = wait(writes, 20, Duration::from_secs(2)).max(wait(writes, 100, Duration::from_secs(30)));
        if let Some(seconds) = per_issue {
            return Some(("jira-per-issue-on-write", seconds));
        }
        while self.posts.front().is_some_and(|t| now.duration_since(*t) > Duration::from_secs(1)) {
            self.posts.pop_front();
        }
        if is_post && self.posts.len() >= 100 {
            return Some(("jira-burst-based", 1));
        }
        writes.push_back(now);
        if is_post {
            self.posts.push_back(now);
        }
        None
    }

    /// Whether this request gets a fault, and which (seeded, so a run replays).
    pub fn draw_fault(&mut self) -> Option<Fault> {
        draw_fault(&mut self.rng, &self.config.faults)
    }

    // ---- Worklogs ---------------------------------------------------------------------------

    pub fn add_worklog(&mut self, issue: &str, author: &str, body: &Value) -> Result<StoredWorklog, (u16, Value)> {
        let started = body.get("started").and_then(Value::as_str).unwrap_or_default().to_string();
        let seconds = body.get("timeSpentSeconds").and_then(Value::as_i64).unwrap_or(0);
        check_worklog_fields(&started, seconds)?;
        let keep_properties = self.config.store_body_properties;
        let max = self.config.max_worklogs_per_issue;
        self.next_worklog += 1;
        let id = self.next_worklog;
        let Some(issue_data) = self.issue_mut(issue) else { return Err(issue_missing()) };
        if issue_data.worklogs.len() >= max {
            return Err((413, json!({ "errorMessages": ["The issue has too many worklogs."], "errors": {} })));
        }
        let mut properties = BTreeMap::new();
        if keep_properties {
            for p in body.get("properties").and_then(Value::as_array).into_iter().flatten() {
                if let Some(key) = p.get("key").and_then(Value::as_str) {
                    properties.insert(key.to_string(), p.get("value").cloned().unwrap_or(Value::Null));
                }
            }
        }
        let now = now_text();
        let worklog = StoredWorklog {
            id,
            issue: issue.to_string(),
            author: author.to_string(),
            started,
            seconds,
            comment: body.get("comment").cloned(),
            properties,
            created: now.clone(),
            updated: now,
        };
        issue_data.worklogs.push(worklog.clone());
        Ok(worklog)
    }

    pub fn backdate_changes(&mut self, by: chrono::Duration) {
        let earlier = |text: &str| {
            chrono::DateTime::parse_from_str(text, "%Y-%m-%dT%H:%M:%S%.3f%z")
                .map(|t| (t - by).format("%Y-%m-%dT%H:%M:%S%.3f%z").to_string())
                .unwrap_or_else(|_| text.to_string())
        };
        for issue in self.issues.values_mut() {
            for w in &mut issue.worklogs {
                w.updated = earlier(&w.updated);
                w.created = earlier(&w.created);
            }
        }
        for (_, at) in &mut self.deleted {
            *at -= by.num_milliseconds();
        }
    }

    pub fn update_worklog(&mut self, issue: &str, id: u64, body: &Value) -> Result<StoredWorklog, (u16, Value)> {
        let Some(issue_data) = self.issue_mut(issue) else { return Err(issue_missing()) };
        let Some(w) = issue_data.worklogs.iter_mut().find(|w| w.id == id) else { return Err(worklog_missing()) };
        let started = body.get("started").and_then(Value::as_str).map(str::to_string).unwrap_or(w.started.clone());
        let seconds = body.get("timeSpentSeconds").and_then(Value::as_i64).unwrap_or(w.seconds);
        check_worklog_fields(&started, seconds)?;
        w.started = started;
        w.seconds = seconds;
        if let Some(comment) = body.get("comment") {
            w.comment = Some(comment.clone());
        }
        w.updated = now_text();
        Ok(w.clone())
    }

    pub fn worklog(&mut self, issue: &str, id: u64) -> Result<StoredWorklog, (u16, Value)> {
        let Some(issue_data) = self.issue_mut(issue) else { return Err(issue_missing()) };
        issue_data.worklogs.iter().find(|w| w.id == id).cloned().ok_or_else(worklog_missing)
    }

    pub fn delete_worklog(&mut self, issue: &str, id: u64) -> Result<(), (u16, Value)> {
        if self.config.deletes_forbidden.iter().any(|i| i == issue) {
            let said = "You do not have the permission to delete this worklog.";
            return Err((400, json!({ "errorMessages": [said], "errors": {} })));
        }
        let Some(issue_data) = self.issue_mut(issue) else { return Err(issue_missing()) };
        let before = issue_data.worklogs.len();
        issue_data.worklogs.retain(|w| w.id != id);
        if issue_data.worklogs.len() == before {
            return Err(worklog_missing());
        }
        self.deleted.push((id, chrono::Utc::now().timestamp_millis()));
        Ok(())
    }

    /// The issue and number of the worklog with this id.
    pub fn find_worklog(&self, id: &str) -> Option<(String, u64)> {
        let id: u64 = id.parse().ok()?;
        self.issues.iter().find_map(|(key, i)| i.worklogs.iter().any(|w| w.id == id).then(|| (key.clone(), id)))
    }

    /// The account id of `who` on this site.
    pub fn author(&self, who: crate::Who) -> String {
        let me = &self.config.account.id;
        match who {
            crate::Who::Me => me.clone(),
            crate::Who::Colleague(n) => format!("{me}-colleague-{n}"),
            crate::Who::TempoApp => "557058:tempo-timesheets-app".into(),
        }
    }

    pub fn set_property(&mut self, issue: &str, id: u64, key: &str, value: Value) -> Result<bool, (u16, Value)> {
        let Some(issue_data) = self.issue_mut(issue) else { return Err(issue_missing()) };
        let Some(w) = issue_data.worklogs.iter_mut().find(|w| w.id == id) else { return Err(worklog_missing()) };
        Ok(w.properties.insert(key.to_string(), value).is_none())
    }

    pub fn insert_foreign_worklog(&mut self, issue: &str, started: &str, seconds: i64) -> String {
        let author = self.author(crate::Who::Colleague(0));
        let body = json!({ "started": started, "timeSpentSeconds": seconds });
        self.add_worklog(issue, &author, &body).map(|w| w.id.to_string()).unwrap_or_default()
    }
}

fn check_worklog_fields(started: &str, seconds: i64) -> Result<(), (u16, Value)> {
    if !crate::schema::is_date_time(started) {
        return Err((400, json!({ "errorMessages": [], "errors": { "started": "A valid start date is required." } })));
    }
    if seconds < 60 {
        return Err((
            400,
            json!({ "errorMessages": [], "errors": { "timeLogged": "You must indicate the time spent working, at least one minute." } }),
        ));
    }
    Ok(())
}

fn issue_missing() -> (u16, Value) {
    (404, json!({ "errorMessages": ["Issue does not exist or you do not have permission to see it."], "errors": {} }))
}

fn worklog_missing() -> (u16, Value) {
    (404, json!({ "errorMessages": ["Cannot find worklog with id."], "errors": {} }))
}
