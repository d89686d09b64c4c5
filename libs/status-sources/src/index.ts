export * from './parsers';
export * from './http';
export * from './status-source.entity';
