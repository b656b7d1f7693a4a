import { describe, expect, it } from 'vitest';
import { ModelValidationError, type Perspective } from '@parallax/model';
import { explainInvalid, peopleSuggestions, roleSuggestions } from './suggestions.ts';

function perspective(person: string, role: string): Perspective {
  return {
    id: `${person}-${role}`,
    eventId: null,
    person,
    role,
    saw: '',
    knew: '',
    thought: '',
    did: '',
    createdAt: '',
    updatedAt: '',
    createdBy: 'u',
    updatedBy: 'u',
  };
}

describe('suggestions', () => {
  it('offers the signed-in person first, then everyone else once, by name', () => {
    const used = [perspective('zoe', 'support'), perspective(' alice ', '')];
    expect(peopleSuggestions('Alice', ['Priya', 'Zoe', ' '], used)).toEqual(['Alice', 'Priya', 'Zoe']);
  });

  it('offers the usual roles, then the ones this incident already uses', () => {
    const used = [perspective('a', 'Network'), perspective('b', 'DATABASE'), perspective('c', '')];
    expect(roleSuggestions(used)).toEqual(['responder', 'support', 'product', 'database', 'customer', 'Network']);
  });
});

describe('explainInvalid', () => {
  it('names the field as the form shows it', () => {
    const empty = new ModelValidationError('perspective', [{ path: 'person', message: 'Must not be empty' }]);
    expect(explainInvalid(empty)).toBe('Say whose view this is: their name, as others will recognise it.');
    const long = new ModelValidationError('perspective', [{ path: 'role', message: 'Too long' }]);
    expect(explainInvalid(long)).toBe('Role: Too long');
  });
});
