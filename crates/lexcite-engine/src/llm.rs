//! A language model on the agency's own network, behind an OpenAI-compatible chat endpoint
//! (vLLM, llama.cpp server, Ollama). Optional: without one, answers are extractive.

use std::time::Duration;

use serde::Deserialize;

/// Where the model is and how to call it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LlmConfig {
    /// Base URL of the API, e.g. "http://10.0.0.5:8000/v1"; `/chat/completions` is appended.
    pub url: String,
    pub model: String,
    pub api_key: Option<String>,
    pub timeout: Duration,
}

/// Why the model gave no answer.
#[derive(Debug, thiserror::Error)]
pub enum LlmError {
    #[error("the language model at {url} cannot be reached: {message}")]
    Unreachable { url: String, message: String },
    #[error("the language model at {url} answered with status {status}")]
    Status { url: String, status: u16 },
    #[error("the language model's reply is not a chat completion: {0}")]
    Malformed(String),
}

/// A client of the chat endpoint.
#[derive(Debug)]
pub struct Llm {
    config: LlmConfig,
    agent: ureq::Agent,
}

#[derive(Deserialize)]
struct Completion {
    choices: Vec<Choice>,
}

#[derive(Deserialize)]
struct Choice {
    message: Message,
}

#[derive(Deserialize)]
struct Message {
    content: Option<String>,
}

impl Llm {
    pub fn new(config: LlmConfig) -> Self {
        let agent = ureq::Agent::config_builder()
            .timeout_global(Some(config.timeout))
            .http_status_as_error(false)
            .build()
            .new_agent();
        Self { config, agent }
    }

    pub fn config(&self) -> &LlmConfig {
        &self.config
    }

    /// One chat completion: a system message and a user message in, the reply's text out.
    pub fn complete(&self, system: &str, user: &str) -> Result<String, LlmError> {
        let url = format!("{}/chat/completions", self.config.url.trim_end_matches('/'));
        let body = serde_json::json!({
            "model": self.config.model,
            "temperature": 0,
            "messages": [
                {"role": "system", "content": system},
                {"role": "user", "content": user},
            ],
        });
        let mut request = self.agent.post(&url);
        if let Some(key) = &self.config.api_key {
            request = request.header("Authorization", &format!("Bearer {key}"));
        }
        let mut response = request
            .send_json(&body)
            .map_err(|e| LlmError::Unreachable {
                url: url.clone(),
                message: e.to_string(),
            })?;
        let status = response.status().as_u16();
        if status != 200 {
            return Err(LlmError::Status { url, status });
        }
        let completion: Completion = response
            .body_mut()
            .read_json()
            .map_err(|e| LlmError::Malformed(e.to_string()))?;
        completion
            .choices
            .into_iter()
            .next()
            .and_then(|c| c.message.content)
            .ok_or_else(|| LlmError::Malformed("no choices".into()))
    }
}
