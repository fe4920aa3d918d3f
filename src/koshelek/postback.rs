//! Koshelek Pay postbacks: the transaction status POSTed as JSON to the partner's `postbackUrl`,
//! authenticated with HTTP Basic (RFC 7617) using the `partnerLogin`/`partnerPassword` pair
//! agreed at connection.

use crate::crypto;

/// The `Authorization` header value for HTTP Basic: `Basic base64(login ":" password)`, UTF-8.
pub fn basic_auth_header(login: &str, password: &str) -> String {
    format!(
        "Basic {}",
        crypto::base64_encode(format!("{login}:{password}").as_bytes())
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    // RFC 7617, section 2: "Aladdin" / "open sesame".
    #[test]
    fn rfc7617_example() {
        assert_eq!(
            basic_auth_header("Aladdin", "open sesame"),
            "Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ=="
        );
    }
}
