//! Timers on a clock a test can move: the wasm runtime's `sleep`s (callback intervals, expiries,
//! settle delays, the `delay` fault) are entries here, fired when the clock reaches their
//! deadline — when a host `setTimeout` comes due, or when `sandbox.advance(ms)` moves the clock.
//!
//! Plain Rust (a mutex and wakers), so it is unit-tested natively; only `wasm/` uses it.

use std::collections::BTreeMap;
use std::future::Future;
use std::pin::Pin;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll, Waker};

use crate::env::lock;

/// The pending timers and how far the clock was advanced.
#[derive(Default)]
pub struct Timers {
    state: Mutex<State>,
}

#[derive(Default)]
struct State {
    /// Milliseconds added to the host's clock by `advance`.
    offset: u64,
    /// Tie-breaker: timers with one deadline fire in the order they were made.
    seq: u64,
    pending: BTreeMap<(u64, u64), Arc<Slot>>,
}

#[derive(Default)]
struct Slot {
    fired: AtomicBool,
    waker: Mutex<Option<Waker>>,
}

/// Completes once its timer fired.
pub struct Sleep(Arc<Slot>);

impl Future for Sleep {
    type Output = ();
    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        if self.0.fired.load(Ordering::Acquire) {
            return Poll::Ready(());
        }
        *lock(&self.0.waker) = Some(cx.waker().clone());
        // Fired between the check and storing the waker: do not miss it.
        if self.0.fired.load(Ordering::Acquire) {
            Poll::Ready(())
        } else {
            Poll::Pending
        }
    }
}

impl Timers {
    /// What `advance` added to the host's clock so far.
    pub fn offset(&self) -> u64 {
        lock(&self.state).offset
    }

    /// Moves the clock forward by `ms` (fires nothing: see [`Timers::fire_due`]).
    pub fn advance(&self, ms: u64) {
        let mut state = lock(&self.state);
        state.offset = state.offset.saturating_add(ms);
    }

    /// A timer due at `deadline` (milliseconds, on the clock including the offset).
    pub fn sleep(&self, deadline: u64) -> Sleep {
        let slot = Arc::new(Slot::default());
        let mut state = lock(&self.state);
        state.seq += 1;
        let key = (deadline, state.seq);
        state.pending.insert(key, slot.clone());
        Sleep(slot)
    }

    /// The earliest pending deadline.
    pub fn next_deadline(&self) -> Option<u64> {
        lock(&self.state).pending.keys().next().map(|k| k.0)
    }

    /// Fires every timer due at `now` (earliest first); how many fired.
    pub fn fire_due(&self, now: u64) -> usize {
        let due: Vec<Arc<Slot>> = {
            let mut state = lock(&self.state);
            let later = state.pending.split_off(&(now.saturating_add(1), 0));
            std::mem::replace(&mut state.pending, later)
                .into_values()
                .collect()
        };
        for slot in &due {
            slot.fired.store(true, Ordering::Release);
            if let Some(waker) = lock(&slot.waker).take() {
                waker.wake();
            }
        }
        due.len()
    }

    /// Forgets every pending timer: what waits on one waits forever (`close()`).
    pub fn clear(&self) {
        lock(&self.state).pending.clear();
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use std::pin::pin;

    use super::*;

    fn done(sleep: &mut Pin<&mut Sleep>) -> bool {
        sleep
            .as_mut()
            .poll(&mut Context::from_waker(Waker::noop()))
            .is_ready()
    }

    #[test]
    fn fires_in_deadline_order_when_the_clock_gets_there() {
        let timers = Timers::default();
        let mut late = pin!(timers.sleep(300));
        let mut early = pin!(timers.sleep(100));
        assert!(!done(&mut late) && !done(&mut early));
        assert_eq!(timers.next_deadline(), Some(100));
        assert_eq!(timers.fire_due(99), 0);
        assert_eq!(timers.fire_due(100), 1);
        assert!(done(&mut early) && !done(&mut late));
        timers.advance(250);
        assert_eq!(timers.offset(), 250);
        assert_eq!(timers.fire_due(300), 1);
        assert!(done(&mut late));
        assert_eq!(timers.next_deadline(), None);
        let mut never = pin!(timers.sleep(1));
        timers.clear();
        assert_eq!(timers.fire_due(u64::MAX), 0);
        assert!(!done(&mut never));
    }
}
