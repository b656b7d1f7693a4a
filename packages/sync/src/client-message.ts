/**
 * Decoding of frames sent by clients. Everything that can be malformed is decoded and validated here, before any
 * of it touches the document, so a bad frame is rejected as a whole (SYNC-INPUT-2).
 */
import * as decoding from 'lib0/decoding';
import * as Y from 'yjs';
import { MalformedMessageError } from './MalformedMessageError.ts';
import { MessageType, SyncMessageType } from './message-types.ts';

/**
 * One entry of an awareness update, with its state left as the JSON bytes the client sent: only entries the
 * connection owns are parsed (parseAwarenessState), the echoes of everybody else's states never are (SYNC-AWARE-6).
 */
export interface RawAwarenessEntry {
  clientId: number;
  clock: number;
  /** UTF-8 JSON; `null` means "this client left". */
  stateJson: Uint8Array;
}

export interface AwarenessEntry {
  clientId: number;
  clock: number;
  /** The decoded JSON state; null means "this client left". */
  state: unknown;
}

/** What Y.decodeUpdate returns: the update's structs and delete set, decoded once while parsing. */
export type DecodedUpdate = ReturnType<typeof Y.decodeUpdate>;

export type ClientMessage =
  | { kind: 'sync-step1'; stateVector: Uint8Array; knowsNothing: boolean }
  | {
      kind: 'sync-write';
      subType: typeof SyncMessageType.Step2 | typeof SyncMessageType.Update;
      update: Uint8Array;
      decoded: DecodedUpdate;
    }
  | { kind: 'awareness'; entries: RawAwarenessEntry[] }
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
      const clocks = Y.decodeStateVector(stateVector);
      const knowsNothing = [...clocks.values()].every((clock) => clock === 0);
      return { kind: 'sync-step1', stateVector, knowsNothing };
    }
    case SyncMessageType.Step2:
    case SyncMessageType.Update: {
      const update = decoding.readVarUint8Array(decoder);
      // A full decode of every struct and the delete set: garbage is refused before Y.applyUpdate sees it.
      const decoded = Y.decodeUpdate(update);
      return { kind: 'sync-write', subType, update, decoded };
    }
    default:
      throw new MalformedMessageError(`unknown sync message sub-type ${subType}`);
  }
}

/** Reads every entry's id, clock and state bytes (so a truncated frame is refused as a whole), parses no JSON. */
function parseAwarenessUpdate(update: Uint8Array): RawAwarenessEntry[] {
  const decoder = decoding.createDecoder(update);
  const count = decoding.readVarUint(decoder);
  const entries: RawAwarenessEntry[] = [];
  for (let i = 0; i < count; i++) {
    const clientId = decoding.readVarUint(decoder);
    const clock = decoding.readVarUint(decoder);
    // A view into the frame: the caller copies what it keeps beyond this call.
    const stateJson = decoding.readVarUint8Array(decoder);
    entries.push({ clientId, clock, stateJson });
  }
  return entries;
}

const utf8 = new TextDecoder();

/** The JSON state of an entry the connection owns. Throws MalformedMessageError on bad JSON. */
export function parseAwarenessState(stateJson: Uint8Array): unknown {
  try {
    return JSON.parse(utf8.decode(stateJson)) as unknown;
  } catch (error) {
    throw new MalformedMessageError(error instanceof Error ? error.message : String(error), { cause: error });
  }
}
