import { isUuid } from './incident-repository.ts';
import { insertSnapshot, type NewSnapshot, type SnapshotRecord } from './snapshot-repository.ts';
import type { SqlClient } from './sql.ts';

export const ROUND_STATUSES = ['open', 'closed'] as const;
export type RoundStatus = (typeof ROUND_STATUSES)[number];

/** What feedback can be about: the items of an incident (the model's entity types). */
export const FEEDBACK_ITEM_TYPES = ['event', 'perspective', 'question', 'factor', 'actionItem'] as const;
export type FeedbackItemType = (typeof FEEDBACK_ITEM_TYPES)[number];

export const FEEDBACK_KINDS = ['agree', 'correction', 'missing-context', 'not-my-experience'] as const;
export type FeedbackKind = (typeof FEEDBACK_KINDS)[number];

/** Where each item type sits in a snapshot's projection (IncidentProjection of @parallax/model). */
const PROJECTION_COLLECTIONS = {
  event: 'events',
  perspective: 'perspectives',
  question: 'questions',
  factor: 'factors',
  actionItem: 'actionItems',
} as const satisfies Record<FeedbackItemType, string>;

export interface RoundRecord {
  id: string;
  incidentId: string;
  /** 1, 2, 3… per incident, in the order the rounds were opened. */
  number: number;
  label: string;
  /** What the facilitator asks the participants. */
  message: string;
  status: RoundStatus;
  snapshotId: string;
  openedBy: string | null;
  openedByName: string | null;
  createdAt: string;
  closedAt: string | null;
  closedBy: string | null;
}

/** A round as the incident's list shows it to one person. */
export interface RoundSummary extends RoundRecord {
  feedbackCount: number;
  /** How many people marked the round reviewed. */
  reviewedCount: number;
  reviewedByMe: boolean;
}

export interface FeedbackRecord {
  id: string;
  roundId: string;
  itemType: FeedbackItemType;
  itemId: string;
  kind: FeedbackKind;
  text: string;
  authorId: string | null;
  authorName: string | null;
  createdAt: string;
}

export interface ReviewRecord {
  roundId: string;
  userId: string;
  userName: string;
  reviewedAt: string;
}

export interface OpenRoundInput {
  incidentId: string;
  /** Null: "Round <number>". */
  label: string | null;
  message: string;
  openedBy: string;
  /** The frozen state; written as the round's snapshot (kind 'round', same label) in the same transaction. */
  snapshot: Omit<NewSnapshot, 'incidentId' | 'label' | 'kind' | 'createdBy'>;
}

export interface NewFeedback {
  roundId: string;
  itemType: FeedbackItemType;
  itemId: string;
  kind: FeedbackKind;
  text: string;
  authorId: string;
}

export type AddFeedbackResult =
  | { status: 'created'; feedback: FeedbackRecord }
  | { status: 'not-found' }
  | { status: 'closed' }
  /** The item is not in the round's frozen version. */
  | { status: 'unknown-item' };

type RoundRow = {
  id: string;
  incident_id: string;
  number: number;
  label: string;
  message: string;
  status: string;
  snapshot_id: string;
  opened_by: string | null;
  opened_by_name: string | null;
  created_at: Date;
  closed_at: Date | null;
  closed_by: string | null;
};

type FeedbackRow = {
  id: string;
  round_id: string;
  item_type: string;
  item_id: string;
  kind: string;
  text: string;
  author_id: string | null;
  author_name: string | null;
  created_at: Date;
};

const ROUND_COLUMNS =
  'id, incident_id, number, label, message, status, snapshot_id, opened_by, created_at, closed_at, closed_by';

const SELECT_ROUNDS_FROM = (relation: string) => `
select r.id, r.incident_id, r.number, r.label, r.message, r.status, r.snapshot_id, r.opened_by,
       u.name as opened_by_name, r.created_at, r.closed_at, r.closed_by
from ${relation} r
left join users u on u.id = r.opened_by`;

const SELECT_FEEDBACK_FROM = (relation: string) => `
select f.id, f.round_id, f.item_type, f.item_id, f.kind, f.text, f.author_id, u.name as author_name, f.created_at
from ${relation} f
left join users u on u.id = f.author_id`;

/** Calibration rounds with their feedback and "reviewed" marks. */
export class RoundRepository {
  readonly #sql: SqlClient;

