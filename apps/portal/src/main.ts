import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { closeOnSignals, configOrExit, logLevels, main } from '@app/platform';
import { configurePortal } from './portal.app';
import { PortalModule } from './portal.module';

main('portal', async () => {
  const config = configOrExit();
  const app = await NestFactory.create<NestExpressApplication>(PortalModule.register(config), {
    bodyParser: false,
    logger: logLevels(config),
  });
  configurePortal(app);
  closeOnSignals(app, 'portal');
  await app.listen(config.portalPort);
  process.stdout.write(`portal listening on ${config.portalBaseUrl}\n`);
});
