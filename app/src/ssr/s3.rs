//! A small client for S3-compatible object stores (AWS S3, MinIO, Ceph, Scaleway, …): PUT, GET
//! and DELETE of one object, path-style URLs, AWS Signature Version 4 over the whole payload.

use secrecy::{ExposeSecret, SecretString};
use sha2::{Digest, Sha256};

/// Where attached files go when an object store is configured. The secret key is a
/// `SecretString`: `Debug` (logs, panics) prints `[REDACTED]`, never the key.
#[derive(Clone, Debug)]
pub struct S3Config {
    /// `https://s3.eu-west-1.amazonaws.com`, `http://127.0.0.1:9000`, … (no trailing slash).
    pub endpoint: String,
    pub bucket: String,
    pub region: String,
    pub access_key: String,
    pub secret_key: SecretString,
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

pub fn sha256_hex(data: &[u8]) -> String {
    hex(&Sha256::digest(data))
}

/// HMAC-SHA256 (RFC 2104), from RustCrypto's `hmac`.
fn hmac(key: &[u8], data: &[u8]) -> [u8; 32] {
    use hmac::{Hmac, KeyInit, Mac};
    // Any key length is accepted (longer ones are hashed first, as the RFC says).
    let mut mac = <Hmac<Sha256> as KeyInit>::new_from_slice(key).expect("HMAC takes a key of any length");
    mac.update(data);
    mac.finalize().into_bytes().into()
}

/// Who signs, and for which region.
pub struct Credentials<'a> {
    pub region: &'a str,
    pub access_key: &'a str,
    pub secret_key: &'a str,
}

/// The `Authorization` header of AWS Signature Version 4 for a request without a query string.
/// `headers` are (name, value) and must include `host`, `x-amz-date` and `x-amz-content-sha256`;
/// all of them are signed.
pub fn authorization(method: &str, path: &str, headers: &[(&str, &str)], payload_sha256: &str, amz_date: &str, c: &Credentials) -> String {
    let Credentials { region, access_key, secret_key } = c;
    let mut hs: Vec<(String, String)> = headers.iter().map(|(k, v)| (k.to_ascii_lowercase(), v.trim().to_string())).collect();
    hs.sort();
    let canonical_headers: String = hs.iter().map(|(k, v)| format!("{k}:{v}\n")).collect();
    let signed: Vec<&str> = hs.iter().map(|(k, _)| k.as_str()).collect();
    let signed = signed.join(";");
    let canonical = format!("{method}\n{path}\n\n{canonical_headers}\n{signed}\n{payload_sha256}");
    let day = &amz_date[..8];
    let scope = format!("{day}/{region}/s3/aws4_request");
    let to_sign = format!("AWS4-HMAC-SHA256\n{amz_date}\n{scope}\n{}", sha256_hex(canonical.as_bytes()));
    let k = hmac(format!("AWS4{secret_key}").as_bytes(), day.as_bytes());
    let k = hmac(&k, region.as_bytes());
    let k = hmac(&k, b"s3");
    let k = hmac(&k, b"aws4_request");
    let signature = hex(&hmac(&k, to_sign.as_bytes()));
    format!("AWS4-HMAC-SHA256 Credential={access_key}/{scope},SignedHeaders={signed},Signature={signature}")
}

/// An S3-compatible bucket.
#[derive(Clone, Debug)]
pub struct S3Store {
    config: S3Config,
    client: reqwest::Client,
}

#[derive(Debug, thiserror::Error)]
pub enum S3Error {
    #[error("object store request failed: {0}")]
    Http(#[from] reqwest::Error),
    #[error("object store answered {0}")]
    Status(u16),
    #[error("object not found")]
    NotFound,
}

impl S3Store {
    pub fn new(config: S3Config) -> Self {
        let client = reqwest::Client::builder()
            .connect_timeout(std::time::Duration::from_secs(10))
            .read_timeout(std::time::Duration::from_secs(60))
            .build()
            .unwrap_or_default();
        Self { config, client }
    }

    fn host(&self) -> &str {
        let rest = self.config.endpoint.split_once("://").map(|(_, r)| r).unwrap_or(&self.config.endpoint);
        rest.split('/').next().unwrap_or(rest)
    }

    async fn send(&self, method: reqwest::Method, key: &str, body: Vec<u8>) -> Result<reqwest::Response, S3Error> {
        let path = format!("/{}/{key}", self.config.bucket);
        let amz_date = chrono::Utc::now().format("%Y%m%dT%H%M%SZ").to_string();
        let payload = sha256_hex(&body);
        let host = self.host().to_string();
        let auth = authorization(
            method.as_str(),
            &path,
            &[("host", &host), ("x-amz-content-sha256", &payload), ("x-amz-date", &amz_date)],
            &payload,
            &amz_date,
            &Credentials {
                region: &self.config.region,
                access_key: &self.config.access_key,
                secret_key: self.config.secret_key.expose_secret(),
            },
        );
        Ok(self
            .client
            .request(method, format!("{}{path}", self.config.endpoint.trim_end_matches('/')))
            .header("x-amz-content-sha256", payload)
            .header("x-amz-date", amz_date)
            .header("authorization", auth)
            .body(body)
            .send()
            .await?)
    }

    pub async fn put(&self, key: &str, bytes: &[u8]) -> Result<(), S3Error> {
        let res = self.send(reqwest::Method::PUT, key, bytes.to_vec()).await?;
        if res.status().is_success() {
            Ok(())
        } else {
            Err(S3Error::Status(res.status().as_u16()))
        }
    }

    pub async fn get(&self, key: &str) -> Result<Vec<u8>, S3Error> {
        let res = self.send(reqwest::Method::GET, key, vec![]).await?;
        match res.status().as_u16() {
            200 => Ok(res.bytes().await?.to_vec()),
            404 => Err(S3Error::NotFound),
            s => Err(S3Error::Status(s)),
        }
    }

    /// The object's response, to read its body in chunks (`Response::chunk`).
    pub async fn open(&self, key: &str) -> Result<reqwest::Response, S3Error> {
        let res = self.send(reqwest::Method::GET, key, vec![]).await?;
        match res.status().as_u16() {
            200 => Ok(res),
            404 => Err(S3Error::NotFound),
            s => Err(S3Error::Status(s)),
        }
    }

    pub async fn delete(&self, key: &str) -> Result<(), S3Error> {
        let res = self.send(reqwest::Method::DELETE, key, vec![]).await?;
        match res.status().as_u16() {
            200 | 204 | 404 => Ok(()),
            s => Err(S3Error::Status(s)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hmac_matches_rfc_4231_case_2() {
        assert_eq!(
            hex(&hmac(b"Jefe", b"what do ya want for nothing?")),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"
        );
    }

    /// The "GET Object" example of the AWS documentation (Signature Version 4, header-based).
    #[test]
    fn signs_the_aws_documentation_example() {
        let empty = sha256_hex(b"");
        let auth = authorization(
            "GET",
            "/test.txt",
            &[
                ("Host", "examplebucket.s3.amazonaws.com"),
                ("Range", "bytes=0-9"),
                ("x-amz-content-sha256", &empty),
                ("x-amz-date", "20130524T000000Z"),
            ],
            &empty,
            "20130524T000000Z",
            &Credentials {
                region: "us-east-1",
                access_key: "AKIAIOSFODNN7EXAMPLE",
                secret_key: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
            },
        );
        assert_eq!(
            auth,
            "AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request,\
             SignedHeaders=host;range;x-amz-content-sha256;x-amz-date,\
             Signature=f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41"
        );
    }
}
