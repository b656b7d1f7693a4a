/**
 * The meeting summary: what was captured since the meeting started (questions, perspectives, action items), as
 * the projection lists it and as Markdown for the notes. With names hidden, both go through the same mask as the
 * screen, so copying never brings back what the room was not shown.
 */
import {
  PERSPECTIVE_FIELDS,
  type ActionItem,
  type IncidentEvent,
  type Perspective,
  type PerspectiveField,
  type Question,
} from '@parallax/model';
import { kindLabel } from '../labels.ts';
import type { ZoneFormatter } from '../timezones/format.ts';

/** How names and texts are shown: as they are, or masked (see names.ts). */
export interface Shown {
  name(name: string): string;
  text(text: string): string;
}

export const AS_WRITTEN: Shown = { name: (name) => name, text: (text) => text };

export interface SummaryEventRef {
  id: string;
  /** "14:05 UTC · Detection" */
  label: string;
}

export interface SummaryQuestion {
  id: string;
  text: string;
  asker: string;
  owner: string;
  status: string;
  event: SummaryEventRef | null;
}

export interface SummaryPerspective {
  id: string;
  person: string;
  role: string;
  fields: { field: PerspectiveField; text: string }[];
  event: SummaryEventRef | null;
}

export interface SummaryActionItem {
  id: string;
  title: string;
  owner: string;
  status: string;
}

export interface MeetingSummary {
  since: string;
  questions: SummaryQuestion[];
  perspectives: SummaryPerspective[];
  actionItems: SummaryActionItem[];
}

export const FIELD_LABELS: Record<PerspectiveField, string> = {
  saw: 'Saw',
  knew: 'Knew',
  thought: 'Thought',
  did: 'Did',
};

/** Created at or after `since`; entries with a missing or unreadable stamp are left out rather than guessed. */
export function createdSince<T extends { createdAt: string }>(items: readonly T[], since: string): T[] {
  const from = Date.parse(since);
  if (Number.isNaN(from)) return [];
  return items.filter((item) => {
    const at = Date.parse(item.createdAt);
    return !Number.isNaN(at) && at >= from;
  });
}

/** Texts on one line: a list item in the notes, an entry on screen. */
const oneLine = (text: string) => text.replace(/\s+/g, ' ').trim();

export function buildSummary(input: {
  since: string;
  events: readonly IncidentEvent[];
  questions: readonly Question[];
  perspectives: readonly Perspective[];
  actionItems: readonly ActionItem[];
  formatter: ZoneFormatter;
  shown?: Shown;
}): MeetingSummary {
  const { since, formatter, shown = AS_WRITTEN } = input;
  const byId = new Map(input.events.map((event) => [event.id, event]));
  const ref = (eventId: string | null): SummaryEventRef | null => {
    const event = eventId === null ? undefined : byId.get(eventId);
    if (!event) return null;
    return {
      id: event.id,
      label: `${formatter.timeWithZone(event.occurredAt, event.precision)} · ${kindLabel(event.kind)}`,
    };
  };
  return {
    since,
    questions: createdSince(input.questions, since).map((question) => ({
      id: question.id,
      text: oneLine(shown.text(question.text)),
      asker: shown.name(question.asker),
      owner: shown.name(question.owner),
      status: question.status,
      event: ref(question.eventId),
    })),
    perspectives: createdSince(input.perspectives, since).map((perspective) => ({
      id: perspective.id,
      person: shown.name(perspective.person),
      role: shown.text(perspective.role),
      fields: PERSPECTIVE_FIELDS.flatMap((field) => {
        const text = oneLine(shown.text(perspective[field]));
        return text ? [{ field, text }] : [];
      }),
      event: ref(perspective.eventId),
    })),
    actionItems: createdSince(input.actionItems, since).map((item) => ({
      id: item.id,
      title: oneLine(shown.text(item.title)),
      owner: shown.name(item.owner),
      status: item.status,
    })),
  };
}

export function summaryCount(summary: MeetingSummary): number {
  return summary.questions.length + summary.perspectives.length + summary.actionItems.length;
}

/** The summary as Markdown, for pasting into the review notes. */
export function summaryMarkdown(
  summary: MeetingSummary,
  { title, started }: { title: string; started: string },
): string {
  const lines: string[] = [`# Meeting summary: ${oneLine(title)}`, '', `Since ${started}.`, ''];
  const on = (event: SummaryEventRef | null) => (event ? ` (on ${event.label})` : ' (whole incident)');

  lines.push(`## Questions (${summary.questions.length})`, '');
  if (summary.questions.length === 0) lines.push('None.');
  for (const question of summary.questions) {
    const who = [question.asker && `asked by ${question.asker}`, question.owner && `owner: ${question.owner}`]
      .filter(Boolean)
      .join(', ');
    lines.push(`- ${question.text}${on(question.event)}${who ? ` — ${who}` : ''}`);
  }

  lines.push('', `## Perspectives (${summary.perspectives.length})`, '');
  if (summary.perspectives.length === 0) lines.push('None.');
  for (const perspective of summary.perspectives) {
    const whose = `**${perspective.person}${perspective.role ? ` (${perspective.role})` : ''}**`;
    lines.push(`- ${whose}${on(perspective.event)}`);
    for (const { field, text } of perspective.fields) lines.push(`  - ${FIELD_LABELS[field]}: ${text}`);
  }

  lines.push('', `## Action items (${summary.actionItems.length})`, '');
  if (summary.actionItems.length === 0) lines.push('None.');
  for (const item of summary.actionItems) {
    lines.push(`- ${item.title}${item.owner ? ` — owner: ${item.owner}` : ''} (${item.status})`);
  }
  return `${lines.join('\n')}\n`;
}
