import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { MailDispatcher } from './mail-dispatcher';
import { MailExtensions } from './mail-extensions';
import { MailService } from './mail.service';
import { OutboxMail } from './outbox.entity';

@Module({
  imports: [TypeOrmModule.forFeature([OutboxMail])],
  providers: [MailService, MailDispatcher, MailExtensions],
  exports: [MailService, MailDispatcher, MailExtensions],
})
export class MailModule {}
