/**
 * A light reading aid for the narrative's Markdown source: headings are set as headings, a line in italics (the
 * review questions' prompts) is quiet, quotes are indented. The source stays visible and editable as typed (the
 * `##` and underscores remain), so what people write is exactly what the export prints.
 */
import { RangeSetBuilder, type Extension } from '@codemirror/state';
import { Decoration, EditorView, ViewPlugin, type DecorationSet, type ViewUpdate } from '@codemirror/view';

const HEADING = /^(#{1,6})\s+\S/;
const EMPHASIS_LINE = /^\s*([_*])(?!\1)\S.*\S?\1\s*$/;
const QUOTE = /^\s*>\s?/;

/** The class a line of Markdown source gets, or null for plain prose. */
export function markdownLineClass(line: string): string | null {
  const heading = HEADING.exec(line);
  if (heading) return `cm-md-heading cm-md-h${Math.min(heading[1]?.length ?? 1, 3)}`;
  if (EMPHASIS_LINE.test(line)) return 'cm-md-emphasis';
  if (QUOTE.test(line)) return 'cm-md-quote';
  return null;
}

function decorate(view: EditorView): DecorationSet {
  const builder = new RangeSetBuilder<Decoration>();
  for (const { from, to } of view.visibleRanges) {
    for (let pos = from; pos <= to;) {
      const line = view.state.doc.lineAt(pos);
      const className = markdownLineClass(line.text);
      if (className) builder.add(line.from, line.from, Decoration.line({ class: className }));
      pos = line.to + 1;
    }
  }
  return builder.finish();
}

const plugin = ViewPlugin.fromClass(
  class {
    decorations: DecorationSet;

    constructor(view: EditorView) {
      this.decorations = decorate(view);
    }

    update(update: ViewUpdate) {
      if (update.docChanged || update.viewportChanged) this.decorations = decorate(update.view);
    }
  },
  { decorations: (instance) => instance.decorations },
);

const theme = EditorView.baseTheme({
  '.cm-md-heading': { fontWeight: '700', letterSpacing: '-0.01em', color: 'var(--text)' },
  '.cm-md-h1': { fontSize: '1.45em', paddingTop: '0.5em' },
  '.cm-md-h2': { fontSize: '1.2em', paddingTop: '0.6em' },
  '.cm-md-h3': { fontSize: '1.05em', paddingTop: '0.4em' },
  '.cm-md-emphasis': { fontStyle: 'italic', color: 'var(--text-muted)' },
  '.cm-md-quote': {
    color: 'var(--text-muted)',
    borderLeft: '3px solid var(--border-strong)',
  },
});

export const markdownLines: Extension = [plugin, theme];
