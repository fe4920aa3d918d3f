//! Orders, bindings, QR codes and templates with the ids the RBS reference's own request samples
//! use, so each sample can be sent as printed (merchant `reference` = test_user).

use serde_json::json;

use crate::cards::Card;

use super::orders::{Order, Pending3ds};
use super::store::{Binding, Qr, SbpBinding, Store};

const REFERENCE: &str = "reference";

fn order(merchant: &str, id: &str, number: &str, amount: u64, now: u64) -> Order {
    Order {
        language: "en".into(),
        ..Order::registered(
            id.into(),
            merchant.into(),
            number.into(),
            amount,
            "https://mybestmerchantreturnurl.com".into(),
            now,
            now + 365 * 24 * 3600 * 1000,
        )
    }
}

/// `order` paid with the test card (deposited, or approved when two-stage).
fn paid(mut order: Order, now: u64) -> Order {
    order.pay_success(test_card(), now);
    order
}

/// `order` with a 3-D Secure 2 authentication `trans_id` that passed, awaiting the finish.
fn passed_3ds2(mut order: Order, trans_id: &str) -> Order {
    order.three_ds = Some(Pending3ds {
        version: 2,
        trans_id: trans_id.into(),
        card: test_card(),
        passed: Some(true),
        method_done: true,
    });
    order
}

fn test_card() -> Card {
    Card {
        pan: "4111111111111111".into(),
        expiry: "203412".into(),
        holder: "TEST CARDHOLDER".into(),
    }
}

fn binding(id: &str, client: &str, pan: &str, expiry: &str, active: bool) -> Binding {
    Binding {
        id: id.into(),
        merchant: REFERENCE.into(),
        client_id: client.into(),
        pan: pan.into(),
        expiry: expiry.into(),
        active,
        holder: "TEST CARDHOLDER".into(),
    }
}

