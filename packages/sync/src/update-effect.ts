import * as Y from 'yjs';
import type { DecodedUpdate } from './client-message.ts';

/**
 * Would applying this (already decoded) update change `doc`? True when it carries a struct the document does not
 * have, or deletes something the document has not deleted (or does not have at all).
 *
 * Costs one comparison per struct of the update plus a walk over the document's structs inside the update's
 * delete ranges (a binary search to find each range), instead of building a snapshot of the whole document
 * (every struct) per frame (SYNC-RO-2).
 */
export function wouldChangeDocument(doc: Y.Doc, decoded: DecodedUpdate): boolean {
  for (const struct of decoded.structs) {
    // Skips are placeholders for ranges the update does not carry.
    if (struct instanceof Y.Skip) continue;
    if (struct.id.clock + struct.length > Y.getState(doc.store, struct.id.client)) return true;
  }
  for (const [client, ranges] of decoded.ds.clients) {
    const structs = doc.store.clients.get(client);
    const known = Y.getState(doc.store, client);
    for (const range of ranges) {
      if (range.len === 0) continue;
      const end = range.clock + range.len;
      if (structs === undefined || end > known) return true;
      let index: number;
      try {
        index = Y.findIndexSS(structs, range.clock);
      } catch {
        return true;
      }
      for (; index < structs.length; index++) {
        const struct = structs[index] as Y.Item | Y.GC;
        if (struct.id.clock >= end) break;
        if (!struct.deleted) return true;
      }
    }
  }
  return false;
}
