/**
 * Blameless-language hints: counterfactual, blaming, minimising and hindsight phrasing, marked where it is written with
 * a short note and a question that reframes it. Hints are prompts for the writer, never corrections, so the rules
 * lean towards precision: a hint on a neutral sentence teaches people to ignore the hints.
 *
 * Regular expressions find candidate phrases; small checks around each decide whether it is the blaming use:
 *
 * - Quoted text is never marked: "double", “curly” and 'single' quotes, `code`, and Markdown blockquotes (`> …`),
 *   because they record someone else's words (a chat line, a phrase being discussed), which the writer should not
 *   reword.
 * - Blame needs a person. "X failed to …", "X should have …", "X ignored …" are marked when X is a person or role
 *   ("they", "the on-call", "the reviewer") and left alone when X is a system ("the job failed to start"). When X is
 *   a name the lists cannot place (Jonas or Kafka?), the verb decides: "failed to notice / follow / escalate" is
 *   marked, "failed to rebalance / start" is not; "should have rolled back" is marked, "should have fired" is not.
 * - Proposals are not counterfactuals: "should have" is marked only before a past participle ("should have known"),
 *   not before a noun ("we should have an alert for this").
 * - Negated judgements are not marked ("this was not human error", "nobody was careless", "it was not obvious").
 */
import {
  HUMAN_VERBS,
  NEGATORS,
  PERSON_WORDS,
  SUBJECT_SKIP,
  SYSTEM_VERBS,
  SYSTEM_WORDS,
  isParticiple,
} from './lexicon.ts';

export const BLAMELESS_CATEGORIES = ['counterfactual', 'blame', 'minimising', 'hindsight'] as const;
export type BlamelessCategory = (typeof BLAMELESS_CATEGORIES)[number];

export interface BlamelessHint {
  /** UTF-16 offsets into the text, end exclusive, as String.prototype.slice takes them. */
  start: number;
  end: number;
  /** The text as written, `text.slice(start, end)`. */
  phrase: string;
  category: BlamelessCategory;
  /** Why the phrasing matters, in a sentence. */
  note: string;
  /** A question to ask instead. */
  question: string;
}

type HintKind =
  | 'counterfactual'
  | 'counterfactual-just'
  | 'conditional'
  | 'label'
  | 'judgement'
  | 'failing'
  | 'rhetorical'
  | 'minimising'
  | 'hindsight';

const GUIDANCE: Record<HintKind, { category: BlamelessCategory; note: string; question: string }> = {
  counterfactual: {
    category: 'counterfactual',
    note: 'Counterfactual: it measures what people did against a path that only looks open now that we know the outcome.',
    question: 'What made the action they took make sense at the time?',
  },
  'counterfactual-just': {
    category: 'counterfactual',
    note: 'Counterfactual with "just": it implies the better move was easy and obvious at the time.',
    question: 'What made the other option look less simple then?',
  },
  conditional: {
    category: 'counterfactual',
    note: 'Describes a world that did not happen instead of explaining the one that did.',
    question: 'What did people know and see at that moment, and what were they trying to do?',
  },
  label: {
    category: 'blame',
    note: '"Human error" is where an investigation starts, not a finding.',
    question: 'What about the tools, the situation and the pressure made this slip likely?',
  },
  judgement: {
    category: 'blame',
    note: 'Judges a person instead of describing the situation; people stop telling you what really happened.',
    question: 'What did the work look like from their side at that moment?',
  },
  failing: {
    category: 'blame',
    note: 'Frames an action as a personal failing, which ends the inquiry instead of explaining it.',
    question: 'What was competing for their attention, and what would have made this easier to do?',
  },
  rhetorical: {
    category: 'blame',
    note: 'A rhetorical question that assigns blame rather than asking for context.',
    question: 'What did they see, and what did it tell them at the time?',
  },
  minimising: {
    category: 'minimising',
    note: 'Makes the work sound easier than it was, hiding what made it hard.',
    question: 'What made this harder at the time than it looks now?',
  },
  hindsight: {
    category: 'hindsight',
    note: 'Knowing the outcome makes the signs look clearer than they were.',
    question: 'What did the situation look like before anyone knew how it would end?',
  },
};

interface Candidate {
  start: number;
  end: number;
  kind: HintKind;
}

interface Word {
  text: string;
  lower: string;
  start: number;
  end: number;
}

type Subject = 'person' | 'system' | 'unknown';

/** Apostrophes as typed on keyboards and as word processors and chat apps replace them. */
const APOS = "['\u2019]";
const WORD = String.raw`[\p{L}\p{N}](?:[\p{L}\p{N}'\u2019_/-]|\.(?=[\p{L}\p{N}]))*`;
const WORD_AT = new RegExp(String.raw`[^\S\n]*(${WORD})`, 'uy');
const WORDS = new RegExp(WORD, 'gu');
/** Punctuation that always ends a clause, and punctuation that does when a space follows ("13:40" is a time). */
const CLAUSE_MARKS = new Set([...',()[]\n"\u201c\u201d\u2014\u2013'].map((mark) => mark.charCodeAt(0)));
const SENTENCE_MARKS = new Set([...'.!?;:'].map((mark) => mark.charCodeAt(0)));
const CONJUNCTIONS = new Set([
  'and',
  'but',
  'so',
  'because',
  'when',
  'while',
  'if',
  'then',
  'although',
  'though',
  'after',
  'before',
  'since',
  'until',
  'unless',
  'whereas',
  'however',
]);
const SENTENCE_END = /[.!?](?=\s|$)|\n/u;
// A clause longer than this is rare; the bound keeps a long paragraph from being rescanned for every candidate.
const LOOKBACK = 160;

