//! API keys: `Authorization: Bearer <key>`, checked against SHA-256 hashes from the
//! configuration. A key carries scopes: what it may call (`read`, `ask`, `verify`) and what
//! it may see (`internal`, `restricted` documents; public ones always).

use std::fmt;
use std::future::{Ready, ready};
use std::str::FromStr;

use actix_web::{FromRequest, HttpMessage, HttpRequest, web};
use anyhow::{Result, bail};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use lexcite_engine::Access;
use lexcite_index::Classification;

use crate::error::ApiError;
use crate::state::AppState;

/// What a key may do.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Deserialize, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Scope {
    /// Search, documents, units, lookup.
    Read,
    /// Questions answered with citations.
    Ask,
    /// The citation verifier.
    Verify,
    /// Sees internal documents.
    Internal,
    /// Sees internal and restricted documents.
    Restricted,
}

impl Scope {
    pub fn as_str(self) -> &'static str {
        match self {
            Scope::Read => "read",
            Scope::Ask => "ask",
            Scope::Verify => "verify",
            Scope::Internal => "internal",
            Scope::Restricted => "restricted",
        }
    }

    pub const ALL: [Scope; 5] = [
        Scope::Read,
        Scope::Ask,
        Scope::Verify,
        Scope::Internal,
        Scope::Restricted,
    ];
}

impl FromStr for Scope {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        Scope::ALL
            .into_iter()
            .find(|x| x.as_str() == s)
            .ok_or_else(|| format!("unknown scope {s:?} (read, ask, verify, internal, restricted)"))
    }
}

impl fmt::Display for Scope {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A configured key: its name (for logs and the audit trail), hash and scopes.
#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct ApiKey {
    pub name: String,
    /// Lower-case hex SHA-256 of the key.
    pub sha256: String,
    pub scopes: Vec<Scope>,
}

impl ApiKey {
    pub fn validate(&self) -> Result<()> {
        if self.name.is_empty() || self.name.contains([':', ';', '\n']) {
            bail!(
                "API key name {:?} must be non-empty, without ':' or ';'",
                self.name
            );
        }
        if self.sha256.len() != 64 || !self.sha256.chars().all(|c| c.is_ascii_hexdigit()) {
            bail!(
                "API key {:?}: sha256 must be 64 hex digits (`lexcite key` makes one)",
                self.name
            );
        }
        Ok(())
    }
}

/// Hex SHA-256 of a key.
pub fn hash_key(key: &str) -> String {
    Sha256::digest(key.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// A new random key: "lx_" and 43 URL-safe characters (256 bits).
pub fn new_key() -> Result<String> {
    let mut bytes = [0u8; 32];
    getrandom::fill(&mut bytes).map_err(|e| anyhow::anyhow!("no randomness: {e}"))?;
    const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    let mut out = String::from("lx_");
    let mut acc: u32 = 0;
    let mut bits = 0;
    for b in bytes {
        acc = (acc << 8) | u32::from(b);
        bits += 8;
        while bits >= 6 {
            bits -= 6;
            out.push(ALPHABET[((acc >> bits) & 63) as usize] as char);
        }
    }
    if bits > 0 {
        out.push(ALPHABET[((acc << (6 - bits)) & 63) as usize] as char);
    }
    Ok(out)
}

/// The caller of a `/v1` route, known by its key.
#[derive(Clone, Debug)]
pub struct Caller {
    pub name: String,
    pub scopes: Vec<Scope>,
}

/// The key's name, left in the request for the request log.
#[derive(Clone, Debug)]
pub struct CallerName(pub String);

impl Caller {
    /// Refuses the call unless the key has `scope`.
    pub fn require(&self, scope: Scope) -> Result<(), ApiError> {
        if self.scopes.contains(&scope) {
            Ok(())
        } else {
            Err(ApiError::forbidden(format!(
                "the API key {:?} lacks the scope {scope}",
                self.name
            )))
        }
    }

    /// The documents this key may see.
    pub fn access(&self) -> Access {
        let clearance = if self.scopes.contains(&Scope::Restricted) {
            Classification::Restricted
        } else if self.scopes.contains(&Scope::Internal) {
            Classification::Internal
        } else {
            Classification::Public
        };
        Access { clearance }
    }
}

impl FromRequest for Caller {
    type Error = ApiError;
    type Future = Ready<Result<Self, ApiError>>;

    fn from_request(req: &HttpRequest, _: &mut actix_web::dev::Payload) -> Self::Future {
        ready(caller(req))
    }
}

fn caller(req: &HttpRequest) -> Result<Caller, ApiError> {
    let Some(state) = req.app_data::<web::Data<AppState>>() else {
        return Err(ApiError::internal("application state missing"));
    };
    let header = req
        .headers()
        .get(actix_web::http::header::AUTHORIZATION)
        .ok_or_else(|| {
            ApiError::unauthorized("an API key is required: Authorization: Bearer <key>")
        })?;
    let token = header
        .to_str()
        .ok()
        .and_then(|h| {
            h.strip_prefix("Bearer ")
                .or_else(|| h.strip_prefix("bearer "))
        })
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .ok_or_else(|| ApiError::unauthorized("the Authorization header must be: Bearer <key>"))?;
    let hash = hash_key(token);
    let key = state
        .keys
        .iter()
        .find(|k| constant_eq(k.sha256.as_bytes(), hash.as_bytes()))
        .ok_or_else(|| ApiError::unauthorized("the API key is not valid"))?;
    req.extensions_mut().insert(CallerName(key.name.clone()));
    Ok(Caller {
        name: key.name.clone(),
        scopes: key.scopes.clone(),
    })
}

/// Compares without stopping at the first difference.
fn constant_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn new_keys_are_random_and_hash_to_hex() {
        let a = new_key().expect("key");
        let b = new_key().expect("key");
        assert_ne!(a, b);
        assert_eq!(a.len(), 3 + 43);
        assert_eq!(
            hash_key("abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }
}
