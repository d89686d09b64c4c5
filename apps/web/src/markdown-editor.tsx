import { markdown } from '@codemirror/lang-markdown';
import { EditorState } from '@codemirror/state';
import { EditorView } from '@codemirror/view';
import { basicSetup } from 'codemirror';
import { useEffect, useRef } from 'react';

/**
 * A CodeMirror 6 Markdown editor. Uncontrolled: it starts from `initial` and reports every change;
 * give it a new React `key` to load other text (another section, a merge choice).
 *
 * The strict CSP (`style-src 'self'`, no nonce) forbids the <style> element CodeMirror adds to a
 * document's head. Mounted in a shadow root, CodeMirror (style-mod) uses a constructed stylesheet
 * (`adoptedStyleSheets`) instead, which the CSP does not restrict; element styles it sets go
 * through the CSSOM (`style.cssText`), which is allowed too.
 */
const theme = EditorView.theme({
  '&': { border: '1px solid #8a94a6', borderRadius: '4px', backgroundColor: '#fff' },
  '&.cm-focused': { outline: '3px solid #1d4ed8', outlineOffset: '1px' },
  '.cm-scroller': { minHeight: '16rem', maxHeight: '32rem', fontSize: '0.95rem' },
  '.cm-content': { fontFamily: 'ui-monospace, SFMono-Regular, Menlo, monospace' },
});

export function MarkdownEditor({
  initial,
  label,
  readOnly,
  onChange,
}: {
  initial: string;
  label: string;
  readOnly?: boolean;
  onChange: (text: string) => void;
}) {
  const host = useRef<HTMLDivElement>(null);
  const onChangeRef = useRef(onChange);
  onChangeRef.current = onChange;

  useEffect(() => {
    const element = host.current!;
    const shadow = element.shadowRoot ?? element.attachShadow({ mode: 'open' });
    const parent = document.createElement('div');
    shadow.replaceChildren(parent);
    const view = new EditorView({
      root: shadow,
      parent,
      state: EditorState.create({
        doc: initial,
        extensions: [
          basicSetup,
          theme,
          markdown(),
          EditorView.lineWrapping,
          EditorState.readOnly.of(Boolean(readOnly)),
          EditorView.editable.of(!readOnly),
          EditorView.contentAttributes.of({ 'aria-label': label, 'aria-multiline': 'true' }),
          EditorView.updateListener.of((update) => {
            if (update.docChanged) onChangeRef.current(update.state.doc.toString());
          }),
        ],
      }),
    });
    return () => view.destroy();
    // The editor is created once per mount; callers remount it with a new key for new text.
  }, []);

  return <div className="markdown-editor" ref={host} />;
}
