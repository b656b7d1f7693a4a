/**
 * Event references in a collaborative Markdown text, as CodeMirror sees them. The text keeps the plain token
 * `[[event:<id>]]` (it merges per character and survives any Markdown tool); the editor shows each token as one chip
 * with the event's time and the start of its text, which the caret steps over and Backspace removes whole. The
 * chips name events through a function the page gives, so they follow the timeline: `refresh()` after the events
 * (or the shown time zone) changed redraws them, and a token whose event is gone reads "deleted event".
 */
import { StateEffect, type Extension } from '@codemirror/state';
import {
  Decoration,
  EditorView,
  MatchDecorator,
  ViewPlugin,
  WidgetType,
  type DecorationSet,
  type ViewUpdate,
} from '@codemirror/view';
import { eventReference, eventReferencePattern } from '@parallax/model';

export interface EventReferenceLabel {
  /** "14:03:27 UTC". */
  time: string;
  /** The start of the event's text. */
  summary: string;
  /** Everything about the event, for the tooltip and the accessible name. */
  full: string;
}

export interface EventReferencesOptions {
  /** How to name the event now; null when there is no such event (deleted, or never synced here). */
  resolve(eventId: string): EventReferenceLabel | null;
  /** The person clicked a chip: show them the event. */
  onOpen(eventId: string): void;
}

const refreshEffect = StateEffect.define<null>();

class EventChipWidget extends WidgetType {
  constructor(
    readonly eventId: string,
    readonly label: EventReferenceLabel | null,
    readonly onOpen: (eventId: string) => void,
  ) {
    super();
  }

  override eq(other: EventChipWidget): boolean {
    return (
      other.eventId === this.eventId &&
      other.label?.time === this.label?.time &&
      other.label?.summary === this.label?.summary &&
      other.label?.full === this.label?.full
    );
  }

  override toDOM(): HTMLElement {
    if (!this.label) {
      const gone = document.createElement('span');
      gone.className = 'cm-event-ref cm-event-ref-deleted';
      gone.textContent = 'deleted event';
      gone.title = 'This event was deleted from the timeline.';
      return gone;
    }
    const chip = document.createElement('button');
    chip.type = 'button';
    chip.className = 'cm-event-ref';
    chip.dataset.eventId = this.eventId;
    chip.title = `${this.label.full}\nShow it on the timeline`;
    chip.setAttribute('aria-label', `Event ${this.label.full}. Show it on the timeline`);
    // One tab stop for the text box, not one per chip: the list of referenced events is the keyboard's way in.
    chip.tabIndex = -1;
    const time = document.createElement('span');
    time.className = 'cm-event-ref-time';
    time.textContent = this.label.time;
    const summary = document.createElement('span');
    summary.className = 'cm-event-ref-summary';
    summary.textContent = this.label.summary;
    chip.append(time, summary);
    // The caret stays where it was: a click on a chip is a jump to the event, not a move in the text.
    chip.addEventListener('mousedown', (event) => event.preventDefault());
    chip.addEventListener('click', (event) => {
      event.preventDefault();
      this.onOpen(this.eventId);
    });
    return chip;
  }

  override ignoreEvent(): boolean {
    return true;
  }
}

const theme = EditorView.baseTheme({
  '.cm-event-ref': {
    display: 'inline-flex',
    alignItems: 'baseline',
    gap: '6px',
    maxWidth: '100%',
    margin: '0 1px',
    padding: '0 7px',
    border: '1px solid var(--notice-border)',
    borderRadius: '999px',
    background: 'var(--accent-soft)',
    color: 'var(--notice-text)',
    font: 'inherit',
    fontSize: '0.88em',
    lineHeight: '1.5',
    verticalAlign: 'baseline',
    cursor: 'pointer',
    whiteSpace: 'nowrap',
  },
  'button.cm-event-ref:hover': { borderColor: 'var(--accent)' },
  '.cm-event-ref-time': {
    fontWeight: '600',
    fontVariantNumeric: 'tabular-nums',
  },
  '.cm-event-ref-summary': {
    overflow: 'hidden',
    textOverflow: 'ellipsis',
  },
  '.cm-event-ref-deleted': {
    cursor: 'default',
    background: 'var(--surface-muted)',
    borderColor: 'var(--border-strong)',
    borderStyle: 'dashed',
    color: 'var(--text-muted)',
    fontStyle: 'italic',
  },
});

