export * from './service.entity';
export * from './vendor.entity';
export * from './vendor-component.entity';
export * from './dependency.entity';
