import { useEffect, useMemo, useState } from 'react';

type MarkdownLib = typeof import('@rca/markdown');

// The shared renderer (markdown-it + sanitize-html) is a chunk of its own, loaded once on first
// use; until it arrives the text is shown as typed.
let loaded: MarkdownLib | undefined;
let loading: Promise<MarkdownLib> | undefined;

function useMarkdownLib(): MarkdownLib | undefined {
  const [lib, setLib] = useState(loaded);
  useEffect(() => {
    if (lib) return;
    let active = true;
    loading ??= import('@rca/markdown');
    void loading.then((module) => {
      loaded = module;
      if (active) setLib(module);
    });
    return () => {
      active = false;
    };
  }, [lib]);
  return lib;
}

/**
 * Markdown rendered by `@rca/markdown`, the configuration the preview and the exports use, so
 * `**bold**` reads bold on the incident page too. Raw HTML in the text stays text.
 */
export function MarkdownView({ source, className }: { source: string; className?: string }) {
  const lib = useMarkdownLib();
  const html = useMemo(
    () => (lib ? lib.renderMarkdown(source, { headingIdPrefix: 'md-incident-' }) : undefined),
    [lib, source],
  );
  if (html === undefined) return <p className={className}>{source}</p>;
  return (
    <div className={`markdown ${className ?? ''}`} dangerouslySetInnerHTML={{ __html: html }} />
  );
}
