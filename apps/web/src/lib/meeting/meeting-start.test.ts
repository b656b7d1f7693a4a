import { describe, expect, it } from 'vitest';
import { meetingStart, meetingStartKey, restartMeeting } from './meeting-start.ts';

function memoryStorage() {
  const items = new Map<string, string>();
  return {
    getItem: (key: string) => items.get(key) ?? null,
    setItem: (key: string, value: string) => void items.set(key, value),
  };
}

describe('meeting start', () => {
  it('is kept per incident across reloads, until restarted', () => {
    const storage = memoryStorage();
    const first = meetingStart(storage, 'i1', new Date('2025-03-05T10:00:00Z'));
    expect(first).toBe('2025-03-05T10:00:00.000Z');
    expect(meetingStart(storage, 'i1', new Date('2025-03-05T10:30:00Z'))).toBe(first);
    expect(meetingStart(storage, 'i2', new Date('2025-03-05T10:30:00Z'))).toBe('2025-03-05T10:30:00.000Z');
    expect(restartMeeting(storage, 'i1', new Date('2025-03-05T11:00:00Z'))).toBe('2025-03-05T11:00:00.000Z');
    expect(meetingStart(storage, 'i1')).toBe('2025-03-05T11:00:00.000Z');
  });

  it('starts afresh when the stored value is unreadable', () => {
    const storage = memoryStorage();
    storage.setItem(meetingStartKey('i1'), 'garbage');
    expect(meetingStart(storage, 'i1', new Date('2025-03-05T10:00:00Z'))).toBe('2025-03-05T10:00:00.000Z');
  });
});
