import { Module } from '@nestjs/common';
import { AccountsModule } from '@app/accounts';
import { CoeModule } from '@app/coe';
import { SessionModule } from '@app/session';
import { ApplicationsModule } from '../applications.module';
import { FilingController } from './filing.controller';
import { StatusController } from './status.controller';

/** The portal's application pages (申請状況確認); storage and scanner come from ApplicationsModule. */
@Module({
  imports: [ApplicationsModule, AccountsModule, CoeModule, SessionModule],
  // Filing first: its literal paths (new, drafts, submitted) before /applications/:number (which also
  // passes on anything that is not a 受付番号).
  controllers: [FilingController, StatusController],
})
export class ApplicationsPortalModule {}
