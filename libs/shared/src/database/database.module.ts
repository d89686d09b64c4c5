import { Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { Environment } from '../config/environment';
import { buildDataSourceOptions } from './typeorm-options';

@Global()
@Module({
  imports: [
    TypeOrmModule.forRootAsync({
      inject: [Environment],
      useFactory: (environment: Environment) => {
        if (!environment.DATABASE_URL) {
          throw new Error(
            'DATABASE_URL is not set; the boot sequence must provide it before Nest starts',
          );
        }
        return {
          ...buildDataSourceOptions({
            url: environment.DATABASE_URL,
            poolSize: environment.DATABASE_POOL_SIZE,
          }),
          // The boot preflight already proved the database answers; fail at once instead of retrying for 27 s.
          retryAttempts: 0,
        };
      },
    }),
  ],
})
export class DatabaseModule {}
