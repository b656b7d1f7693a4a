/**
 * Blameless-language hints in a CodeMirror editor: each phrase the model's rules find is underlined in amber where it
 * is written, hovering it shows why the phrasing matters and a question to ask instead, and a line under the text
 * sums the hints up. That line is also the text box's accessible description, and when the caret is inside a hint it
 * shows that hint's note and question: the keyboard's way to what the mouse gets from hovering.
 *
 * Hints are suggestions: nothing here stops or changes typing.
 */
import { RangeSetBuilder, type Extension } from '@codemirror/state';
import {
  Decoration,
  EditorView,
  ViewPlugin,
  hoverTooltip,
  tooltips,
  type DecorationSet,
  type ViewUpdate,
} from '@codemirror/view';
import { BLAMELESS_CATEGORIES, type BlamelessCategory, type BlamelessHint } from '@parallax/model';
import { CATEGORY_LABELS, hintsSummary } from '../blameless/labels.ts';
import { WHOLE_DOC_LIMIT, hintAt, scanDocument } from '../blameless/scan.ts';

const MARKS = new Map<BlamelessCategory, Decoration>(
  BLAMELESS_CATEGORIES.map((category) => [
    category,
    Decoration.mark({ class: 'cm-blameless-hint', attributes: { 'data-category': category } }),
  ]),
);

let summaries = 0;
const summaryIds = new WeakMap<EditorView, string>();

/** The id of the line under this editor that describes its hints (aria-describedby of the text box). */
function summaryId(view: EditorView): string {
  let id = summaryIds.get(view);
  if (!id) summaryIds.set(view, (id = `cm-blameless-summary-${++summaries}`));
  return id;
}

function element<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  className: string,
  text = '',
): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text) node.textContent = text;
  return node;
}

class BlamelessMarks {
  hints: readonly BlamelessHint[] = [];
  decorations: DecorationSet = Decoration.none;
  readonly #summary: HTMLElement;
  /** What the summary shows now, so an unchanged line is not rewritten on every caret move. */
  #shown = '';

  constructor(view: EditorView) {
    this.#summary = element('div', 'cm-blameless-summary');
    this.#summary.id = summaryId(view);
    this.#summary.hidden = true;
    view.dom.appendChild(this.#summary);
    this.#compute(view);
    this.#render(view);
  }

  update(update: ViewUpdate): void {
    // Only a change of the text can change the hints; a long text is scanned around what is on screen, so there
    // scrolling counts too.
    const long = update.state.doc.length >= WHOLE_DOC_LIMIT;
    if (update.docChanged || (long && update.viewportChanged)) this.#compute(update.view);
    if (update.docChanged || update.selectionSet || update.focusChanged || (long && update.viewportChanged)) {
      this.#render(update.view);
    }
  }

  destroy(): void {
    this.#summary.remove();
  }

  #compute(view: EditorView): void {
    this.hints = scanDocument(view.state.doc, view.visibleRanges);
    const builder = new RangeSetBuilder<Decoration>();
    for (const hint of this.hints) {
      const mark = MARKS.get(hint.category);
      if (mark) builder.add(hint.start, hint.end, mark);
    }
    this.decorations = builder.finish();
  }

  #render(view: EditorView): void {
    const selection = view.state.selection.main;
    // The caret at the end of a phrase is where typing leaves it: detail only when someone moved into it.
    const current = view.hasFocus && selection.empty ? hintAt(this.hints, selection.head, 1) : undefined;
    const key = current ? `at:${current.start}:${current.phrase}` : hintsSummary(this.hints);
    if (key === this.#shown) return;
    this.#shown = key;
    const summary = this.#summary;
    summary.replaceChildren();
    summary.hidden = this.hints.length === 0;
    if (current) {
      summary.append(
        element('span', 'cm-blameless-flag', CATEGORY_LABELS[current.category]),
        ` “${current.phrase}”: ${current.note} `,
        element('strong', '', 'Try asking:'),
        ` ${current.question}`,
      );
    } else if (this.hints.length > 0) {
      summary.append(
        element('span', 'cm-blameless-flag', 'Hint'),
        ` ${key} `,
        element(
          'span',
          'cm-blameless-help',
          view.state.readOnly
            ? 'Hover an underlined phrase for a question to ask.'
            : 'Hover an underlined phrase, or move the caret into it, for a question to ask.',
        ),
      );
    }
  }
}

