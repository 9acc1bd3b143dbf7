//! The audit trail: one JSON line for every `/v1` call, refused ones included — who (key name,
//! or "anonymous"), when, the route and status, what was asked, which units came back.
//!
//! A line is written with one `write` call before the response leaves, into a file created
//! `0600`. There is no fsync per line: a line is in the kernel when the response leaves and
//! reaches the disk with the kernel's writeback, so a power cut can lose the last seconds,
//! never a line in the middle. A write that fails (a full disk) is cut back to the last whole
//! line, logged and counted (`lexcite_audit_write_failures_total`); the call itself is
//! answered. At `rotate_bytes` the file is renamed to `.1` (`.1` to `.2`, …, `keep` kept)
//! and a new one begun.

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
    /// The key's name; "anonymous" when no valid key came with the call.
    pub key: &'a str,
    pub method: &'a str,
    /// The route's pattern ("/v1/units/{id}"), or the path when no route matched.
    pub route: &'a str,
    /// The path and query string as sent (cut at 2,000 characters).
    pub target: &'a str,
    pub status: u16,
    /// The error code of a refused call.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<&'a str>,
    pub ms: u64,
    /// The query, question, citation or document id, as sent.
    pub request: &'a str,
    /// Units (or documents) returned, by id.
    pub returned: &'a [String],
}

/// What a handler leaves in its request for the audit line: what was asked and what came
/// back. Calls refused before a handler ran have none.
#[derive(Clone, Debug, Default)]
pub struct AuditNote {
    pub request: String,
    pub returned: Vec<String>,
}

/// Leaves the audit note of a call in its request.
pub fn note(req: &actix_web::HttpRequest, request: impl Into<String>, returned: Vec<String>) {
    use actix_web::HttpMessage;
    req.extensions_mut().insert(AuditNote {
        request: request.into(),
        returned,
    });
}

/// Where an audit line could not go.
#[derive(Debug, thiserror::Error)]
#[error("cannot write the audit log {path}: {source}")]
pub struct AuditError {
    pub path: PathBuf,
    pub source: std::io::Error,
}

/// An open audit log.
#[derive(Debug)]
pub struct AuditLog {
    path: PathBuf,
    rotate_bytes: u64,
    keep: u32,
    file: Mutex<Open>,
}

#[derive(Debug)]
struct Open {
    file: File,
    /// Bytes of whole lines in the file.
    len: u64,
}

fn open_file(path: &Path) -> std::io::Result<Open> {
    let mut options = OpenOptions::new();
    options.create(true).append(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    let file = options.open(path)?;
    let meta = file.metadata()?;
    // A log made by an older version, or by hand, is made private too.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        if meta.is_file() && meta.permissions().mode() & 0o077 != 0 {
            file.set_permissions(std::fs::Permissions::from_mode(0o600))?;
        }
    }
    let len = meta.len();
    Ok(Open { file, len })
}

impl AuditLog {
    /// Opens (or creates) the log; never rotated.
    pub fn open(path: &Path) -> std::io::Result<Self> {
        Self::open_rotating(path, 0, 0)
    }

    /// Opens (or creates) the log, rotated at `rotate_bytes` (0: never) keeping `keep` old
    /// files.
    pub fn open_rotating(path: &Path, rotate_bytes: u64, keep: u32) -> std::io::Result<Self> {
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir)?;
        }
        Ok(Self {
            path: path.to_path_buf(),
            rotate_bytes,
            keep,
            file: Mutex::new(open_file(path)?),
        })
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Appends one line, whole or not at all.
    pub fn record(&self, entry: &AuditEntry<'_>) -> Result<(), AuditError> {
        let fail = |source| AuditError {
            path: self.path.clone(),
            source,
        };
        let mut line = serde_json::to_vec(entry).map_err(|e| fail(e.into()))?;
        line.push(b'\n');
        let mut open = match self.file.lock() {
            Ok(f) => f,
            Err(poisoned) => poisoned.into_inner(),
        };
        if self.rotate_bytes > 0 && open.len > 0 && open.len + line.len() as u64 > self.rotate_bytes
        {
            *open = self.rotate().map_err(fail)?;
        }
        match open.file.write_all(&line) {
            Ok(()) => {
                open.len += line.len() as u64;
                Ok(())
            }
            Err(e) => {
                // Part of the line may have gone in: cut back to the last whole line.
                let whole = open.len;
                let _ = open.file.set_len(whole);
                Err(fail(e))
            }
        }
    }

    /// Shifts `.1` … to `.2` …, the log to `.1`, and opens a new log.
    fn rotate(&self) -> std::io::Result<Open> {
        let numbered = |n: u32| {
            let mut name = self.path.clone().into_os_string();
            name.push(format!(".{n}"));
            PathBuf::from(name)
        };
        if self.keep == 0 {
            std::fs::remove_file(&self.path)?;
        } else {
            for n in (1..self.keep).rev() {
                let from = numbered(n);
                if from.exists() {
                    std::fs::rename(&from, numbered(n + 1))?;
                }
            }
            std::fs::rename(&self.path, numbered(1))?;
        }
        open_file(&self.path)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry<'a>(request: &'a str, returned: &'a [String]) -> AuditEntry<'a> {
        AuditEntry {
            at: "2026-11-30T00:00:00.000Z".into(),
            key: "portal",
            method: "GET",
            route: "/v1/lookup",
            target: "/v1/lookup?citation=x",
            status: 200,
            error: None,
            ms: 3,
            request,
            returned,
        }
    }

    #[test]
    fn the_log_is_private_and_rotates_at_its_size_keeping_whole_lines() {
        let dir = tempfile::tempdir().expect("temporary folder");
        let path = dir.path().join("audit.jsonl");
        let log = AuditLog::open_rotating(&path, 1000, 2).expect("open");
        let returned = vec!["unit".to_string()];
        for i in 0..40 {
            log.record(&entry(&format!("question {i}"), &returned))
                .expect("written");
        }
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&path).expect("log").permissions().mode();
            assert_eq!(mode & 0o777, 0o600);
        }
        let mut lines = 0;
        for name in ["audit.jsonl", "audit.jsonl.1", "audit.jsonl.2"] {
            let text = std::fs::read_to_string(dir.path().join(name)).expect("kept file");
            assert!(text.len() <= 1000, "{name} is {} bytes", text.len());
            for line in text.lines() {
                serde_json::from_str::<serde_json::Value>(line).expect("a whole JSON line");
                lines += 1;
            }
        }
        assert!(!dir.path().join("audit.jsonl.3").exists());
        // The newest lines are kept; the oldest rotated away.
        let last = std::fs::read_to_string(&path).expect("log");
        assert!(last.contains("question 39"), "{last}");
        assert!(lines < 40);
    }

    #[test]
    fn a_failed_write_is_an_error_not_a_torn_line() {
        // /dev/full takes the open and refuses every write with ENOSPC.
        let full = Path::new("/dev/full");
        if !full.exists() {
            return;
        }
        let log = AuditLog::open(full).expect("open");
        let err = log.record(&entry("q", &[])).expect_err("disk full");
        assert!(err.to_string().contains("/dev/full"), "{err}");
    }
}