const DETERMINERS = new Set(['the', 'a', 'an', 'our', 'their', 'his', 'her', 'my', 'your', 'that', 'this']);

const ADVERBS = new Set([
  'just',
  'also',
  'already',
  'simply',
  'really',
  'probably',
  'definitely',
  'actually',
  'never',
  'not',
  'first',
  'instead',
  'immediately',
  'sooner',
  'earlier',
  'ever',
  'maybe',
  'perhaps',
  'at',
  'least',
  'once',
]);

function isAdverb(lower: string): boolean {
  return ADVERBS.has(lower) || (lower.length > 4 && lower.endsWith('ly') && lower !== 'only');
}

function isNegator(lower: string): boolean {
  return NEGATORS.has(lower) || /n['\u2019]t$/u.test(lower);
}

/** Up to `count` words right after `index`, stopping at punctuation other than inside a word. */
function wordsAfter(text: string, index: number, count: number): Word[] {
  const words: Word[] = [];
  WORD_AT.lastIndex = index;
  while (words.length < count) {
    const match = WORD_AT.exec(text);
    const word = match?.[1];
    if (!match || word === undefined) break;
    const end = WORD_AT.lastIndex;
    words.push({ text: word, lower: word.toLowerCase(), start: end - word.length, end });
  }
  return words;
}

/** The words of the clause that ends at `index`, in reading order (a conjunction starts a new clause). */
function clauseBefore(text: string, index: number): Word[] {
  let from = Math.max(0, index - LOOKBACK);
  for (let position = index - 1; position >= from; position--) {
    const code = text.charCodeAt(position);
    const next = text.charCodeAt(position + 1);
    if (CLAUSE_MARKS.has(code) || (SENTENCE_MARKS.has(code) && (position + 1 >= index || next === 32 || next === 10))) {
      from = position + 1;
      break;
    }
  }
  const words: Word[] = [];
  for (const match of text.slice(from, index).matchAll(WORDS)) {
    const lower = match[0].toLowerCase();
    if (CONJUNCTIONS.has(lower)) {
      words.length = 0;
      continue;
    }
    const start = from + match.index;
    words.push({ text: match[0], lower, start, end: start + match[0].length });
  }
  return words;
}

/**
 * The word right before `index` when nothing but spaces separates them and it belongs to the same clause: what
 * `clauseBefore(text, index).at(-1)` gives, without scanning the whole clause.
 */
function previousWord(text: string, index: number): Word | undefined {
  let end = index;
  while (end > 0 && (text.charCodeAt(end - 1) === 32 || text.charCodeAt(end - 1) === 9)) end--;
  let start = end;
  while (start > 0 && isWordChar(text, start - 1)) start--;
  // Words start with a letter or digit ("'tis" and "-x" are not words here).
  while (start < end && !isAlphanumeric(text.charCodeAt(start))) start++;
  if (start === end) return undefined;
  const word = text.slice(start, end);
  const lower = word.toLowerCase();
  return CONJUNCTIONS.has(lower) ? undefined : { text: word, lower, start, end };
}

function isAlphanumeric(code: number): boolean {
  return (
    (code >= 97 && code <= 122) ||
    (code >= 65 && code <= 90) ||
    (code >= 48 && code <= 57) ||
    (code > 127 && /[\p{L}\p{N}]/u.test(String.fromCharCode(code)))
  );
}

/** The characters WORD allows inside a word, with a dot only between two letters or digits ("v2.3", "atlas.db"). */
function isWordChar(text: string, position: number): boolean {
  const code = text.charCodeAt(position);
  if (isAlphanumeric(code)) return true;
  if (code === 39 || code === 0x2019 || code === 95 || code === 47 || code === 45) return true;
  return (
    code === 46 &&
    position > 0 &&
    isAlphanumeric(text.charCodeAt(position - 1)) &&
    isAlphanumeric(text.charCodeAt(position + 1))
  );
}

function classify(word: Word, previous: Word | undefined): Subject {
  const lower = word.lower.replace(/['\u2019]s$/u, '');
  if (lower === 'one' && previous && ['no', 'any', 'some', 'every'].includes(previous.lower)) return 'person';
  if (PERSON_WORDS.has(lower)) return 'person';
  if (SYSTEM_WORDS.has(lower) || /[\d_./-]/.test(lower)) return 'system';
  return 'unknown';
}

/**
 * Who or what the phrase starting at `index` is about: the nearest content word before it in the clause, unless the
 * clause has a "who" in it, which only ever follows a person ("the engineers who built this should have known").
 */
function subjectBefore(text: string, index: number): Subject {
  const words = clauseBefore(text, index);
  if (words.some((word) => word.lower === 'who' || word.lower === 'whoever')) return 'person';
  for (let position = words.length - 1; position >= 0; position--) {
    const word = words[position];
    if (word === undefined || SUBJECT_SKIP.has(word.lower) || isAdverb(word.lower)) continue;
    return classify(word, words[position - 1]);
  }
  return 'unknown';
}

function negatedBefore(text: string, index: number, span = 4): boolean {
  return clauseBefore(text, index)
    .slice(-span)
    .some((word) => isNegator(word.lower));
}

/** Skips adverbs after a modal; returns the next word and the last "just"/"simply" seen on the way. */
function verbAfter(text: string, index: number): { verb: Word | undefined; after: Word[]; just: Word | undefined } {
  const words = wordsAfter(text, index, 6);
  let just: Word | undefined;
  let position = 0;
  for (; position < words.length; position++) {
    const word = words[position];
    if (word === undefined || !isAdverb(word.lower)) break;
    if (word.lower === 'just' || word.lower === 'simply') just = word;
  }
  return { verb: words[position], after: words.slice(position + 1), just };
}

// ---------------------------------------------------------------------------------------------------------------
// Rules. Each finds candidates in the masked text; overlaps are resolved afterwards.

type Rule = (text: string, found: Candidate[]) => void;

function re(source: string): RegExp {
  return new RegExp(source, 'giu');
}

const SHOULD_HAVE = re(
  String.raw`\b(?:should(?:n${APOS}t|\s+not)?\s+have|should(?:n${APOS}t)?${APOS}ve|ought(?:n${APOS}t|\s+not)?\s+to\s+have)\b`,
);
const HINDSIGHT_ADJECTIVES = new Set(['obvious', 'clear', 'apparent', 'evident']);
/** "should have been caught": the passive hides a person who is being blamed, whatever the grammatical subject. */
const BLAME_PASSIVES = new Set([
  'caught',
  'noticed',
  'spotted',
  'checked',
  'tested',
  'reviewed',
  'escalated',
  'seen',
  'known',
  'avoided',
  'prevented',
  'handled',
  'flagged',
]);

const shouldHave: Rule = (text, found) => {
  for (const match of text.matchAll(SHOULD_HAVE)) {
    const start = match.index;
    const end = start + match[0].length;
    const { verb, after, just } = verbAfter(text, end);
    if (!verb || !isParticiple(verb.text)) continue;
    if (just) {
      found.push({ start, end: just.end, kind: 'counterfactual-just' });
      continue;
    }
    if (verb.lower === 'been') {
      const complement = after[0];
      if (complement && HINDSIGHT_ADJECTIVES.has(complement.lower)) {
        found.push({ start, end: complement.end, kind: 'hindsight' });
      } else if (complement && BLAME_PASSIVES.has(complement.lower)) {
        found.push({ start, end: complement.end, kind: 'counterfactual' });
      } else if (subjectBefore(text, start) !== 'system') {
        found.push({ start, end, kind: 'counterfactual' });
      }
      continue;
    }
    const subject = subjectBefore(text, start);
    if (subject === 'person' || (subject === 'unknown' && !SYSTEM_VERBS.has(verb.lower))) {
      found.push({ start, end, kind: 'counterfactual' });
    }
  }
};

const COULD_HAVE = re(String.raw`\bcould(?:\s+have|${APOS}ve)\b`);

const couldHave: Rule = (text, found) => {
  for (const match of text.matchAll(COULD_HAVE)) {
    const start = match.index;
    const end = start + match[0].length;
    const { verb, after, just } = verbAfter(text, end);
    if (just) {
      found.push({ start, end: just.end, kind: 'counterfactual-just' });
      continue;
    }
    if (!verb || !isParticiple(verb.text)) continue;
    if (verb.lower === 'been') {
      // "could have been avoided" is a verdict; "could have been worse" is relief.
      const complement = after[0];
      if (complement && (complement.lower === 'avoided' || complement.lower === 'prevented')) {
        found.push({ start, end: complement.end, kind: 'counterfactual' });
      }
      continue;
    }
    // "could have" is also plain possibility ("the retry storm could have amplified the load"): not about systems.
    const subject = subjectBefore(text, start);
    if (subject === 'person' || (subject === 'unknown' && !SYSTEM_VERBS.has(verb.lower))) {
      found.push({ start, end: verb.end, kind: 'counterfactual' });
    }
  }
};

const WOULD_HAVE = re(String.raw`\bwould(?:\s+have|${APOS}ve)\b`);

/**
 * Whether a counterfactual conditional found earlier governs `index`: its consequent ("…, we would have caught it")
 * belongs to the same hint rather than being a second one.
 */
function inConditional(text: string, index: number, found: readonly Candidate[]): boolean {
  return found.some(
    (candidate) =>
      candidate.kind === 'conditional' &&
      candidate.start < index &&
      !SENTENCE_END.test(text.slice(candidate.end, index)),
  );
}

const wouldHave: Rule = (text, found) => {
  for (const match of text.matchAll(WOULD_HAVE)) {
    const start = match.index;
    const { verb } = verbAfter(text, start + match[0].length);
    // "a more experienced engineer would have noticed": noticing verbs with a person, nothing else.
    if (!verb || !HUMAN_VERBS.has(verb.lower) || !isParticiple(verb.text)) continue;
    if (subjectBefore(text, start) !== 'person' || inConditional(text, start, found)) continue;
    found.push({ start, end: verb.end, kind: 'counterfactual' });
  }
};

const IF_ONLY = re(String.raw`\bif\s+only\b`);
const CONDITIONAL_VERBS = new Set(['had', 'would', 'were', 'could', 'knew', 'did', 'hadn’t', "hadn't"]);

const ifOnly: Rule = (text, found) => {
  for (const match of text.matchAll(IF_ONLY)) {
    // "if only one replica is healthy" and "if only for the rollback path" are not wishes about the past.
    const next = wordsAfter(text, match.index + match[0].length, 6);
    if (next.some((word) => CONDITIONAL_VERBS.has(word.lower) || /['\u2019]d$/u.test(word.lower))) {
      found.push({ start: match.index, end: match.index + match[0].length, kind: 'conditional' });
    }
  }
};

const IF = re(String.raw`\bif\b`);

/** "If we had rolled back …": a past conditional about people. */
const ifHad: Rule = (text, found) => {
  for (const match of text.matchAll(IF)) {
    const words = wordsAfter(text, match.index + match[0].length, 7);
    const had = words.findIndex(
      (word, position) => position > 0 && position < 5 && /^had(?:n['\u2019]t)?$/u.test(word.lower),
    );
    const subjectWord = words[had - 1];
    if (had < 1 || subjectWord === undefined) continue;
    const rest = words.slice(had + 1);
    const verb = rest.find((word) => !isAdverb(word.lower));
    if (!verb || !isParticiple(verb.text)) continue;
    const subject = classify(subjectWord, words[had - 2]);
    if (subject === 'person' || (subject === 'unknown' && !SYSTEM_VERBS.has(verb.lower) && verb.lower !== 'been')) {
      found.push({ start: match.index, end: verb.end, kind: 'conditional' });
    }
  }
};

const HAD = re(String.raw`\bhad\b`);

/** "Had they checked the runbook, …": the inverted conditional, only at the start of a clause. */
const hadInverted: Rule = (text, found) => {
  for (const match of text.matchAll(HAD)) {
    if (previousWord(text, match.index) !== undefined) continue;
    const words = wordsAfter(text, match.index + match[0].length, 5);
    // "Had they …" or "Had the team …".
    if (words[0] && DETERMINERS.has(words[0].lower)) words.shift();
    const [subject, ...rest] = words;
    if (!subject || classify(subject, undefined) !== 'person') continue;
    const verb = rest.find((word) => !isAdverb(word.lower));
    if (verb && isParticiple(verb.text)) found.push({ start: match.index, end: subject.end, kind: 'conditional' });
  }
};

const WHY_NOT = re(
  String.raw`\bwhy\s+(didn${APOS}t|did\s+not|did|wasn${APOS}t|weren${APOS}t|was\s+not|were\s+not|hadn${APOS}t|haven${APOS}t|couldn${APOS}t|wouldn${APOS}t|isn${APOS}t|aren${APOS}t)\b`,
);
const NOBODY = new Set(['nobody', 'noone']);

const POSSESSIVES = new Set(['my', 'our', 'your', 'his', 'their', 'who']);

/** Where the person asked about after "why didn't" ends, or undefined when the question is about a thing. */
function askedAbout(first: Word, second: Word | undefined, positive: boolean): number | undefined {
  if (first.lower === 'no' && second?.lower === 'one') return second.end;
  if (NOBODY.has(first.lower)) return first.end;
  // "Why did they roll back?" is an honest question; only "why did nobody …" blames.
  if (positive) return undefined;
  if (PERSON_WORDS.has(first.lower) && !POSSESSIVES.has(first.lower)) return first.end;
  if (first.lower === 'the' && second && PERSON_WORDS.has(second.lower)) return second.end;
  // A name: "why didn't Leo roll back?" is about Leo, "why didn't Kafka rebalance?" about Kafka.
  const name = /^\p{Lu}/u.test(first.text) && classify(first, undefined) === 'unknown';
  return name && second && !SYSTEM_VERBS.has(second.lower) ? first.end : undefined;
}

const whyNot: Rule = (text, found) => {
  for (const match of text.matchAll(WHY_NOT)) {
    const [first, second] = wordsAfter(text, match.index + match[0].length, 2);
    if (!first) continue;
    const end = askedAbout(first, second, match[1]?.toLowerCase() === 'did');
    if (end !== undefined) found.push({ start: match.index, end, kind: 'rhetorical' });
  }
};

const HOW_COULD = re(
  String.raw`\bhow\s+could\s+(?:they|he|she|you|we|anyone|anybody|someone|somebody)\b|\bwhat\s+were\s+(?:they|you)\s+thinking\b`,
);

/**
 * "How could we" asks about the team's own future or the system, not about someone's failing, unless it looks back
 * ("how could we have let this ship?"): then only the review's own question ("how could we have detected it
 * sooner?") — a better way, sooner, faster — is not an accusation.
 */
const LOOKING_BACK = /^\s+have\b/i;
const IMPROVEMENT_QUESTION =
  /^\s+have\s+\w+[^.?!\n]{0,80}?\b(?:sooner|faster|earlier|better|quicker|more\s+quickly)\b/i;

const howCould: Rule = (text, found) => {
  for (const match of text.matchAll(HOW_COULD)) {
    const end = match.index + match[0].length;
    const after = text.slice(end, end + 120);
    if (/^how\s+could\s+we\b/i.test(match[0]) && (!LOOKING_BACK.test(after) || IMPROVEMENT_QUESTION.test(after))) {
      continue;
    }
    found.push({ start: match.index, end, kind: 'rhetorical' });
  }
};

const LABELS = re(String.raw`\b(?:human|operator|user|pilot|people)\s+(?:errors?|mistakes?|failures?)\b`);
const JUDGEMENTS = re(
  String.raw`\b(?:careless(?:ly|ness)?|negligen(?:t|tly|ce)|sloppy|sloppiness|sloppily|lazy|laziness|lazily|incompeten(?:t|ce|tly)|reckless(?:ly|ness)?|irresponsib(?:le|ly|ility)|inattentive|inattention|clueless|stupid(?:ity)?|dumb|idiot(?:ic|s)?|foolish(?:ly)?)\b`,
);
/** "lazy loading" is a technique, not a trait. */
const LAZY_TECHNICAL = new Set([
  'load',
  'loaded',
  'loading',
  'loads',
  'evaluation',
  'evaluated',
  'init',
  'initialised',
  'initialized',
  'initialisation',
  'initialization',
  'computed',
  'created',
]);
const DROPPED_THE_BALL = re(String.raw`\b(?:dropped|drop|dropping)\s+the\s+ball\b|\basleep\s+at\s+the\s+wheel\b`);
const BAD_MISTAKES = re(
  String.raw`\b(?:silly|stupid|dumb|basic|careless|rookie|amateur|amateurish|schoolboy|elementary)\s+(?:mistakes?|errors?|blunders?|oversights?)\b`,
);
const FAULT = re(String.raw`\bat\s+fault\b|\b(?:his|her|their|your|my|our)\s+fault\b|\bto\s+blame\b`);
const KNOW_BETTER = re(String.raw`\bshould(?:\s+have)?\s+known?\s+better\b`);
/** "basic error handling" names a missing feature. */
const ERROR_COMPOUNDS = new Set([
  'handling',
  'rate',
  'rates',
  'budget',
  'code',
  'codes',
  'message',
  'messages',
  'page',
  'pages',
  'checking',
  'reporting',
]);

/** Marks every match, unless one of the few words before it negates it (`negationSpan` 0: never negated). */
function phrases(pattern: RegExp, kind: HintKind, negationSpan: number): Rule {
  return (text, found) => {
    for (const match of text.matchAll(pattern)) {
      if (negationSpan > 0 && negatedBefore(text, match.index, negationSpan)) continue;
      found.push({ start: match.index, end: match.index + match[0].length, kind });
    }
  };
}

const judgements: Rule = (text, found) => {
  for (const match of text.matchAll(JUDGEMENTS)) {
    const end = match.index + match[0].length;
    const word = match[0].toLowerCase();
    if (word === 'lazy' || word === 'lazily') {
      const next = wordsAfter(text, end, 1)[0];
      if (text.charAt(end) === '-' || (next && LAZY_TECHNICAL.has(next.lower))) continue;
    }
    if (negatedBefore(text, match.index)) continue;
    found.push({ start: match.index, end, kind: 'judgement' });
  }
};

const badMistakes: Rule = (text, found) => {
  for (const match of text.matchAll(BAD_MISTAKES)) {
    const end = match.index + match[0].length;
    const next = wordsAfter(text, end, 1)[0];
    if (/errors?$/iu.test(match[0]) && next && ERROR_COMPOUNDS.has(next.lower)) continue;
    if (negatedBefore(text, match.index)) continue;
    found.push({ start: match.index, end, kind: 'judgement' });
  }
};

const FAILED_TO = re(String.raw`\b(?:failed|fails|failing|failure)\s+to\b`);

const failedTo: Rule = (text, found) => {
  for (const match of text.matchAll(FAILED_TO)) {
    const end = match.index + match[0].length;
    const verb = wordsAfter(text, end, 1)[0];
    if (!verb) continue;
    const subject = subjectBefore(text, match.index);
    if (subject === 'person' || (subject === 'unknown' && HUMAN_VERBS.has(verb.lower))) {
      found.push({ start: match.index, end, kind: 'failing' });
    }
  }
};

const NEGLECTED_TO = re(String.raw`\b(?:neglected|neglects|neglecting|forgot|forgets|forgetting|forgotten)\s+to\b`);

const neglectedTo: Rule = (text, found) => {
  for (const match of text.matchAll(NEGLECTED_TO)) {
    if (negatedBefore(text, match.index, 3) || subjectBefore(text, match.index) === 'system') continue;
    found.push({ start: match.index, end: match.index + match[0].length, kind: 'failing' });
  }
};

const BOTHER = re(
  String.raw`\b(?:didn${APOS}t|did\s+not|never|nobody|no\s+one|couldn${APOS}t\s+be|could\s+not\s+be)\s+bother(?:ed)?(?:\s+to\b)?`,
);

const IGNORED = re(String.raw`\b(?:ignored|ignoring|ignores)\b`);
const IGNORABLE = new Set([
  'alert',
  'alerts',
  'page',
  'pages',
  'warning',
  'warnings',
  'runbook',
  'checklist',
  'process',
  'advice',
  'message',
  'messages',
  'signs',
]);

const ignored: Rule = (text, found) => {
  for (const match of text.matchAll(IGNORED)) {
    const end = match.index + match[0].length;
    const subject = subjectBefore(text, match.index);
    if (subject === 'system') continue;
    // With a name the lists cannot place, what was ignored decides: a head noun comes last in "the capacity warning".
    if (subject === 'unknown' && !wordsAfter(text, end, 4).some((word) => IGNORABLE.has(word.lower))) continue;
    found.push({ start: match.index, end, kind: 'failing' });
  }
};

const SIMPLY = re(String.raw`\bsimply\b`);
const MODALS = new Set(['could', 'should', 'would', 'might', 'can', 'have', 'had', 'just']);
const OBLIGATION = /^(?:had|needed|has|have|need)$/u;

const simply: Rule = (text, found) => {
  for (const match of text.matchAll(SIMPLY)) {
    const end = match.index + match[0].length;
    const before = previousWord(text, match.index);
    const [next, afterNext] = wordsAfter(text, end, 2);
    if (next && (next.lower === 'put' || next.lower === 'because')) continue;
    if (before && (before.lower === 'quite' || isNegator(before.lower))) continue;
    // Only a person's action: "the rollback simply reverted the flag" describes a system. A capitalised word the
    // lists do not know is read as a name ("Arjun simply ignored …"); known systems ("Postgres") are in the lists.
    const aboutPerson =
      before !== undefined &&
      (PERSON_WORDS.has(before.lower) ||
        MODALS.has(before.lower) ||
        (/^\p{Lu}/u.test(before.text) && classify(before, undefined) === 'unknown'));
    const obligation = next !== undefined && OBLIGATION.test(next.lower) && afterNext?.lower === 'to';
    if (aboutPerson || obligation) found.push({ start: match.index, end, kind: 'minimising' });
  }
};

const JUST_HAD_TO = re(String.raw`\bjust\s+(?:had|needed|has|have|need)\s+to\b`);
const ALL_THEY_HAD_TO_DO = re(
  String.raw`\ball\s+(?:[\p{L}'\u2019-]+\s+){1,3}?(?:had|needed|has|have|need)\s+to\s+do\b`,
);

const justHadTo: Rule = (text, found) => {
  for (const match of text.matchAll(JUST_HAD_TO)) {
    if (subjectBefore(text, match.index) === 'system') continue;
    found.push({ start: match.index, end: match.index + match[0].length, kind: 'minimising' });
  }
};

const OBVIOUSLY = re(String.raw`\bobviously\b`);

const CLEARLY = re(String.raw`\bclearly\b`);
const BE = new Set(['was', 'were', 'is', 'are', 'been', 'be']);
const CLEARLY_BEFORE_BLAME = new Set([
  'did',
  'didn’t',
  "didn't",
  'wasn’t',
  "wasn't",
  'weren’t',
  "weren't",
  'never',
  'should',
  'could',
  'had',
  'hadn’t',
  "hadn't",
  'ignored',
  'missed',
  'forgot',
  'failed',
  'knew',
  'saw',
  'not',
]);

/** "Clearly, …", "was clearly visible", "clearly didn't read": a stance. "Label it more clearly": a manner. */
const clearly: Rule = (text, found) => {
  for (const match of text.matchAll(CLEARLY)) {
    const end = match.index + match[0].length;
    const before = previousWord(text, match.index);
    const next = wordsAfter(text, end, 1)[0];
    if (before && ['more', 'less', 'very', 'as', 'so', 'quite', 'how'].includes(before.lower)) continue;
    if (!before || BE.has(before.lower) || (next && CLEARLY_BEFORE_BLAME.has(next.lower))) {
      found.push({ start: match.index, end, kind: 'minimising' });
    }
  }
};

const EASY_TO = re(
  String.raw`\b(?:easy|trivial|easily|trivially)\s+(?:to\s+)?(?:spot|see|notice|catch|avoid|prevent|detect|find|avoidable|preventable|caught|spotted|avoided|prevented|noticed|seen|detected)\b`,
);

const easyTo: Rule = (text, found) => {
  for (const match of text.matchAll(EASY_TO)) {
    const end = match.index + match[0].length;
    const next = wordsAfter(text, end, 1)[0];
    // "It is easy to see why the ramp looked safe" is exactly the understanding a review is after.
    if (next && (next.lower === 'why' || next.lower === 'how')) continue;
    if (negatedBefore(text, match.index, 3)) continue;
    found.push({ start: match.index, end, kind: 'minimising' });
  }
};

const HINDSIGHT = re(
  String.raw`\b(?:in|with)\s+(?:the\s+benefit\s+of\s+)?hindsight\b|\bin\s+retrospect\b|\bhindsight\s+is\b`,
);
const WAS_OBVIOUS = re(
  String.raw`\b(?:was|were|seemed|looked|been|became)\s+(?:so\s+|very\s+|pretty\s+|quite\s+|really\s+|fairly\s+|completely\s+|totally\s+)?obvious\b|\bthe\s+obvious\s+(?:fix|answer|thing|solution|choice|cause|signs?|move|step|explanation|mistake|problem)\b`,
);
const PREVENTABLE = re(String.raw`\b(?:preventable|avoidable)\b`);

/**
 * Each rule with the lower-case stems its pattern cannot match without. One scan of the text finds the stems it
 * contains, and only the rules that need them run: that is what keeps a long list of rules cheap, above all on the
 * many entries that contain none. No stem is a prefix of another, so the scan sees every one of them.
 * Conditionals run first because `wouldHave` looks at what they found.
 */
const RULES: readonly { stems: readonly string[]; rule: Rule }[] = [
  { stems: ['only'], rule: ifOnly },
  { stems: ['had'], rule: ifHad },
  { stems: ['had'], rule: hadInverted },
  { stems: ['should', 'ought'], rule: shouldHave },
  { stems: ['could'], rule: couldHave },
  { stems: ['would'], rule: wouldHave },
  { stems: ['why'], rule: whyNot },
  { stems: ['how', 'thinking'], rule: howCould },
  { stems: ['error', 'mistake', 'fail'], rule: phrases(LABELS, 'label', 4) },
  {
    stems: [
      'careless',
      'neglig',
      'slopp',
      'lazy',
      'lazi',
      'incompet',
      'reckless',
      'irrespons',
      'inattent',
      'clueless',
      'stupid',
      'dumb',
      'idiot',
      'foolish',
    ],
    rule: judgements,
  },
  { stems: ['ball', 'asleep'], rule: phrases(DROPPED_THE_BALL, 'judgement', 4) },
  { stems: ['mistake', 'error', 'blunder', 'oversight'], rule: badMistakes },
  { stems: ['fault', 'blame'], rule: phrases(FAULT, 'judgement', 4) },
  { stems: ['better'], rule: phrases(KNOW_BETTER, 'judgement', 0) },
  { stems: ['fail'], rule: failedTo },
  { stems: ['neglect', 'forg'], rule: neglectedTo },
  { stems: ['bother'], rule: phrases(BOTHER, 'failing', 0) },
  { stems: ['ignor'], rule: ignored },
  { stems: ['simply'], rule: simply },
  { stems: ['just'], rule: justHadTo },
  { stems: ['all'], rule: phrases(ALL_THEY_HAD_TO_DO, 'minimising', 0) },
  { stems: ['obvious'], rule: phrases(OBVIOUSLY, 'minimising', 2) },
  { stems: ['clearly'], rule: clearly },
  { stems: ['eas', 'trivial'], rule: easyTo },
  { stems: ['hindsight', 'retrospect'], rule: phrases(HINDSIGHT, 'hindsight', 0) },
  { stems: ['obvious'], rule: phrases(WAS_OBVIOUS, 'hindsight', 3) },
  { stems: ['preventable', 'avoidable'], rule: phrases(PREVENTABLE, 'hindsight', 3) },
];

const RULES_BY_STEM = new Map<string, number[]>();
RULES.forEach(({ stems }, index) => {
  for (const stem of stems) RULES_BY_STEM.set(stem, [...(RULES_BY_STEM.get(stem) ?? []), index]);
});
const STEMS = new RegExp(trie([...RULES_BY_STEM.keys()]), 'g');

/**
 * The stems as one alternation nested by shared prefixes (`s(?:hould|imply|…)`): the regex engine then decides at each
 * position with one character test instead of trying forty alternatives in turn. Stems are lower-case letters only.
 */
function trie(words: readonly string[]): string {
  const groups = new Map<string, string[]>();
  let optional = false;
  for (const word of words) {
    if (word === '') {
      optional = true;
      continue;
    }
    const head = word.charAt(0);
    groups.set(head, [...(groups.get(head) ?? []), word.slice(1)]);
  }
  const branches = [...groups].map(([head, tails]) => {
    const rest = trie(tails);
    return rest === '' ? head : `${head}${rest}`;
  });
  if (branches.length === 0) return '';
  const body = branches.length === 1 && !optional ? (branches[0] ?? '') : `(?:${branches.join('|')})`;
  return optional ? `${body.startsWith('(?:') ? body : `(?:${body})`}?` : body;
}

/** Which rules the text needs, by index into RULES. */
function rulesFor(lower: string): boolean[] {
  const needed = new Array<boolean>(RULES.length).fill(false);
  STEMS.lastIndex = 0;
  for (let match = STEMS.exec(lower); match; match = STEMS.exec(lower)) {
    for (const index of RULES_BY_STEM.get(match[0]) ?? []) needed[index] = true;
  }
  return needed;
}

// ---------------------------------------------------------------------------------------------------------------
// Quotes

const MASKS: readonly RegExp[] = [
  /```[\s\S]*?```/g,
  /`[^`\n]+`/g,
  /^[ \t]*>.*$/gm,
  /"[^"\n]{1,500}"/g,
  /\u201c[^\u201d\n]{1,500}\u201d/g,
  // A single closing quote is also an apostrophe ("should’ve"): only one not followed by a letter closes.
  /\u2018[^\n]{1,500}?\u2019(?![\p{L}\p{N}])/gu,
  /(?<![\p{L}\p{N}])'[^\n]{1,500}?'(?![\p{L}\p{N}])/gu,
];
/** Only an apostrophe after a non-letter can open a quote: "didn't" alone needs no masking. */
const MAY_QUOTE = /["`>\u201c\u2018]|(?<![\p{L}\p{N}])'/u;

/** Blanks out quoted passages with spaces, keeping every offset where it was. */
function maskQuotes(text: string): string {
  if (!MAY_QUOTE.test(text)) return text;
  let masked = text;
  for (const mask of MASKS) masked = masked.replace(mask, (quoted) => ' '.repeat(quoted.length));
  return masked;
}

// ---------------------------------------------------------------------------------------------------------------

/** Words that announce a phrase being talked about rather than used: "we stopped using the phrase human error". */
const MENTION_WORDS = new Set([
  'phrase',
  'phrases',
  'term',
  'terms',
  'word',
  'words',
  'wording',
  'expression',
  'label',
]);

function isMention(text: string, index: number): boolean {
  const before = previousWord(text, index);
  return before !== undefined && MENTION_WORDS.has(before.lower);
}

/** Hints in `text`, in order of position, never overlapping. Pure and synchronous; safe to call on every keystroke. */
export function findBlamelessHints(text: string): BlamelessHint[] {
  const needed = rulesFor(text.toLowerCase());
  let masked: string | undefined;
  const found: Candidate[] = [];
  RULES.forEach(({ rule }, index) => {
    if (!needed[index]) return;
    masked ??= maskQuotes(text);
    rule(masked, found);
  });
  if (found.length === 0) return [];
  // Where phrases overlap ("should have just", "careless mistake") the earliest, then longest, wins.
  found.sort((a, b) => a.start - b.start || b.end - a.end);
  const hints: BlamelessHint[] = [];
  let reached = -1;
  for (const candidate of found) {
    if (candidate.start < reached || isMention(masked ?? text, candidate.start)) continue;
    reached = candidate.end;
    hints.push({
      start: candidate.start,
      end: candidate.end,
      phrase: text.slice(candidate.start, candidate.end),
      ...GUIDANCE[candidate.kind],
    });
  }
  return hints;
}

export interface BlamelessSummary {
  /** Hints across all texts. */
  total: number;
  /** Texts with at least one hint. */
  texts: number;
  byCategory: Record<BlamelessCategory, number>;
  /** Phrases lower-cased with straight apostrophes, most frequent first, then alphabetically. */
  phrases: { phrase: string; category: BlamelessCategory; count: number }[];
}

/** Counts for a side panel ("4 hints in 3 entries: 2 counterfactual, …"). */
export function summariseHints(texts: Iterable<string>): BlamelessSummary {
  const byCategory: Record<BlamelessCategory, number> = { counterfactual: 0, blame: 0, minimising: 0, hindsight: 0 };
  const phrases = new Map<string, { phrase: string; category: BlamelessCategory; count: number }>();
  let total = 0;
  let withHints = 0;
  for (const text of texts) {
    const hints = findBlamelessHints(text);
    if (hints.length === 0) continue;
    withHints++;
    total += hints.length;
    for (const hint of hints) {
      byCategory[hint.category]++;
      const phrase = hint.phrase
        .toLowerCase()
        .replace(/\u2019/g, "'")
        .replace(/\s+/g, ' ');
      const key = `${hint.category}\u0000${phrase}`;
      const entry = phrases.get(key);
      if (entry) entry.count++;
      else phrases.set(key, { phrase, category: hint.category, count: 1 });
    }
  }
  const sorted = [...phrases.values()].sort(
    (a, b) => b.count - a.count || compareStrings(a.phrase, b.phrase) || compareStrings(a.category, b.category),
  );
  return { total, texts: withHints, byCategory, phrases: sorted };
}

/** By code unit, as everywhere in the model: locales differ between peers. */
function compareStrings(a: string, b: string): number {
  if (a === b) return 0;
  return a < b ? -1 : 1;
}
