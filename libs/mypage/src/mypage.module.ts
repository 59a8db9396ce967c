import { Module } from '@nestjs/common';
import { AccountsModule } from '@app/accounts';
import { AuditModule } from '@app/audit';
import { MailModule } from '@app/mail';
import { SessionModule } from '@app/session';
import { MyPageService } from './mypage.service';

@Module({
  imports: [AccountsModule, SessionModule, MailModule, AuditModule],
  providers: [MyPageService],
  exports: [MyPageService],
})
export class MyPageModule {}
