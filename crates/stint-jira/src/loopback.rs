//! The one-shot listener that catches the OAuth redirect: bound to the loopback interface only, on
//! the fixed port registered with the OAuth app. It answers the browser with a small page and
//! returns the code from the first request carrying `/callback`; a request with the wrong
//! `state`, or one that says the user declined, ends the sign-in. Once it returns (or times out)
//! it is closed, so a second callback finds nothing listening.

use std::net::{Ipv4Addr, Ipv6Addr, SocketAddr};
use std::time::Duration;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

use crate::{JiraError, Secret};

/// The longest request head read from the browser.
const MAX_REQUEST: usize = 16 * 1024;
/// How long one connection may take to send its request.
const READ_TIMEOUT: Duration = Duration::from_secs(10);

/// A listener waiting for the redirect.
#[derive(Debug)]
pub struct Listener {
    v4: TcpListener,
    v6: Option<TcpListener>,
    port: u16,
}

impl Listener {
    /// Binds `127.0.0.1:port` (and `[::1]:port` where there is IPv6), never another interface.
    pub async fn bind(port: u16) -> Result<Listener, JiraError> {
        let v4 =
            TcpListener::bind(SocketAddr::from((Ipv4Addr::LOCALHOST, port))).await.map_err(|e| JiraError::SignIn {
                problem: format!(
                    "could not listen for the browser on 127.0.0.1:{port} ({e}): close what uses that port, or set \
                     STINT_OAUTH_REDIRECT_PORT to a free port registered with the OAuth app"
                ),
                remedy: None,
            })?;
        let port = v4.local_addr().map(|a| a.port()).unwrap_or(port);
        let v6 = TcpListener::bind(SocketAddr::from((Ipv6Addr::LOCALHOST, port))).await.ok();
        Ok(Listener { v4, v6, port })
    }

    pub fn port(&self) -> u16 {
        self.port
    }

    /// Waits for the browser to come back with the code for `state`, for at most `timeout`.
    pub async fn wait_for_code(self, state: &Secret, timeout: Duration) -> Result<Secret, JiraError> {
        let seconds = timeout.as_secs();
        let waited = if seconds < 120 { format!("{seconds} s") } else { format!("{} min", seconds.div_ceil(60)) };
        tokio::time::timeout(timeout, self.serve(state)).await.map_err(|_| {
            JiraError::sign_in(format!("the browser did not come back within {waited} (finish signing in there)"))
        })?
    }

    async fn serve(self, state: &Secret) -> Result<Secret, JiraError> {
        loop {
            let (mut stream, peer) = match &self.v6 {
                Some(v6) => tokio::select! { a = self.v4.accept() => a, a = v6.accept() => a },
                None => self.v4.accept().await,
            }
            .map_err(|e| JiraError::sign_in(format!("the sign-in listener failed ({e})")))?;
            if !peer.ip().is_loopback() {
                continue;
            }
            let Some(target) = read_target(&mut stream).await else { continue };
            match judge(&target, state) {
                Verdict::NotOurs => {
                    respond(&mut stream, 404, "Not found", "This address belongs to Stint's sign-in.").await
                }
                Verdict::Code(code) => {
                    respond(&mut stream, 200, "Stint is signed in", "You can close this tab and go back to Stint.")
                        .await;
                    return Ok(code);
                }
                Verdict::Fail { status, page, error } => {
                    respond(&mut stream, status, "Stint is not signed in", page).await;
                    return Err(JiraError::sign_in(error));
                }
            }
        }
    }
}

/// The request target (`/callback?code=…`) of a GET, or `None` for anything else.
async fn read_target(stream: &mut TcpStream) -> Option<String> {
    let mut head = Vec::new();
    let mut buf = [0u8; 2048];
    let read = async {
        while !head.windows(4).any(|w| w == b"\r\n\r\n") && head.len() < MAX_REQUEST {
            let n = stream.read(&mut buf).await.ok()?;
            if n == 0 {
                break;
            }
            head.extend_from_slice(&buf[..n]);
        }
        Some(())
    };
    tokio::time::timeout(READ_TIMEOUT, read).await.ok()??;
    let line = std::str::from_utf8(&head).ok()?.lines().next()?.to_string();
    let mut parts = line.split(' ');
    match (parts.next(), parts.next()) {
        (Some("GET"), Some(target)) => Some(target.to_string()),
        _ => None,
    }
}

