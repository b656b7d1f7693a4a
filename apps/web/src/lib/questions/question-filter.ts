/**
 * Which open questions to show, and in what order. Dimensions combine with AND. Status counts are faceted: each
 * counts the questions that would show if that status were picked, given the owner, "about" and words, so a count
 * never promises questions another filter hides.
 */
import { QUESTION_STATUSES, compareByCreation, type Question, type QuestionStatus } from '@parallax/model';

export type StatusFilter = QuestionStatus | 'all';
/** `person:<key>` with a key from `ownerKey`. */
export type OwnerFilter = 'anyone' | 'mine' | 'unassigned' | `person:${string}`;
export type AboutFilter = 'all' | 'incident' | 'event';

export interface QuestionFilter {
  status: StatusFilter;
  owner: OwnerFilter;
  about: AboutFilter;
  /** Words to find in the question, its answer, asker or owner; case-insensitive, every word must appear. */
  text: string;
}

/** What the Questions tab opens on: what still needs an answer. */
export const DEFAULT_FILTER: QuestionFilter = { status: 'open', owner: 'anyone', about: 'all', text: '' };

export const STATUS_FILTERS: readonly StatusFilter[] = [...QUESTION_STATUSES, 'all'];

export interface FilterContext {
  /** The signed-in person's account, for "Mine". */
  userId: string;
  /** Each event's position in timeline order; questions about events not in it read as about the whole incident. */
  eventOrder: ReadonlyMap<string, number>;
  /**
   * Questions shown whatever the filter says: the ones this person just asked or changed here, so that marking a
   * question answered under "Open" does not make it vanish under the pointer.
   */
  keep?: ReadonlySet<string>;
}

/**
 * Who owns a question, as one comparable key: their account when they have one, otherwise their name (people
 * without an account can own questions too); null when nobody does yet.
 */
export function ownerKey(question: Pick<Question, 'owner' | 'ownerId'>): string | null {
  if (question.ownerId) return `id:${question.ownerId}`;
  const name = question.owner.trim();
  return name ? `name:${name.toLocaleLowerCase()}` : null;
}

export function memberKey(userId: string): string {
  return `id:${userId}`;
}

export interface OwnerOption {
  key: string;
  name: string;
}

/**
 * The people a question can be filtered by: the incident's members, and whoever owns a question without being one
 * (a name typed elsewhere, a member since removed). Sorted by name.
 */
export function ownerOptions(
  questions: readonly Question[],
  members: readonly { userId: string; name: string }[],
): OwnerOption[] {
  const options = new Map<string, OwnerOption>();
  for (const member of members)
    options.set(memberKey(member.userId), { key: memberKey(member.userId), name: member.name });
  for (const question of questions) {
    const key = ownerKey(question);
    if (key && !options.has(key)) options.set(key, { key, name: question.owner.trim() || 'Someone' });
  }
  return [...options.values()].sort((a, b) => a.name.localeCompare(b.name) || compareText(a.key, b.key));
}

// Lower-cased search text per question object: unchanged questions keep their object across updates.
const haystacks = new WeakMap<Question, string>();

function haystack(question: Question): string {
  let text = haystacks.get(question);
  if (text === undefined) {
    text = `${question.text}\n${question.answer}\n${question.asker}\n${question.owner}`.toLocaleLowerCase();
    haystacks.set(question, text);
  }
  return text;
}

function words(text: string): string[] {
  return text.toLocaleLowerCase().split(/\s+/).filter(Boolean);
}

/** The event a question is about, if that event is on the timeline. */
function anchoredEvent(question: Question, context: FilterContext): string | null {
  return question.eventId !== null && context.eventOrder.has(question.eventId) ? question.eventId : null;
}

function matchesOwner(question: Question, owner: OwnerFilter, userId: string): boolean {
  switch (owner) {
    case 'anyone':
      return true;
    case 'mine':
      return question.ownerId === userId;
    case 'unassigned':
      return ownerKey(question) === null;
    default:
      return ownerKey(question) === owner.slice('person:'.length);
  }
}

function matchesExceptStatus(
  question: Question,
  filter: QuestionFilter,
  needles: readonly string[],
  context: FilterContext,
): boolean {
  if (!matchesOwner(question, filter.owner, context.userId)) return false;
  if (filter.about !== 'all') {
    const aboutEvent = anchoredEvent(question, context) !== null;
    if (aboutEvent !== (filter.about === 'event')) return false;
  }
  if (needles.length > 0) {
    const text = haystack(question);
    if (!needles.every((needle) => text.includes(needle))) return false;
  }
  return true;
}

export function matchesFilter(question: Question, filter: QuestionFilter, context: FilterContext): boolean {
  if (filter.status !== 'all' && question.status !== filter.status) return false;
  return matchesExceptStatus(question, filter, words(filter.text), context);
}

const STATUS_RANK: Record<QuestionStatus, number> = { open: 0, answered: 1, parked: 2 };

/**
 * Open questions first; then by the event they are about, in timeline order, with questions about the whole
 * incident before any event's; then in the order they were asked.
 */
export function compareQuestions(a: Question, b: Question, context: FilterContext): number {
  const status = (STATUS_RANK[a.status] ?? 3) - (STATUS_RANK[b.status] ?? 3);
  if (status !== 0) return status;
  const position = (question: Question) => {
    const id = anchoredEvent(question, context);
    return id === null ? -1 : (context.eventOrder.get(id) ?? -1);
  };
  return position(a) - position(b) || compareByCreation(a, b);
}

/** The questions the filter shows (plus any kept), in the order above. */
export function filterQuestions(
  questions: readonly Question[],
  filter: QuestionFilter,
  context: FilterContext,
): Question[] {
  const needles = words(filter.text);
  return questions
    .filter(
      (question) =>
        context.keep?.has(question.id) ||
        ((filter.status === 'all' || question.status === filter.status) &&
          matchesExceptStatus(question, filter, needles, context)),
    )
    .sort((a, b) => compareQuestions(a, b, context));
}

/** For each status button: how many questions it would show, given the other filters. */
export function statusCounts(
  questions: readonly Question[],
  filter: QuestionFilter,
  context: FilterContext,
): Record<StatusFilter, number> {
  const needles = words(filter.text);
  const counts: Record<StatusFilter, number> = { open: 0, answered: 0, parked: 0, all: 0 };
  for (const question of questions) {
    if (!matchesExceptStatus(question, filter, needles, context)) continue;
    counts.all += 1;
    if (question.status in counts) counts[question.status] += 1;
  }
  return counts;
}

export function isDefaultFilter(filter: QuestionFilter): boolean {
  return (
    filter.status === DEFAULT_FILTER.status &&
    filter.owner === DEFAULT_FILTER.owner &&
    filter.about === DEFAULT_FILTER.about &&
    !filter.text.trim()
  );
}

/** Whether anything but the status narrows the list (for the empty state: "clear filters" or "show all"). */
export function narrowsBeyondStatus(filter: QuestionFilter): boolean {
  return filter.owner !== 'anyone' || filter.about !== 'all' || filter.text.trim() !== '';
}

function compareText(a: string, b: string): number {
  if (a === b) return 0;
  return a < b ? -1 : 1;
}

// Per incident, for this page's lifetime: leaving the tab (to see an event in the timeline) and coming back finds
// the list as it was left.
const rememberedFilters = new Map<string, QuestionFilter>();

export function rememberedFilter(incidentId: string): QuestionFilter | undefined {
  return rememberedFilters.get(incidentId);
}

export function rememberFilter(incidentId: string, filter: QuestionFilter): void {
  rememberedFilters.set(incidentId, filter);
}
