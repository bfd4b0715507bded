use sea_orm::DatabaseConnection;
use std::sync::Arc;

/// Settings the app crate needs at request time (the server crate owns the rest).
#[derive(Clone, Debug)]
pub struct Config {
    /// Absolute base URL used in emails and calendar files, without a trailing slash.
    pub public_url: String,
    /// Set the `Secure` flag on the session cookie (true whenever the public URL is https).
    pub secure_cookies: bool,
    /// Where attached files are stored (`DATA_DIR/files`), one file per SHA-256.
    pub files_dir: std::path::PathBuf,
    /// Largest accepted attachment, in bytes.
    pub max_file_bytes: u64,
    /// An S3-compatible object store for attached files, instead of `files_dir`.
    pub s3: Option<super::s3::S3Config>,
    /// Reverse proxies whose `X-Forwarded-For` is believed (`TRUSTED_PROXIES`): behind them the
    /// client's address, used by the sign-in and self-registration limits, is the one they
    /// forwarded, not theirs.
    pub trusted_proxies: Vec<std::net::IpAddr>,
    /// Whether the server keeps public pages in its response cache (`PAGE_CACHE`).
    pub page_cache: bool,
}

/// The client's address as the server resolved it (see [`Config::trusted_proxies`]), in the
/// request's extensions.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ClientIp(pub std::net::IpAddr);

/// The client of a request that came from `peer` with these `X-Forwarded-For` values: the
/// peer itself unless it is a trusted proxy; otherwise the right-most forwarded address that is
/// not a trusted proxy (entries left of it could have been written by the client). An entry
/// that is not an address stops the walk at the last trusted hop.
pub fn resolve_client_ip<'a>(
    peer: std::net::IpAddr,
    forwarded_for: impl Iterator<Item = &'a str>,
    trusted: &[std::net::IpAddr],
) -> std::net::IpAddr {
    // IPv4 peers of a server listening on `[::]` arrive as `::ffff:a.b.c.d`.
    let trusted_ip = |ip: &std::net::IpAddr| trusted.iter().any(|t| t.to_canonical() == ip.to_canonical());
    let peer = peer.to_canonical();
    if !trusted_ip(&peer) {
        return peer;
    }
    let hops: Vec<&str> = forwarded_for.flat_map(|h| h.split(',')).map(str::trim).filter(|h| !h.is_empty()).collect();
    let mut client = peer;
    for hop in hops.iter().rev() {
        // An address, or an address with a port (`1.2.3.4:5678`, `[2001:db8::1]:443`).
        let parsed = hop.parse::<std::net::IpAddr>().or_else(|_| hop.parse::<std::net::SocketAddr>().map(|a| a.ip()));
        match parsed.map(|ip| ip.to_canonical()) {
            Ok(ip) if trusted_ip(&ip) => client = ip,
            Ok(ip) => return ip,
            Err(_) => return client,
        }
    }
    client
}

/// What the per-address limits count an address as: itself (IPv4), or its /64 network (IPv6).
pub fn limit_key(ip: std::net::IpAddr) -> String {
    match ip {
        std::net::IpAddr::V4(v4) => v4.to_string(),
        std::net::IpAddr::V6(v6) => {
            let s = v6.segments();
            format!("{:x}:{:x}:{:x}:{:x}::/64", s[0], s[1], s[2], s[3])
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{limit_key, resolve_client_ip};

    #[test]
    fn ipv6_addresses_count_by_their_64_network() {
        assert_eq!(limit_key("198.51.100.7".parse().unwrap()), "198.51.100.7");
        assert_eq!(limit_key("2001:db8:1:2:aaaa::1".parse().unwrap()), "2001:db8:1:2::/64");
        assert_eq!(limit_key("2001:db8:1:2:bbbb::9".parse().unwrap()), "2001:db8:1:2::/64");
    }
    use std::net::IpAddr;

    fn ip(s: &str) -> IpAddr {
        s.parse().unwrap()
    }

    #[test]
    fn forwarded_addresses_are_believed_only_from_trusted_proxies() {
        let proxies = [ip("10.0.0.1"), ip("10.0.0.2")];
        // No proxy configured, or a peer that is not one: the peer.
        assert_eq!(resolve_client_ip(ip("203.0.113.9"), ["198.51.100.1"].into_iter(), &[]), ip("203.0.113.9"));
        assert_eq!(resolve_client_ip(ip("203.0.113.9"), ["198.51.100.1"].into_iter(), &proxies), ip("203.0.113.9"));
        // Behind one proxy: the address it forwarded.
        assert_eq!(resolve_client_ip(ip("10.0.0.1"), ["198.51.100.1"].into_iter(), &proxies), ip("198.51.100.1"));
        // A client that forges the header gets the proxy's right-most entry, its real address.
        assert_eq!(resolve_client_ip(ip("10.0.0.1"), ["1.2.3.4, 198.51.100.1"].into_iter(), &proxies), ip("198.51.100.1"));
        // Two proxies in a chain, and several header lines.
        assert_eq!(resolve_client_ip(ip("10.0.0.2"), ["198.51.100.1", "10.0.0.1"].into_iter(), &proxies), ip("198.51.100.1"));
        // Garbage stops the walk; a missing header leaves the proxy.
        assert_eq!(resolve_client_ip(ip("10.0.0.2"), ["nonsense, 10.0.0.1"].into_iter(), &proxies), ip("10.0.0.1"));
        assert_eq!(resolve_client_ip(ip("10.0.0.1"), std::iter::empty(), &proxies), ip("10.0.0.1"));
        assert_eq!(resolve_client_ip(ip("::1"), ["2001:db8::7"].into_iter(), &[ip("::1")]), ip("2001:db8::7"));
        // A server on [::] sees IPv4 proxies as mapped addresses; forwarded entries may carry ports.
        assert_eq!(resolve_client_ip(ip("::ffff:10.0.0.1"), ["198.51.100.1"].into_iter(), &proxies), ip("198.51.100.1"));
        assert_eq!(resolve_client_ip(ip("10.0.0.1"), ["198.51.100.1:5678"].into_iter(), &proxies), ip("198.51.100.1"));
        assert_eq!(resolve_client_ip(ip("10.0.0.1"), ["[2001:db8::9]:443"].into_iter(), &proxies), ip("2001:db8::9"));
    }
}

/// Shared state, inserted into every request's extensions by the server.
#[derive(Clone, Debug)]
pub struct AppState {
    pub db: DatabaseConnection,
    pub config: Arc<Config>,
    /// Results reused while the database's cache epoch stands (see [`super::memo`]).
    pub memo: Arc<super::memo::Memo>,
    /// Values made from rows that never change (see [`super::memo::Frozen`]).
    pub frozen: Arc<super::memo::Frozen>,
}
