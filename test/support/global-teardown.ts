interface Stoppable {
  stop(): Promise<void>;
}

export default async function globalTeardown(): Promise<void> {
  const servers = (globalThis as Record<string, unknown>).__roTestServers as
    { pg: Stoppable; mail: Stoppable } | undefined;
  await servers?.mail.stop();
  await servers?.pg.stop();
}