  constructor(sql: SqlClient) {
    this.#sql = sql;
  }

  /**
   * Opens the incident's next round and writes its snapshot, in one transaction. The incident row is locked first, so
   * rounds opened at the same moment get consecutive numbers instead of colliding.
   */
  async open(input: OpenRoundInput): Promise<{ round: RoundRecord; snapshot: SnapshotRecord }> {
    return this.#sql.transaction(async (tx) => {
      const locked = await tx.query('select id from incidents where id = $1 for update', [input.incidentId]);
      if (locked.length === 0) throw new Error(`No incident ${input.incidentId} to open a round in`);
      const [next] = await tx.query<{ number: number }>(
        'select coalesce(max(number), 0) + 1 as number from rounds where incident_id = $1',
        [input.incidentId],
      );
      const number = next?.number ?? 1;
      const label = input.label ?? `Round ${number}`;
      const snapshot = await insertSnapshot(tx, {
        ...input.snapshot,
        incidentId: input.incidentId,
        label,
        kind: 'round',
        createdBy: input.openedBy,
      });
      const [row] = await tx.query<RoundRow>(
        `with r as (
           insert into rounds (incident_id, number, label, message, snapshot_id, opened_by)
           values ($1, $2, $3, $4, $5, $6)
           returning ${ROUND_COLUMNS}
         )
         ${SELECT_ROUNDS_FROM('r')}`,
        [input.incidentId, number, label, input.message, snapshot.id, input.openedBy],
      );
      if (!row) throw new Error('Insert into rounds returned no row');
      await tx.query('update snapshots set round_id = $2 where id = $1', [snapshot.id, row.id]);
      const round = toRound(row);
      return { round, snapshot: { ...snapshot, roundId: round.id, roundNumber: round.number } };
    });
  }

  /** Undefined when there is no such round (also for a malformed id). */
  async get(id: string): Promise<RoundRecord | undefined> {
    if (!isUuid(id)) return undefined;
    const [row] = await this.#sql.query<RoundRow>(`${SELECT_ROUNDS_FROM('rounds')} where r.id = $1`, [id]);
    return row && toRound(row);
  }

  /** The incident's rounds, newest first, with their feedback and review counts and whether `userId` reviewed each. */
  async listForIncident(incidentId: string, userId: string): Promise<RoundSummary[]> {
    if (!isUuid(incidentId)) return [];
    const rows = await this.#sql.query<
      RoundRow & { feedback_count: number; reviewed_count: number; reviewed_by_me: boolean }
    >(
      `select r.id, r.incident_id, r.number, r.label, r.message, r.status, r.snapshot_id, r.opened_by,
              u.name as opened_by_name, r.created_at, r.closed_at, r.closed_by,
              (select count(*) from feedback f where f.round_id = r.id) as feedback_count,
              (select count(*) from round_reviews v where v.round_id = r.id) as reviewed_count,
              exists (select 1 from round_reviews v where v.round_id = r.id and v.user_id = $2::uuid) as reviewed_by_me
       from rounds r
       left join users u on u.id = r.opened_by
       where r.incident_id = $1
       order by r.number desc`,
      [incidentId, isUuid(userId) ? userId : null],
    );
    return rows.map((row) => ({
      ...toRound(row),
      feedbackCount: row.feedback_count,
      reviewedCount: row.reviewed_count,
      reviewedByMe: row.reviewed_by_me,
    }));
  }

  /** Closes the round; closing a closed round changes nothing. Undefined when there is no such round. */
  async close(id: string, userId: string): Promise<RoundRecord | undefined> {
    if (!isUuid(id)) return undefined;
    await this.#sql.query(
      `update rounds set status = 'closed', closed_at = now(), closed_by = $2
       where id = $1 and status = 'open'`,
      [id, userId],
    );
    return this.get(id);
  }

  /**
   * Records feedback on an item of the round's frozen version. Checked and written in one statement, so feedback can
   * never land in a round that a concurrent request just closed.
   */
  async addFeedback(input: NewFeedback): Promise<AddFeedbackResult> {
    if (!isUuid(input.roundId)) return { status: 'not-found' };
    const collection = PROJECTION_COLLECTIONS[input.itemType];
    const [check] = await this.#sql.query<{ status: string; item_exists: boolean }>(
      `select r.status,
              coalesce(s.projection -> $2::text @> jsonb_build_array(jsonb_build_object('id', $3::text)), false)
                as item_exists
       from rounds r join snapshots s on s.id = r.snapshot_id
       where r.id = $1`,
      [input.roundId, collection, input.itemId],
    );
    if (!check) return { status: 'not-found' };
    if (check.status !== 'open') return { status: 'closed' };
    if (!check.item_exists) return { status: 'unknown-item' };
    const [row] = await this.#sql.query<FeedbackRow>(
      `with f as (
         insert into feedback (round_id, item_type, item_id, kind, text, author_id)
         select r.id, $2, $3, $4, $5, $6 from rounds r where r.id = $1 and r.status = 'open'
         returning id, round_id, item_type, item_id, kind, text, author_id, created_at
       )
       ${SELECT_FEEDBACK_FROM('f')}`,
      [input.roundId, input.itemType, input.itemId, input.kind, input.text, input.authorId],
    );
    // The round was closed between the check and the insert.
    if (!row) return { status: 'closed' };
    return { status: 'created', feedback: toFeedback(row) };
  }

  /** All feedback of a round, oldest first. */
  async listFeedback(roundId: string): Promise<FeedbackRecord[]> {
    if (!isUuid(roundId)) return [];
    const rows = await this.#sql.query<FeedbackRow>(
      `${SELECT_FEEDBACK_FROM('feedback')} where f.round_id = $1 order by f.created_at, f.id`,
      [roundId],
    );
    return rows.map(toFeedback);
  }

  /** Marks the round reviewed by the user; marking it again keeps the first time. */
  async markReviewed(roundId: string, userId: string): Promise<ReviewRecord> {
    const [row] = await this.#sql.query<{ round_id: string; user_id: string; name: string; reviewed_at: Date }>(
      `with inserted as (
         insert into round_reviews (round_id, user_id) values ($1, $2)
         on conflict (round_id, user_id) do nothing
         returning round_id, user_id, reviewed_at
       ), review as (
         select round_id, user_id, reviewed_at from inserted
         union all
         select round_id, user_id, reviewed_at from round_reviews
         where round_id = $1 and user_id = $2 and not exists (select 1 from inserted)
       )
       select v.round_id, v.user_id, u.name, v.reviewed_at from review v join users u on u.id = v.user_id`,
      [roundId, userId],
    );
    if (!row) throw new Error('Marking a round reviewed returned no row');
    return {
      roundId: row.round_id,
      userId: row.user_id,
      userName: row.name,
      reviewedAt: row.reviewed_at.toISOString(),
    };
  }

  /** Who marked the round reviewed, earliest first. */
  async listReviews(roundId: string): Promise<ReviewRecord[]> {
    if (!isUuid(roundId)) return [];
    const rows = await this.#sql.query<{ round_id: string; user_id: string; name: string; reviewed_at: Date }>(
      `select v.round_id, v.user_id, u.name, v.reviewed_at
       from round_reviews v join users u on u.id = v.user_id
       where v.round_id = $1 order by v.reviewed_at, v.user_id`,
      [roundId],
    );
    return rows.map((row) => ({
      roundId: row.round_id,
      userId: row.user_id,
      userName: row.name,
      reviewedAt: row.reviewed_at.toISOString(),
    }));
  }
}

function toRound(row: RoundRow): RoundRecord {
  return {
    id: row.id,
    incidentId: row.incident_id,
    number: row.number,
    label: row.label,
    message: row.message,
    status: row.status === 'closed' ? 'closed' : 'open',
    snapshotId: row.snapshot_id,
    openedBy: row.opened_by,
    openedByName: row.opened_by_name,
    createdAt: row.created_at.toISOString(),
    closedAt: row.closed_at ? row.closed_at.toISOString() : null,
    closedBy: row.closed_by,
  };
}

function toFeedback(row: FeedbackRow): FeedbackRecord {
  return {
    id: row.id,
    roundId: row.round_id,
    itemType: row.item_type as FeedbackItemType,
    itemId: row.item_id,
    kind: row.kind as FeedbackKind,
    text: row.text,
    authorId: row.author_id,
    authorName: row.author_name,
    createdAt: row.created_at.toISOString(),
  };
}
