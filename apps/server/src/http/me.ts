import { Hono } from 'hono';
import { z } from 'zod';
import { THEMES, TIME_ZONE_MODES } from '@parallax/db';
import { PASSWORD_IS_EMAIL_MESSAGE, PASSWORD_MAX, passwordIsNotEmail, passwordSchema } from '../auth/schemas.ts';
import type { AppEnv } from './context.ts';
import { HttpError, tooManyAttempts } from './errors.ts';
import { requireUser } from './middleware.ts';
import { clientAddress } from './request-info.ts';
import { startSession } from './start-session.ts';
import { publicUser } from './users.ts';
import { validate } from './validation.ts';

/** The whole set each time: the web app keeps them together and sends what the person sees. */
const preferencesBody = z.object({ timeZoneMode: z.enum(TIME_ZONE_MODES), theme: z.enum(THEMES) });

const changePasswordBody = z.object({
  currentPassword: z.string().min(1, 'must not be empty').max(PASSWORD_MAX),
  newPassword: passwordSchema,
});

export const meRoute = new Hono<AppEnv>()
  .use(requireUser())
  .get('/', (c) => c.json({ user: publicUser(c.var.user) }, 200))
  // Display preferences follow the person from browser to browser.
  .get('/preferences', async (c) => {
    const preferences = await c.var.services.preferences.get(c.var.user.id);
    return c.json({ preferences }, 200);
  })
  .put('/preferences', validate('json', preferencesBody), async (c) => {
    const preferences = await c.var.services.preferences.put(c.var.user.id, c.req.valid('json'));
    return c.json({ preferences }, 200);
  })
  .post('/password', validate('json', changePasswordBody), async (c) => {
    const { currentPassword, newPassword } = c.req.valid('json');
    const { users, passwords, sessions, sockets, loginLimiter } = c.var.services;
    const user = c.var.user;
    if (!passwordIsNotEmail(newPassword, user.email)) {
      throw new HttpError(400, 'invalid_input', `Invalid json: newPassword: ${PASSWORD_IS_EMAIL_MESSAGE}`, [
        { path: 'newPassword', message: PASSWORD_IS_EMAIL_MESSAGE },
      ]);
    }
    // A stolen session must not become a way to guess the password: wrong guesses count like failed logins.
    const subject = { email: user.email, address: clientAddress(c) };
    const retryAfter = await loginLimiter.retryAfterSeconds(subject);
    if (retryAfter !== null) throw tooManyAttempts(retryAfter);
    const credentials = await users.credentialsById(user.id);
    if (!credentials || !(await passwords.verify(credentials.passwordHash, currentPassword))) {
      await loginLimiter.recordFailure(subject);
      throw new HttpError(400, 'wrong_password', 'Your current password is not correct.');
    }
    await users.setPasswordHash(user.id, await passwords.hash(newPassword));

    // Every other session ends (whoever might know the old password is out); this one is replaced by a new token.
    const ended = await sessions.invalidateAllForUser(user.id);
    const otherSessions = ended.filter((id) => id !== c.var.session.id);
    sockets.sessionsEnded(otherSessions);
    // This browser's own sockets carry the old session id; they reconnect and are admitted under the new one.
    sockets.recheck(null, (context) => context.sessionId === c.var.session.id);
    await startSession(c, user);
    return c.body(null, 204);
  });
