/**
 * Calibration rounds. The facilitator freezes the draft as a snapshot and shares it; participants read that frozen
 * version, leave feedback on its items and mark it reviewed; the facilitator closes the round.
 *
 * Who may do what (roles: viewer < editor < facilitator < owner):
 * - open and close a round: facilitator or owner (running the review is the facilitator's job);
 * - list rounds, read one, give feedback, mark reviewed: anyone who can view the incident. Participants are often
 *   viewers (the people involved read the draft, they do not edit it), and feedback is what a round collects from
 *   them, so viewing is enough; that includes people reading an incident open to everyone signed in.
 *
 * Feedback goes on items of the round's frozen version (an id that is not in it: 422) while the round is open (409
 * once closed); `text` is required unless the kind is `agree`.
 */
import { Hono } from 'hono';
import { createMiddleware } from 'hono/factory';
import { z } from 'zod';
import { FEEDBACK_ITEM_TYPES, FEEDBACK_KINDS, type Role, type RoundRecord } from '@parallax/db';
import { ID_PATTERN, type IncidentProjection } from '@parallax/model';
import type { AppEnv, AuthedEnv, IncidentEnv } from './context.ts';
import { HttpError } from './errors.ts';
import { incidentAccess, requireIncidentRole, requireUser } from './middleware.ts';
import { validate } from './validation.ts';

const idParam = z.object({ id: z.string().uuid('must be an incident id (UUID)') });
const roundParam = z.object({ roundId: z.string().uuid('must be a round id (UUID)') });

const openRoundBody = z.object({
  /** Defaults to "Round <number>". */
  label: z.string().trim().min(1, 'must not be empty').max(200).optional(),
  /** What the facilitator asks the participants to look at. */
  message: z.string().trim().max(5000).default(''),
});

const feedbackBody = z
  .object({
    itemType: z.enum(FEEDBACK_ITEM_TYPES),
    itemId: z.string().regex(ID_PATTERN, 'must be an item id'),
    kind: z.enum(FEEDBACK_KINDS),
    text: z.string().trim().max(5000).default(''),
  })
  .refine((body) => body.kind === 'agree' || body.text.length > 0, {
    message: 'say what is missing or different (only "agree" may come without text)',
    path: ['text'],
  });

interface RoundEnv {
  Variables: { round: RoundRecord };
}

const roundNotFound = () =>
  new HttpError(404, 'not_found', 'Round not found: it does not exist, or you cannot see its incident.');

/**
 * Resolves the round in the `:roundId` path parameter and the caller's role on its incident: 404 when there is no such
 * round or the caller may not see its incident (the two look the same), 403 when the role is below `minimum`.
 */
const roundAccess = (minimum: Role) =>
  createMiddleware<AppEnv & AuthedEnv & IncidentEnv & RoundEnv>(async (c, next) => {
    const round = await c.var.services.rounds.get(c.req.param('roundId') ?? '');
    if (!round) throw roundNotFound();
    const grant = await requireIncidentRole(c.var.services, round.incidentId, c.var.user.id, minimum, roundNotFound);
    c.set('round', round);
    c.set('incident', grant.incident);
    c.set('role', grant.role);
    c.set('isMember', grant.isMember);
    await next();
  });

/** Rounds of one incident (mounted under /incidents). */
export const incidentRoundsRoute = new Hono<AppEnv>()
  .use(requireUser())
  .post(
    '/:id/rounds',
    validate('param', idParam),
    incidentAccess('facilitator'),
    validate('json', openRoundBody),
    async (c) => {
      const { label, message } = c.req.valid('json');
      const { round, snapshot } = await c.var.services.history.openRound(c.var.incident.id, {
        label: label ?? null,
        message,
        openedBy: c.var.user.id,
      });
      return c.json({ round, snapshot }, 201);
    },
  )
  .get('/:id/rounds', validate('param', idParam), incidentAccess('viewer'), async (c) => {
    const rounds = await c.var.services.rounds.listForIncident(c.var.incident.id, c.var.user.id);
    return c.json({ rounds }, 200);
  });

/** One round: its frozen content, feedback and reviews (mounted under /rounds). */
export const roundsRoute = new Hono<AppEnv>()
  .use(requireUser())
  .get('/:roundId', validate('param', roundParam), roundAccess('viewer'), async (c) => {
    const { round } = c.var;
    const { snapshots, rounds, history } = c.var.services;
    const [snapshot, projection, feedback, reviews] = await Promise.all([
      snapshots.get(round.snapshotId),
      history.snapshotProjection(round.snapshotId),
      rounds.listFeedback(round.id),
      rounds.listReviews(round.id),
    ]);
    if (!snapshot) throw roundNotFound();
    return c.json(
      {
        round,
        snapshot,
        /** The frozen version participants give feedback on. */
        projection: projection as IncidentProjection,
        feedback,
        reviews,
        reviewedByMe: reviews.some((review) => review.userId === c.var.user.id),
        role: c.var.role,
      },
      200,
    );
  })
  .post(
    '/:roundId/feedback',
    validate('param', roundParam),
    roundAccess('viewer'),
    validate('json', feedbackBody),
    async (c) => {
      const body = c.req.valid('json');
      const result = await c.var.services.rounds.addFeedback({
        roundId: c.var.round.id,
        ...body,
        authorId: c.var.user.id,
      });
      switch (result.status) {
        case 'created':
          return c.json({ feedback: result.feedback }, 201);
        case 'not-found':
          throw roundNotFound();
        case 'closed':
          throw new HttpError(409, 'round_closed', 'This round is closed: it no longer takes feedback.');
        case 'unknown-item':
          throw new HttpError(
            422,
            'unknown_item',
            `The frozen version of this round has no ${body.itemType} with id ${body.itemId}.`,
            { itemType: body.itemType, itemId: body.itemId },
          );
      }
    },
  )
  .post('/:roundId/reviewed', validate('param', roundParam), roundAccess('viewer'), async (c) => {
    const review = await c.var.services.rounds.markReviewed(c.var.round.id, c.var.user.id);
    return c.json({ review }, 200);
  })
  .post('/:roundId/close', validate('param', roundParam), roundAccess('facilitator'), async (c) => {
    const round = await c.var.services.rounds.close(c.var.round.id, c.var.user.id);
    if (!round) throw roundNotFound();
    return c.json({ round }, 200);
  });
