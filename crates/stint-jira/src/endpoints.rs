//! Where Stint may connect, and the rules every configured address must follow.
//!
//! Every address comes from the configuration (so Data Center users and tests can point Stint
//! elsewhere); `https` is required except to this machine's loopback addresses; and the HTTP
//! client refuses any request to a host the configuration does not name (the egress allow-list).

use url::{Host, Url};

use crate::{JiraError, Secret};

pub const DEFAULT_AUTHORIZE_URL: &str = "https://auth.atlassian.com/authorize";
pub const DEFAULT_TOKEN_URL: &str = "https://auth.atlassian.com/oauth/token";
pub const DEFAULT_RESOURCES_URL: &str = "https://api.atlassian.com/oauth/token/accessible-resources";
pub const DEFAULT_API_GATEWAY_URL: &str = "https://api.atlassian.com/ex/jira";
/// The loopback port the OAuth redirect comes back to (`http://localhost:PORT/callback`); it must
/// match the callback registered with the OAuth app.
pub const DEFAULT_REDIRECT_PORT: u16 = 47_813;

/// The scopes Stint asks Jira Cloud for; PRIVACY.md says why each is needed.
pub const CLOUD_SCOPES: &str = "read:jira-work write:jira-work read:jira-user offline_access";
/// Jira Data Center's OAuth 2.0 scopes.
pub const DATA_CENTER_SCOPES: &str = "READ WRITE";

/// Whether `url`'s host is this machine's loopback interface.
pub fn is_loopback(url: &Url) -> bool {
    match url.host() {
        Some(Host::Ipv4(ip)) => ip.is_loopback(),
        Some(Host::Ipv6(ip)) => ip.is_loopback(),
        Some(Host::Domain(name)) => name.eq_ignore_ascii_case("localhost"),
        None => false,
    }
}

/// Parses a configured address: absolute, with a host, no user or password in it, and `https`
/// unless it points at this machine. `what` names the setting in the message.
pub fn check_url(text: &str, what: &str) -> Result<Url, JiraError> {
    let bad = |why: &str| JiraError::Config(format!("{what} `{}` {why}", text.chars().take(200).collect::<String>()));
    let url = Url::parse(text.trim()).map_err(|_| bad("is not a URL: write it like https://example.atlassian.net"))?;
    if url.host().is_none() {
        return Err(bad("has no host"));
    }
    if !url.username().is_empty() || url.password().is_some() {
        return Err(bad("holds a user name or password: remove it (Stint keeps secrets only in the keychain)"));
    }
    match url.scheme() {
        "https" => Ok(url),
        "http" if is_loopback(&url) => Ok(url),
        "http" => Err(bad(
            "uses plain http to another machine: use https (plain http is only for this machine's loopback address)",
        )),
        _ => Err(bad("must start with https://")),
    }
}

/// A proxy's address: `http://host:port` or `https://host:port` (an HTTPS request goes through
/// it as a tunnel, so TLS still ends at Jira), with no user name or password (secrets live only in
/// the keychain) and no path.
pub fn check_proxy(text: &str) -> Result<Url, JiraError> {
    let bad =
        |why: &str| JiraError::Config(format!("the proxy `{}` {why}", text.chars().take(200).collect::<String>()));
    let url = Url::parse(text.trim()).map_err(|_| bad("is not a URL: write it like http://proxy.example:3128"))?;
    if !matches!(url.scheme(), "http" | "https") {
        return Err(bad("must start with http:// or https://"));
    }
    if url.host().is_none() {
        return Err(bad("has no host"));
    }
    if !url.username().is_empty() || url.password().is_some() {
        return Err(bad("holds a user name or password: Stint supports only proxies without a login"));
    }
    if url.path() != "/" || url.query().is_some() || url.fragment().is_some() {
        return Err(bad("must be only a scheme, host and port"));
    }
    Ok(url)
}

/// A site's base address (`https://acme.atlassian.net`, or a Data Center base with a path), with a
/// trailing slash so that paths join beneath it.
pub fn check_site(text: &str) -> Result<Url, JiraError> {
    let mut url = check_url(text, "the site")?;
    if url.query().is_some() || url.fragment().is_some() {
        return Err(JiraError::Config(format!(
            "the site `{text}` must not have a query or fragment: give its base address"
        )));
    }
    if !url.path().ends_with('/') {
        let path = format!("{}/", url.path());
        url.set_path(&path);
    }
    Ok(url)
}

/// Whether `id` is a cloud id: a UUID (`8-4-4-4-12` hexadecimal digits), nothing that could
/// change a URL's host or path.
pub fn is_cloud_id(id: &str) -> bool {
    let groups: Vec<&str> = id.split('-').collect();
    groups.len() == 5
        && groups.iter().zip([8, 4, 4, 4, 12]).all(|(g, n)| g.len() == n && g.bytes().all(|b| b.is_ascii_hexdigit()))
}

