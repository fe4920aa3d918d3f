//! Configuration of the RBS client: environment presets, credentials, retry policy. The one place
//! RBS's base URL is resolved ([`base_url`]: an explicit `baseUrl` through the shared policy,
//! [`crate::http::base_url::check_base_url`], else the environment's preset).

use std::fmt;

use crate::http::RetryPolicy;
use crate::{Error, ErrorCode, Result};

/// The reference's TEST API URL ("API URLs" section).
pub const TEST_URL: &str = "https://vtb.rbsuat.com/payment/rest/";
/// The reference's PROD API URL ("API URLs" section).
pub const PROD_URL: &str = "https://platezh.vtb24.ru/payment/rest/";

/// How the merchant authenticates: `userName` + `password` of the `-api` account, or a `token`
/// (the reference's "Authentication" section; never both).
#[derive(Clone, PartialEq, Eq)]
pub enum Auth {
    /// `userName` and `password` parameters.
    Password {
        /// The API account login.
        user_name: String,
        /// The API account password (secret).
        password: String,
    },
    /// The `token` parameter (secret).
    Token(String),
}

impl Auth {
    /// Chooses the authentication from the options a caller gave: a token, or a user name with a
    /// password; anything else is `INVALID_ARGUMENT` naming what is missing.
    pub fn from_options(
        user_name: Option<String>,
        password: Option<String>,
        token: Option<String>,
    ) -> Result<Self> {
        let nonempty = |s: Option<String>| s.filter(|v| !v.is_empty());
        match (nonempty(user_name), nonempty(password), nonempty(token)) {
            (None, None, Some(t)) => Ok(Self::Token(t)),
            (Some(u), Some(p), None) => Ok(Self::Password {
                user_name: u,
                password: p,
            }),
            (_, _, Some(_)) => Err(Error::new(
                ErrorCode::InvalidArgument,
                "pass either token or userName and password, not both (the RBS reference forbids sending both)",
            )),
            _ => Err(Error::new(
                ErrorCode::InvalidArgument,
                "RbsClient needs credentials: token, or userName and password of the merchant's -api account",
            )),
        }
    }

    /// The authentication parameters as they are sent, in order.
    pub fn params(&self) -> Vec<(&'static str, &str)> {
        match self {
            Self::Password {
                user_name,
                password,
            } => vec![("userName", user_name), ("password", password)],
            Self::Token(t) => vec![("token", t)],
        }
    }
}

impl fmt::Debug for Auth {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Password { user_name, .. } => f
                .debug_struct("Password")
                .field("user_name", user_name)
                .field("password", &"<redacted>")
                .finish(),
            Self::Token(_) => f.write_str("Token(<redacted>)"),
        }
    }
}

/// Everything an RBS call needs besides its own parameters.
#[derive(Clone, Debug)]
pub struct RbsConfig {
    /// The API base URL, ending in `/payment/rest/` for the reference's gateways.
    pub base_url: String,
    /// Credentials.
    pub auth: Auth,
    /// Timeouts and retries.
    pub policy: RetryPolicy,
    /// Request signing (X-Hash / X-Signature), when configured.
    pub signer: Option<super::signing::RequestSigner>,
}

/// Picks the base URL: an explicit `baseUrl` wins (checked by
/// [`crate::http::base_url::check_base_url`], a `/` added at the end); otherwise `environment`
/// `"test"` (default) or `"production"` selects the reference's preset.
pub fn base_url(environment: Option<&str>, base_url: Option<&str>) -> Result<String> {
    use crate::http::base_url::{check_base_url, Environment};
    let env = crate::http::base_url::environment(environment)?;
    if let Some(u) = base_url.filter(|u| !u.is_empty()) {
        let u = check_base_url(u, "options.baseUrl")?;
        return Ok(if u.ends_with('/') { u } else { format!("{u}/") });
    }
    Ok(match env {
        Environment::Test => TEST_URL.to_string(),
        Environment::Production => PROD_URL.to_string(),
    })
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn presets_and_explicit_urls() {
        assert_eq!(base_url(None, None).unwrap(), TEST_URL);
        assert_eq!(base_url(Some("production"), None).unwrap(), PROD_URL);
        assert_eq!(
            base_url(Some("production"), Some("http://127.0.0.1:9/payment/rest")).unwrap(),
            "http://127.0.0.1:9/payment/rest/"
        );
        assert_eq!(
            base_url(Some("prod"), None).unwrap_err().code(),
            ErrorCode::InvalidArgument
        );
        assert_eq!(
            base_url(None, Some("ftp://x")).unwrap_err().code(),
            ErrorCode::InvalidUrl
        );
        assert_eq!(
            base_url(None, Some("http://gw.example/payment/rest/"))
                .unwrap_err()
                .code(),
            ErrorCode::InsecureUrl
        );
        assert_eq!(
            base_url(None, Some("https://u:p@gw.example/"))
                .unwrap_err()
                .code(),
            ErrorCode::InvalidUrl
        );
    }

    #[test]
    fn auth_choice_and_redaction() {
        let a = Auth::from_options(Some("u-api".into()), Some("S3CRET".into()), None).unwrap();
        assert_eq!(
            a.params(),
            vec![("userName", "u-api"), ("password", "S3CRET")]
        );
        assert!(!format!("{a:?}").contains("S3CRET"));
        let t = Auth::from_options(None, None, Some("TOK3N".into())).unwrap();
        assert!(!format!("{t:?}").contains("TOK3N"));
        let both = Auth::from_options(Some("u".into()), Some("p".into()), Some("t".into()));
        assert_eq!(both.unwrap_err().code(), ErrorCode::InvalidArgument);
        assert!(Auth::from_options(Some("u".into()), None, None).is_err());
    }
}