/**
 * One editor's event references: the `extension` to give the editor, and what the page does with them. The editor
 * view is picked up when the extension mounts, so the component that made the editor need not hand it over.
 */
export class EventReferences {
  readonly extension: Extension;
  #view: EditorView | null = null;

  constructor(options: EventReferencesOptions) {
    const matcher = new MatchDecorator({
      regexp: eventReferencePattern(),
      decoration: (match) => {
        const eventId = match[1] ?? '';
        return Decoration.replace({ widget: new EventChipWidget(eventId, options.resolve(eventId), options.onOpen) });
      },
    });
    const attach = (view: EditorView) => {
      this.#view = view;
    };
    const detach = (view: EditorView) => {
      if (this.#view === view) this.#view = null;
    };
    const plugin = ViewPlugin.fromClass(
      class {
        decorations: DecorationSet;
        readonly view: EditorView;

        constructor(view: EditorView) {
          this.view = view;
          this.decorations = matcher.createDeco(view);
          attach(view);
        }

        update(update: ViewUpdate) {
          const refreshed = update.transactions.some((tr) => tr.effects.some((effect) => effect.is(refreshEffect)));
          this.decorations = refreshed ? matcher.createDeco(update.view) : matcher.updateDeco(update, this.decorations);
        }

        destroy() {
          detach(this.view);
        }
      },
      {
        decorations: (instance) => instance.decorations,
        // The caret and selections step over a whole token, and deleting next to one removes all of it: half a
        // token would turn the chip back into brackets.
        provide: (self) => EditorView.atomicRanges.of((view) => view.plugin(self)?.decorations ?? Decoration.none),
      },
    );
    this.extension = [plugin, theme];
  }

  /** The editor these references live in, while it is mounted. */
  get view(): EditorView | null {
    return this.#view;
  }

  /** Names every chip again: call after the events, or the zone times are shown in, changed. */
  refresh(): void {
    this.#view?.dispatch({ effects: refreshEffect.of(null) });
  }

  /**
   * Puts a reference to the event where the caret was last (replacing a selection), spaced from the words around
   * it, and leaves the caret after it, with the focus back in the text. Goes through the editor, so the change
   * reaches the shared text like typing does and the person's undo takes it back. Returns false without an editor.
   */
  insertReference(eventId: string): boolean {
    const view = this.#view;
    if (!view) return false;
    const { from, to } = view.state.selection.main;
    const before = from > 0 ? view.state.sliceDoc(from - 1, from) : '';
    const after = view.state.sliceDoc(to, to + 1);
    const token = `${before && !/\s|\(/.test(before) ? ' ' : ''}${eventReference(eventId)}`;
    const insert = `${token}${after && !/[\s.,;:!?)]/.test(after) ? ' ' : ''}`;
    view.dispatch({
      changes: { from, to, insert },
      selection: { anchor: from + token.length },
      userEvent: 'input',
      scrollIntoView: true,
    });
    view.focus();
    return true;
  }

  /**
   * Puts text at `from` (the review questions into an empty narrative), through the editor like typing, with the
   * caret at `caret` (an offset into the inserted text; its end by default) and the focus in the text.
   */
  insertText(text: string, { from = 0, caret = text.length }: { from?: number; caret?: number } = {}): boolean {
    const view = this.#view;
    if (!view) return false;
    const at = Math.min(from, view.state.doc.length);
    view.dispatch({
      changes: { from: at, insert: text },
      selection: { anchor: at + Math.min(caret, text.length) },
      userEvent: 'input',
      scrollIntoView: true,
    });
    view.focus();
    return true;
  }
}
