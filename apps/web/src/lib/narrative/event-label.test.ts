import { describe, expect, it } from 'vitest';
import type { EventKind, IncidentEvent } from '@parallax/model';
import { zoneFormatter } from '../timezones/format.ts';
import { SUMMARY_LENGTH, eventLabel, eventSummary, matchesEventQuery } from './event-label.ts';

function event(kind: EventKind, actor: string, text: string, occurredAt = '2025-03-04T14:03:27.000Z'): IncidentEvent {
  return {
    id: 'e1',
    kind,
    actor,
    tags: [],
    text,
    occurredAt,
    sourceZone: 'UTC',
    precision: 'exact',
    source: 'manual',
    sourceUrl: '',
    createdAt: occurredAt,
    updatedAt: occurredAt,
    createdBy: 'u',
    updatedBy: 'u',
  };
}

describe('eventSummary', () => {
  it('keeps a short text whole, on one line', () => {
    expect(eventSummary(event('note', '', '  Checkout error rate\n above 5%  '))).toBe('Checkout error rate above 5%');
  });

  it('cuts a long text near a word boundary and says it was cut', () => {
    const text = 'Replica lag on db-2 grows past thirty seconds while the primary keeps accepting writes';
    const summary = eventSummary(event('diagnosis', 'Priya', text));
    expect(summary).toBe('Replica lag on db-2 grows past thirty…');
    expect(summary.length).toBeLessThanOrEqual(SUMMARY_LENGTH + 1);
  });

  it('cuts inside a word when no boundary is near, rather than losing most of the summary', () => {
    const summary = eventSummary(event('note', '', `See ${'x'.repeat(80)}`), 20);
    expect(summary).toBe(`See ${'x'.repeat(16)}…`);
  });

  it('drops punctuation left dangling at the cut', () => {
    expect(eventSummary(event('note', '', 'Rolled back deploy 4812, then waited, and more'), 31)).toBe(
      'Rolled back deploy 4812, then…',
    );
  });

  it('names an event without text by its actor and kind', () => {
    expect(eventSummary(event('detection', 'PagerDuty', ' '))).toBe('PagerDuty, detection');
    expect(eventSummary(event('key-moment', '', ''))).toBe('key moment');
  });
});

describe('eventLabel', () => {
  it('gives the time in the shown zone, the summary, and everything for a tooltip', () => {
    const label = eventLabel(event('detection', 'PagerDuty', 'Checkout error rate above 5%'), zoneFormatter('UTC'));
    expect(label).toEqual({
      time: '14:03:27 UTC',
      summary: 'Checkout error rate above 5%',
      full: 'Tue, 4 Mar 2025, 14:03:27 UTC — Detection, PagerDuty: Checkout error rate above 5%',
    });
    expect(eventLabel(event('note', '', 'x'), zoneFormatter('Asia/Kolkata')).time).toBe('19:33:27 UTC+5:30');
  });
});

describe('matchesEventQuery', () => {
  const formatter = zoneFormatter('UTC');
  const alert = event('detection', 'PagerDuty', 'Checkout error rate above 5%');

  it('matches every word in any order and case, across time, actor, kind and text', () => {
    expect(matchesEventQuery(alert, '', formatter)).toBe(true);
    expect(matchesEventQuery(alert, 'checkout pagerduty', formatter)).toBe(true);
    expect(matchesEventQuery(alert, '14:03', formatter)).toBe(true);
    expect(matchesEventQuery(alert, '4 mar detection', formatter)).toBe(true);
    expect(matchesEventQuery(alert, 'checkout priya', formatter)).toBe(false);
    expect(matchesEventQuery(alert, '15:03', formatter)).toBe(false);
  });

  it('reads times in the zone the page shows', () => {
    expect(matchesEventQuery(alert, '19:33', zoneFormatter('Asia/Kolkata'))).toBe(true);
    expect(matchesEventQuery(alert, '14:03', zoneFormatter('Asia/Kolkata'))).toBe(false);
  });
});
