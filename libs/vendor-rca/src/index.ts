export * from './vendor-rca-expectation.entity';
export * from './vendor-rca-watch.entity';
export * from './vendor-rca.errors';
export * from './vendor-rca.repository';
export * from './vendor-rca.service';
export * from './vendor-rca.module';
