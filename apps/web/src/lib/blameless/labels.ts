/**
 * How the blameless-language categories read in the interface: a name for the badge and a line saying what the
 * category catches, worded as practice for the writer rather than as a rule they broke.
 */
import type { BlamelessCategory, BlamelessHint } from '@parallax/model';

export const CATEGORY_LABELS: Record<BlamelessCategory, string> = {
  counterfactual: 'Counterfactual',
  blame: 'Blame',
  minimising: 'Minimising',
  hindsight: 'Hindsight',
};

export const CATEGORY_DESCRIPTIONS: Record<BlamelessCategory, string> = {
  counterfactual: 'what someone should or could have done instead',
  blame: 'judging a person rather than describing the situation',
  minimising: 'making hard work sound easy',
  hindsight: 'signs that only look clear now that the outcome is known',
};

export function pluralHints(count: number): string {
  return `${count.toLocaleString('en')} language hint${count === 1 ? '' : 's'}`;
}

/** The note and the question as one line, for a `title` or a screen reader. */
export function hintDescription(hint: Pick<BlamelessHint, 'category' | 'note' | 'question'>): string {
  return `${CATEGORY_LABELS[hint.category]} — ${hint.note} Try asking: ${hint.question}`;
}

/** "1 language hint: “should have” (counterfactual)". */
export function hintsSummary(hints: readonly Pick<BlamelessHint, 'phrase' | 'category'>[]): string {
  if (hints.length === 0) return '';
  const shown = hints.slice(0, 3).map((hint) => `“${hint.phrase}” (${hint.category})`);
  const more = hints.length > shown.length ? `, and ${hints.length - shown.length} more` : '';
  return `${pluralHints(hints.length)}: ${shown.join(', ')}${more}.`;
}
