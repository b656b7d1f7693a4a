import { Hono } from 'hono';
import { z } from 'zod';
import { ROLES, roleAtLeast, type MemberRecord } from '@parallax/db';
import { emailSchema } from '../auth/schemas.ts';
import type { AppEnv } from './context.ts';
import { forbidden, HttpError } from './errors.ts';
import { incidentAccess, requireUser } from './middleware.ts';
import { validate } from './validation.ts';

const idParam = z.object({ id: z.string().uuid('must be an incident id (UUID)') });
const memberParam = idParam.extend({ userId: z.string().uuid('must be a user id (UUID)') });
const addMemberBody = z.object({ email: emailSchema, role: z.enum(ROLES) });
const changeRoleBody = z.object({ role: z.enum(ROLES) });

/** A member as the API shows them (no incident id: it is in the path). */
function publicMember(member: MemberRecord) {
  return {
    userId: member.userId,
    email: member.email,
    name: member.name,
    role: member.role,
    addedAt: member.addedAt,
  };
}

const notAMember = () => new HttpError(404, 'not_found', 'This person is not a member of this incident.');

/** Who belongs to an incident. Members see each other; owners manage them; anyone may leave. */
export const membersRoute = new Hono<AppEnv>()
  .use(requireUser())
  .get('/:id/members', validate('param', idParam), incidentAccess('viewer'), async (c) => {
    // Organisation viewers may read the incident but not its member list (which holds email addresses).
    if (!c.var.isMember) throw forbidden('Only members of this incident can see who else is a member.');
    const members = await c.var.services.members.list(c.req.valid('param').id);
    return c.json({ members: members.map(publicMember) }, 200);
  })
  .post(
    '/:id/members',
    validate('param', idParam),
    incidentAccess('owner'),
    validate('json', addMemberBody),
    async (c) => {
      const { id } = c.req.valid('param');
      const { email, role } = c.req.valid('json');
      const { users, members, sockets } = c.var.services;
      const user = await users.findByEmail(email);
      if (!user) {
        throw new HttpError(
          404,
          'user_not_found',
          `Nobody has a Parallax account with the email ${email}. Ask them to sign up first, or send them an invite link.`,
        );
      }
      const member = await members.add({ incidentId: id, userId: user.id, role, addedBy: c.var.user.id });
      if (!member) {
        throw new HttpError(
          409,
          'already_member',
          `${email} is already a member of this incident; change their role instead.`,
        );
      }
      // They may have been reading as an organisation viewer; reconnecting gives them the new role.
      sockets.recheck(id, (context) => context.userId === user.id);
      return c.json({ member: publicMember(member) }, 201);
    },
  )
  .patch(
    '/:id/members/:userId',
    validate('param', memberParam),
    incidentAccess('owner'),
    validate('json', changeRoleBody),
    async (c) => {
      const { id, userId } = c.req.valid('param');
      const { role } = c.req.valid('json');
      const { members, sockets } = c.var.services;
      const before = await members.get(id, userId);
      if (!before) throw notAMember();
      const member = await members.changeRole(id, userId, role);
      if (!member) throw notAMember();
      if (member.role !== before.role) sockets.recheck(id, (context) => context.userId === userId);
      return c.json({ member: publicMember(member) }, 200);
    },
  )
  .delete('/:id/members/:userId', validate('param', memberParam), incidentAccess('viewer'), async (c) => {
    const { id, userId } = c.req.valid('param');
    const leaving = userId === c.var.user.id;
    if (!leaving && !roleAtLeast(c.var.role, 'owner')) {
      throw forbidden('Only an owner can remove other members; you can only remove yourself.');
    }
    const { members, sockets } = c.var.services;
    if (!(await members.remove(id, userId))) throw notAMember();
    sockets.recheck(id, (context) => context.userId === userId);
    return c.body(null, 204);
  });
