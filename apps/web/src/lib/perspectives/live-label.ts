/**
 * An editor's accessible name that can change after it was made: a perspective's texts are named after its person
 * ("Alice: what they saw"), and someone may rename the person while the editors are open. CollabText sets the name
 * once; this extension, passed in its `extensions`, overrides it (highest precedence) and follows `set`.
 */
import { Compartment, Prec, type Extension } from '@codemirror/state';
import { EditorView, ViewPlugin } from '@codemirror/view';

export interface LiveLabel {
  extension: Extension;
  set(label: string): void;
}

function named(label: string): Extension {
  return Prec.highest(EditorView.contentAttributes.of({ 'aria-label': label }));
}

export function liveLabel(initial: string): LiveLabel {
  const compartment = new Compartment();
  const views = new Set<EditorView>();
  let current = initial;
  const rename = (view: EditorView) => view.dispatch({ effects: compartment.reconfigure(named(current)) });
  const tracker = ViewPlugin.define((view) => {
    views.add(view);
    // An editor made again later (its text came back with an undo) starts from the name given first.
    if (current !== initial) {
      queueMicrotask(() => {
        if (views.has(view)) rename(view);
      });
    }
    return { destroy: () => views.delete(view) };
  });
  return {
    extension: [tracker, compartment.of(named(initial))],
    set(label) {
      if (label === current) return;
      current = label;
      for (const view of views) rename(view);
    },
  };
}
