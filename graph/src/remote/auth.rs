//! HTTP authentication at the remote store, in the scheme the engine asks for: basic, or
//! digest (RFC 7616: MD5 or SHA-256, qop=auth). Nothing is sent until the engine's first 401
//! says which scheme it wants, so a password never goes out in the clear to a digest
//! endpoint; after that every request is signed at once.

use std::sync::Mutex;
use std::time::{SystemTime, UNIX_EPOCH};

/// A user's credentials and what the engine has asked for so far.
pub struct Auth {
    user: String,
    password: String,
    scheme: Mutex<Scheme>,
}

enum Scheme {
    /// No 401 seen yet.
    Unknown,
    Basic,
    Digest(Challenge),
}

/// A digest challenge (`WWW-Authenticate: Digest realm=…, nonce=…`) and the count of
/// requests signed with its nonce.
struct Challenge {
    realm: String,
    nonce: String,
    opaque: Option<String>,
    algorithm: Algorithm,
    qop_auth: bool,
    count: u32,
}

#[derive(Clone, Copy, Debug, PartialEq)]
enum Algorithm {
    Md5,
    Sha256,
}

impl Auth {
    pub fn new(user: &str, password: &str) -> Auth {
        Auth {
            user: user.to_string(),
            password: password.to_string(),
            scheme: Mutex::new(Scheme::Unknown),
        }
    }

    /// The `Authorization` header for a request (`uri`: its path and query), once the
    /// engine has said which scheme it wants.
    pub fn header(&self, method: &str, uri: &str) -> Option<String> {
        let mut scheme = self.scheme.lock().unwrap_or_else(|e| e.into_inner());
        match &mut *scheme {
            Scheme::Unknown => None,
            Scheme::Basic => Some(basic(&self.user, &self.password)),
            Scheme::Digest(c) => {
                c.count += 1;
                Some(self.digest_header(c, method, uri))
            }
        }
    }

    /// Learn the scheme from a 401's `WWW-Authenticate` values; false when there is no
    /// usable one, or basic is refused again (the credentials are wrong).
    pub fn learn(&self, challenges: &[String]) -> bool {
        let mut scheme = self.scheme.lock().unwrap_or_else(|e| e.into_inner());
        let mut basic_offered = false;
        for value in challenges {
            for (name, params) in parse_challenges(value) {
                if name.eq_ignore_ascii_case("basic") {
                    basic_offered = true;
                    continue;
                }
                if !name.eq_ignore_ascii_case("digest") {
                    continue;
                }
                let Some(c) = Challenge::from_params(&params) else {
                    continue;
                };
                let mut c = c;
                if let Scheme::Digest(old) = &*scheme {
                    if old.nonce == c.nonce {
                        // The same nonce: requests signed at once may arrive out of their
                        // count's order; the one retry goes on counting (wrong credentials
                        // fail it too).
                        c.count = old.count;
                    }
                }
                *scheme = Scheme::Digest(c);
                return true;
            }
        }
        if basic_offered && !matches!(*scheme, Scheme::Basic) {
            *scheme = Scheme::Basic;
            return true;
        }
        false
    }

    fn digest_header(&self, c: &Challenge, method: &str, uri: &str) -> String {
        let nc = format!("{:08x}", c.count);
        let cnonce = cnonce(c.count);
        let qop = c.qop_auth.then_some("auth");
        let response = digest_response(
            c.algorithm,
            [&self.user, &c.realm, &self.password],
            [method, uri],
            [&c.nonce, &nc, &cnonce],
            qop,
        );
        let mut h = format!(
            "Digest username=\"{}\", realm=\"{}\", nonce=\"{}\", uri=\"{uri}\", response=\"{response}\", algorithm={}",
            quote(&self.user),
            quote(&c.realm),
            quote(&c.nonce),
            match c.algorithm {
                Algorithm::Md5 => "MD5",
                Algorithm::Sha256 => "SHA-256",
            }
        );
        if qop.is_some() {
            h.push_str(&format!(", qop=auth, nc={nc}, cnonce=\"{cnonce}\""));
        }
        if let Some(o) = &c.opaque {
            h.push_str(&format!(", opaque=\"{}\"", quote(o)));
        }
        h
    }
}

impl Challenge {
    fn from_params(params: &[(String, String)]) -> Option<Challenge> {
        let algorithm = match param(params, "algorithm").unwrap_or("MD5") {
            a if a.eq_ignore_ascii_case("md5") => Algorithm::Md5,
            a if a.eq_ignore_ascii_case("sha-256") => Algorithm::Sha256,
            _ => return None,
        };
        let qop = param(params, "qop");
        let qop_auth = qop.is_some_and(|q| q.split(',').any(|o| o.trim() == "auth"));
        if qop.is_some() && !qop_auth {
            return None; // auth-int only: it would need the body hashed.
        }
        Some(Challenge {
            realm: param(params, "realm")?.to_string(),
            nonce: param(params, "nonce")?.to_string(),
            opaque: param(params, "opaque").map(String::from),
            algorithm,
            qop_auth,
            count: 0,
        })
    }
}

/// The digest `response` (RFC 7616 §3.4.1): `who` is (user, realm, password), `req` is
/// (method, uri), `nonces` is (nonce, nc, cnonce); without qop, the RFC 2069 form.
fn digest_response(
    alg: Algorithm,
    who: [&str; 3],
    req: [&str; 2],
    nonces: [&str; 3],
    qop: Option<&str>,
) -> String {
    let ha1 = hash(alg, &who.join(":"));
    let ha2 = hash(alg, &req.join(":"));
    match qop {
        Some(q) => hash(
            alg,
            &format!("{ha1}:{}:{}:{}:{q}:{ha2}", nonces[0], nonces[1], nonces[2]),
        ),
        None => hash(alg, &format!("{ha1}:{}:{ha2}", nonces[0])),
    }
}

