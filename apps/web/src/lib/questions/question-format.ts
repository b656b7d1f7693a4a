/** How a question's surroundings read on its card: the event it is about, its evidence links, what went wrong. */
import type { IncidentEvent, ModelValidationError, QuestionStatus } from '@parallax/model';
import { kindLabel } from '../labels.ts';

export const STATUS_LABELS: Record<QuestionStatus, string> = {
  open: 'Open',
  answered: 'Answered',
  parked: 'Parked',
};

// Documents written by newer clients may carry statuses this build does not know yet; show them rather than hide them.
export const statusLabel = (status: string): string => STATUS_LABELS[status as QuestionStatus] ?? status;

/** One line that names an event: the first line of its text, or its kind and actor when it has no text yet. */
export function eventSummary(event: Pick<IncidentEvent, 'text' | 'kind' | 'actor'>, max = 90): string {
  const line = event.text
    .split('\n')
    .map((part) => part.replace(/\s+/g, ' ').trim())
    .find(Boolean);
  if (!line) return event.actor ? `${kindLabel(event.kind)} — ${event.actor}` : kindLabel(event.kind);
  return line.length > max ? `${line.slice(0, max - 1).trimEnd()}…` : line;
}

/** A link as people recognise it: host and path, without the scheme and trailing slash. */
export function evidenceLabel(href: string, max = 70): string {
  let shown: string;
  try {
    const url = new URL(href);
    shown = `${url.host}${url.pathname === '/' ? '' : url.pathname}${url.search}${url.hash}`;
  } catch (error) {
    if (!(error instanceof TypeError)) throw error;
    shown = href;
  }
  return shown.length > max ? `${shown.slice(0, max - 1)}…` : shown;
}

/**
 * The model's reasons without its field paths ("evidenceUrls.2: Expected an http(s) URL" reads as code), joined
 * into a sentence.
 */
export function reasons(error: Pick<ModelValidationError, 'issues' | 'message'>): string {
  const messages = [...new Set(error.issues.map((issue) => issue.message.trim()).filter(Boolean))];
  if (messages.length === 0) return error.message;
  const text = messages.join('; ');
  return /[.!?]$/.test(text) ? text : `${text}.`;
}

/** Why a pasted evidence link was not added, and what to paste instead. */
export function evidenceError(value: string, error: Pick<ModelValidationError, 'issues' | 'message'>): string {
  return `Could not add “${value}”: ${reasons(error)} Paste the full address, starting with https:// or http://.`;
}
