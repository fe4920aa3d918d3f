//! Mobile Cashier payment methods: IPS QR (qrcData), IPS and card payouts, the bank list,
//! SberPay, the payment-form order, and the admin "payer pays" action.

use std::sync::Arc;

use axum::http::StatusCode;
use serde_json::{json, Map, Value};

use crate::cards::{self, CardBehaviour};
use crate::util::json_text as text;

use super::api::{fail, find, ok, save, settle_later, Reply};
use super::orders::CashierOrder;
use super::state::Cashier;
use super::store;

fn expect(o: &CashierOrder, kind: &str, statuses: &[&str], what: &str) -> Result<(), Reply> {
    if o.kind != kind {
        return Err(fail(
            StatusCode::BAD_REQUEST,
            format!("{what} needs a {kind} order; order {} is {}", o.id, o.kind),
        ));
    }
    if !statuses.contains(&o.status.as_str()) {
        return Err(fail(
            StatusCode::BAD_REQUEST,
            format!("{what} is not possible in status {}", o.status),
        ));
    }
    Ok(())
}

/// POST /order/{id}/qrcData: registers an IPS (SBP) QR code; the payer pays via the admin API.
pub fn qrc_data(cashier: &Arc<Cashier>, id: &str) -> Reply {
    let mut o = match find(cashier, id) {
        Ok(o) => o,
        Err(e) => return e,
    };
    if let Err(e) = expect(&o, "PayIn", &["CREATED", "QRCDATA_CREATED"], "qrcData") {
        return e;
    }
    let qrc_id = format!("AS{:030}", o.id);
    o.extra.insert(
        "qrcData".into(),
        json!({
            "qrcId": qrc_id,
            "payload": format!("https://qr.nspk.ru/{qrc_id}?type=02&bank=100000000000&sum={}&cur=RUB&crc=0000", o.payment_amount),
            "payUrl": format!("{}/__admin/cashier/orders/{}/pay", cashier.env.base_url, o.id),
        }),
    );
    o.set(cashier.env.now_ms(), "QRCDATA_CREATED");
    save(cashier, o.clone(), true);
    ok(&o, "")
}

/// The banks of the IPS payout.
pub fn banks() -> Reply {
    (
        StatusCode::OK,
        json!({ "BankList": [
            { "bankId": "100000000111", "bankName": "Сбербанк" },
            { "bankId": "100000000005", "bankName": "Банк ВТБ" },
            { "bankId": "100000000004", "bankName": "Т-Банк" },
            { "bankId": "100000000008", "bankName": "Альфа-Банк" },
            { "bankId": "100000000001", "bankName": "Газпромбанк" },
        ] }),
    )
}

/// POST /order/{id}/payout/ips {accountNumber, bankId, ...}
pub fn payout_ips(cashier: &Arc<Cashier>, id: &str, body: &Map<String, Value>) -> Reply {
    let mut o = match find(cashier, id) {
        Ok(o) => o,
        Err(e) => return e,
    };
    if let Err(e) = expect(&o, "PayOut", &["CREATED"], "payout via IPS") {
        return e;
    }
    let (Some(account), Some(bank)) = (text(body.get("accountNumber")), text(body.get("bankId")))
    else {
        return fail(
            StatusCode::BAD_REQUEST,
            "accountNumber and bankId are required",
        );
    };
    let known = banks().1["BankList"]
        .as_array()
        .is_some_and(|l| l.iter().any(|b| b["bankId"] == bank.as_str()));
    if !known {
        return fail(
            StatusCode::BAD_REQUEST,
            format!("unknown bankId {bank} (see the bank list)"),
        );
    }
    o.extra.insert(
        "payout".into(),
        json!({ "method": "IPS", "accountNumber": account, "bankId": bank }),
    );
    let declined = account.ends_with("0000000");
    o.set(
        cashier.env.now_ms(),
        if declined {
            "DECLINED"
        } else {
            "PAYOUT_IN_PROGRESS"
        },
    );
    save(cashier, o.clone(), true);
    if !declined {
        settle_later(cashier, o.id, "PAYOUT_IN_PROGRESS", "PAID");
    }
    ok(&o, "")
}

