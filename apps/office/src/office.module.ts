import { DynamicModule, Module } from '@nestjs/common';
import { AppConfig, HealthController, PagesController, PlatformModule } from '@app/platform';
import { OfficeHomeController } from './office-home.controller';

@Module({})
export class OfficeModule {
  static register(config: AppConfig): DynamicModule {
    return {
      module: OfficeModule,
      imports: [PlatformModule.forRoot({ config })],
      controllers: [HealthController, PagesController, OfficeHomeController],
    };
  }
}
