/**
 * What the "whose view" and "role" fields suggest: the people of this incident (whoever is signed in first, as the
 * likeliest to be telling their own account) and the names and roles already used, so one person stays one lane.
 */
import { SUGGESTED_PERSPECTIVE_ROLES, type ModelValidationError, type Perspective } from '@parallax/model';
import { laneKey } from './lanes.ts';

/** Distinct by lane (case and spaces ignored), first spelling kept, in the order given. */
function distinct(values: readonly string[]): string[] {
  const seen = new Map<string, string>();
  for (const value of values) {
    const trimmed = value.trim();
    if (trimmed && !seen.has(laneKey(trimmed))) seen.set(laneKey(trimmed), trimmed);
  }
  return [...seen.values()];
}

const byName = (a: string, b: string) => a.localeCompare(b, undefined, { sensitivity: 'base' });

export function peopleSuggestions(
  self: string,
  others: readonly string[],
  perspectives: readonly Perspective[],
): string[] {
  const rest = [...others, ...perspectives.map((perspective) => perspective.person)].sort(byName);
  return distinct([self, ...rest]);
}

export function roleSuggestions(perspectives: readonly Perspective[]): string[] {
  const used = perspectives.map((perspective) => perspective.role).sort(byName);
  return distinct([...SUGGESTED_PERSPECTIVE_ROLES, ...used]);
}

/** The model's message, said the way the form asks: "Whose view" is the field people see, not `person`. */
export function explainInvalid(error: ModelValidationError): string {
  const issue = error.issues[0];
  if (issue?.path === 'person') {
    return issue.message === 'Must not be empty'
      ? 'Say whose view this is: their name, as others will recognise it.'
      : `Whose view: ${issue.message}`;
  }
  if (issue?.path === 'role') return `Role: ${issue.message}`;
  return error.message;
}
