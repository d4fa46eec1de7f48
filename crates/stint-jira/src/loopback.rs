//! The one-shot listener that catches the OAuth redirect: bound to the loopback interface only
//! (both `127.0.0.1` and `[::1]`, since the redirect says `localhost`), on the fixed port registered
//! with the OAuth app. Each connection is served on its own, with a short deadline, so an idle
//! one cannot hold it up. It answers every request with a small page; a callback with the wrong
//! (or no) `state` is refused with an error page and the listener keeps waiting, so no web page or
//! local process can cancel a sign-in; the callback with the right `state` ends it (with its code,
//! or as declined). Once it returns (or times out) it is closed, so a second callback finds
//! nothing listening.

use std::net::{Ipv4Addr, Ipv6Addr, SocketAddr};
use std::time::Duration;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::mpsc;

use crate::{JiraError, Secret};

/// The longest request head read from the browser.
const MAX_REQUEST: usize = 16 * 1024;
/// How long one connection may take to send its request.
const READ_TIMEOUT: Duration = Duration::from_secs(5);

/// A listener waiting for the redirect.
#[derive(Debug)]
pub struct Listener {
    v4: TcpListener,
    v6: Option<TcpListener>,
    port: u16,
}

impl Listener {
    /// Binds `127.0.0.1:port` and `[::1]:port`, never another interface. Where the machine has no
    /// IPv6 loopback, the first alone; but a `[::1]:port` another program holds is refused: the
    /// browser, told `localhost`, might take the code there.
    pub async fn bind(port: u16) -> Result<Listener, JiraError> {
        let taken = |address: String, e: std::io::Error| JiraError::SignIn {
            problem: format!(
                "could not listen for the browser on {address} ({e}): close what uses that port, or set \
                 STINT_OAUTH_REDIRECT_PORT to a free port registered with the OAuth app"
            ),
            remedy: None,
        };
        let v4 = TcpListener::bind(SocketAddr::from((Ipv4Addr::LOCALHOST, port)))
            .await
            .map_err(|e| taken(format!("127.0.0.1:{port}"), e))?;
        let port = v4.local_addr().map(|a| a.port()).unwrap_or(port);
        let v6 = match TcpListener::bind(SocketAddr::from((Ipv6Addr::LOCALHOST, port))).await {
            Ok(v6) => Some(v6),
            Err(e) if e.kind() == std::io::ErrorKind::AddrInUse => return Err(taken(format!("[::1]:{port}"), e)),
            // No IPv6 loopback here: `localhost` can only be 127.0.0.1.
            Err(_) => None,
        };
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

    /// Accepts connections until one brings the callback for `state`; each is served apart.
    async fn serve(self, state: &Secret) -> Result<Secret, JiraError> {
        let (done, mut outcome) = mpsc::unbounded_channel();
        let mut connections = tokio::task::JoinSet::new();
        loop {
            let accepted = tokio::select! {
                a = self.v4.accept() => a,
                a = accept(self.v6.as_ref()) => a,
                Some(result) = outcome.recv() => return result,
            };
            let (stream, peer) =
                accepted.map_err(|e| JiraError::sign_in(format!("the sign-in listener failed ({e})")))?;
            if !peer.ip().is_loopback() {
                continue;
            }
            let (state, done) = (state.clone(), done.clone());
            connections.spawn(async move {
                if let Some(result) = answer(stream, &state).await {
                    let _ = done.send(result);
                }
            });
        }
    }
}

async fn accept(listener: Option<&TcpListener>) -> std::io::Result<(TcpStream, SocketAddr)> {
    match listener {
        Some(listener) => listener.accept().await,
        None => std::future::pending().await,
    }
}

/// Reads one request and answers it; the sign-in's outcome when it was the callback for `state`.
async fn answer(mut stream: TcpStream, state: &Secret) -> Option<Result<Secret, JiraError>> {
    let target = read_target(&mut stream).await?;
    match judge(&target, state) {
        Verdict::NotOurs => {
            respond(&mut stream, 404, "Not found", "This address belongs to Stint's sign-in.").await;
            None
        }
        Verdict::Forged => {
            respond(
                &mut stream,
                400,
                "Not Stint's sign-in",
                "This sign-in was not started by Stint on this computer, so it was refused.",
            )
            .await;
            tracing::warn!("a callback without this sign-in's state was refused; still waiting");
            None
        }
        Verdict::Code(code) => {
            respond(&mut stream, 200, "Finishing in Stint", "You can close this tab: Stint is finishing the sign-in.")
                .await;
            Some(Ok(code))
        }
        Verdict::Fail { page, error } => {
            respond(&mut stream, 400, "Stint is not signed in", page).await;
            Some(Err(JiraError::sign_in(error)))
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
    /// `/callback` without this sign-in's `state`: refused, and the sign-in goes on waiting.
    Forged,
    Code(Secret),
    /// The callback for this sign-in, without a code (declined, or broken): it ends the sign-in.
    Fail {
        page: &'static str,
        error: String,
    },
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
        return Verdict::Forged;
    }
    if let Some(error) = error {
        return Verdict::Fail {
            page: "Signing in was cancelled.",
            error: format!("signing in was declined or failed in the browser ({error})"),
        };
    }
    match code.filter(|c| !c.is_empty() && c.len() <= 4096) {
        Some(code) => Verdict::Code(Secret::new(code)),
        None => Verdict::Fail {
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
        assert_eq!(judge("/callback?code=abc&state=other", &state), Verdict::Forged);
        assert_eq!(judge("/callback?code=abc", &state), Verdict::Forged);
        assert_eq!(
            judge("/callback?error=access_denied", &state),
            Verdict::Forged,
            "only this sign-in's answer ends it"
        );
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
        // A forged callback (any web page can send one: <img src="http://localhost:PORT/callback">)
        // gets an error page, and the sign-in goes on waiting; so does an idle connection.
        let _idle = TcpStream::connect(("127.0.0.1", port)).await.unwrap();
        let forged = send("/callback?code=forged&state=wrong").await.unwrap();
        assert!(forged.starts_with("HTTP/1.1 400") && forged.contains("not started by Stint"), "{forged}");
        assert!(send("/callback").await.unwrap().starts_with("HTTP/1.1 400"));
        let page = send("/callback?code=the-code&state=st").await.unwrap();
        assert!(page.starts_with("HTTP/1.1 200") && page.contains("no-referrer"), "{page}");
        assert_eq!(waiting.await.unwrap().unwrap().expose(), "the-code");
        assert!(send("/callback?code=again&state=st").await.is_err(), "a second callback finds nothing listening");
    }

    #[tokio::test]
    async fn a_port_another_program_holds_on_the_ipv6_loopback_is_refused() {
        let Ok(other) = std::net::TcpListener::bind("[::1]:0") else { return }; // no IPv6 loopback here
        let port = other.local_addr().unwrap().port();
        let err = Listener::bind(port).await.unwrap_err().to_string();
        assert!(err.contains(&format!("[::1]:{port}")), "{err}");
    }

    #[tokio::test]
    async fn the_listener_gives_up_after_its_timeout() {
        let listener = Listener::bind(0).await.unwrap();
        let err = listener.wait_for_code(&Secret::new("x"), Duration::from_millis(50)).await.unwrap_err();
        assert!(err.to_string().contains("did not come back"), "{err}");
    }
}
