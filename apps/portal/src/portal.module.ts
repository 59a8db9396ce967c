import { DynamicModule, Module } from '@nestjs/common';
import { AnnouncementsController, AnnouncementsModule } from '@app/announcements';
import { AppConfig, HealthController, PagesController, PlatformModule } from '@app/platform';

@Module({})
export class PortalModule {
  static register(config: AppConfig): DynamicModule {
    return {
      module: PortalModule,
      imports: [PlatformModule.forRoot({ config }), AnnouncementsModule],
      controllers: [HealthController, PagesController, AnnouncementsController],
    };
  }
}
