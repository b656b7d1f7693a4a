/**
 * An event's text as a real collaborative editor: CodeMirror 6 bound to the event's Y.Text with y-codemirror.next.
 * Local edits become Yjs operations at the positions typed (never a rewrite of the whole text), remote edits arrive
 * as CodeMirror changes that map the caret, and other people's carets and selections show with their names and
 * colours (from awareness). Undo goes through the session's Y.UndoManager, so Ctrl+Z undoes only this person's
 * typing, as one history with their other changes.
 */
import { Compartment, EditorState, Prec, type Extension } from '@codemirror/state';
import { EditorView, keymap, placeholder as placeholderText } from '@codemirror/view';
import { standardKeymap } from '@codemirror/commands';
import { yCollab, yUndoManagerKeymap } from 'y-codemirror.next';
import type { WebsocketProvider } from 'y-websocket';
import type * as Y from 'yjs';
import { blamelessMarks } from './blameless-marks.ts';

export interface EventTextEditorOptions {
  ytext: Y.Text;
  awareness: WebsocketProvider['awareness'];
  undoManager: Y.UndoManager;
  editable: boolean;
  /** Accessible name of the text box. */
  label: string;
  placeholder: string;
  /** After the person changed the text (not when someone else did). */
  onLocalChange?: () => void;
  /** Escape, or Ctrl/Cmd+Enter: the person is done with this event. */
  onLeave?: () => void;
  /** More CodeMirror behaviour for this text (event-reference widgets in the narrative, say). */
  extensions?: Extension[];
  /** Underline blameless-language hints with a note and a question to ask (default true). */
  blamelessHints?: boolean;
}

export interface EventTextEditor {
  view: EditorView;
  setEditable(editable: boolean): void;
  destroy(): void;
}

const theme = EditorView.theme({
  '&': { fontSize: 'inherit', color: 'var(--text)', backgroundColor: 'transparent' },
  '&.cm-focused': { outline: 'none' },
  // Visible overflow: other people's name labels sit above their carets, outside the first line.
  '.cm-scroller': { fontFamily: 'inherit', lineHeight: '1.55', overflow: 'visible' },
  '.cm-content': { padding: '6px 0', caretColor: 'var(--text)', minHeight: '1.55em' },
  '.cm-line': { padding: '0 8px' },
  '.cm-placeholder': { color: 'var(--text-faint)' },
  '.cm-cursor': { borderLeftColor: 'var(--text)' },
  // Other people's carets carry their name all the time, not only on hover: in a meeting nobody hovers.
  '.cm-ySelectionInfo': {
    opacity: '1',
    fontFamily: 'var(--font)',
    fontSize: '0.7rem',
    fontWeight: '600',
    padding: '1px 4px',
    borderRadius: '3px 3px 3px 0',
    top: '-1.35em',
  },
  '.cm-ySelectionCaretDot': { display: 'none' },
  '.cm-ySelectionCaret:hover > .cm-ySelectionInfo': { opacity: '1' },
});

function access(editable: boolean): Extension {
  return [EditorState.readOnly.of(!editable), EditorView.editable.of(editable)];
}

export function createEventTextEditor(parent: HTMLElement, options: EventTextEditorOptions): EventTextEditor {
  const editability = new Compartment();
  const leave = () => {
    options.onLeave?.();
    return true;
  };
  const state = EditorState.create({
    doc: options.ytext.toString(),
    extensions: [
      Prec.highest(
        keymap.of([
          { key: 'Escape', run: leave },
          { key: 'Mod-Enter', run: leave },
        ]),
      ),
      keymap.of([...yUndoManagerKeymap, ...standardKeymap]),
      yCollab(options.ytext, options.awareness, { undoManager: options.undoManager }),
      editability.of(access(options.editable)),
      EditorView.lineWrapping,
      EditorView.contentAttributes.of({ 'aria-label': options.label, 'aria-multiline': 'true' }),
      placeholderText(options.placeholder),
      theme,
      options.blamelessHints === false ? [] : blamelessMarks(),
      options.extensions ?? [],
      EditorView.updateListener.of((update) => {
        if (!update.docChanged || !options.onLocalChange) return;
        if (update.transactions.some((tr) => tr.isUserEvent('input') || tr.isUserEvent('delete'))) {
          options.onLocalChange();
        }
      }),
    ],
  });
  const view = new EditorView({ state, parent });
  return {
    view,
    setEditable(editable) {
      view.dispatch({ effects: editability.reconfigure(access(editable)) });
    },
    destroy() {
      view.destroy();
    },
  };
}
