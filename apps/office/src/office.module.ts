import { DynamicModule, Module } from '@nestjs/common';
import { AccountsModule, OfficeUsersController } from '@app/accounts';
import { AnnouncementsModule, OfficeAnnouncementsController } from '@app/announcements';
import {
  ApplicationsApiController,
  ApplicationsModule,
  OfficeApplicationsController,
  OfficeApplicationViews,
} from '@app/applications';
import { AuditModule } from '@app/audit';
import { CoeApiController, CoeModule, OfficeCoeController, OfficeCoeCsvController } from '@app/coe';
import { OfficerLoginController, OfficerLogoutController, OfficersModule } from '@app/officers';
import { AppConfig, HealthController, PagesController, PlatformModule } from '@app/platform';
import { SessionModule } from '@app/session';
import { ApiDocsController } from './api/api-docs.controller';
import { AuditLogController } from './audit-log/audit-log.controller';
import { OfficeHomeController } from './office-home.controller';

@Module({})
export class OfficeModule {
  static register(config: AppConfig): DynamicModule {
    return {
      module: OfficeModule,
      imports: [
        PlatformModule.forRoot({ config }),
        SessionModule,
        OfficersModule,
        CoeModule,
        AccountsModule,
        AnnouncementsModule,
        AuditModule,
        ApplicationsModule,
      ],
      providers: [OfficeApplicationViews],
      controllers: [
        HealthController,
        PagesController,
        OfficerLoginController,
        OfficerLogoutController,
        OfficeHomeController,
        OfficeCoeCsvController,
        OfficeCoeController,
        CoeApiController,
        ApplicationsApiController,
        ApiDocsController,
        OfficeUsersController,
        OfficeAnnouncementsController,
        AuditLogController,
        OfficeApplicationsController,
      ],
    };
  }
}
