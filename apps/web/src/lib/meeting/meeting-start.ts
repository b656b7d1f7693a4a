/**
 * When the meeting started, per incident, for the summary of what was captured since. Kept in sessionStorage: a
 * reload of the projection keeps the meeting going; a new window starts a new one.
 */
export const meetingStartKey = (incidentId: string) => `parallax:meeting-start:${incidentId}`;

type Store = Pick<Storage, 'getItem' | 'setItem'>;

/** The stored start, or `now` stored as the start. */
export function meetingStart(storage: Store, incidentId: string, now: Date = new Date()): string {
  const stored = storage.getItem(meetingStartKey(incidentId));
  if (stored && !Number.isNaN(Date.parse(stored))) return stored;
  return restartMeeting(storage, incidentId, now);
}

export function restartMeeting(storage: Store, incidentId: string, now: Date = new Date()): string {
  const start = now.toISOString();
  storage.setItem(meetingStartKey(incidentId), start);
  return start;
}
