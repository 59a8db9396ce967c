import { DynamicModule, Module } from '@nestjs/common';
import { ScheduleModule } from '@nestjs/schedule';
import { ApplicationsRetentionModule } from '@app/applications';
import { CoeModule } from '@app/coe';
import { MailModule } from '@app/mail';
import { AppConfig, HealthController, PlatformModule } from '@app/platform';
import { MailPoller } from './mail-poller';
import { MetricsController } from './metrics.controller';
import { ReminderPoller } from './reminder-poller';
import { RetentionJob } from './retention-job';

@Module({})
export class WorkerModule {
  static register(config: AppConfig): DynamicModule {
    return {
      module: WorkerModule,
      imports: [
        PlatformModule.forRoot({ config }),
        ScheduleModule.forRoot(),
        MailModule,
        CoeModule,
        ApplicationsRetentionModule,
      ],
      controllers: [HealthController, MetricsController],
      providers: [MailPoller, ReminderPoller, RetentionJob],
    };
  }
}
