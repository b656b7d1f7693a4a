/**
 * The narrative is Markdown in one Y.Text. It refers to events with the token `[[event:<id>]]`: plain text, so it
 * survives any Markdown tool and merges per character like the rest of the story; renderers replace it with a link
 * showing the event's time and summary (or "deleted event" when the id no longer exists).
 */
import { ID_PATTERN } from './schema.ts';

export interface EventReference {
  eventId: string;
  /** UTF-16 offsets of the whole token in the narrative string, end exclusive. */
  start: number;
  end: number;
}

const ID_CHARS = ID_PATTERN.source.slice(1, -1);
const TOKEN = new RegExp(`\\[\\[event:(${ID_CHARS})\\]\\]`, 'g');

export function eventReference(eventId: string): string {
  if (!ID_PATTERN.test(eventId)) throw new RangeError(`Not an event id: "${eventId}"`);
  return `[[event:${eventId}]]`;
}

/** A fresh global pattern matching one token, its event id in group 1 (for editors that decorate tokens as they go). */
export function eventReferencePattern(): RegExp {
  return new RegExp(TOKEN.source, 'g');
}

export function findEventReferences(markdown: string): EventReference[] {
  const references: EventReference[] = [];
  for (const match of markdown.matchAll(TOKEN)) {
    const eventId = match[1];
    if (eventId === undefined) continue;
    references.push({ eventId, start: match.index, end: match.index + match[0].length });
  }
  return references;
}

export interface ReviewQuestion {
  /** The question, used as the section's heading. */
  question: string;
  /** One line that opens the question up: where to look, what to ask the people involved. */
  prompt: string;
}

/**
 * The questions a learning review works through, in the order a story is usually told: how the incident was noticed,
 * understood and ended, then what helped, what was luck, and what it taught about the system. They ask how, not
 * who: each is about the conditions people worked in, so the answers describe the system rather than judge anyone.
 */
export const REVIEW_QUESTIONS: readonly ReviewQuestion[] = Object.freeze([
  {
    question: 'How could we have detected it sooner?',
    prompt: 'Which signals were there before the first alert, and what made them hard to notice?',
  },
  {
    question: 'How could we have diagnosed it faster?',
    prompt: 'What did people look at first, what did it tell them, and what information was missing or misleading?',
  },
  {
    question: 'How could we have resolved it faster?',
    prompt: 'Which options did people have, what made them choose the one they took, and what slowed the repair?',
  },
  {
    question: 'What went well?',
    prompt: 'Which skills, tools, habits and decisions helped, and limited the impact?',
  },
  {
    question: 'Where did we get lucky?',
    prompt: 'What kept this from being worse by chance, and would not be there next time?',
  },
  {
    question: 'What did we learn about how the system behaves?',
    prompt: 'What surprised the people involved about the system, the tools or the way the work is done?',
  },
]);

/**
 * A Markdown outline of the review questions to start a narrative from: each question a `##` heading with its
 * prompt in italics underneath, sections separated by blank lines, ending with a newline.
 */
export function reviewOutline(): string {
  return REVIEW_QUESTIONS.map(({ question, prompt }) => `## ${question}\n\n_${prompt}_\n`).join('\n');
}
