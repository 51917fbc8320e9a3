//! Secrets at rest (mailbox and SMTP passwords): sealed with ChaCha20-Poly1305 under the
//! node's secret key, which lives outside the database (`secret_key` in the settings, or
//! `secret.key` in the data directory). Every node sharing a database needs the same key.

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use chacha20poly1305::aead::{Aead, KeyInit};
use chacha20poly1305::{ChaCha20Poly1305, Key, Nonce};
use rand::RngCore;

use crate::AppError;

/// What a sealed secret starts with (the format's version).
const PREFIX: &str = "v1:";

/// The key secrets are sealed with.
#[derive(Clone)]
pub struct SecretKey([u8; 32]);

impl std::fmt::Debug for SecretKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("SecretKey(***)")
    }
}

impl SecretKey {
    /// A new random key.
    pub fn generate() -> SecretKey {
        let mut key = [0u8; 32];
        rand::rng().fill_bytes(&mut key);
        SecretKey(key)
    }

    /// A key written as base64 (what [`SecretKey::to_base64`] gives).
    pub fn from_base64(text: &str) -> Result<SecretKey, String> {
        let bytes = STANDARD.decode(text.trim()).map_err(|e| format!("the secret key is not base64: {e}"))?;
        let key: [u8; 32] = bytes.try_into().map_err(|_| "the secret key must be 32 bytes".to_string())?;
        Ok(SecretKey(key))
    }

    pub fn to_base64(&self) -> String {
        STANDARD.encode(self.0)
    }

    /// `plain` sealed: a fresh nonce and the ciphertext with its tag, as text.
    pub fn seal(&self, plain: &str) -> String {
        let cipher = ChaCha20Poly1305::new(Key::from_slice(&self.0));
        let mut nonce = [0u8; 12];
        rand::rng().fill_bytes(&mut nonce);
        let sealed = cipher.encrypt(Nonce::from_slice(&nonce), plain.as_bytes()).unwrap_or_default();
        let mut out = nonce.to_vec();
        out.extend(sealed);
        format!("{PREFIX}{}", STANDARD.encode(out))
    }

    /// A sealed secret opened; an error when it was sealed under another key or altered.
    pub fn open(&self, sealed: &str) -> Result<String, AppError> {
        let unreadable = || {
            AppError::Internal(
                "a stored secret cannot be opened: it was sealed with another secret key (every node needs the same one)"
                    .into(),
            )
        };
        let bytes = sealed.strip_prefix(PREFIX).and_then(|b| STANDARD.decode(b).ok()).ok_or_else(unreadable)?;
        if bytes.len() < 12 {
            return Err(unreadable());
        }
        let (nonce, ciphertext) = bytes.split_at(12);
        let cipher = ChaCha20Poly1305::new(Key::from_slice(&self.0));
        let plain = cipher.decrypt(Nonce::from_slice(nonce), ciphertext).map_err(|_| unreadable())?;
        String::from_utf8(plain).map_err(|_| unreadable())
    }
}

/// The stored form of a secret.
pub fn secret_hash(secret: &str) -> String {
    hex::encode(<sha2::Sha256 as sha2::Digest>::digest(secret.as_bytes()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_sealed_secret_opens_with_its_key_only() {
        let key = SecretKey::generate();
        let sealed = key.seal("hunter2");
        assert!(!sealed.contains("hunter2"));
        assert_ne!(sealed, key.seal("hunter2"), "each seal has its own nonce");
        assert_eq!(key.open(&sealed).unwrap(), "hunter2");
        assert!(SecretKey::generate().open(&sealed).is_err());
        let again = SecretKey::from_base64(&key.to_base64()).unwrap();
        assert_eq!(again.open(&sealed).unwrap(), "hunter2");
        let mut altered = sealed.clone();
        altered.pop();
        altered.push('A');
        assert!(key.open(&altered).is_err() || altered == sealed);
    }
}
