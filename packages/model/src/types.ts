/**
 * Plain JSON views of the document, as the readers and `projectIncident` return them. Every field is always present
 * (null, '' or [] when unknown) so that projections from different peers compare with deep equality.
 */
import type {
  ActionCategory,
  ActionStatus,
  EventKind,
  EventSource,
  FactorKind,
  IncidentStatus,
  QuestionStatus,
  Severity,
  TimePrecision,
} from './schema.ts';

export type EntityType = 'event' | 'perspective' | 'question' | 'factor' | 'actionItem';

/** Fields every entity carries; times are UTC ISO 8601, '' when a malformed writer left them out. */
export interface EntityStamp {
  id: string;
  createdBy: string;
  createdAt: string;
  updatedBy: string;
  updatedAt: string;
}

export interface IncidentMeta {
  schemaVersion: number;
  title: string;
  referenceTimeZone: string;
  impactStart: string | null;
  impactEnd: string | null;
  severity: Severity | null;
  status: IncidentStatus;
  createdBy: string;
  createdAt: string;
  updatedBy: string;
  updatedAt: string;
}

export interface IncidentEvent extends EntityStamp {
  occurredAt: string;
  sourceZone: string;
  precision: TimePrecision;
  actor: string;
  source: EventSource;
  sourceUrl: string;
  kind: EventKind;
  tags: string[];
  text: string;
}

export interface Perspective extends EntityStamp {
  /** null: an account of the incident as a whole (also what remains when the event is deleted). */
  eventId: string | null;
  person: string;
  role: string;
  saw: string;
  knew: string;
  thought: string;
  did: string;
}

export interface Question extends EntityStamp {
  eventId: string | null;
  asker: string;
  owner: string;
  /** The owner's account, when they have one (see `owner` for the name shown). */
  ownerId: string | null;
  status: QuestionStatus;
  text: string;
  answer: string;
  evidenceUrls: string[];
}

export interface Factor extends EntityStamp {
  kind: FactorKind;
  title: string;
  description: string;
  eventIds: string[];
}

export interface ActionItem extends EntityStamp {
  title: string;
  description: string;
  owner: string;
  /** The owner's account, when they have one: they accept or decline the item from their own view. */
  ownerId: string | null;
  category: ActionCategory;
  status: ActionStatus;
  statusReason: string;
  dueDate: string | null;
  trackerUrl: string;
  eventIds: string[];
  factorIds: string[];
}

export interface IncidentProjection {
  meta: IncidentMeta;
  /** Ordered with `compareEvents`. */
  events: IncidentEvent[];
  /** This and the lists below are ordered by createdAt, then id. */
  perspectives: Perspective[];
  questions: Question[];
  factors: Factor[];
  actionItems: ActionItem[];
  /** Markdown source; see `findEventReferences`. */
  narrative: string;
}
