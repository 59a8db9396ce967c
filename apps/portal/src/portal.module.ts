import { DynamicModule, Module } from '@nestjs/common';
import { ApplicationsModule, FilingController } from '@app/applications';
import { AccountsModule, RecoveryController, RegistrationController } from '@app/accounts';
import { AnnouncementsController, AnnouncementsModule } from '@app/announcements';
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
        ApplicationsModule,
      ],
      controllers: [
        // Before any /applications/:number route: its literal paths (new, drafts, submitted) must match first.
        FilingController,
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
