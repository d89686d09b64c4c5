export * from './document';
export * from './redaction';
export * from './render-markdown';
export * from './render-html';
export * from './render-confluence';
export * from './render-mediawiki';
export * from './exporter';