/// Adds the reference's sample objects to a fresh store, as created at `now`.
pub fn seed(store: &mut Store, now: u64) {
    // getOrderStatusExtended / refund / reverse / processRaw*Refund samples: a deposited order.
    let mut deposited = paid(
        order(
            REFERENCE,
            "01491d0b-c848-7dd6-a20d-e96900a7d8c0",
            "7005",
            2000,
            now,
        ),
        now,
    );
    deposited.client_id = Some("259753456".into());
    deposited.binding_id = Some("01491394-63a6-7d45-a88f-7bce00a7d8c0".into());
    store.insert(deposited);
    // deposit.do sample: a pre-authorized order.
    let mut held = order(
        REFERENCE,
        "01492437-d2fb-77fa-8db7-9e2900a7d8c0",
        "7006",
        2000,
        now,
    );
    held.two_stage = true;
    store.insert(paid(held, now));
    // decline.do, paymentorder.do (3DS2 and external 3DS), finish3dsPayment.do, SBP samples; then
    // the acsRedirect.do sample (line 1728): registered orders.
    for (id, number, amount) in [
        ("8cf0409e-857e-7f95-8ab1-b6810009d884", "12345678", 1000),
        ("85eb9a84-2a47-7cca-b0ae-662c000016d1", "7014", 1000),
        ("64d3b8c2-5d87-7d92-bd20-d8db011b4f5b", "7007", 1000),
        ("0140dda0-71ed-7706-a61f-36bd00a7d8c0", "7008", 1000),
        ("906bf262-bd53-4ac7-983c-07127954681b", "7009", 1000),
        ("04888d6f-7920-7531-8332-8de901efddd0", "7010", 10000),
    ] {
        store.insert(order(REFERENCE, id, number, amount, now));
    }
    store.qrs.insert(
        "3946c0c02d1042f7b7e63cc0f1b52a95".into(),
        Qr {
            id: "3946c0c02d1042f7b7e63cc0f1b52a95".into(),
            order_id: "04888d6f-7920-7531-8332-8de901efddd0".into(),
            status: "STARTED".into(),
        },
    );
    // closeOfdReceipt.do sample.
    store.insert(paid(
        order(
            REFERENCE,
            "9766d33c-7c32-7e55-a150-f61e0cc4a648",
            "7011",
            123456,
            now,
        ),
        now,
    ));
    // getReceiptStatus.do sample (its credentials are login-api/password).
    let merchant = "receipts-example";
    let id = "abd60d0c-e096-42c3-8b17-6081c67db214";
    let mut with_receipt = paid(
        order(merchant, id, "220170606034051002_177", 10000, now),
        now,
    );
    with_receipt.push_receipt(10000, now)["uuid"] = json!("790925e5-739c-430c-9e92-79d9f14481a4");
    store.insert(with_receipt);
    // The returnUrl section's getOrderStatusExtended.do sample (line 6163): a deposited order.
    store.insert(paid(
        order(
            REFERENCE,
            "016b6f47-4628-7ea2-80f5-6c6e00a7d8c0",
            "11008",
            2000,
            now,
        ),
        now,
    ));
    // finish3dsVer2Payment.do sample (line 4599): a 3DS2 challenge that passed, awaiting the finish.
    store.insert(passed_3ds2(
        order(
            REFERENCE,
            "0d8a3e7b-1c56-7f0e-9a41-3d2b7c8e9f10",
            "7015",
            1000,
            now,
        ),
        "33b17cb5-b4a5-48ac-a3b8-bc8d6d979a46",
    ));
    // 3ds/continue.do sample (line 4643, merchant test-user): a frictionless 3DS2 authentication.
    store.insert(passed_3ds2(
        order(
            "reference-3ds",
            "eb708f0a-2683-7437-b458-f80400b40dc0",
            "7016",
            1000,
            now,
        ),
        "5802746e-3393-40c3-929a-dc966ebf08c6",
    ));
    // Bindings of the stored-credential samples.
    for b in [
        binding(
            "01491394-63a6-7d45-a88f-7bce00a7d8c0",
            "259753456",
            "4111111111111111",
            "203412",
            true,
        ),
        binding(
            "fd3afc57-c6d0-4e08-aaef-1b7cfeb093dc",
            "dos-clientos",
            "4111111111111111",
            "203412",
            false,
        ),
        binding(
            "44779116-41a5-7798-b072-c0a30760e2b0",
            "dos-clientos",
            "4111111111111111",
            "203412",
            true,
        ),
        binding(
            "8aa4fa8b-4d8a-76ca-b314-7bcc00b4f820",
            "TEST CARDHOLDER",
            "4000001111111118",
            "203012",
            true,
        ),
        // recurrentPayment.do sample (line 3802) names its binding "bindingId".
        binding("bindingId", "259753456", "4111111111111111", "203412", true),
        binding(
            "69d6a793-afb5-79be-8ce7-63ff00a8656a",
            "12",
            "4000001111111118",
            "203012",
            true,
        ),
        binding(
            "6a8c0738-cc88-4200-acf6-afc264d66cb0",
            "13",
            "4000001111111118",
            "203012",
            true,
        ),
    ] {
        store.bindings.insert(b.id.clone(), b);
    }
    store.sbp_bindings.insert(
        "091b5393-3a20-7322-a81a-9f6000002738".into(),
        SbpBinding {
            id: "091b5393-3a20-7322-a81a-9f6000002738".into(),
            merchant: REFERENCE.into(),
            client_id: "dos-clientos".into(),
            label: "Test binding".into(),
            member_id: "100000000008".into(),
            active: true,
        },
    );
    store.templates.insert(
        "umoPoMUCbGrsKRKT".into(),
        json!({
            "templateId": "umoPoMUCbGrsKRKT", "status": "ACTIVE", "type": "ECOM", "name": "merchapitest",
            "preAuth": false, "currency": "EUR", "nameForClient": "Name for client",
            "descriptionForClient": "Description for client", "singlePayment": false,
            "additionalParams": [{ "label": "Test", "name": "phone", "regexp": "\\w+", "value": "123",
                                   "placeholder": "test", "required": true, "visible": true }],
            "qrTemplate": { "payload": "https://someurl.com/sc/umoPoMUCbGrsKRKT" },
            "merchant": REFERENCE,
        }),
    );
}
