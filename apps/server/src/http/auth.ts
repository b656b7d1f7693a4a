import { Hono } from 'hono';
import { z } from 'zod';
import { isInviteActive } from '@parallax/db';
import {
  PASSWORD_IS_EMAIL_MESSAGE,
  PASSWORD_MAX,
  emailSchema,
  nameSchema,
  passwordIsNotEmail,
  passwordSchema,
} from '../auth/schemas.ts';
import { clearSessionCookie } from '../auth/session-cookie.ts';
import { hashToken } from '../auth/tokens.ts';
import type { AppEnv } from './context.ts';
import { HttpError, inviteExpired, tooManyAttempts } from './errors.ts';
import { requireUser } from './middleware.ts';
import { clientAddress, isSecureRequest } from './request-info.ts';
import { startSession } from './start-session.ts';
import { publicUser } from './users.ts';
import { validate } from './validation.ts';

const signupBody = z
  .object({
    email: emailSchema,
    password: passwordSchema,
    name: nameSchema,
    inviteToken: z.string().min(1).max(200).optional(),
  })
  .refine((body) => passwordIsNotEmail(body.password, body.email), {
    path: ['password'],
    message: PASSWORD_IS_EMAIL_MESSAGE,
  });

/** Login checks the rules of nothing but length: old accounts keep working if the rules change. */
const loginBody = z.object({
  email: emailSchema,
  password: z.string().min(1, 'must not be empty').max(PASSWORD_MAX),
});

const INVALID_CREDENTIALS = 'Email or password is incorrect.';

export const authRoute = new Hono<AppEnv>()
  .post('/signup', validate('json', signupBody), async (c) => {
    const body = c.req.valid('json');
    const { users, members, invites, settings, passwords, logger } = c.var.services;
    const { signupMode } = await settings.get();
    const tokenHash = body.inviteToken === undefined ? undefined : hashToken(body.inviteToken);
    if (tokenHash !== undefined || signupMode === 'invite-only') {
      const found = tokenHash === undefined ? undefined : await invites.findByTokenHash(tokenHash);
      const usable = found !== undefined && isInviteActive(found.invite);
      if (!usable && signupMode === 'invite-only') {
        throw new HttpError(
          403,
          'signup_closed',
          found
            ? 'Sign-up on this Parallax needs an invite, and this invite link has expired or was revoked. Ask for a new one.'
            : 'Sign-up on this Parallax is by invitation only. Ask someone on an incident for an invite link.',
        );
      }
      if (!usable) throw found ? inviteExpired() : new HttpError(404, 'not_found', 'This invite link is not valid.');
    }

    const user = await users.create({
      email: body.email,
      name: body.name,
      passwordHash: await passwords.hash(body.password),
      admin: 'if-first',
    });
    if (user.isAdmin) {
      // The first administrator of an upgraded instance takes over the incidents from before accounts.
      const adopted = await members.adoptOwnerless(user.id);
      logger.info({ userId: user.id, adoptedIncidents: adopted }, 'administrator account created');
    }
    if (tokenHash !== undefined) await invites.accept(tokenHash, user.id);
    await startSession(c, user);
    return c.json({ user: publicUser(user) }, 201);
  })
  .post('/login', validate('json', loginBody), async (c) => {
    const { email, password } = c.req.valid('json');
    const { users, passwords, loginLimiter } = c.var.services;
    const subject = { email, address: clientAddress(c) };
    const retryAfter = await loginLimiter.retryAfterSeconds(subject);
    if (retryAfter !== null) throw tooManyAttempts(retryAfter);

    const credentials = await users.findCredentials(email);
    const valid = credentials
      ? await passwords.verify(credentials.passwordHash, password)
      : await passwords.verifyDummy(password);
    if (!credentials || !valid) {
      await loginLimiter.recordFailure(subject);
      throw new HttpError(401, 'invalid_credentials', INVALID_CREDENTIALS);
    }
    await loginLimiter.recordSuccess(subject);
    await startSession(c, credentials.user);
    return c.json({ user: publicUser(credentials.user) }, 200);
  })
  .post('/logout', requireUser(), async (c) => {
    const { sessions, sockets } = c.var.services;
    await sessions.invalidate(c.var.session.id);
    sockets.sessionsEnded([c.var.session.id]);
    clearSessionCookie(c, isSecureRequest(c));
    return c.body(null, 204);
  });
