//! The Mobile Cashier login session a client and its calls share: the access token from
//! `/public/login`, its expiry, and the rule that a token expiring within a minute is replaced.

use std::cell::RefCell;
use std::fmt;
use std::rc::Rc;

use serde_json::Value;

use crate::http::time::parse_expiry_ms;
use crate::{Error, ErrorCode, Result};

/// How long before its expiry an access token is replaced.
pub const REFRESH_MARGIN_MS: u64 = 60_000;

/// The access token from `/public/login` and when it expires.
#[derive(Default, Clone)]
pub struct Session {
    access_token: Option<String>,
    expires_ms: Option<u64>,
}

impl fmt::Debug for Session {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Session")
            .field(
                "access_token",
                &self.access_token.as_ref().map(|_| "<redacted>"),
            )
            .field("expires_ms", &self.expires_ms)
            .finish()
    }
}

impl Session {
    /// The token, when there is one that is valid for at least [`REFRESH_MARGIN_MS`] more.
    pub fn token(&self, now_ms: u64) -> Option<&str> {
        let fresh = self
            .expires_ms
            .is_none_or(|e| now_ms.saturating_add(REFRESH_MARGIN_MS) < e);
        self.access_token.as_deref().filter(|_| fresh)
    }

    /// Takes the token and expiry from a login answer.
    pub fn update(&mut self, login: &Value, now_ms: u64) -> Result<()> {
        let token = login
            .get("accessToken")
            .and_then(Value::as_str)
            .filter(|t| !t.is_empty());
        let Some(token) = token else {
            return Err(Error::new(
                ErrorCode::MalformedResponse,
                "Mobile Cashier login answered without an accessToken",
            ));
        };
        self.access_token = Some(token.to_string());
        self.expires_ms = login.get("expiresAccess").and_then(|v| match v {
            Value::String(s) => parse_expiry_ms(s, now_ms),
            Value::Number(n) => n
                .as_u64()
                .and_then(|n| parse_expiry_ms(&n.to_string(), now_ms)),
            _ => None,
        });
        Ok(())
    }

    /// Forgets the token (after a 401).
    pub fn clear(&mut self) {
        self.access_token = None;
        self.expires_ms = None;
    }
}

/// The session shared by a client and its calls (single-threaded: JavaScript).
pub type SharedSession = Rc<RefCell<Session>>;
