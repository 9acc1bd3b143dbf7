//! The audit trail: one JSON line per `/v1` call — who (key name), when, what was asked,
//! which units came back. Append-only; a line is written before the response leaves.

use std::fs::{File, OpenOptions};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use serde::Serialize;

/// One audited call.
#[derive(Clone, Debug, Serialize)]
pub struct AuditEntry<'a> {
    /// RFC 3339, UTC.
    pub at: String,
    pub key: &'a str,
    pub route: &'a str,
    /// The query, question, citation or document id, as sent.
    pub request: &'a str,
    /// Units (or documents) returned, by id.
    pub returned: Vec<String>,
}

/// An open audit log.
#[derive(Debug)]
pub struct AuditLog {
    path: PathBuf,
    file: Mutex<File>,
}

impl AuditLog {
    pub fn open(path: &Path) -> std::io::Result<Self> {
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir)?;
        }
        let file = OpenOptions::new().create(true).append(true).open(path)?;
        Ok(Self {
            path: path.to_path_buf(),
            file: Mutex::new(file),
        })
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Appends one line. A failure is logged, never hidden: the call itself has succeeded.
    pub fn record(&self, key: &str, route: &str, request: &str, returned: Vec<String>) {
        let entry = AuditEntry {
            at: chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Millis, true),
            key,
            route,
            request,
            returned,
        };
        let mut line = match serde_json::to_string(&entry) {
            Ok(l) => l,
            Err(e) => {
                tracing::error!(error = %e, "cannot serialise an audit entry");
                return;
            }
        };
        line.push('\n');
        let mut file = match self.file.lock() {
            Ok(f) => f,
            Err(poisoned) => poisoned.into_inner(),
        };
        if let Err(e) = file.write_all(line.as_bytes()).and_then(|()| file.flush()) {
            tracing::error!(error = %e, path = %self.path.display(), "cannot write the audit log");
        }
    }
}
