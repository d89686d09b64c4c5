export * from './notification-channel.entity';
export * from './notification-delivery.entity';
export * from './channel-senders';
export * from './notification.repository';
export * from './notification.service';
export * from './notifications.module';
