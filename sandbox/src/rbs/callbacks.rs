//! RBS callbacks: the parameters, the checksum (HMAC-SHA256 or RSA-SHA512 by merchant), GET or POST.

use crate::keys;
use crate::log::Notification;
use crate::notify;

use super::merchants::{CallbackMode, Merchant};
use super::orders::{Event, Order};
use super::state::Rbs;

/// `Mon Jan 31 21:46:52 UTC 2022`, as in the reference's callback examples.
pub fn creation_date(ms: u64) -> String {
    const DAYS: [&str; 7] = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"];
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let iso = crate::util::iso_datetime(ms);
    let day = DAYS[((ms / 86_400_000) % 7) as usize];
    let month: usize = iso[5..7].parse::<usize>().unwrap_or(1).clamp(1, 12);
    format!(
        "{day} {} {} {} UTC {}",
        MONTHS[month - 1],
        &iso[8..10],
        &iso[11..19],
        &iso[0..4]
    )
}

/// The callback parameters for `event` on `order` at `now`, signed as `merchant` says.
pub fn signed_params(
    merchant: &Merchant,
    order: &Order,
    event: &Event,
    now: u64,
) -> Vec<(String, String)> {
    let mut params: Vec<(String, String)> = vec![
        ("mdOrder".into(), order.id.clone()),
        ("orderNumber".into(), order.order_number.clone()),
        ("operation".into(), event.operation.into()),
        ("status".into(), event.status.to_string()),
        ("amount".into(), order.amount.to_string()),
        ("callbackCreationDate".into(), creation_date(now)),
    ];
    params.extend(event.extra.iter().cloned());
    sign(merchant.callbacks, params)
}

/// Adds `checksum` (and `sign_alias`) to `params` with kassa's own
/// `kassa::rbs::callback::sign_callback`; returns the parameters as sent.
pub fn sign(mode: CallbackMode, params: Vec<(String, String)>) -> Vec<(String, String)> {
    let key = match mode {
        CallbackMode::None => return params,
        CallbackMode::Hmac => keys::rbs_hmac_key(),
        CallbackMode::Rsa => match keys::rbs_rsa_key() {
            Some(k) => k.clone(),
            None => return params,
        },
    };
    match kassa::rbs::callback::sign_callback(&params, &key) {
        Ok(query) => crate::html::parse_pairs(query.as_bytes()),
        Err(_) => params,
    }
}

/// Sends the callback for `event`, if the merchant or the order has a callback URL.
pub fn send(rbs: &Rbs, merchant: &Merchant, order: &Order, event: &Event) {
    let url = order
        .dynamic_callback_url
        .clone()
        .or_else(|| merchant.callback_url.clone());
    let params = signed_params(merchant, order, event, rbs.env.now_ms());
    deliver(rbs, merchant, url, &order.id, params);
}

/// bindingCreated (a paid order with a clientId stored the card): `mdOrder`, `orderNumber`,
/// `bindingId`, `panMasked`, `clientId`; no `status` (the reference lists none for it).
pub fn send_binding_created(
    rbs: &Rbs,
    merchant: &Merchant,
    order: &Order,
    binding_id: &str,
    pan_masked: &str,
) {
    let params = vec![
        ("mdOrder".to_string(), order.id.clone()),
        ("orderNumber".into(), order.order_number.clone()),
        ("operation".into(), "bindingCreated".into()),
        ("bindingId".into(), binding_id.into()),
        ("panMasked".into(), pan_masked.into()),
        (
            "clientId".into(),
            order.client_id.clone().unwrap_or_default(),
        ),
        (
            "callbackCreationDate".into(),
            creation_date(rbs.env.now_ms()),
        ),
    ];
    let url = order
        .dynamic_callback_url
        .clone()
        .or_else(|| merchant.callback_url.clone());
    deliver(
        rbs,
        merchant,
        url,
        &order.id,
        sign(merchant.callbacks, params),
    );
}

/// bindingActivityChanged (unBindCard.do / bindCard.do): `bindingId`, `enabled`.
pub fn send_binding_activity(rbs: &Rbs, merchant: &Merchant, binding_id: &str, enabled: bool) {
    let params = vec![
        (
            "operation".to_string(),
            "bindingActivityChanged".to_string(),
        ),
        ("bindingId".into(), binding_id.into()),
        ("enabled".into(), enabled.to_string()),
        (
            "callbackCreationDate".into(),
            creation_date(rbs.env.now_ms()),
        ),
    ];
    deliver(
        rbs,
        merchant,
        merchant.callback_url.clone(),
        binding_id,
        sign(merchant.callbacks, params),
    );
}

fn deliver(
    rbs: &Rbs,
    merchant: &Merchant,
    url: Option<String>,
    about: &str,
    params: Vec<(String, String)>,
) {
    let Some(url) = url else {
        return;
    };
    let query = form(&params);
    let (full_url, body, headers) = if merchant.callback_method == "POST" {
        (
            url,
            query,
            vec![(
                "content-type".to_string(),
                "application/x-www-form-urlencoded".to_string(),
            )],
        )
    } else {
        let sep = if url.contains('?') { '&' } else { '?' };
        (format!("{url}{sep}{query}"), String::new(), Vec::new())
    };
    notify::send(
        &rbs.env,
        Notification {
            id: 0,
            gateway: "rbs".into(),
            merchant: merchant.name.clone(),
            order_id: about.to_string(),
            method: merchant.callback_method.clone(),
            url: full_url,
            headers,
            body,
            params,
            attempts: Vec::new(),
            delivered: false,
        },
        rbs.env.config.callback_attempts,
    );
}

fn form(params: &[(String, String)]) -> String {
    let mut s = form_urlencoded::Serializer::new(String::new());
    for (k, v) in params {
        s.append_pair(k, v);
    }
    s.finish()
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn creation_date_format() {
        // 2022-01-31T21:46:52Z, the reference's "Mon Jan 31 21:46:52 UTC 2022".
        assert_eq!(
            creation_date(1_643_665_612_000),
            "Mon Jan 31 21:46:52 UTC 2022"
        );
    }
}
