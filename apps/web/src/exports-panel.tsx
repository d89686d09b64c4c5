// Moved to features/exports; kept for the postmortem page's import.
export { ExportsPanel } from './features/exports/exports-panel';
