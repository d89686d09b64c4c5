import * as path from 'node:path';
import { DataSourceOptions } from 'typeorm';
import { SnakeNamingStrategy } from './snake-naming.strategy';

// Works from the TypeScript sources (tests, CLI) and from dist/ alike: both keep the same layout.
const repositoryRoot = path.resolve(__dirname, '../../../..');

export const ENTITY_GLOB = path.join(repositoryRoot, 'libs/*/src/**/*.entity{.ts,.js}');
export const MIGRATION_GLOB = path.join(repositoryRoot, 'migrations/*{.ts,.js}');

export interface DatabaseOptionsInput {
  url: string;
  poolSize?: number;
  applicationName?: string;
}

/** The one place that says how TypeORM talks to Postgres; never `synchronize`. */
export function buildDataSourceOptions(input: DatabaseOptionsInput): DataSourceOptions {
  return {
    type: 'postgres',
    url: input.url,
    entities: [ENTITY_GLOB],
    migrations: [MIGRATION_GLOB],
    migrationsTableName: 'migrations',
    migrationsTransactionMode: 'each',
    namingStrategy: new SnakeNamingStrategy(),
    synchronize: false,
    // uuid keys default to gen_random_uuid() (built into PostgreSQL 13+ and PGlite); no extension to install.
    uuidExtension: 'pgcrypto',
    installExtensions: false,
    migrationsRun: false,
    logging: ['error', 'migration'],
    extra: {
      max: input.poolSize ?? 10,
      connectionTimeoutMillis: 5_000,
      application_name: input.applicationName ?? 'rca-desk',
    },
  };
}
