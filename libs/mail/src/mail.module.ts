import { Module } from '@nestjs/common';
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
export class MailModule {}
