//! Idempotency keys of API requests: a key is reserved before the work and its answer kept
//! after it, so that a client retrying a request gets the first answer instead of a second
//! effect. The HTTP layer decides what a request is (its hash) and what of an answer to
//! keep; this module keeps them, per person, for a day (`housekeeping` forgets older ones).

use helmdesk_store::idempotency::IdempotencyRow;

use crate::{App, AppError};

/// What a key says about a request that names it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum KeyState {
    /// The key is new: it is reserved for this request now.
    New,
    /// The key was used for another request (a different hash).
    Reused,
    /// The first request with the key is still running.
    Running,
    /// The first request was answered: give that answer again.
    Answered(KeptAnswer),
}

/// An answer kept under a key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeptAnswer {
    pub status: u16,
    pub body: String,
    /// The headers a replay repeats (name, value), as the HTTP layer chose them.
    pub headers: Vec<(String, String)>,
}

impl KeptAnswer {
    fn of(row: IdempotencyRow) -> KeptAnswer {
        let headers: serde_json::Map<String, serde_json::Value> =
            serde_json::from_str(&row.headers).unwrap_or_default();
        KeptAnswer {
            status: u16::try_from(row.status).unwrap_or(200),
            body: row.response,
            headers: headers.into_iter().filter_map(|(k, v)| Some((k, v.as_str()?.to_string()))).collect(),
        }
    }
}

impl App {
    /// Reserves `key` of the person `user_id` for the request whose hash is `request_hash`, or says
    /// what the key was used for before.
    pub async fn reserve_idempotency_key(
        &self,
        user_id: i64,
        key: &str,
        request_hash: &str,
    ) -> Result<KeyState, AppError> {
        let previous = self.store().reserve_idempotency_key(user_id, key, request_hash, self.now_micros()).await?;
        Ok(match previous {
            None => KeyState::New,
            Some(row) if row.request_hash != request_hash => KeyState::Reused,
            Some(row) if row.status == 0 => KeyState::Running,
            Some(row) => KeyState::Answered(KeptAnswer::of(row)),
        })
    }

    /// Keeps the answer of a reserved key.
    pub async fn answer_idempotency_key(&self, user_id: i64, key: &str, answer: &KeptAnswer) -> Result<(), AppError> {
        let headers: serde_json::Map<String, serde_json::Value> =
            answer.headers.iter().map(|(k, v)| (k.clone(), serde_json::Value::String(v.clone()))).collect();
        let headers = serde_json::Value::Object(headers).to_string();
        let status = i64::from(answer.status);
        self.store().answer_idempotency_key(user_id, key, status, &answer.body, &headers).await?;
        Ok(())
    }

    /// Frees a reserved key whose request failed, so that it may be tried again.
    pub async fn release_idempotency_key(&self, user_id: i64, key: &str) -> Result<(), AppError> {
        self.store().release_idempotency_key(user_id, key).await?;
        Ok(())
    }
}
