/**
 * The editor: CodeMirror 6 with TypeScript highlighting, and the checker's diagnostics shown in
 * place (underlines, gutter markers, hover) at the line and column the checker gave.
 */
import { javascript } from "@codemirror/lang-javascript";
import { lintGutter, setDiagnostics, type Diagnostic as CmDiagnostic } from "@codemirror/lint";
import { EditorSelection } from "@codemirror/state";
import { EditorView, basicSetup } from "codemirror";
import type { Diagnostic } from "../../extensions/diagnostics.js";

export interface Editor {
  readonly view: EditorView;
  text(): string;
  setText(text: string): void;
  showDiagnostics(errors: readonly Diagnostic[], warnings: readonly Diagnostic[]): void;
  goTo(line: number, column: number): void;
}

export function createEditor(parent: HTMLElement, onChange: () => void): Editor {
  const view = new EditorView({
    parent,
    extensions: [
      basicSetup,
      javascript({ typescript: true }),
      lintGutter(),
      EditorView.updateListener.of((u) => {
        if (u.docChanged) onChange();
      }),
      EditorView.contentAttributes.of({ "aria-label": "extension source (TypeScript)" }),
    ],
  });

  /** A 1-based line and UTF-16 column (as the checker counts) to a document offset, clamped. */
  const offset = (line: number, column: number): number => {
    const doc = view.state.doc;
    const l = doc.line(Math.min(Math.max(1, line), doc.lines));
    return Math.min(l.from + Math.max(0, column - 1), l.to);
  };

  const toCm = (d: Diagnostic, severity: "error" | "warning"): CmDiagnostic => {
    const from = offset(d.line, d.column);
    const word = view.state.wordAt(from);
    const to = word !== null && word.from === from ? word.to : Math.min(from + 1, view.state.doc.lineAt(from).to);
    return { from, to: Math.max(to, from), severity, source: d.code, message: `${d.code}: ${d.message}` };
  };

  return {
    view,
    text: () => view.state.doc.toString(),
    setText(text) {
      view.dispatch({
        changes: { from: 0, to: view.state.doc.length, insert: text },
        selection: EditorSelection.cursor(0),
      });
    },
    showDiagnostics(errors, warnings) {
      view.dispatch(
        setDiagnostics(view.state, [
          ...errors.map((d) => toCm(d, "error")),
          ...warnings.map((d) => toCm(d, "warning")),
        ]),
      );
    },
    goTo(line, column) {
      const at = offset(line, column);
      view.dispatch({ selection: EditorSelection.cursor(at), effects: EditorView.scrollIntoView(at, { y: "center" }) });
      view.focus();
    },
  };
}
