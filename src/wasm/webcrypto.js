// The one step of `verifyAsync`'s WebCrypto path that is plain sequencing (src/wasm/webcrypto.rs
// decides everything): call `answered` exactly once, when the platform's verification settles,
// with its boolean, or `undefined` when it rejected or answered something else (the Rust side then
// verifies synchronously). Its return value (or throw) settles the promise returned here.
// `Promise.prototype.then` is taken at load, so code that replaces it later cannot intercept.
const then = Promise.prototype.then;
const { apply } = Reflect;

export function kassaWhenAnswered(pending, answered) {
  return apply(then, pending, [
    (v) => answered(typeof v === 'boolean' ? v : undefined),
    () => answered(undefined),
  ]);
}