#[derive(Debug, PartialEq, Eq)]
enum Verdict {
    NotOurs,
    Code(Secret),
    Fail { status: u16, page: &'static str, error: String },
}

/// What a request to the listener means for the sign-in.
fn judge(target: &str, state: &Secret) -> Verdict {
    let (path, query) = target.split_once('?').unwrap_or((target, ""));
    if path != "/callback" {
        return Verdict::NotOurs;
    }
    let mut code = None;
    let mut got_state = None;
    let mut error = None;
    for (k, v) in url::form_urlencoded::parse(query.as_bytes()) {
        match k.as_ref() {
            "code" => code = Some(v.into_owned()),
            "state" => got_state = Some(v.into_owned()),
            "error" => error = Some(v.chars().take(100).collect::<String>()),
            _ => {}
        }
    }
    if got_state.as_deref() != Some(state.expose()) {
        return Verdict::Fail {
            status: 400,
            page: "This sign-in was not started by Stint on this computer, so it was refused.",
            error: "the browser came back with a `state` that this sign-in did not send, so it was refused (it may \
                    not have been started by you)"
                .into(),
        };
    }
    if let Some(error) = error {
        return Verdict::Fail {
            status: 400,
            page: "Signing in was cancelled.",
            error: format!("signing in was declined or failed in the browser ({error})"),
        };
    }
    match code.filter(|c| !c.is_empty() && c.len() <= 4096) {
        Some(code) => Verdict::Code(Secret::new(code)),
        None => Verdict::Fail {
            status: 400,
            page: "The sign-in answer had no code.",
            error: "the browser came back without a sign-in code".into(),
        },
    }
}

/// A small page: no scripts, no remote content, not cached, and no referrer (the address holds the code).
async fn respond(stream: &mut TcpStream, status: u16, title: &str, text: &str) {
    let reason = match status {
        200 => "OK",
        404 => "Not Found",
        _ => "Bad Request",
    };
    let body = format!(
        "<!doctype html><html><head><meta charset=\"utf-8\"><title>{title}</title></head>\
         <body><h1>{title}</h1><p>{text}</p></body></html>"
    );
    let reply = format!(
        "HTTP/1.1 {status} {reason}\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: {}\r\n\
         Content-Security-Policy: default-src 'none'\r\nReferrer-Policy: no-referrer\r\nCache-Control: no-store\r\n\
         Connection: close\r\n\r\n{body}",
        body.len()
    );
    let _ = stream.write_all(reply.as_bytes()).await;
    let _ = stream.shutdown().await;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_right_state_gives_a_code() {
        let state = Secret::new("s-123");
        assert_eq!(judge("/callback?code=abc&state=s-123", &state), Verdict::Code(Secret::new("abc")));
        assert_eq!(judge("/favicon.ico", &state), Verdict::NotOurs);
        assert!(matches!(judge("/callback?code=abc&state=other", &state), Verdict::Fail { status: 400, .. }));
        assert!(matches!(judge("/callback?code=abc", &state), Verdict::Fail { .. }));
        let Verdict::Fail { error, .. } = judge("/callback?error=access_denied&state=s-123", &state) else { panic!() };
        assert!(error.contains("declined"), "{error}");
        assert!(matches!(judge("/callback?state=s-123", &state), Verdict::Fail { .. }));
    }

    #[tokio::test]
    async fn the_listener_takes_one_callback_then_closes() {
        let listener = Listener::bind(0).await.unwrap();
        let port = listener.port();
        let state = Secret::new("st");
        let waiting = tokio::spawn(async move { listener.wait_for_code(&state, Duration::from_secs(10)).await });
        let send = |target: &'static str| async move {
            let mut s = TcpStream::connect(("127.0.0.1", port)).await?;
            s.write_all(format!("GET {target} HTTP/1.1\r\nHost: localhost\r\n\r\n").as_bytes()).await?;
            let mut answer = String::new();
            s.read_to_string(&mut answer).await?;
            Ok::<_, std::io::Error>(answer)
        };
        assert!(send("/favicon.ico").await.unwrap().starts_with("HTTP/1.1 404"));
        let page = send("/callback?code=the-code&state=st").await.unwrap();
        assert!(page.starts_with("HTTP/1.1 200") && page.contains("no-referrer"), "{page}");
        assert_eq!(waiting.await.unwrap().unwrap().expose(), "the-code");
        assert!(send("/callback?code=again&state=st").await.is_err(), "a second callback finds nothing listening");
    }

    #[tokio::test]
    async fn the_listener_gives_up_after_its_timeout() {
        let listener = Listener::bind(0).await.unwrap();
        let err = listener.wait_for_code(&Secret::new("x"), Duration::from_millis(50)).await.unwrap_err();
        assert!(err.to_string().contains("did not come back"), "{err}");
    }
}
