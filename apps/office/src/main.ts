import 'reflect-metadata';
import { startWebApp } from '@app/platform';
import { configureOffice } from './office.app';
import { OfficeModule } from './office.module';

startWebApp({
  name: 'office',
  module: (config) => OfficeModule.register(config),
  configure: configureOffice,
  port: (config) => config.officePort,
  baseUrl: (config) => config.officeBaseUrl,
});
