// Timing for every runtime (web-standard APIs only: performance.now()).
//
// Method: every implementation of one comparison is warmed up, then measured in interleaved batches
// (batch 1 of A, batch 1 of B, ..., batch 2 of A, ...), so that noise from the machine (other
// processes, frequency changes, GC) falls on all of them alike. A batch runs the operation in chunks
// and stops at the first chunk boundary after `batchMs`; its rate is operations / elapsed time. The
// result is the median rate over the batches. Async operations are awaited one by one.

const now = () => performance.now();

/** Runs `fn` (sync or async) `n` times; returns true when it returned a promise. */
async function runChunk(fn, n, isAsync) {
  if (isAsync) {
    for (let i = 0; i < n; i++) await fn();
  } else {
    for (let i = 0; i < n; i++) fn();
  }
}

/** Measures one batch: chunks of `chunk` calls until `batchMs` has passed. Returns ops/s. */
async function batch(fn, isAsync, chunk, batchMs) {
  let ops = 0;
  const t0 = now();
  let elapsed = 0;
  do {
    await runChunk(fn, chunk, isAsync);
    ops += chunk;
    elapsed = now() - t0;
  } while (elapsed < batchMs);
  return (ops * 1000) / elapsed;
}

export function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/**
 * Measures several implementations of one operation side by side.
 * `impls`: [{ impl, fn }] where fn() performs one operation (may return a promise).
 * `opts`: { warmupMs, batchMs, batches }.
 * Returns [{ impl, opsPerSec, usPerOp, batches: [ops/s...] }].
 */
export async function compare(impls, { warmupMs = 500, batchMs = 1000, batches = 5 } = {}) {
  const state = [];
  for (const { impl, fn } of impls) {
    const first = fn();
    const isAsync = !!first && typeof first.then === 'function';
    if (isAsync) await first;
    // Warm-up, and a chunk size that takes about 2 ms (or one call when a call is slower).
    let calls = 1;
    const t0 = now();
    while (now() - t0 < warmupMs) {
      await runChunk(fn, calls, isAsync);
      calls++;
    }
    const per = (now() - t0) / ((calls * (calls - 1)) / 2 || 1);
    const chunk = Math.max(1, Math.min(10000, Math.round(2 / Math.max(per, 1e-6))));
    state.push({ impl, fn, isAsync, chunk, rates: [] });
  }
  for (let b = 0; b < batches; b++) {
    for (const s of state) s.rates.push(await batch(s.fn, s.isAsync, s.chunk, batchMs));
  }
  return state.map((s) => {
    const opsPerSec = median(s.rates);
    return { impl: s.impl, opsPerSec, usPerOp: 1e6 / opsPerSec, batches: s.rates.map((r) => Math.round(r)), async: s.isAsync };
  });
}

/** Options for full and quick runs. */
export function timing(quick) {
  return quick ? { warmupMs: 20, batchMs: 15, batches: 5 } : { warmupMs: 700, batchMs: 1000, batches: 5 };
}
