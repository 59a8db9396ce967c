import 'reflect-metadata';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { NestFactory } from '@nestjs/core';
import { closeOnSignals, configOrExit, logLevels, main } from '@app/platform';
import { WorkerModule } from './worker.module';

main('worker', async () => {
  const config = configOrExit();
  const app = await NestFactory.create(WorkerModule.register(config), { logger: logLevels(config) });
  closeOnSignals(app, 'worker');
  // The worker serves only /healthz, for process supervisors.
  await app.listen(config.workerPort, '127.0.0.1');
  // WORKER_PORT=0 run on its own: the port the system gave.
  const { port } = (app.getHttpServer() as Server).address() as AddressInfo;
  process.stdout.write(`worker running (health on http://127.0.0.1:${port}/healthz)\n`);
});
