export * from './service.entity';
export * from './vendor.entity';
export * from './vendor-component.entity';
export * from './dependency.entity';
export * from './catalog.dto';
export * from './catalog.repository';
export * from './catalog.service';
export * from './catalog.module';
