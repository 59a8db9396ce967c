import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { closeOnSignals, configOrExit, logLevels, main } from '@app/platform';
import { configureOffice } from './office.app';
import { OfficeModule } from './office.module';

main('office', async () => {
  const config = configOrExit();
  const app = await NestFactory.create<NestExpressApplication>(OfficeModule.register(config), {
    bodyParser: false,
    logger: logLevels(config),
  });
  configureOffice(app);
  closeOnSignals(app, 'office');
  await app.listen(config.officePort);
  process.stdout.write(`office listening on ${config.officeBaseUrl}\n`);
});
