import { describe, expect, it } from 'vitest';
import { ModelValidationError } from '@parallax/model';
import { eventSummary, evidenceError, evidenceLabel, reasons, statusLabel } from './question-format.ts';

describe('eventSummary', () => {
  it('is the first line with text, whitespace folded', () => {
    expect(eventSummary({ text: '\n  Failover   to replica\nthen more', kind: 'repair', actor: 'dba' })).toBe(
      'Failover to replica',
    );
  });

  it('is cut at the limit with an ellipsis', () => {
    const summary = eventSummary({ text: 'x'.repeat(200), kind: 'note', actor: '' }, 20);
    expect(summary).toHaveLength(20);
    expect(summary.endsWith('…')).toBe(true);
  });

  it('falls back to the kind and actor for an event without text', () => {
    expect(eventSummary({ text: '  ', kind: 'key-moment', actor: 'PagerDuty' })).toBe('Key moment — PagerDuty');
    expect(eventSummary({ text: '', kind: 'detection', actor: '' })).toBe('Detection');
  });
});

describe('evidenceLabel', () => {
  it('drops the scheme and a bare trailing slash', () => {
    expect(evidenceLabel('https://grafana.example.com/')).toBe('grafana.example.com');
    expect(evidenceLabel('https://grafana.example.com/d/db?from=now-1h#panel')).toBe(
      'grafana.example.com/d/db?from=now-1h#panel',
    );
  });

  it('shortens long links and leaves what is not a URL as it is', () => {
    expect(evidenceLabel(`https://example.com/${'a'.repeat(100)}`, 30)).toHaveLength(30);
    expect(evidenceLabel('not a url')).toBe('not a url');
  });
});

describe('validation messages', () => {
  const error = new ModelValidationError('question patch', [
    { path: 'evidenceUrls.1', message: 'Expected an http(s) URL' },
  ]);

  it('say the reason without field paths', () => {
    expect(reasons(error)).toBe('Expected an http(s) URL.');
    expect(
      reasons(new ModelValidationError('question', [{ path: 'text', message: 'A question needs its text' }])),
    ).toBe('A question needs its text.');
  });

  it('tell what to paste instead of a bad evidence link', () => {
    expect(evidenceError('not a url', error)).toBe(
      'Could not add “not a url”: Expected an http(s) URL. Paste the full address, starting with https:// or http://.',
    );
  });
});

describe('statusLabel', () => {
  it('names known statuses and shows unknown ones as they are', () => {
    expect(statusLabel('answered')).toBe('Answered');
    expect(statusLabel('escalated')).toBe('escalated');
  });
});
