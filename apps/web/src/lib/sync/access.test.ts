import { describe, expect, it } from 'vitest';
import { ApiError, type Api } from '../api.ts';
import { accessChecker } from './access.ts';

type GetIncident = Api['getIncident'];

function checkerAnswering(answer: () => ReturnType<GetIncident>) {
  return accessChecker({ getIncident: answer }, 'incident-1');
}

describe('re-checking access after the server closed the socket', () => {
  it('reports the new role when the person may still open the incident', async () => {
    const check = checkerAnswering(async () => ({ role: 'editor' }) as Awaited<ReturnType<GetIncident>>);
    expect(await check()).toEqual({ status: 'allowed', role: 'editor' });
  });

  it('reports removal when the API forbids the incident or no longer has it', async () => {
    const forbidden = checkerAnswering(async () => {
      throw new ApiError(403, 'forbidden', 'No access');
    });
    expect(await forbidden()).toMatchObject({ status: 'denied' });
    const gone = checkerAnswering(async () => {
      throw new ApiError(404, 'not_found', 'Incident not found');
    });
    expect(await gone()).toMatchObject({ status: 'denied' });
  });

  it('tells a lost session apart from a network that cannot be asked', async () => {
    const offline = checkerAnswering(async () => {
      throw new ApiError(0, 'network_error', 'Could not reach the server');
    });
    expect(await offline()).toEqual({ status: 'unknown' });
    const signedOut = checkerAnswering(async () => {
      throw new ApiError(401, 'unauthenticated', 'Sign in');
    });
    expect(await signedOut()).toEqual({ status: 'signed-out' });
  });

  it('lets bugs surface instead of reading them as a lost access', async () => {
    const broken = checkerAnswering(async () => {
      throw new TypeError('boom');
    });
    await expect(broken()).rejects.toThrow(TypeError);
  });
});
