import 'reflect-metadata';
import { startWebApp } from '@app/platform';
import { configurePortal } from './portal.app';
import { PortalModule } from './portal.module';

startWebApp({
  name: 'portal',
  module: (config) => PortalModule.register(config),
  configure: configurePortal,
  port: (config) => config.portalPort,
  baseUrl: (config) => config.portalBaseUrl,
});