/// POST /order/{id}/payout/card {pan, holder?, phone?}
pub fn payout_card(cashier: &Arc<Cashier>, id: &str, body: &Map<String, Value>) -> Reply {
    let mut o = match find(cashier, id) {
        Ok(o) => o,
        Err(e) => return e,
    };
    if let Err(e) = expect(&o, "PayOut", &["CREATED"], "card payout") {
        return e;
    }
    let Some(pan) = text(body.get("pan")) else {
        return fail(StatusCode::BAD_REQUEST, "pan is required");
    };
    if !cards::luhn_ok(&pan) {
        return fail(StatusCode::BAD_REQUEST, "pan is not a valid card number");
    }
    o.masked_pan = Some(cards::mask(&pan));
    o.extra.insert("payout".into(), json!({ "method": "CARD", "maskedPan": cards::mask(&pan), "holder": text(body.get("holder")) }));
    let declined = cards::behaviour(&pan) == CardBehaviour::Decline;
    o.set(
        cashier.env.now_ms(),
        if declined { "DECLINED" } else { "IN_PROCESS" },
    );
    save(cashier, o.clone(), true);
    if !declined {
        settle_later(cashier, o.id, "IN_PROCESS", "PAID");
    }
    ok(&o, "")
}

/// POST /order/{id}/sberPay {BackUrl?, phoneNumber?, deepLink?}: answers with `succes`, as the
/// reference's sample does.
pub fn sber_pay(cashier: &Arc<Cashier>, id: &str, body: &Map<String, Value>) -> Reply {
    let mut o = match find(cashier, id) {
        Ok(o) => o,
        Err(e) => return e,
    };
    if let Err(e) = expect(&o, "PayIn", &["CREATED"], "SberPay") {
        return e;
    }
    o.extra.insert(
        "sberPay".into(),
        json!({
            "deepLink": format!("sberpay://invoicing/v2?bankInvoiceId={}", o.id),
            "backUrl": text(body.get("BackUrl")).or_else(|| text(body.get("deepLink"))),
            "phoneNumber": text(body.get("phoneNumber")),
            "payUrl": format!("{}/__admin/cashier/orders/{}/pay", cashier.env.base_url, o.id),
        }),
    );
    o.set(cashier.env.now_ms(), "IN_PROCESS");
    save(cashier, o.clone(), true);
    (
        StatusCode::OK,
        json!({ "succes": true, "description": "", "order": o.to_json() }),
    )
}

/// POST /order/{id}/form/{tspCode}: the payment-form order; returns externalOrderId.
pub fn form(cashier: &Arc<Cashier>, id: &str, tsp_code: Option<&str>) -> Reply {
    if tsp_code != Some(store::TSP_CODE) {
        return fail(
            StatusCode::BAD_REQUEST,
            format!(
                "unknown tspCode {} (the sandbox shop is {})",
                tsp_code.unwrap_or("(none)"),
                store::TSP_CODE
            ),
        );
    }
    let mut o = match find(cashier, id) {
        Ok(o) => o,
        Err(e) => return e,
    };
    if let Err(e) = expect(&o, "PayIn", &["CREATED"], "the payment form") {
        return e;
    }
    let external = o
        .external_id
        .clone()
        .unwrap_or_else(|| crate::util::uuid().replace('-', ""));
    o.external_id = Some(external.clone());
    save(cashier, o.clone(), false);
    (
        StatusCode::OK,
        json!({ "id": o.id.to_string(), "externalOrderId": external }),
    )
}

/// The admin "payer pays" action (IPS QR or SberPay): IPS_ACCEPTED or CHARGED.
pub fn payer_pays(cashier: &Arc<Cashier>, id: &str) -> Reply {
    let mut o = match find(cashier, id) {
        Ok(o) => o,
        Err(e) => return e,
    };
    let to = match o.status.as_str() {
        "QRCDATA_CREATED" => "IPS_ACCEPTED",
        "IN_PROCESS" if o.kind == "PayIn" => "CHARGED",
        s => {
            return fail(
                StatusCode::BAD_REQUEST,
                format!(
                "nothing to pay in status {s} (register a QR with qrcData or start SberPay first)"
            ),
            )
        }
    };
    o.set(cashier.env.now_ms(), to);
    save(cashier, o.clone(), true);
    ok(&o, "")
}
