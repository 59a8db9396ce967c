export * from './backoff';
export * from './mail-dispatcher';
export * from './mail-renderer';
export * from './mail-transport';
export * from './mail.module';
export * from './mail.service';
export * from './outbox.entity';
export * from './maildev';
