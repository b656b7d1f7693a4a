/**
 * Hiding people's names on the projected screen. A review is about what the situation looked like to someone in a
 * role, not about who: with names hidden, every person is shown as a role label ("Responder A", "Support B",
 * "Database C"), the role taken from their perspective (or "Participant" when they have none), the letter from the
 * order in which they first appear. Labels never change during a meeting: the registry only ever adds people.
 *
 * Hiding has to hold everywhere, texts included: a name typed into an event's text or a perspective would otherwise
 * undo it. Full names are replaced case-insensitively as whole words; the words of a name on their own ("Priya"
 * of "Priya Raman") only as written, capitalised, so that a person called Will does not turn every "will" into a
 * label. Email addresses of members are replaced too.
 */

/** Where names appear in an incident, in the order the registry meets them. */
export interface NameSources {
  /** In timeline order; each actor is treated as a person (an actor is usually someone in the room). */
  events: readonly { id: string; actor: string }[];
  /** In creation order. */
  perspectives: readonly { eventId: string | null; person: string; role: string }[];
  questions: readonly { eventId: string | null; asker: string; owner: string }[];
  actionItems: readonly { owner: string }[];
  /** Members and people present: names (and emails) known only from accounts. */
  people: readonly { name: string; email?: string | null }[];
}

/** The label for someone the registry has not met (a name arriving between two updates): never the name itself. */
export const UNKNOWN_PERSON_LABEL = 'Participant';
/** What a word shared by two people's names becomes: it cannot say which of them is meant. */
export const AMBIGUOUS_NAME_LABEL = 'someone';

const MAX_ROLE_LENGTH = 30;
/** Shorter words of a name ("Al", "Jo") are too often ordinary words or abbreviations to replace on their own. */
const MIN_WORD_LENGTH = 3;
/** Actors that are clearly systems, not people: "deploy-bot", "db-2", "alertmanager.prod". */
const SYSTEM_ACTOR = /(?:[-_./:#]|\d|bot$)/i;

/** One way of writing a person's name, case and spacing ignored: the identity the registry keys on. */
export function nameKey(name: string): string {
  return name.normalize('NFC').trim().replace(/\s+/g, ' ').toLocaleLowerCase('en');
}

/** "A" … "Z", "AA", "AB" …: the letter of the n-th person (0-based). */
export function letterFor(index: number): string {
  let n = index;
  let letters = '';
  do {
    letters = String.fromCharCode(65 + (n % 26)) + letters;
    n = Math.floor(n / 26) - 1;
  } while (n >= 0);
  return letters;
}

/** Whether an actor is a system rather than a person, so its name may stay on screen. */
export function isSystemActor(actor: string): boolean {
  const trimmed = actor.trim();
  return trimmed !== '' && !trimmed.includes(' ') && SYSTEM_ACTOR.test(trimmed);
}

/**
 * Everyone named in the sources, in order of first appearance: along the timeline each event's actor, then the
 * perspectives and questions on it; then what is not on an event; then action item owners; then accounts.
 */
export function peopleInOrder(sources: NameSources): { names: string[]; emails: Map<string, string> } {
  const names: string[] = [];
  const add = (name: string | null | undefined) => {
    if (name && name.trim()) names.push(name.trim());
  };
  const perspectivesByEvent = groupByEvent(sources.perspectives);
  const questionsByEvent = groupByEvent(sources.questions);
  const eventIds = new Set<string>();
  for (const event of sources.events) {
    eventIds.add(event.id);
    if (!isSystemActor(event.actor)) add(event.actor);
    for (const perspective of perspectivesByEvent.get(event.id) ?? []) add(perspective.person);
    for (const question of questionsByEvent.get(event.id) ?? []) {
      add(question.asker);
      add(question.owner);
    }
  }
  for (const perspective of sources.perspectives) {
    if (perspective.eventId === null || !eventIds.has(perspective.eventId)) add(perspective.person);
  }
  for (const question of sources.questions) {
    if (question.eventId === null || !eventIds.has(question.eventId)) {
      add(question.asker);
      add(question.owner);
    }
  }
  for (const item of sources.actionItems) add(item.owner);
  const emails = new Map<string, string>();
  for (const person of sources.people) {
    add(person.name);
    if (person.email && person.name.trim()) emails.set(person.email.trim().toLowerCase(), person.name.trim());
  }
  return { names, emails };
}

function groupByEvent<T extends { eventId: string | null }>(items: readonly T[]): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    if (item.eventId === null) continue;
    const group = groups.get(item.eventId);
    if (group) group.push(item);
    else groups.set(item.eventId, [item]);
  }
  return groups;
}

/** "responder" → "Responder"; a role that is too long, or names someone itself, is just "Participant". */
export function roleLabel(role: string, isName: (text: string) => boolean): string {
  const trimmed = role.trim().replace(/\s+/g, ' ');
  if (!trimmed || trimmed.length > MAX_ROLE_LENGTH || isName(trimmed)) return UNKNOWN_PERSON_LABEL;
  return trimmed.charAt(0).toLocaleUpperCase('en') + trimmed.slice(1);
}

/**
 * The labels of one meeting. `update` adds whoever appeared since, after everyone already labelled, and returns a
 * mask for rendering; a person keeps their label for as long as the registry lives, whatever is edited meanwhile.
 * Two registries fed the same document label everyone the same way.
 */
export class NameRegistry {
  /** By name key: the label, in the order given out. */
  readonly #labels = new Map<string, string>();
  /** Every spelling seen per key, so each is replaced in texts. */
  readonly #spellings = new Map<string, Set<string>>();
  readonly #emails = new Map<string, string>();
  #mask: NameMask | null = null;

