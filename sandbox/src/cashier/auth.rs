//! JWT access and refresh tokens (HS256 with the emulator's own secret).

use base64ct::{Base64UrlUnpadded, Encoding};
use serde_json::{json, Value};

use crate::util::iso_datetime_z as iso;

const SECRET: &[u8] = b"kassa-sandbox-cashier-jwt-secret";
/// Refresh-token lifetime.
pub const REFRESH_TTL_SECS: u64 = 24 * 3600;

/// Issues a token of `kind` ("access" or "refresh") valid for `ttl_secs` from `now_ms`.
pub fn issue(kind: &str, login: &str, now_ms: u64, ttl_secs: u64) -> (String, u64) {
    let iat = now_ms / 1000;
    let exp = iat + ttl_secs;
    let header = Base64UrlUnpadded::encode_string(br#"{"alg":"HS256","typ":"JWT"}"#);
    let payload = json!({ "sub": login, "type": kind, "iat": iat, "iatMs": now_ms, "exp": exp, "jti": crate::util::uuid() });
    let payload = Base64UrlUnpadded::encode_string(payload.to_string().as_bytes());
    let signing_input = format!("{header}.{payload}");
    let sig = kassa::crypto::hmac_sha256(SECRET, signing_input.as_bytes());
    (
        format!("{signing_input}.{}", Base64UrlUnpadded::encode_string(&sig)),
        exp * 1000,
    )
}

/// Checks a token: signature, kind, expiry and revocation (issued before `valid_after_ms`).
/// Returns its claims.
pub fn check(
    token: &str,
    kind: &str,
    now_ms: u64,
    valid_after_ms: u64,
) -> Result<Value, &'static str> {
    let mut parts = token.trim().split('.');
    let (Some(h), Some(p), Some(s), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return Err("the token is not a JWT");
    };
    let expected = kassa::crypto::hmac_sha256(SECRET, format!("{h}.{p}").as_bytes());
    let sig =
        Base64UrlUnpadded::decode_vec(s).map_err(|_| "the token signature is not base64url")?;
    if !kassa::crypto::ct_eq(&expected, &sig) {
        return Err("the token signature is invalid");
    }
    let claims: Value = Base64UrlUnpadded::decode_vec(p)
        .ok()
        .and_then(|b| serde_json::from_slice(&b).ok())
        .ok_or("the token payload is not JSON")?;
    if claims["type"] != kind {
        return Err("wrong token type");
    }
    let exp = claims["exp"].as_u64().unwrap_or(0);
    if exp * 1000 <= now_ms {
        return Err("the token has expired");
    }
    if claims["iatMs"].as_u64().unwrap_or(0) < valid_after_ms {
        return Err("the token has been revoked");
    }
    Ok(claims)
}

/// The login answer of the reference.
pub fn login_answer(login: &str, now_ms: u64, access_ttl_secs: u64) -> Value {
    let (access, access_exp) = issue("access", login, now_ms, access_ttl_secs);
    let (refresh, refresh_exp) = issue("refresh", login, now_ms, REFRESH_TTL_SECS);
    json!({
        "success": true,
        "description": "login success",
        "accessToken": access,
        "expiresAccess": iso(access_exp),
        "refreshToken": refresh,
        "expiresRefresh": iso(refresh_exp),
    })
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn tokens() {
        let (t, exp) = issue("access", "a", 1_000_000, 60);
        assert_eq!(exp, 1_060_000);
        assert_eq!(check(&t, "access", 1_000_000, 0).unwrap()["sub"], "a");
        assert!(check(&t, "refresh", 1_000_000, 0).is_err());
        assert_eq!(
            check(&t, "access", 1_060_000, 0),
            Err("the token has expired")
        );
        assert_eq!(
            check(&t, "access", 1_000_000, 1_000_001),
            Err("the token has been revoked")
        );
        assert!(check(&t, "access", 1_000_000, 1_000_000).is_ok());
        let forged = format!("{}x", &t[..t.len() - 1]);
        assert!(check(&forged, "access", 1_000_000, 0).is_err());
        assert!(check("a.b", "access", 0, 0).is_err());
    }
}
