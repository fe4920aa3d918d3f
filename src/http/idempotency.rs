//! Idempotency keys (`x-req-id`): one per logical call, reused by every retry of that call.

/// Formats 16 random bytes as a version-4 UUID (`xxxxxxxx-xxxx-4xxx-yxxx-xxxxxxxxxxxx`). The
/// driver supplies the bytes (the wasm layer from `crypto.getRandomValues`), so keys are
/// unpredictable and unique across processes.
pub fn request_id(mut random: [u8; 16]) -> String {
    random[6] = (random[6] & 0x0f) | 0x40;
    random[8] = (random[8] & 0x3f) | 0x80;
    let hex = crate::crypto::hex_lower(&random);
    format!(
        "{}-{}-{}-{}-{}",
        &hex[0..8],
        &hex[8..12],
        &hex[12..16],
        &hex[16..20],
        &hex[20..32]
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uuid_v4_shape() {
        let id = request_id([0xff; 16]);
        assert_eq!(id, "ffffffff-ffff-4fff-bfff-ffffffffffff");
        let id = request_id([0; 16]);
        assert_eq!(id, "00000000-0000-4000-8000-000000000000");
    }
}
