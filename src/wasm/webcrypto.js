// The one step of `verifyAsync`'s WebCrypto path that is plain sequencing (src/wasm/webcrypto.rs
// decides everything): call `answered` exactly once, when the platform's verification settles,
// with its boolean, or `undefined` when it rejected or answered something else (the Rust side then
// verifies synchronously). What `answered` returns (or throws) settles the promise returned here.
// The intrinsics are taken at load, so code that replaces them later cannot intercept; should
// `then` itself throw (a tampered promise), the answer is `undefined` at once.
const P = Promise;
const then = P.prototype.then;
const { apply } = Reflect;

export function kassaWhenAnswered(pending, answered) {
  return new P((resolve, reject) => {
    let done = false;
    const settle = (v) => {
      if (done) return;
      done = true;
      try {
        resolve(answered(v));
      } catch (e) {
        reject(e);
      }
    };
    try {
      apply(then, pending, [(v) => settle(typeof v === 'boolean' ? v : undefined), () => settle(undefined)]);
    } catch {
      settle(undefined);
    }
  });
}
