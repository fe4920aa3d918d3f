// Which note of bench/notes.mjs explains a target: its entry in `sameNote`, else an exact id, else
// the longest note key the id starts with. Used by doc.mjs (the README's "Where a target is not
// met") and by the quick checks (every target has a note ready before a full run can miss it).
import { notes, sameNote } from '../notes.mjs';

/** The note key for target `id`, or undefined when no note covers it. */
export const noteKey = (id) => (Object.hasOwn(sameNote, id) ? sameNote[id]
  : Object.hasOwn(notes, id) ? id
    : Object.keys(notes).filter((k) => id.startsWith(k)).sort((a, b) => b.length - a.length)[0]);
