import { describe, expect, it } from 'vitest';
import { NameRegistry, isSystemActor, letterFor, nameKey, type NameSources } from './names.ts';

function sources(overrides: Partial<NameSources> = {}): NameSources {
  return {
    events: [
      { id: 'e1', actor: 'Priya Raman' },
      { id: 'e2', actor: 'deploy-bot' },
      { id: 'e3', actor: 'Sam Ortiz' },
    ],
    perspectives: [
      { eventId: 'e3', person: 'Sam Ortiz', role: 'support' },
      { eventId: 'e1', person: 'Priya Raman', role: 'responder' },
      { eventId: 'e3', person: 'Dana Whitfield', role: 'database' },
    ],
    questions: [{ eventId: 'e1', asker: 'Lee Chen', owner: 'Dana Whitfield' }],
    actionItems: [{ owner: 'Morgan Blake' }],
    people: [{ name: 'Alex Facilitator', email: 'alex@example.test' }],
    ...overrides,
  };
}

describe('letters', () => {
  it('run A to Z, then AA, AB', () => {
    expect([0, 1, 25, 26, 27, 51, 52].map(letterFor)).toEqual(['A', 'B', 'Z', 'AA', 'AB', 'AZ', 'BA']);
  });
});

describe('NameRegistry', () => {
  it('labels people by the role of their perspective, lettered in order of first appearance', () => {
    const mask = new NameRegistry().update(sources());
    expect(mask.name('Priya Raman')).toBe('Responder A');
    // Lee asks on e1 before Sam appears on e3; Dana owns that question.
    expect(mask.name('Lee Chen')).toBe('Participant B');
    expect(mask.name('Dana Whitfield')).toBe('Database C');
    expect(mask.name('Sam Ortiz')).toBe('Support D');
    expect(mask.name('Morgan Blake')).toBe('Participant E');
    expect(mask.name('Alex Facilitator')).toBe('Participant F');
  });

  it('is case- and spacing-insensitive about who is who', () => {
    const mask = new NameRegistry().update(sources());
    expect(mask.name('  priya   RAMAN ')).toBe('Responder A');
    expect(nameKey(' Priya\n Raman')).toBe('priya raman');
  });

  it('is deterministic: the same document gives the same labels', () => {
    const a = new NameRegistry().update(sources());
    const b = new NameRegistry().update(sources());
    expect(a.labels).toEqual(b.labels);
  });

  it('keeps labels stable while the document changes during the meeting', () => {
    const registry = new NameRegistry();
    const before = registry.update(sources());
    // Someone new appears on the first event, and Lee gains a perspective with a role.
    const after = registry.update(
      sources({
        events: [{ id: 'e0', actor: 'Kim Novak' }, ...sources().events],
        perspectives: [...sources().perspectives, { eventId: 'e1', person: 'Lee Chen', role: 'product' }],
      }),
    );
    for (const name of ['Priya Raman', 'Lee Chen', 'Dana Whitfield', 'Sam Ortiz', 'Morgan Blake']) {
      expect(after.name(name)).toBe(before.name(name));
    }
    expect(after.name('Kim Novak')).toBe('Participant G');
  });

  it('returns the same mask while nothing new appears', () => {
    const registry = new NameRegistry();
    expect(registry.update(sources())).toBe(registry.update(sources()));
  });

  it('never returns an unknown name itself', () => {
    const mask = new NameRegistry().update(sources());
    expect(mask.name('Somebody Else')).toBe('Participant');
    expect(mask.name('')).toBe('');
  });

  it('keeps systems that act in the timeline, and does not letter them', () => {
    expect(isSystemActor('deploy-bot')).toBe(true);
    expect(isSystemActor('db-2')).toBe(true);
    expect(isSystemActor('Priya')).toBe(false);
    expect(isSystemActor('Priya Raman')).toBe(false);
    const mask = new NameRegistry().update(sources());
    expect(mask.name('deploy-bot')).toBe('deploy-bot');
    expect(mask.labels).toHaveLength(6);
  });

  it('does not build a label from a role that itself names someone', () => {
    const mask = new NameRegistry().update(
      sources({ perspectives: [{ eventId: 'e1', person: 'Priya Raman', role: 'Sam Ortiz’s backup' }] }),
    );
    expect(mask.name('Priya Raman')).toBe('Participant A');
  });
});

