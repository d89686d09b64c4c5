export * from './normalised.model';
export * from './status-parse.error';
export * from './parse-status-payload';
export { toSafeMarkdown } from './html-to-text';
