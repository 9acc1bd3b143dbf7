//! Who may see what: API keys with their scopes, and the clearance a call runs with.
//!
//! A key carries scopes: what it may call (`read`, `ask`, `verify`) and what it may see
//! (`internal`, `restricted` documents; public ones always). Keys live in the settings as
//! SHA-256 hashes, never as keys.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use lexcite_index::Classification;

use crate::error::SettingsError;

/// What a caller may see: documents up to its clearance.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Access {
    pub clearance: Classification,
}

impl Access {
    pub const PUBLIC: Access = Access {
        clearance: Classification::Public,
    };
    pub const ALL: Access = Access {
        clearance: Classification::Restricted,
    };

    pub fn can_see(&self, c: Classification) -> bool {
        c <= self.clearance
    }

    /// The classifications visible, for store filters.
    pub fn classifications(&self) -> Vec<Classification> {
        [
            Classification::Public,
            Classification::Internal,
            Classification::Restricted,
        ]
        .into_iter()
        .filter(|c| self.can_see(*c))
        .collect()
    }

    /// The clearance a set of scopes gives.
    pub fn of_scopes(scopes: &[Scope]) -> Access {
        let clearance = if scopes.contains(&Scope::Restricted) {
            Classification::Restricted
        } else if scopes.contains(&Scope::Internal) {
            Classification::Internal
        } else {
            Classification::Public
        };
        Access { clearance }
    }
}

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
    /// Adds, replaces and removes documents over the API.
    Write,
}

impl Scope {
    pub fn as_str(self) -> &'static str {
        match self {
            Scope::Read => "read",
            Scope::Ask => "ask",
            Scope::Verify => "verify",
            Scope::Internal => "internal",
            Scope::Restricted => "restricted",
            Scope::Write => "write",
        }
    }

    pub const ALL: [Scope; 6] = [
        Scope::Read,
        Scope::Ask,
        Scope::Verify,
        Scope::Internal,
        Scope::Restricted,
        Scope::Write,
    ];
}

impl FromStr for Scope {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        Scope::ALL
            .into_iter()
            .find(|x| x.as_str() == s)
            .ok_or_else(|| {
                format!("unknown scope {s:?} (read, ask, verify, internal, restricted, write)")
            })
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
    pub fn validate(&self) -> Result<(), SettingsError> {
        if self.name.is_empty() || self.name.contains([':', ';', '\n']) {
            return Err(SettingsError::Invalid(format!(
                "API key name {:?} must be non-empty, without ':' or ';'",
                self.name
            )));
        }
        if self.sha256.len() != 64 || !self.sha256.chars().all(|c| c.is_ascii_hexdigit()) {
            return Err(SettingsError::Invalid(format!(
                "API key {:?}: sha256 must be 64 hex digits (`lexcite key` makes one)",
                self.name
            )));
        }
        Ok(())
    }
}
