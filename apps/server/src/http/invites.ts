import { Hono } from 'hono';
import { z } from 'zod';
import { ROLES, isInviteActive, roleAtLeast, type InviteRecord, type Role } from '@parallax/db';
import { generateToken, hashToken } from '../auth/tokens.ts';
import type { AppEnv } from './context.ts';
import { forbidden, HttpError, inviteExpired } from './errors.ts';
import { incidentAccess, requireUser } from './middleware.ts';
import { validate } from './validation.ts';

const HOUR_MS = 60 * 60 * 1000;

const idParam = z.object({ id: z.string().uuid('must be an incident id (UUID)') });
const inviteParam = idParam.extend({ inviteId: z.string().uuid('must be an invite id (UUID)') });
const tokenParam = z.object({ token: z.string().min(1).max(200) });
const createInviteBody = z.object({
  role: z.enum(ROLES),
  expiresInHours: z.number().int('must be a whole number of hours').min(1).max(720).default(168),
});

/** Facilitators run reviews and bring people in to edit or watch; granting facilitator or owner is for owners. */
function mayInviteAs(inviter: Role, role: Role): boolean {
  return roleAtLeast(inviter, 'owner') || (roleAtLeast(inviter, 'facilitator') && !roleAtLeast(role, 'facilitator'));
}

function publicInvite(invite: InviteRecord) {
  return { id: invite.id, role: invite.role, expiresAt: invite.expiresAt, createdBy: invite.createdBy };
}

const unknownInvite = () =>
  new HttpError(404, 'not_found', 'This invite link is not valid. Check that it is complete.');

/** Invite links of one incident, managed by its owners and facilitators (mounted under /incidents). */
export const incidentInvitesRoute = new Hono<AppEnv>()
  .use(requireUser())
  .post(
    '/:id/invites',
    validate('param', idParam),
    incidentAccess('facilitator'),
    validate('json', createInviteBody),
    async (c) => {
      const { id } = c.req.valid('param');
      const { role, expiresInHours } = c.req.valid('json');
      if (!mayInviteAs(c.var.role, role)) {
        throw forbidden(`Only an owner can invite people as ${role}; facilitators can invite editors and viewers.`);
      }
      const token = generateToken();
      const invite = await c.var.services.invites.create({
        incidentId: id,
        tokenHash: hashToken(token),
        role,
        expiresAt: new Date(Date.now() + expiresInHours * HOUR_MS),
        createdBy: c.var.user.id,
      });
      const origin = c.var.services.originPolicy.publicUrl
        ? new URL(c.var.services.originPolicy.publicUrl).origin
        : new URL(c.req.url).origin;
      // The token is shown this once; only its hash is stored.
      return c.json({ invite: publicInvite(invite), token, url: `${origin}/invites/${token}` }, 201);
    },
  )
  .get('/:id/invites', validate('param', idParam), incidentAccess('facilitator'), async (c) => {
    const invites = await c.var.services.invites.listActive(c.req.valid('param').id);
    return c.json({ invites: invites.map(publicInvite) }, 200);
  })
  .delete('/:id/invites/:inviteId', validate('param', inviteParam), incidentAccess('facilitator'), async (c) => {
    const { id, inviteId } = c.req.valid('param');
    const { invites } = c.var.services;
    const invite = (await invites.listActive(id)).find((candidate) => candidate.id === inviteId);
    if (invite && !mayInviteAs(c.var.role, invite.role)) {
      throw forbidden(`Only an owner can revoke an invite that grants ${invite.role}.`);
    }
    if (!(await invites.revoke(id, inviteId)))
      throw new HttpError(404, 'not_found', 'No such invite on this incident.');
    return c.body(null, 204);
  });

/** Opening and accepting an invite link, for anyone signed in who has it. */
export const invitesRoute = new Hono<AppEnv>()
  .use(requireUser())
  .get('/:token', validate('param', tokenParam), async (c) => {
    const found = await c.var.services.invites.findByTokenHash(hashToken(c.req.valid('param').token));
    if (!found) throw unknownInvite();
    if (!isInviteActive(found.invite)) throw inviteExpired();
    return c.json({ incident: found.incident, role: found.invite.role, expiresAt: found.invite.expiresAt }, 200);
  })
  .post('/:token/accept', validate('param', tokenParam), async (c) => {
    const { invites, access, sockets } = c.var.services;
    const tokenHash = hashToken(c.req.valid('param').token);
    const found = await invites.findByTokenHash(tokenHash);
    const before = found ? await access.resolve(found.invite.incidentId, c.var.user.id) : null;
    const result = await invites.accept(tokenHash, c.var.user.id);
    if (result.status === 'not-found') throw unknownInvite();
    if (result.status === 'expired') throw inviteExpired();
    if (before?.role !== result.role) {
      // An organisation viewer who just became an editor reconnects to get write access.
      sockets.recheck(result.incidentId, (context) => context.userId === c.var.user.id);
    }
    return c.json({ incidentId: result.incidentId, role: result.role }, 200);
  });
