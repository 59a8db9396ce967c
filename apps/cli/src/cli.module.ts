import { DynamicModule, Module } from '@nestjs/common';
import { AccountsModule } from '@app/accounts';
import { ApplicationsRetentionModule } from '@app/applications';
import { AnnouncementsModule } from '@app/announcements';
import { CoeModule } from '@app/coe';
import { MailModule } from '@app/mail';
import { OfficersModule } from '@app/officers';
import { AppConfig, Clock, PlatformModule } from '@app/platform';

/** What operator commands need: the platform and the feature services, no HTTP. */
@Module({})
export class CliModule {
  static register(config: AppConfig, clock?: Clock): DynamicModule {
    return {
      module: CliModule,
      imports: [
        PlatformModule.forRoot({ config, poolSize: 4, clock }),
        MailModule,
        AnnouncementsModule,
        AccountsModule,
        OfficersModule,
        CoeModule,
        ApplicationsRetentionModule,
      ],
    };
  }
}
