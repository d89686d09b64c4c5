export * from './parsers';
export * from './http';
