import { Module, OnModuleInit } from '@nestjs/common';
import { Retention } from '@app/platform';
import { TypeOrmModule } from '@nestjs/typeorm';
import { MailDispatcher } from './mail-dispatcher';
import { MailExtensions } from './mail-extensions';
import { MailService } from './mail.service';
import { OutboxMail } from './outbox.entity';
import { OutboxRepository } from './outbox.repository';

@Module({
  imports: [TypeOrmModule.forFeature([OutboxMail])],
  providers: [OutboxRepository, MailService, MailDispatcher, MailExtensions],
  exports: [MailService, MailDispatcher, MailExtensions],
})
export class MailModule implements OnModuleInit {
  constructor(
    private readonly retention: Retention,
    private readonly mail: MailService,
  ) {}

  /** Old sent mails lose their text in the retention job. */
  onModuleInit(): void {
    this.retention.register({ table: 'mail_outbox', purge: (now, limit) => this.mail.purgeOldBodies(now, limit) });
  }
}
