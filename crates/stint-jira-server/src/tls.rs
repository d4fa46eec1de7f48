//! A TLS front for the test server, so the tests exercise Stint's TLS path: a certificate authority
//! made for each test, server certificates it signs for the names a test chooses, and a front
//! that speaks TLS (1.2 and 1.3, or only one of them) on `localhost` and relays the plain bytes to
//! the test server behind it. Stint trusts the authority only when a test names it in
//! `STINT_TEST_TRUST_CA`.

use std::net::SocketAddr;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

use rcgen::{BasicConstraints, CertificateParams, DnType, ExtendedKeyUsagePurpose, IsCa, KeyPair, KeyUsagePurpose};
use tokio_rustls::rustls::pki_types::{CertificateDer, PrivateKeyDer, PrivatePkcs8KeyDer};
use tokio_rustls::rustls::{self, ServerConfig};

/// A certificate authority for one test.
pub struct TestCa {
    cert: rcgen::Certificate,
    key: KeyPair,
}

impl std::fmt::Debug for TestCa {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("TestCa")
    }
}

/// A server certificate and its key, in PEM (for `openssl s_server`) and DER (for rustls).
#[derive(Debug)]
pub struct ServerCert {
    pub cert_pem: String,
    pub key_pem: String,
    der: CertificateDer<'static>,
    key_der: Vec<u8>,
}

impl TestCa {
    pub fn new() -> TestCa {
        let mut params = CertificateParams::new(Vec::<String>::new()).expect("CA parameters");
        params.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
        params.distinguished_name.push(DnType::CommonName, "Stint test CA");
        params.key_usages = vec![KeyUsagePurpose::KeyCertSign, KeyUsagePurpose::CrlSign];
        let key = KeyPair::generate().expect("a CA key");
        let cert = params.self_signed(&key).expect("the CA certificate");
        TestCa { cert, key }
    }

    /// The authority's certificate, for `STINT_TEST_TRUST_CA`.
    pub fn pem(&self) -> String {
        self.cert.pem()
    }

    /// A server certificate for `names` (DNS names), signed by this authority.
    pub fn server_cert(&self, names: &[&str]) -> ServerCert {
        let mut params =
            CertificateParams::new(names.iter().map(|n| n.to_string()).collect::<Vec<_>>()).expect("names");
        params.distinguished_name.push(DnType::CommonName, names.first().copied().unwrap_or("server"));
        params.extended_key_usages = vec![ExtendedKeyUsagePurpose::ServerAuth];
        let key = KeyPair::generate().expect("a server key");
        let cert = params.signed_by(&key, &self.cert, &self.key).expect("a server certificate");
        ServerCert {
            cert_pem: cert.pem(),
            key_pem: key.serialize_pem(),
            der: cert.der().clone(),
            key_der: key.serialize_der(),
        }
    }
}

impl Default for TestCa {
    fn default() -> Self {
        TestCa::new()
    }
}

/// Which TLS versions a front speaks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Versions {
    Tls12And13,
    Tls12Only,
}

/// A running TLS front; it stops when dropped.
#[derive(Debug)]
pub struct TlsFront {
    addr: SocketAddr,
    handshakes: Arc<AtomicU64>,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl TlsFront {
    /// The front's address as a site: `https://localhost:PORT`.
    pub fn url(&self) -> String {
        format!("https://localhost:{}", self.addr.port())
    }

    /// How many TLS handshakes completed.
    pub fn handshakes(&self) -> u64 {
        self.handshakes.load(Ordering::SeqCst)
    }
}

impl Drop for TlsFront {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

/// Starts a front on `127.0.0.1` (any free port) that presents `cert` and relays to `target`.
pub fn front(target: SocketAddr, cert: &ServerCert, versions: Versions) -> std::io::Result<TlsFront> {
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let versions: &[&rustls::SupportedProtocolVersion] = match versions {
        Versions::Tls12And13 => &[&rustls::version::TLS13, &rustls::version::TLS12],
        Versions::Tls12Only => &[&rustls::version::TLS12],
    };
    let key = PrivateKeyDer::Pkcs8(PrivatePkcs8KeyDer::from(cert.key_der.clone()));
    let config = ServerConfig::builder_with_provider(provider)
        .with_protocol_versions(versions)
        .and_then(|b| b.with_no_client_auth().with_single_cert(vec![cert.der.clone()], key))
        .map_err(std::io::Error::other)?;
    let acceptor = tokio_rustls::TlsAcceptor::from(Arc::new(config));
    let listener = std::net::TcpListener::bind(("127.0.0.1", 0))?;
    listener.set_nonblocking(true)?;
    let addr = listener.local_addr()?;
    let handshakes = Arc::new(AtomicU64::new(0));
    let counted = handshakes.clone();
    let (stop, mut stopped) = tokio::sync::oneshot::channel::<()>();
    let thread = std::thread::Builder::new().name("jira-test-tls".into()).spawn(move || {
        let runtime =
            tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().expect("runtime");
        runtime.block_on(async move {
            let listener = tokio::net::TcpListener::from_std(listener).expect("listener");
            loop {
                let (tcp, _) = tokio::select! {
                    _ = &mut stopped => return,
                    accepted = listener.accept() => match accepted { Ok(a) => a, Err(_) => continue },
                };
                let acceptor = acceptor.clone();
                let counted = counted.clone();
                tokio::spawn(async move {
                    // A handshake the client refuses ends here; the client says why.
                    let Ok(mut tls) = acceptor.accept(tcp).await else { return };
                    counted.fetch_add(1, Ordering::SeqCst);
                    if let Ok(mut upstream) = tokio::net::TcpStream::connect(target).await {
                        let _ = tokio::io::copy_bidirectional(&mut tls, &mut upstream).await;
                    }
                });
            }
        });
    })?;
    Ok(TlsFront { addr, handshakes, stop: Some(stop), thread: Some(thread) })
}
