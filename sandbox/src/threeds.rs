//! The messages of the emulated 3-D Secure ACS, shared by the gateways that send buyers to it:
//! PaReq and PaRes (3-D Secure 1), the packed CReq (3-D Secure 2).

use base64ct::{Base64UrlUnpadded, Encoding};
use serde_json::Value;

fn base64_json(value: &Value) -> String {
    kassa::crypto::base64_encode(value.to_string().as_bytes())
}

/// A PaReq: `fields` (the order id, amount, masked card) as base64 JSON.
pub fn pa_req(fields: &Value) -> String {
    base64_json(fields)
}

/// PaRes of the emulated ACS: base64 JSON `{"md", "transStatus": "Y"|"N"}`.
pub fn make_pa_res(md: &str, passed: bool) -> String {
    base64_json(&serde_json::json!({ "md": md, "transStatus": if passed { "Y" } else { "N" } }))
}

/// Reads a PaRes: (md, passed).
pub fn read_pa_res(pa_res: &str) -> Option<(String, bool)> {
    let bytes = kassa::crypto::base64_decode(pa_res.trim(), "PaRes").ok()?;
    let v: Value = serde_json::from_slice(&bytes).ok()?;
    Some((v["md"].as_str()?.to_string(), v["transStatus"] == "Y"))
}

/// The packed CReq of a pending 3DS2 authentication.
pub fn packed_creq(trans_id: &str) -> String {
    let creq = serde_json::json!({
        "threeDSServerTransID": trans_id,
        "messageType": "CReq",
        "messageVersion": "2.1.0",
        "acsTransID": trans_id,
        "challengeWindowSize": "05",
    });
    Base64UrlUnpadded::encode_string(creq.to_string().as_bytes())
}

/// Decodes a packed CReq back to its threeDSServerTransID.
pub fn creq_trans_id(creq: &str) -> Option<String> {
    let bytes = Base64UrlUnpadded::decode_vec(creq.trim().trim_end_matches('=')).ok()?;
    let v: Value = serde_json::from_slice(&bytes).ok()?;
    v["threeDSServerTransID"].as_str().map(str::to_string)
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn pa_res_and_creq_round_trip() {
        assert_eq!(
            read_pa_res(&make_pa_res("m", true)),
            Some(("m".into(), true))
        );
        assert_eq!(read_pa_res("eJzFV2uTokoS%"), None);
        assert_eq!(creq_trans_id(&packed_creq("t-1")).as_deref(), Some("t-1"));
    }
}
