import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const root = fileURLToPath(new URL('.', import.meta.url));
// Shared, browser-safe libraries (the one Markdown configuration lives in libs/markdown).
const markdownLib = fileURLToPath(new URL('../../libs/markdown/src/index.ts', import.meta.url));

export default defineConfig({
  root,
  resolve: { alias: { '@rca/markdown': markdownLib } },
  build: { outDir: 'dist', emptyOutDir: true, sourcemap: true },
  oxc: { jsx: { runtime: 'automatic' } },
  server: { proxy: { '/api': 'http://127.0.0.1:3000' } },
});
