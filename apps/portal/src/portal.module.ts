import { DynamicModule, Module } from '@nestjs/common';
import { RecoveryController, RegistrationController } from '@app/accounts';
import { AnnouncementsController, AnnouncementsModule } from '@app/announcements';
import { CoeModule, ReceiptsController, VerifyController } from '@app/coe';
import { AuthModule, LoginController, SessionController } from '@app/auth';
import { MyPageController, MyPageModule } from '@app/mypage';
import { AppConfig, HealthController, PagesController, PlatformModule } from '@app/platform';

@Module({})
export class PortalModule {
  static register(config: AppConfig): DynamicModule {
    return {
      module: PortalModule,
      imports: [PlatformModule.forRoot({ config }), AnnouncementsModule, AuthModule, MyPageModule, CoeModule],
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
      ],
    };
  }
}