/// The API base of a Jira Cloud site under the gateway (`…/ex/jira/{cloud id}/`), built by path
/// segments from a checked cloud id: it is always the gateway's origin and a path beneath it.
pub fn cloud_api_base(gateway: &Url, cloud_id: &str) -> Result<Url, JiraError> {
    if !is_cloud_id(cloud_id) {
        return Err(JiraError::BadAnswer {
            host: gateway.host_str().unwrap_or("Atlassian").to_string(),
            detail: format!("`{}` is not a cloud id", cloud_id.chars().take(60).collect::<String>()),
        });
    }
    let mut base = gateway.clone();
    base.set_query(None);
    base.set_fragment(None);
    base.path_segments_mut()
        .map_err(|()| JiraError::Config(format!("the API gateway `{gateway}` cannot have a path")))?
        .pop_if_empty()
        .push(cloud_id)
        .push("");
    Ok(base)
}

/// Jira Data Center's own OAuth 2.0 endpoints under a site's base address (from `check_site`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DataCenterOAuth {
    pub authorize: Url,
    pub token: Url,
}

impl DataCenterOAuth {
    pub fn of(site: &Url) -> Result<DataCenterOAuth, JiraError> {
        let join = |path: &str| {
            site.join(path).map_err(|e| JiraError::Config(format!("the site `{site}` cannot take {path}: {e}")))
        };
        Ok(DataCenterOAuth {
            authorize: join("rest/oauth2/latest/authorize")?,
            token: join("rest/oauth2/latest/token")?,
        })
    }
}

/// Jira Cloud's OAuth 2.0 (3LO) endpoints and Stint's OAuth app.
#[derive(Debug, Clone)]
pub struct CloudEndpoints {
    pub authorize: Url,
    pub token: Url,
    pub resources: Url,
    /// The `…/ex/jira` base; the cloud id and `/rest/api/3/…` are appended.
    pub api_gateway: Url,
}

/// The OAuth app Stint signs in as (or, for Tempo, the one a Tempo administrator made).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OAuthApp {
    pub client_id: String,
    /// Atlassian's token endpoint still wants it alongside PKCE; in a desktop app it is an app
    /// identifier, not a secret, but it is still never logged or shown.
    pub client_secret: Option<Secret>,
    pub redirect_port: u16,
}

impl OAuthApp {
    pub fn redirect_uri(&self) -> String {
        format!("http://localhost:{}/callback", self.redirect_port)
    }
}

/// The hosts Stint may send requests to: scheme, host and port of each configured address.
#[derive(Debug, Clone, Default)]
pub struct AllowList {
    origins: Vec<(String, String, u16)>,
}

impl AllowList {
    pub fn new<'a>(urls: impl IntoIterator<Item = &'a Url>) -> AllowList {
        let mut list = AllowList::default();
        for url in urls {
            list.add(url);
        }
        list
    }

    pub fn add(&mut self, url: &Url) {
        if let (Some(host), Some(port)) = (url.host_str(), url.port_or_known_default()) {
            let origin = (url.scheme().to_string(), host.to_ascii_lowercase(), port);
            if !self.origins.contains(&origin) {
                self.origins.push(origin);
            }
        }
    }

    /// Whether a request to `url` may be sent.
    pub fn permits(&self, url: &Url) -> bool {
        let (Some(host), Some(port)) = (url.host_str(), url.port_or_known_default()) else { return false };
        let host = host.to_ascii_lowercase();
        self.origins.iter().any(|(s, h, p)| s == url.scheme() && *h == host && *p == port)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses_must_be_https_except_to_this_machine() {
        for ok in ["https://acme.atlassian.net", "http://127.0.0.1:8080/x", "http://localhost:1/", "http://[::1]:9/"] {
            assert!(check_url(ok, "the site").is_ok(), "{ok}");
        }
        for (bad, says) in [
            ("http://acme.atlassian.net", "plain http"),
            ("http://10.0.0.1", "plain http"),
            ("ftp://x.example", "https://"),
            ("https://user:pw@x.example", "password"),
            ("not a url", "not a URL"),
            ("http://127.0.0.1.evil.example", "plain http"),
        ] {
            let err = check_url(bad, "the site").unwrap_err().to_string();
            assert!(err.contains(says), "{bad}: {err}");
        }
        assert_eq!(check_site("https://jira.example.com/jira").unwrap().as_str(), "https://jira.example.com/jira/");
    }

    #[test]
    fn the_allow_list_matches_scheme_host_and_port() {
        let api = Url::parse("https://api.atlassian.com/ex/jira").unwrap();
        let list = AllowList::new([&api]);
        assert!(list.permits(&Url::parse("https://API.atlassian.com/ex/jira/abc/rest/api/3/myself").unwrap()));
        for other in [
            "http://api.atlassian.com/",
            "https://api.atlassian.com:8443/",
            "https://evil.example/",
            "https://api.atlassian.com.evil.example/",
        ] {
            assert!(!list.permits(&Url::parse(other).unwrap()), "{other}");
        }
    }
}
