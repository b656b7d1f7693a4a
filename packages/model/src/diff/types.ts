/**
 * The shape of a diff between two incident projections: plain JSON, so a server can compute it once for a pair of
 * calibration rounds and send it to any client as it is.
 */
import type { ActionItem, EntityStamp, Factor, IncidentEvent, IncidentMeta, Perspective, Question } from '../types.ts';
import type { TextSegment } from './text.ts';

export type DiffCollection = 'events' | 'perspectives' | 'questions' | 'factors' | 'actionItems';

/** Scalar fields: enums, names, times, links, anchors. */
export interface ValueFieldChange<F extends string = string> {
  kind: 'value';
  field: F;
  before: string | number | null;
  after: string | number | null;
}

/** Prose (and titles): the whole values plus a word-level diff that rebuilds both. */
export interface TextFieldChange<F extends string = string> {
  kind: 'text';
  field: F;
  before: string;
  after: string;
  segments: TextSegment[];
}

/** String sets (tags, links, linked ids): members that came and went, each in the order its own side lists it. */
export interface SetFieldChange<F extends string = string> {
  kind: 'set';
  field: F;
  before: string[];
  after: string[];
  added: string[];
  removed: string[];
}

export type FieldChange<F extends string = string> = ValueFieldChange<F> | TextFieldChange<F> | SetFieldChange<F>;

/** The fields every entity carries and that a diff does not report as changes of their own. */
export type StampField = Exclude<keyof EntityStamp, 'id'>;

export type ContentField<T> = Exclude<keyof T, keyof EntityStamp> & string;

export interface EntityChange<T extends EntityStamp> {
  id: string;
  before: T;
  after: T;
  /** In the entity's schema order; never empty unless `recreated`. */
  fields: FieldChange<ContentField<T>>[];
  /**
   * The id was deleted and created again in between (its createdAt or createdBy differ). The item is still reported as
   * one change, because the id is what narrative tokens and links follow.
   */
  recreated: boolean;
}

export interface CollectionDiff<T extends EntityStamp> {
  /** Timeline order (events) or creation order (everything else) of the `after` state. */
  added: T[];
  /** In the order of the `before` state. */
  removed: T[];
  /** In the order of the `after` state. */
  changed: EntityChange<T>[];
}

export interface CollectionCounts {
  added: number;
  removed: number;
  changed: number;
}

export interface DiffSummary extends CollectionCounts {
  collections: Record<DiffCollection, CollectionCounts>;
  /** Meta fields changed. */
  meta: number;
  narrative: boolean;
  /** Items added, removed and changed, plus meta fields changed, plus one for the narrative; 0 means no change. */
  total: number;
}

export interface TextChange {
  before: string;
  after: string;
  segments: TextSegment[];
}

export type MetaField = Exclude<keyof IncidentMeta, StampField>;

export interface IncidentDiff {
  meta: FieldChange<MetaField>[];
  /** null when the narrative is unchanged. */
  narrative: TextChange | null;
  events: CollectionDiff<IncidentEvent>;
  perspectives: CollectionDiff<Perspective>;
  questions: CollectionDiff<Question>;
  factors: CollectionDiff<Factor>;
  actionItems: CollectionDiff<ActionItem>;
  summary: DiffSummary;
}