  update(sources: NameSources): NameMask {
    const { names, emails } = peopleInOrder(sources);
    const roles = new Map<string, string>();
    for (const perspective of sources.perspectives) {
      const key = nameKey(perspective.person);
      if (perspective.role.trim() && !roles.has(key)) roles.set(key, perspective.role);
    }
    const known = new Set([...this.#labels.keys(), ...names.map(nameKey)]);
    const isName = (text: string) => containsName(text, known);

    let changed = this.#mask === null;
    for (const name of names) {
      const key = nameKey(name);
      let spellings = this.#spellings.get(key);
      if (!spellings) {
        spellings = new Set();
        this.#spellings.set(key, spellings);
      }
      if (!spellings.has(name)) {
        spellings.add(name);
        changed = true;
      }
      if (this.#labels.has(key)) continue;
      // The role of their first perspective anywhere in the incident, even one further down the timeline.
      this.#labels.set(key, `${roleLabel(roles.get(key) ?? '', isName)} ${letterFor(this.#labels.size)}`);
      changed = true;
    }
    for (const [email, name] of emails) {
      if (this.#emails.get(email) === nameKey(name)) continue;
      this.#emails.set(email, nameKey(name));
      changed = true;
    }
    if (changed || !this.#mask) this.#mask = new NameMask(this.#labels, this.#spellings, this.#emails);
    return this.#mask;
  }
}

/** Whether `text` contains one of the names (by key) as whole words. */
function containsName(text: string, keys: ReadonlySet<string>): boolean {
  const words = nameKey(text);
  for (const key of keys) {
    if (key && wholeWordPattern([key], 'iu').test(words)) return true;
  }
  return false;
}

const SYNTAX = /[\^$\\.*+?()[\]{}|/]/g;

/** A name as a pattern: regex characters escaped, any run of spaces matching any whitespace. */
function namePattern(name: string): string {
  return name
    .trim()
    .split(/\s+/)
    .map((part) => part.replace(SYNTAX, '\\$&'))
    .join('\\s+');
}

/** Letters, digits and underscore on either side would make a match part of a longer word. */
function wholeWordPattern(names: readonly string[], flags: string): RegExp {
  const alternatives = names.map(namePattern).join('|');
  return new RegExp(`(?<![\\p{L}\\p{N}_])(?:${alternatives})(?![\\p{L}\\p{N}_])`, flags);
}

/** What the projection renders names and texts through while names are hidden. */
export class NameMask {
  readonly #labels: ReadonlyMap<string, string>;
  /** Lower-cased full names and emails → label. */
  readonly #full = new Map<string, string>();
  /** Words of names, exactly as written → label (or "someone" when two people share the word). */
  readonly #words = new Map<string, string>();
  readonly #pattern: RegExp | null;

  constructor(
    labels: ReadonlyMap<string, string>,
    spellings: ReadonlyMap<string, ReadonlySet<string>>,
    emails: ReadonlyMap<string, string>,
  ) {
    this.#labels = new Map(labels);
    const alternatives: string[] = [];
    const fullKeys = new Set<string>();
    for (const [key, forms] of spellings) {
      const label = labels.get(key);
      if (!label) continue;
      fullKeys.add(key);
      this.#full.set(key, label);
      for (const form of forms) alternatives.push(form);
    }
    for (const [email, key] of emails) {
      const label = labels.get(key);
      if (!label) continue;
      this.#full.set(email, label);
      alternatives.push(email);
    }
    const owners = new Map<string, Set<string>>();
    for (const [key, forms] of spellings) {
      for (const form of forms) {
        const words = form.trim().split(/\s+/);
        if (words.length < 2) continue;
        for (const word of words) {
          if ([...word].filter((char) => /\p{L}/u.test(char)).length < MIN_WORD_LENGTH) continue;
          // A word that is some other person's whole name is already replaced as that person.
          if (fullKeys.has(nameKey(word))) continue;
          const set = owners.get(word) ?? new Set<string>();
          set.add(key);
          owners.set(word, set);
        }
      }
    }
    for (const [word, keys] of owners) {
      const [only] = keys;
      this.#words.set(
        word,
        keys.size === 1 && only !== undefined ? (labels.get(only) ?? AMBIGUOUS_NAME_LABEL) : AMBIGUOUS_NAME_LABEL,
      );
      alternatives.push(word);
    }
    // Longest first: at one position the alternation takes the first that matches, and "Priya Raman" must win over
    // "Priya".
    const unique = [...new Set(alternatives)].sort((a, b) => b.length - a.length || a.localeCompare(b));
    this.#pattern = unique.length > 0 ? wholeWordPattern(unique, 'giu') : null;
  }

  /** The label standing in for a person's name field (actor, perspective person, asker, owner). */
  name(name: string): string {
    if (!name.trim()) return '';
    if (isSystemActor(name)) return this.text(name);
    return this.#labels.get(nameKey(name)) ?? UNKNOWN_PERSON_LABEL;
  }

  /** The text with every known name replaced by its label, in one pass (labels are never replaced again). */
  text(text: string): string {
    if (!this.#pattern || !text) return text;
    return text.replace(this.#pattern, (match) => {
      const full = this.#full.get(nameKey(match));
      if (full) return full;
      // Words match case-insensitively in the pattern but count only as written.
      return this.#words.get(match.normalize('NFC')) ?? match;
    });
  }

  /** Every label given out, for tests and the legend. */
  get labels(): string[] {
    return [...this.#labels.values()];
  }
}
