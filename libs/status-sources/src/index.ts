export * from './parsers';
