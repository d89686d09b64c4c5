// Entry point for TypeORM's CLI (migration:generate, migration:revert). The app itself builds
// its DataSource through DatabaseModule.
import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { buildDataSourceOptions } from './typeorm-options';

const url = process.env.DATABASE_URL;
if (!url) {
  throw new Error(
    'DATABASE_URL must be set for the TypeORM CLI (e.g. postgres://postgres@127.0.0.1:5432/rca)',
  );
}

export default new DataSource(buildDataSourceOptions({ url, poolSize: 2 }));
