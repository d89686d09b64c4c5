import { DynamicModule, Global, Injectable, Module, OnApplicationShutdown } from '@nestjs/common';
import { outboundAddressPolicy } from '../http/address-policy';
import { OutboundHttpClient } from '../http/outbound/outbound-http-client';
import { Environment } from './environment';

/** The process's outbound HTTP client for pushes, deliveries and OIDC (status fetches: StatusFetcher). */
@Injectable()
class ProcessOutboundHttpClient extends OutboundHttpClient implements OnApplicationShutdown {
  constructor(environment: Environment) {
    super(outboundAddressPolicy(environment));
  }

  onApplicationShutdown(): void {
    this.close();
  }
}

/**
 * Makes the validated Environment injectable everywhere (`constructor(private env: Environment)`),
 * and the one OutboundHttpClient configured from it.
 */
@Global()
@Module({})
export class ConfigModule {
  static forRoot(environment: Environment): DynamicModule {
    return {
      module: ConfigModule,
      providers: [
        { provide: Environment, useValue: environment },
        { provide: OutboundHttpClient, useClass: ProcessOutboundHttpClient },
      ],
      exports: [Environment, OutboundHttpClient],
    };
  }
}