describe('NameMask.text', () => {
  const mask = new NameRegistry().update(sources());

  it('replaces full names anywhere, case-insensitively, as whole words', () => {
    expect(mask.text('Paged PRIYA raman at 14:05; priya  Raman acked.')).toBe(
      'Paged Responder A at 14:05; Responder A acked.',
    );
    expect(mask.text('Asked Dana Whitfield\nand Sam Ortiz.')).toBe('Asked Database C\nand Support D.');
  });

  it('replaces a word of a name on its own when written as a name, not ordinary words', () => {
    expect(mask.text('Priya said the pool was full; Dana agreed.')).toBe(
      'Responder A said the pool was full; Database C agreed.',
    );
    const will = new NameRegistry().update(sources({ people: [{ name: 'Will Hunt' }] }));
    expect(will.text('We will roll back, said Will.')).toBe('We will roll back, said Participant F.');
  });

  it('does not replace inside longer words', () => {
    const mask2 = new NameRegistry().update(sources({ people: [{ name: 'Ann' }] }));
    expect(mask2.text('Annual planning with ann and Ann.')).toBe(
      'Annual planning with Participant F and Participant F.',
    );
  });

  it('replaces possessives and names next to punctuation', () => {
    expect(mask.text("(Priya Raman's laptop) — Sam Ortiz, Lee Chen.")).toBe(
      "(Responder A's laptop) — Support D, Participant B.",
    );
  });

  it('replaces member emails', () => {
    expect(mask.text('Mail alex@example.test or ALEX@example.test')).toBe('Mail Participant F or Participant F');
  });

  it('treats regex characters in names literally', () => {
    const odd = new NameRegistry().update(
      sources({
        people: [{ name: 'C++ (Chris) O.Brien' }, { name: 'a.b' }, { name: 'J$ [x]|y' }],
      }),
    );
    const chris = odd.name('C++ (Chris) O.Brien');
    expect(odd.text('ping C++ (Chris) O.Brien now')).toBe(`ping ${chris} now`);
    // "." is a dot, not any character.
    expect(odd.text('axb a.b')).toBe(`axb ${odd.name('a.b')}`);
    expect(odd.text('J$ [x]|y!')).toBe(`${odd.name('J$ [x]|y')}!`);
    expect(odd.text('CCC xChrisx OxBrien')).toBe('CCC xChrisx OxBrien');
  });

  it('handles names with letters beyond ASCII', () => {
    const accents = new NameRegistry().update(sources({ people: [{ name: 'José Núñez' }, { name: 'Zoë' }] }));
    const jose = accents.name('José Núñez');
    expect(accents.text('JOSÉ NÚÑEZ and José, with Zoë.')).toBe(`${jose} and ${jose}, with ${accents.name('Zoë')}.`);
  });

  it('says "someone" for a word two people share', () => {
    const shared = new NameRegistry().update(sources({ people: [{ name: 'Priya Shah' }] }));
    expect(shared.text('Priya restarted it')).toBe('someone restarted it');
    expect(shared.text('Priya Shah restarted it')).toBe(`${shared.name('Priya Shah')} restarted it`);
  });

  it('leaks no name in a text that mentions everyone', () => {
    const everyone = ['Priya Raman', 'Lee Chen', 'Dana Whitfield', 'Sam Ortiz', 'Morgan Blake', 'Alex Facilitator'];
    const masked = mask.text(
      everyone.map((name) => `${name} (${name.toUpperCase()}, ${name.split(' ')[0]})`).join('; '),
    );
    for (const name of everyone) {
      for (const word of name.split(' ')) expect(masked).not.toMatch(new RegExp(`\\b${word}\\b`));
    }
  });

  it('does not replace labels it put in (one pass)', () => {
    // "Participant" is a word of someone's name, and also in the label that replaces Alex's.
    const tricky = new NameRegistry().update(sources({ people: [{ name: 'Participant Smith' }] }));
    expect(tricky.name('Participant Smith')).toBe('Participant F');
    expect(tricky.text('Morgan Blake and Participant Smith')).toBe('Participant E and Participant F');
  });
});
