import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const root = fileURLToPath(new URL('.', import.meta.url));
const libs = fileURLToPath(new URL('../../libs', import.meta.url));

export default defineConfig({
  root,
  // Only plain-TypeScript libs (no Node or Nest imports) may be used by the web app; the one
  // Markdown configuration lives in libs/markdown.
  resolve: {
    alias: {
      '@rca/api-contract': `${libs}/api-contract/src/index.ts`,
      '@rca/markdown': `${libs}/markdown/src/index.ts`,
    },
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    sourcemap: true,
    // The postmortem editor chunk (CodeMirror + markdown-it + sanitize-html) is ~1 MB, loaded
    // only on that page.
    chunkSizeWarningLimit: 1100,
    rolldownOptions: {
      // react-router marks its modules "use client" (a server-components hint, meaningless in an SPA).
      onwarn(warning, warn) {
        if (warning.code !== 'MODULE_LEVEL_DIRECTIVE') warn(warning);
      },
    },
  },
  oxc: { jsx: { runtime: 'automatic' } },
  server: {
    proxy: {
      '/api': process.env.API_URL ?? 'http://127.0.0.1:3000',
      '/readyz': process.env.API_URL ?? 'http://127.0.0.1:3000',
    },
  },
});
