export * from './vendor-incident.entity';
export * from './vendor-incident-update.entity';
export * from './vendor-incident-component.entity';
export * from './vendor-incident-component-status.entity';
export * from './vendor-incident.repository';
export * from './vendor-incidents.module';
export * from './vendor-incident.dto';
