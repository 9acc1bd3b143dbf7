//! API keys on requests: `Authorization: Bearer <key>` (the scheme in any case, RFC 7235),
//! checked against the SHA-256 hashes of the settings' keys; the caller that results, with
//! its scopes and clearance, admitted within its key's limits.

use std::future::{Ready, ready};

use actix_web::{FromRequest, HttpMessage, HttpRequest, web};
use anyhow::Result;
use sha2::{Digest, Sha256};

pub use lexcite_engine::{Access, ApiKey, Scope};

use crate::error::ApiError;
use crate::limits::Permit;
use crate::state::AppState;

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

/// The caller of a `/v1` route, known by its key; counted against the key's limits while it
/// lives.
#[derive(Debug)]
pub struct Caller {
    pub name: String,
    pub scopes: Vec<Scope>,
    _permit: Permit,
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
        Access::of_scopes(&self.scopes)
    }
}

impl FromRequest for Caller {
    type Error = ApiError;
    type Future = Ready<Result<Self, ApiError>>;

    fn from_request(req: &HttpRequest, _: &mut actix_web::dev::Payload) -> Self::Future {
        ready(caller(req))
    }
}

/// The name of the key a request carries, if it is a valid one.
pub fn key_name(req: &HttpRequest) -> Option<String> {
    let state = req.app_data::<web::Data<AppState>>()?;
    identify(state, req).ok().map(|k| k.name.clone())
}

fn caller(req: &HttpRequest) -> Result<Caller, ApiError> {
    let Some(state) = req.app_data::<web::Data<AppState>>() else {
        return Err(ApiError::internal("application state missing"));
    };
    let key = identify(state, req)?;
    req.extensions_mut().insert(CallerName(key.name.clone()));
    tracing::Span::current().record("key", key.name.as_str());
    let permit = state.limits.admit(&key.name)?;
    Ok(Caller {
        name: key.name.clone(),
        scopes: key.scopes.clone(),
        _permit: permit,
    })
}

/// The key of the request's `Authorization` header.
fn identify<'a>(state: &'a AppState, req: &HttpRequest) -> Result<&'a ApiKey, ApiError> {
    let header = req
        .headers()
        .get(actix_web::http::header::AUTHORIZATION)
        .ok_or_else(|| {
            ApiError::unauthorized("an API key is required: Authorization: Bearer <key>")
        })?;
    let token = header
        .to_str()
        .ok()
        .and_then(|h| h.trim_start().split_once([' ', '\t']))
        .filter(|(scheme, _)| scheme.eq_ignore_ascii_case("bearer"))
        .map(|(_, token)| token.trim())
        .filter(|t| !t.is_empty())
        .ok_or_else(|| ApiError::unauthorized("the Authorization header must be: Bearer <key>"))?;
    let hash = hash_key(token);
    state
        .keys
        .iter()
        .find(|k| constant_eq(k.sha256.as_bytes(), hash.as_bytes()))
        .ok_or_else(|| ApiError::unauthorized("the API key is not valid"))
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
