//! The one HTTP client: every request is checked against the egress allow-list before it is sent,
//! redirects are never followed (a redirect could lead anywhere), TLS is 1.2 or newer, answers are
//! read up to a bound (Jira's answers are untrusted), and statuses are turned into `JiraError`s
//! here and nowhere else.

use std::time::Duration;

use reqwest::header::{HeaderMap, HeaderValue, ACCEPT, AUTHORIZATION, CONTENT_TYPE, RETRY_AFTER, USER_AGENT};
use reqwest::{Method, StatusCode};
use url::Url;

use crate::endpoints::AllowList;
use crate::error::RateLimitReason;
use crate::JiraError;

/// The largest answer Stint reads; a worklog page of 5,000 is well under it.
const MAX_ANSWER_BYTES: usize = 32 * 1024 * 1024;

/// A request body.
#[derive(Debug, Clone)]
pub enum Body {
    Json(serde_json::Value),
    Form(Vec<(&'static str, String)>),
}

/// A successful answer (2xx).
#[derive(Debug)]
pub struct Answer {
    pub status: u16,
    pub body: Vec<u8>,
    pub host: String,
}

impl Answer {
    /// The body as `T`; a body that is not is a `BadAnswer`.
    pub fn json<T: serde::de::DeserializeOwned>(&self) -> Result<T, JiraError> {
        crate::answers::json(&self.host, &self.body)
    }
}

/// Whatever came back, with the wait it asked for (`Retry-After`, or for a 429 what its rate-limit
/// headers say) read from its headers.
#[derive(Debug)]
pub struct Exchange {
    pub status: u16,
    pub retry_after: Option<Duration>,
    /// Jira's `RateLimit-Reason`, when a 429 gave one.
    pub rate_limit_reason: Option<String>,
    pub body: Vec<u8>,
    pub host: String,
}

/// What came back: a success, or a 401 for the session to act on, with everything else an error.
#[derive(Debug)]
pub enum Outcome {
    Ok(Answer),
    Unauthorized,
}

/// The HTTP client Stint uses for Jira and Atlassian's sign-in.
#[derive(Debug, Clone)]
pub struct Http {
    client: reqwest::Client,
    allow: AllowList,
    timeout: Duration,
}

/// How requests travel, beyond the allow-list: through a proxy only when a setting names one (the
/// environment's `HTTPS_PROXY` and friends are ignored), and trusting the system's certificate
/// authorities plus, for tests only, one more.
#[derive(Debug, Clone, Default)]
pub struct Transport {
    /// The proxy every request goes through (an `http://` or `https://` URL), or none.
    pub proxy: Option<Url>,
    /// A PEM certificate authority trusted besides the system's: only the tests set it
    /// (`STINT_TEST_TRUST_CA`), to reach their TLS server.
    pub extra_ca_pem: Option<Vec<u8>>,
}

impl Http {
    pub fn new(allow: AllowList, timeout: Duration) -> Result<Http, JiraError> {
        Http::with(allow, timeout, &Transport::default())
    }

    pub fn with(allow: AllowList, timeout: Duration, transport: &Transport) -> Result<Http, JiraError> {
        let mut builder = reqwest::Client::builder()
            .min_tls_version(reqwest::tls::Version::TLS_1_2)
            .redirect(reqwest::redirect::Policy::none())
            .timeout(timeout)
            .connect_timeout(timeout.min(Duration::from_secs(10)))
            // A proxy from the environment would see every host Stint talks to: only one the
            // configuration names is used.
            .no_proxy();
        if let Some(proxy) = &transport.proxy {
            let proxy = reqwest::Proxy::all(proxy.as_str())
                .map_err(|e| JiraError::Config(format!("the proxy setting is not usable: {e}")))?;
            builder = builder.proxy(proxy);
        }
        if let Some(pem) = &transport.extra_ca_pem {
            let ca = reqwest::Certificate::from_pem(pem).map_err(|e| {
                JiraError::Config(format!("the test certificate authority is not a PEM certificate: {e}"))
            })?;
            builder = builder.add_root_certificate(ca);
        }
        let client = builder.build().map_err(|e| JiraError::Config(format!("could not set up HTTPS: {e}")))?;
        Ok(Http { client, allow, timeout })
    }

    pub fn allow_list(&self) -> &AllowList {
        &self.allow
    }

    /// Sends one request. `auth` is the `Authorization` header value, if any.
    pub async fn send(
        &self,
        method: Method,
        url: &Url,
        auth: Option<&HeaderValue>,
        body: Option<&Body>,
    ) -> Result<Outcome, JiraError> {
        let answer = self.exchange(method, url, auth, body).await?;
        let status = StatusCode::from_u16(answer.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        classify(status, answer.retry_after, answer.rate_limit_reason.as_deref(), answer.body, answer.host)
    }

    /// Sends one request and returns whatever status came back, unjudged: for a service other
    /// than Jira (Tempo), whose statuses mean other things. Only the transport's failures (the
    /// allow-list, TLS, the connection, the time limit) are errors here.
    pub async fn exchange(
        &self,
        method: Method,
        url: &Url,
        auth: Option<&HeaderValue>,
        body: Option<&Body>,
    ) -> Result<Exchange, JiraError> {
        let host = url.host_str().unwrap_or("?").to_string();
        if !self.allow.permits(url) {
            return Err(JiraError::NotAllowed(format!("{}://{}", url.scheme(), url.authority())));
        }
        let mut headers = HeaderMap::new();
        headers.insert(ACCEPT, HeaderValue::from_static("application/json"));
        headers.insert(USER_AGENT, HeaderValue::from_static(concat!("Stint/", env!("CARGO_PKG_VERSION"))));
        if let Some(auth) = auth {
            headers.insert(AUTHORIZATION, auth.clone());
        }
        let mut request = self.client.request(method, url.clone()).headers(headers);
        match body {
            Some(Body::Json(value)) => request = request.json(value),
            Some(Body::Form(pairs)) => {
                let encoded = url::form_urlencoded::Serializer::new(String::new()).extend_pairs(pairs).finish();
                request = request
                    .header(CONTENT_TYPE, HeaderValue::from_static("application/x-www-form-urlencoded"))
                    .body(encoded);
            }
            None => {}
        }
        let response = request.send().await.map_err(|e| self.transport(&host, &e))?;
        let status = response.status();
        let reason = response.headers().get("ratelimit-reason").and_then(|v| v.to_str().ok()).map(str::to_string);
        let retry_after = if status == StatusCode::TOO_MANY_REQUESTS {
            let header = |name: &str| response.headers().get(name).and_then(|v| v.to_str().ok());
            let limit = RateLimitHeaders {
                retry_after: header("retry-after"),
                reset: header("x-ratelimit-reset"),
                fill_rate: header("x-ratelimit-fillrate"),
                interval_seconds: header("x-ratelimit-interval-seconds"),
                reason: RateLimitReason::from_header(reason.as_deref()),
            };
            rate_limit_wait(&limit, chrono::Utc::now())
        } else {
            retry_after(response.headers())
        };
        let body = read_bounded(response).await.map_err(|e| self.transport(&host, &e))?;
        Ok(Exchange { status: status.as_u16(), retry_after, rate_limit_reason: reason, body, host })
    }

    fn transport(&self, host: &str, err: &reqwest::Error) -> JiraError {
        if let Some(why) = tls_refusal(err, host) {
            return JiraError::Insecure { host: host.to_string(), why };
        }
        if err.is_timeout() {
            JiraError::Timeout { host: host.to_string(), seconds: self.timeout.as_secs() }
        } else if err.is_connect() {
            // No connection was made: the request never left this machine.
            JiraError::Unreachable { host: host.to_string(), detail: innermost(err) }
        } else {
            JiraError::Network { host: host.to_string(), detail: innermost(err) }
        }
    }
}

/// The innermost cause (refused, reset, DNS, TLS), which says what happened without our data.
/// Why the TLS handshake was refused, in words, when that is what went wrong: the certificate or
/// the TLS version. Read from rustls's own error, wherever it sits in the chain.
fn tls_refusal(err: &reqwest::Error, host: &str) -> Option<String> {
    use rustls::{AlertDescription, CertificateError, Error as Tls};
    let mut source: Option<&(dyn std::error::Error + 'static)> = Some(err);
    let mut tls = None;
    while let Some(cause) = source {
        // An io::Error hides the error it wraps from `source()`: look inside it too.
        let inner = cause
            .downcast_ref::<std::io::Error>()
            .and_then(|io| io.get_ref())
            .map(|e| e as &(dyn std::error::Error + 'static));
        if let Some(found) = cause.downcast_ref::<Tls>().or_else(|| inner.and_then(|e| e.downcast_ref::<Tls>())) {
            tls = Some(found);
            break;
        }
        source = inner.or_else(|| cause.source());
    }
    let why = match tls? {
        Tls::InvalidCertificate(
            CertificateError::NotValidForName | CertificateError::NotValidForNameContext { .. },
        ) => {
            format!("its certificate is not for {host}")
        }
        Tls::InvalidCertificate(CertificateError::Expired | CertificateError::ExpiredContext { .. }) => {
            "its certificate has expired".to_string()
        }
        Tls::InvalidCertificate(CertificateError::UnknownIssuer) => {
            "its certificate is not signed by an authority this system trusts".to_string()
        }
        Tls::InvalidCertificate(other) => format!("its certificate is not valid ({other:?})"),
        Tls::AlertReceived(AlertDescription::ProtocolVersion) | Tls::PeerIncompatible(_) => {
            "it offers only TLS older than 1.2, which Stint refuses".to_string()
        }
        other => format!("the TLS handshake failed ({other})"),
    };
    Some(why)
}

fn innermost(err: &reqwest::Error) -> String {
    let mut detail = err.to_string();
    let mut source = std::error::Error::source(err);
    while let Some(cause) = source {
        detail = cause.to_string();
        source = cause.source();
    }
    detail
}

async fn read_bounded(mut response: reqwest::Response) -> Result<Vec<u8>, reqwest::Error> {
    let mut body = Vec::new();
    while let Some(chunk) = response.chunk().await? {
        if body.len() + chunk.len() > MAX_ANSWER_BYTES {
            // Keep what fits: the caller finds it is not valid JSON and says so.
            break;
        }
        body.extend_from_slice(&chunk);
    }
    Ok(body)
}

/// `Retry-After` in seconds (Jira sends seconds; an HTTP date is not used by it). Capped at an hour.
fn retry_after(headers: &HeaderMap) -> Option<Duration> {
    let seconds: f64 = headers.get(RETRY_AFTER)?.to_str().ok()?.trim().parse().ok()?;
    (seconds.is_finite() && seconds >= 0.0).then(|| Duration::from_secs_f64(seconds.min(3600.0)))
}

/// What a 429 says about how long to wait.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct RateLimitHeaders<'a> {
    pub retry_after: Option<&'a str>,
    /// `X-RateLimit-Reset`: when the limit resets, an ISO 8601 time (`2026-06-05T06:00Z`).
    pub reset: Option<&'a str>,
    /// Data Center's token bucket: `X-RateLimit-FillRate` tokens every
    /// `X-RateLimit-Interval-Seconds`.
    pub fill_rate: Option<&'a str>,
    pub interval_seconds: Option<&'a str>,
    pub reason: RateLimitReason,
}

/// The wait a 429 asks for, capped at an hour: `Retry-After` first (the reliable one; the
/// `Beta-RateLimit-*` headers are not read); else the time until `X-RateLimit-Reset`; else, for
/// Data Center's token bucket, the time one token takes to come back; else, for the hourly quota
/// (which Jira Cloud resets on the hour), until the next UTC hour; else none (the policy's backoff).
pub(crate) fn rate_limit_wait(h: &RateLimitHeaders<'_>, now: chrono::DateTime<chrono::Utc>) -> Option<Duration> {
    const HOUR: f64 = 3600.0;
    let seconds = |v: &str| v.trim().parse::<f64>().ok().filter(|s| s.is_finite() && *s >= 0.0);
    if let Some(after) = h.retry_after.and_then(seconds) {
        return Some(Duration::from_secs_f64(after.min(HOUR)));
    }
    if let Some(at) = h.reset.and_then(iso_time) {
        let wait = (at - now).num_milliseconds();
        if wait > 0 {
            return Some(Duration::from_millis(wait as u64).min(Duration::from_secs(3600)));
        }
    }
    if let (Some(fill), Some(interval)) = (h.fill_rate.and_then(seconds), h.interval_seconds.and_then(seconds)) {
        if fill > 0.0 && interval > 0.0 {
            return Some(Duration::from_secs_f64((interval / fill).min(60.0)));
        }
    }
    if h.reason == RateLimitReason::Quota {
        let into_hour = now.timestamp().rem_euclid(3600) as u64;
        return Some(Duration::from_secs(3600 - into_hour));
    }
    None
}

/// An ISO 8601 time as Jira writes `X-RateLimit-Reset`: `2026-06-05T06:00Z`, with or without
/// seconds and fractions, `Z` or an offset.
fn iso_time(text: &str) -> Option<chrono::DateTime<chrono::Utc>> {
    let text = text.trim();
    if let Ok(t) = chrono::DateTime::parse_from_rfc3339(text) {
        return Some(t.to_utc());
    }
    let (naive, offset) = match text.strip_suffix('Z') {
        Some(naive) => (naive, 0),
        None => {
            let at = text.rfind(['+', '-']).filter(|&i| i > 10)?;
            let (naive, zone) = text.split_at(at);
            let sign = if zone.starts_with('-') { -1 } else { 1 };
            let digits: String = zone[1..].chars().filter(char::is_ascii_digit).collect();
            let (h, m) = (digits.get(..2)?.parse::<i32>().ok()?, digits.get(2..4).unwrap_or("0").parse::<i32>().ok()?);
            (naive, sign * (h * 3600 + m * 60))
        }
    };
    let parsed = ["%Y-%m-%dT%H:%M:%S%.f", "%Y-%m-%dT%H:%M"]
        .iter()
        .find_map(|f| chrono::NaiveDateTime::parse_from_str(naive, f).ok())?;
    let zone = chrono::FixedOffset::east_opt(offset)?;
    parsed.and_local_timezone(zone).single().map(|t| t.to_utc())
}

/// Turns a status into an outcome or an error: the one place statuses are judged.
pub(crate) fn classify(
    status: StatusCode,
    retry_after: Option<Duration>,
    reason: Option<&str>,
    body: Vec<u8>,
    host: String,
) -> Result<Outcome, JiraError> {
    match status.as_u16() {
        200..=299 => Ok(Outcome::Ok(Answer { status: status.as_u16(), body, host })),
        401 => Ok(Outcome::Unauthorized),
        429 => Err(JiraError::RateLimited { retry_after, reason: RateLimitReason::from_header(reason) }),
        500..=599 => Err(JiraError::Server { host, status: status.as_u16(), retry_after }),
        code => Err(JiraError::Refused { status: code, message: crate::answers::refusal(&body, code) }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn judge(status: u16, body: &str) -> Result<Outcome, JiraError> {
        classify(StatusCode::from_u16(status).unwrap(), None, None, body.as_bytes().to_vec(), "jira.test".into())
    }

    #[test]
    fn the_wait_a_rate_limit_asks_for() {
        let now = chrono::DateTime::parse_from_rfc3339("2026-06-05T05:20:30Z").unwrap().to_utc();
        let wait = |h: RateLimitHeaders<'_>| rate_limit_wait(&h, now).map(|d| d.as_secs_f64());
        let quota = RateLimitReason::Quota;
        let table: Vec<(&str, RateLimitHeaders<'_>, Option<f64>)> = vec![
            (
                "Retry-After first",
                RateLimitHeaders { retry_after: Some("7"), reset: Some("2026-06-05T06:00Z"), ..Default::default() },
                Some(7.0),
            ),
            (
                "the reset, ISO with minutes only",
                RateLimitHeaders { reset: Some("2026-06-05T06:00Z"), ..Default::default() },
                Some(2370.0),
            ),
            (
                "the reset, with seconds and an offset",
                RateLimitHeaders { reset: Some("2026-06-05T07:21:00+02:00"), ..Default::default() },
                Some(30.0),
            ),
            (
                "the reset is not epoch seconds",
                RateLimitHeaders { reset: Some("1780636800"), ..Default::default() },
                None,
            ),
            ("a reset in the past", RateLimitHeaders { reset: Some("2026-06-05T05:00Z"), ..Default::default() }, None),
            (
                "Data Center's bucket: 5 a second",
                RateLimitHeaders { fill_rate: Some("5"), interval_seconds: Some("1"), ..Default::default() },
                Some(0.2),
            ),
            (
                "a bucket that never fills",
                RateLimitHeaders { fill_rate: Some("0"), interval_seconds: Some("1"), ..Default::default() },
                None,
            ),
            (
                "the hourly quota: the next UTC hour",
                RateLimitHeaders { reason: quota, ..Default::default() },
                Some(2370.0),
            ),
            ("capped at an hour", RateLimitHeaders { retry_after: Some("86400"), ..Default::default() }, Some(3600.0)),
            ("nothing said", RateLimitHeaders::default(), None),
            (
                "garbage",
                RateLimitHeaders { retry_after: Some("soon"), reset: Some("tomorrow"), ..Default::default() },
                None,
            ),
        ];
        for (case, headers, want) in table {
            let got = wait(headers);
            let close = match (got, want) {
                (Some(g), Some(w)) => (g - w).abs() < 0.01,
                (g, w) => g == w,
            };
            assert!(close, "{case}: {got:?}, wanted {want:?}");
        }
    }

    #[test]
    fn statuses_are_judged_in_one_place() {
        assert!(matches!(judge(201, "{}"), Ok(Outcome::Ok(_))));
        assert!(matches!(judge(401, ""), Ok(Outcome::Unauthorized)));
        assert!(matches!(judge(503, ""), Err(JiraError::Server { status: 503, .. })));
        let err = judge(400, r#"{"errorMessages":["Worklog must not be null."],"errors":{"timeLogged":"You must indicate the time spent working."}}"#).unwrap_err();
        let text = err.to_string();
        assert!(
            text.contains("Worklog must not be null.") && text.contains("You must indicate the time spent"),
            "{text}"
        );
        assert!(judge(302, "").is_err(), "a redirect is not followed");
        let err = judge(404, "<html>not json</html>").unwrap_err().to_string();
        assert!(err.contains("404"), "{err}");
    }

    #[test]
    fn retry_after_is_read_in_seconds_and_capped() {
        let mut h = HeaderMap::new();
        h.insert(RETRY_AFTER, HeaderValue::from_static("7"));
        assert_eq!(retry_after(&h), Some(Duration::from_secs(7)));
        h.insert(RETRY_AFTER, HeaderValue::from_static("999999"));
        assert_eq!(retry_after(&h), Some(Duration::from_secs(3600)));
        h.insert(RETRY_AFTER, HeaderValue::from_static("-1"));
        assert_eq!(retry_after(&h), None);
    }
}
