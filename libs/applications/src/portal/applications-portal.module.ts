import { Module } from '@nestjs/common';
import { CoeModule } from '@app/coe';
import { ApplicationsModule } from '../applications.module';
import { StatusController } from './status.controller';

/** The portal's application pages (申請状況確認); storage and scanner come from ApplicationsModule. */
@Module({
  imports: [ApplicationsModule, CoeModule],
  controllers: [StatusController],
})
export class ApplicationsPortalModule {}
