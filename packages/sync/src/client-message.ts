/**
 * Decoding of frames sent by clients. Everything that can be malformed is decoded and validated here, before any
 * of it touches the document, so a bad frame is rejected as a whole (SYNC-INPUT-2).
 */
import * as decoding from 'lib0/decoding';
import * as Y from 'yjs';
import { MalformedMessageError } from './MalformedMessageError.ts';
import { MessageType, SyncMessageType } from './message-types.ts';

export interface AwarenessEntry {
  clientId: number;
  clock: number;
  /** The decoded JSON state; null means "this client left". */
  state: unknown;
}

export type ClientMessage =
  | { kind: 'sync-step1'; stateVector: Uint8Array }
  | { kind: 'sync-write'; subType: typeof SyncMessageType.Step2 | typeof SyncMessageType.Update; update: Uint8Array }
  | { kind: 'awareness'; entries: AwarenessEntry[] }
  | { kind: 'query-awareness' }
  | { kind: 'saved-subscribe' }
  | { kind: 'unsupported'; messageType: number };

export function parseClientMessage(frame: Uint8Array): ClientMessage {
  try {
    return parse(frame);
  } catch (error) {
    if (error instanceof MalformedMessageError) throw error;
    throw new MalformedMessageError(error instanceof Error ? error.message : String(error), { cause: error });
  }
}

function parse(frame: Uint8Array): ClientMessage {
  const decoder = decoding.createDecoder(frame);
  const messageType = decoding.readVarUint(decoder);
  switch (messageType) {
    case MessageType.Sync:
      return parseSync(decoder);
    case MessageType.Awareness:
      return { kind: 'awareness', entries: parseAwarenessUpdate(decoding.readVarUint8Array(decoder)) };
    case MessageType.QueryAwareness:
      return { kind: 'query-awareness' };
    case MessageType.Saved:
      return { kind: 'saved-subscribe' };
    default:
      return { kind: 'unsupported', messageType };
  }
}

function parseSync(decoder: decoding.Decoder): ClientMessage {
  const subType = decoding.readVarUint(decoder);
  switch (subType) {
    case SyncMessageType.Step1: {
      const stateVector = decoding.readVarUint8Array(decoder);
      // Throws on a truncated or garbage state vector, so answering it later cannot fail halfway.
      Y.decodeStateVector(stateVector);
      return { kind: 'sync-step1', stateVector };
    }
    case SyncMessageType.Step2:
    case SyncMessageType.Update: {
      const update = decoding.readVarUint8Array(decoder);
      // A full decode of every struct and the delete set: garbage is refused before Y.applyUpdate sees it.
      Y.decodeUpdate(update);
      return { kind: 'sync-write', subType, update };
    }
    default:
      throw new MalformedMessageError(`unknown sync message sub-type ${subType}`);
  }
}

function parseAwarenessUpdate(update: Uint8Array): AwarenessEntry[] {
  const decoder = decoding.createDecoder(update);
  const count = decoding.readVarUint(decoder);
  const entries: AwarenessEntry[] = [];
  for (let i = 0; i < count; i++) {
    const clientId = decoding.readVarUint(decoder);
    const clock = decoding.readVarUint(decoder);
    const state: unknown = JSON.parse(decoding.readVarString(decoder));
    entries.push({ clientId, clock, state });
  }
  return entries;
}
