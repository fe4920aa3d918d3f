//! Driving a machine from a script of inputs, for tests and examples: what a transport would do,
//! with a clock that jumps over the sleeps.

use super::machine::{Input, Machine, Step};
use crate::{Error, ErrorCode, Result};

/// Runs a machine against a scripted list of inputs (tests and examples): returns the steps it
/// asked for and its result. Each `Send` consumes the next scripted input; each `Sleep` is
/// answered with [`Input::Slept`] and advances the clock by the slept time.
pub fn run_scripted<M: Machine>(
    machine: &mut M,
    script: impl IntoIterator<Item = Input>,
) -> (Vec<Step<()>>, Result<M::Output>) {
    let mut script = script.into_iter();
    let mut steps = Vec::new();
    let mut now = 1_000_000u64;
    let mut input = Input::Start;
    for _ in 0..10_000 {
        match machine.resume(input, now) {
            Step::Send(r) => {
                steps.push(Step::Send(r));
                input = match script.next() {
                    Some(i) => i,
                    None => {
                        return (
                            steps,
                            Err(Error::new(ErrorCode::Internal, "script ran out")),
                        )
                    }
                };
            }
            Step::Sleep(ms) => {
                steps.push(Step::Sleep(ms));
                now += ms;
                input = Input::Slept;
            }
            Step::Done(r) => return (steps, r),
        }
    }
    (
        steps,
        Err(Error::new(ErrorCode::Internal, "machine did not finish")),
    )
}
