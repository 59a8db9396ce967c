import { DynamicModule, Module } from '@nestjs/common';
import { AccountsModule, RecoveryController, RegistrationController } from '@app/accounts';
import { AnnouncementsController, AnnouncementsModule } from '@app/announcements';
import { ApplicationsPortalModule } from '@app/applications';
import { CoeModule, ReceiptsController, VerifyController } from '@app/coe';
import { AuthModule, LoginController, SessionController } from '@app/auth';
import { MyPageController, MyPageModule } from '@app/mypage';
import { AuditModule } from '@app/audit';
import { AppConfig, HealthController, PagesController, PlatformModule } from '@app/platform';
import { ProceduresController } from '@app/procedures';
import { SessionModule } from '@app/session';

@Module({})
export class PortalModule {
  static register(config: AppConfig): DynamicModule {
    return {
      module: PortalModule,
      imports: [
        PlatformModule.forRoot({ config }),
        SessionModule,
        AuditModule,
        AccountsModule,
        AnnouncementsModule,
        AuthModule,
        MyPageModule,
        CoeModule,
        // The 申請状況確認 pages; through ApplicationsModule also the receipt hook that writes `receipt_registered`.
        ApplicationsPortalModule,
      ],
      controllers: [
        HealthController,
        PagesController,
        AnnouncementsController,
        RegistrationController,
        RecoveryController,
        LoginController,
        SessionController,
        MyPageController,
        ReceiptsController,
        VerifyController,
        ProceduresController,
      ],
    };
  }
}
