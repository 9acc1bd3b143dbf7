//! Running `lexcite serve` as a user does: the binary in a child process, its address read
//! from its log, killed when the test ends.

use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// The repository's root, where the binary runs.
pub fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// `lexcite serve` with `config` and extra environment, stdout piped, stderr kept in a file.
pub fn serve(config: &str, env: &[(&str, &str)]) -> Server {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_lexcite"));
    cmd.args(["serve", "--config", config])
        .current_dir(repo_root())
        .env_remove("LEXCITE_DATA_DIR")
        .env_remove("LEXCITE_CONFIG")
        .env_remove("LEXCITE_API_KEYS")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    for (k, v) in env {
        cmd.env(k, v);
    }
    Server(cmd.spawn().expect("lexcite serve starts"))
}

/// A server process, killed when dropped.
pub struct Server(pub Child);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

impl Server {
    /// Reads the JSON log lines until the "listening" one and returns the base URL.
    pub fn base(&mut self) -> String {
        use std::io::BufRead;
        let stdout = self.0.stdout.take().expect("stdout");
        let mut lines = std::io::BufReader::new(stdout).lines();
        for line in lines.by_ref() {
            let line = line.expect("server log");
            let Ok(v) = serde_json::from_str::<serde_json::Value>(&line) else {
                continue;
            };
            if let Some(addr) = v["fields"]["addr"].as_str() {
                // Keep draining the log so the server never blocks on a full pipe.
                std::thread::spawn(move || lines.for_each(drop));
                return format!("http://{addr}");
            }
        }
        panic!("the server never said where it listens");
    }
}

pub fn agent() -> ureq::Agent {
    ureq::Agent::config_builder()
        .http_status_as_error(false)
        .build()
        .into()
}

/// GET with an optional key: status and body.
pub fn get(base: &str, path: &str, key: Option<&str>) -> (u16, String) {
    let mut req = agent().get(&format!("{base}{path}"));
    if let Some(k) = key {
        req = req.header("Authorization", &format!("Bearer {k}"));
    }
    match req.call() {
        Ok(mut r) => (
            r.status().as_u16(),
            r.body_mut().read_to_string().unwrap_or_default(),
        ),
        Err(_) => (0, String::new()),
    }
}

/// Polls /readyz until it answers 200, for at most `limit`.
pub fn wait_ready(base: &str, limit: Duration) -> bool {
    let started = Instant::now();
    while started.elapsed() < limit {
        if get(base, "/readyz", None).0 == 200 {
            return true;
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    false
}
