// Why a target is not met, and what was tried: hand-written from the measurements, keyed by target
// id (or id prefix). bench/lib/doc.mjs puts the note of every target a run does not meet under the
// results in docs/bench.md; a target without a note is listed as "no explanation recorded yet".
export const notes = {};