const blamelessPlugin = ViewPlugin.fromClass(BlamelessMarks, { decorations: (plugin) => plugin.decorations });

function tooltipContent(hint: BlamelessHint): HTMLElement {
  const dom = element('div', 'cm-blameless-tooltip');
  dom.dataset.category = hint.category;
  const title = element('p', 'cm-blameless-tooltip-title');
  title.append(element('span', 'cm-blameless-flag', CATEGORY_LABELS[hint.category]), ` “${hint.phrase}”`);
  const question = element('p', 'cm-blameless-question');
  question.append(element('strong', '', 'Try asking:'), ` ${hint.question}`);
  dom.append(title, element('p', 'cm-blameless-note', hint.note), question);
  return dom;
}

const hintTooltip = hoverTooltip(
  (view, pos, side) => {
    const hint = hintAt(view.plugin(blamelessPlugin)?.hints ?? [], pos, side);
    if (!hint) return null;
    return { pos: hint.start, end: hint.end, above: true, create: () => ({ dom: tooltipContent(hint) }) };
  },
  { hideOnChange: true, hoverTime: 250 },
);

const theme = EditorView.theme({
  '.cm-blameless-hint': {
    textDecorationLine: 'underline',
    textDecorationStyle: 'wavy',
    textDecorationColor: 'var(--news)',
    textDecorationSkipInk: 'none',
    textUnderlineOffset: '3px',
  },
  '.cm-blameless-hint:hover': { backgroundColor: 'var(--news-soft)', borderRadius: '2px' },
  '.cm-tooltip.cm-tooltip-hover': {
    maxWidth: 'min(360px, calc(100vw - 24px))',
    border: '1px solid var(--border-strong)',
    borderRadius: 'var(--radius-sm)',
    backgroundColor: 'var(--surface)',
    color: 'var(--text)',
    boxShadow: 'var(--shadow)',
  },
  '.cm-tooltip .cm-tooltip-arrow:before': { borderTopColor: 'var(--border-strong)' },
  '.cm-tooltip .cm-tooltip-arrow:after': { borderTopColor: 'var(--surface)' },
  '.cm-blameless-tooltip': {
    padding: '8px 10px',
    fontFamily: 'var(--font)',
    fontSize: '0.85rem',
    lineHeight: '1.45',
  },
  '.cm-blameless-tooltip p': { margin: '0' },
  '.cm-blameless-tooltip p + p': { marginTop: '4px' },
  '.cm-blameless-tooltip-title': { fontWeight: '600' },
  '.cm-blameless-note': { color: 'var(--text-muted)' },
  '.cm-blameless-flag': {
    display: 'inline-block',
    padding: '0 6px',
    borderRadius: '4px',
    fontSize: '0.72rem',
    fontWeight: '700',
    letterSpacing: '0.03em',
    textTransform: 'uppercase',
    color: 'var(--news-text)',
    backgroundColor: 'var(--news-soft)',
  },
  '.cm-blameless-summary': {
    padding: '4px 8px 5px',
    borderTop: '1px dashed var(--border)',
    fontFamily: 'var(--font)',
    fontSize: '0.78rem',
    lineHeight: '1.45',
    color: 'var(--text-muted)',
  },
  '.cm-blameless-summary strong': { color: 'var(--text)' },
  '.cm-blameless-help': { color: 'var(--text-faint)' },
});

/** Marks, tooltip, summary line and its link to the text box, as one extension. */
export function blamelessMarks(): Extension {
  return [
    blamelessPlugin,
    hintTooltip,
    // In the page's body: timeline cards are positioned (and transformed) inside the virtual list, whose sticky
    // toolbar would otherwise cover a tooltip shown above the first lines.
    tooltips({ parent: document.body }),
    theme,
    EditorView.contentAttributes.of((view) => ({ 'aria-describedby': summaryId(view) })),
  ];
}