fn hash(alg: Algorithm, s: &str) -> String {
    let bytes: Vec<u8> = match alg {
        Algorithm::Md5 => {
            use md5::Digest;
            md5::Md5::digest(s.as_bytes()).to_vec()
        }
        Algorithm::Sha256 => {
            use sha2::Digest;
            sha2::Sha256::digest(s.as_bytes()).to_vec()
        }
    };
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// A client nonce: unique per request (time, process, count), hashed.
fn cnonce(count: u32) -> String {
    let nanos = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos());
    hash(
        Algorithm::Md5,
        &format!("{nanos}:{}:{count}", std::process::id()),
    )[..16]
        .to_string()
}

/// `Basic …` for an Authorization header.
pub fn basic(user: &str, password: &str) -> String {
    use base64::Engine;
    let token = base64::engine::general_purpose::STANDARD.encode(format!("{user}:{password}"));
    format!("Basic {token}")
}

fn quote(s: &str) -> String {
    s.replace('\\', "\\\\").replace('"', "\\\"")
}

fn param<'a>(params: &'a [(String, String)], name: &str) -> Option<&'a str> {
    params
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case(name))
        .map(|(_, v)| v.as_str())
}

/// The challenges of one `WWW-Authenticate` value: `Scheme k=v, k="v", Scheme2 …`.
fn parse_challenges(value: &str) -> Vec<(String, Vec<(String, String)>)> {
    let mut out: Vec<(String, Vec<(String, String)>)> = Vec::new();
    let mut chars = value.chars().peekable();
    loop {
        while chars.peek().is_some_and(|c| *c == ',' || c.is_whitespace()) {
            chars.next();
        }
        let mut token = String::new();
        while let Some(&c) = chars.peek() {
            if c == '=' || c == ',' || c.is_whitespace() {
                break;
            }
            token.push(c);
            chars.next();
        }
        if token.is_empty() {
            return out;
        }
        while chars.peek().is_some_and(|c| *c == ' ') {
            chars.next();
        }
        if chars.peek() != Some(&'=') {
            out.push((token, Vec::new())); // a scheme name starts a new challenge
            continue;
        }
        chars.next();
        let mut v = String::new();
        if chars.peek() == Some(&'"') {
            chars.next();
            while let Some(c) = chars.next() {
                match c {
                    '\\' => v.extend(chars.next()),
                    '"' => break,
                    c => v.push(c),
                }
            }
        } else {
            while let Some(&c) = chars.peek() {
                if c == ',' || c.is_whitespace() {
                    break;
                }
                v.push(c);
                chars.next();
            }
        }
        if let Some((_, params)) = out.last_mut() {
            params.push((token, v));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn digest_response_matches_the_rfc_2617_example() {
        let r = digest_response(
            Algorithm::Md5,
            ["Mufasa", "testrealm@host.com", "Circle Of Life"],
            ["GET", "/dir/index.html"],
            ["dcd98b7102dd2f0e8b11d0f600bfb0c093", "00000001", "0a4f113b"],
            Some("auth"),
        );
        assert_eq!(r, "6629fae49393a05397450978507c4ef1");
    }

    #[test]
    fn digest_response_matches_the_rfc_7616_sha256_example() {
        let r = digest_response(
            Algorithm::Sha256,
            ["Mufasa", "http-auth@example.org", "Circle of Life"],
            ["GET", "/dir/index.html"],
            [
                "7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v",
                "00000001",
                "f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ",
            ],
            Some("auth"),
        );
        assert_eq!(
            r,
            "753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1"
        );
    }

    #[test]
    fn challenges_are_parsed_and_signed() {
        let v = r#"Digest realm="testrealm@host.com", qop="auth,auth-int", nonce="dcd98b7102dd2f0e8b11d0f600bfb0c093", opaque="5ccc069c403ebaf9f0171e9517f40e41", Basic realm="x""#;
        let cs = parse_challenges(v);
        assert_eq!(cs.len(), 2);
        assert_eq!(cs[0].0, "Digest");
        assert_eq!(param(&cs[0].1, "qop"), Some("auth,auth-int"));
        assert_eq!(cs[1].0, "Basic");
        let auth = Auth::new("Mufasa", "Circle Of Life");
        assert!(auth.header("GET", "/").is_none());
        assert!(auth.learn(&[v.to_string()]));
        let h = auth.header("GET", "/dir/index.html").unwrap();
        assert!(h.starts_with("Digest username=\"Mufasa\""), "{h}");
        assert!(
            h.contains("nc=00000001") && h.contains("opaque=\"5ccc069c"),
            "{h}"
        );
        // The same nonce again: counted on, for the one retry.
        assert!(auth.learn(&[v.to_string()]));
        assert!(auth.header("GET", "/").unwrap().contains("nc=00000002"));
        let basic_only = Auth::new("Aladdin", "open sesame");
        assert!(basic_only.learn(&["Basic realm=\"x\"".to_string()]));
        assert_eq!(
            basic_only.header("POST", "/").unwrap(),
            "Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ=="
        );
        assert!(!basic_only.learn(&["Basic realm=\"x\"".to_string()]));
    }
}
