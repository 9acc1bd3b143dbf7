//! Each key's share of the server: a request rate (a bucket of `requests_per_minute` tokens
//! that refills evenly) and a number of requests in progress at once. Over either, the call
//! gets 429 with `Retry-After`, before its body is read.

use std::collections::HashMap;
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Instant;

use crate::error::{ApiError, ErrorCode};

/// The limits of every key, and where each key stands.
#[derive(Debug)]
pub struct KeyLimits {
    per_minute: u32,
    concurrent: u32,
    keys: Mutex<HashMap<String, Bucket>>,
}

#[derive(Debug)]
struct Bucket {
    tokens: f64,
    at: Instant,
    in_flight: Arc<AtomicU32>,
}

/// A request in progress, counted against its key until dropped.
#[derive(Debug)]
pub struct Permit(Option<Arc<AtomicU32>>);

impl Drop for Permit {
    fn drop(&mut self) {
        if let Some(n) = self.0.take() {
            n.fetch_sub(1, Ordering::SeqCst);
        }
    }
}

impl KeyLimits {
    /// `0` for either means no limit of that kind.
    pub fn new(per_minute: u32, concurrent: u32) -> Self {
        Self {
            per_minute,
            concurrent,
            keys: Mutex::new(HashMap::new()),
        }
    }

    /// Admits one request of `key`, or says when to try again.
    pub fn admit(&self, key: &str) -> Result<Permit, ApiError> {
        if self.per_minute == 0 && self.concurrent == 0 {
            return Ok(Permit(None));
        }
        let mut keys = match self.keys.lock() {
            Ok(k) => k,
            Err(poisoned) => poisoned.into_inner(),
        };
        let now = Instant::now();
        let capacity = f64::from(self.per_minute);
        let bucket = keys.entry(key.to_string()).or_insert_with(|| Bucket {
            tokens: capacity,
            at: now,
            in_flight: Arc::new(AtomicU32::new(0)),
        });
        if self.concurrent > 0 && bucket.in_flight.load(Ordering::SeqCst) >= self.concurrent {
            return Err(too_many(
                format!(
                    "the API key {key:?} already has {} requests in progress, its limit",
                    self.concurrent
                ),
                1,
            ));
        }
        if self.per_minute > 0 {
            let per_second = capacity / 60.0;
            let elapsed = now.duration_since(bucket.at).as_secs_f64();
            bucket.tokens = (bucket.tokens + elapsed * per_second).min(capacity);
            bucket.at = now;
            if bucket.tokens < 1.0 {
                let wait = ((1.0 - bucket.tokens) / per_second).ceil().max(1.0) as u64;
                return Err(too_many(
                    format!(
                        "the API key {key:?} is over its limit of {} requests per minute",
                        self.per_minute
                    ),
                    wait,
                ));
            }
            bucket.tokens -= 1.0;
        }
        bucket.in_flight.fetch_add(1, Ordering::SeqCst);
        Ok(Permit(Some(bucket.in_flight.clone())))
    }
}

fn too_many(message: String, retry_after: u64) -> ApiError {
    let mut e = ApiError::new(ErrorCode::TooManyRequests, message);
    e.retry_after = Some(retry_after);
    e
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_key_gets_its_rate_and_its_concurrency_and_no_more() {
        let limits = KeyLimits::new(3, 2);
        let a = limits.admit("a").expect("first");
        let b = limits.admit("a").expect("second");
        let busy = limits.admit("a").expect_err("two in progress");
        assert_eq!(busy.retry_after, Some(1));
        // Another key has its own share.
        drop(limits.admit("b").expect("other key"));
        drop(a);
        drop(b);
        drop(limits.admit("a").expect("third of the minute"));
        let over = limits.admit("a").expect_err("three in a minute");
        assert_eq!(over.code, ErrorCode::TooManyRequests);
        // One token comes back every 20 s.
        assert!(
            over.retry_after.is_some_and(|s| (19..=20).contains(&s)),
            "{over:?}"
        );
    }

    #[test]
    fn zero_means_no_limit() {
        let limits = KeyLimits::new(0, 0);
        let held: Vec<_> = (0..1000)
            .map(|_| limits.admit("a").expect("admitted"))
            .collect();
        assert_eq!(held.len(), 1000);
    }
}
