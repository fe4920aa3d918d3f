//! `waitForFinalStatus(orderId, { deadline })` for Mobile Cashier: polls `orderStatus` until the
//! order's status is final.
//!
//! The reference's table marks `CREATED` as final, yet every order starts there and moves on
//! when the buyer pays; waiting that ends at `CREATED` would end at once. So the wait ends at a
//! final status other than `CREATED` (or at the deadline, with the last answer in the error).

use serde_json::{Map, Value};

use super::call::{CashierCall, CashierConfig, SharedSession};
use super::response::order_status;
use super::status::OrderStatus;
use crate::http::poll::FailedCall;
use crate::http::{Jitter, Poll, PollSchedule, StatusCall};

/// True when an `orderStatus`/`getOrder` answer carries a status the wait may end on.
pub fn is_settled(answer: &Value) -> bool {
    order_status(answer)
        .map(OrderStatus::parse)
        .is_some_and(|s| s.is_final() && s != OrderStatus::Created)
}

/// The poller: one `orderStatus` query (a GET, so no `x-req-id`) per round, sharing the
/// client's session.
pub fn wait_for_final_status(
    config: CashierConfig,
    session: SharedSession,
    order_id: String,
    deadline_ms: u64,
    schedule: PollSchedule,
    jitter: Jitter,
) -> Poll {
    let mut seed = jitter.clone();
    let make = move || -> StatusCall {
        let sub = Jitter::new(seed.below(u64::MAX));
        let call = CashierCall::new(
            config.clone(),
            session.clone(),
            "orderStatus",
            Some(&order_id),
            None,
            &Map::new(),
            String::new(),
            sub,
        );
        match call {
            Ok(c) => Box::new(c),
            Err(e) => Box::new(FailedCall(Some(e))),
        }
    };
    Poll::new(
        Box::new(make),
        Box::new(is_settled),
        deadline_ms,
        schedule,
        jitter,
        "cashier",
    )
}
