import type { NestExpressApplication } from '@nestjs/platform-express';

export interface Route {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** As registered, with `:param` placeholders. */
  path: string;
}

interface Layer {
  route?: { path: string | string[]; methods: Record<string, boolean> };
  handle?: { stack?: Layer[] };
}

const METHODS = ['get', 'post', 'put', 'patch', 'delete'] as const;

/**
 * Every route the started app answers, read from Express's own router (where Nest registers each
 * controller method), so a controller added later is listed without anyone editing a test.
 */
export function routesOf(app: NestExpressApplication): Route[] {
  const express = app.getHttpAdapter().getInstance() as { router: { stack: Layer[] } };
  const out: Route[] = [];
  const walk = (stack: Layer[]) => {
    for (const layer of stack) {
      if (layer.route) {
        const paths = Array.isArray(layer.route.path) ? layer.route.path : [layer.route.path];
        for (const m of METHODS) {
          if (!layer.route.methods[m]) continue;
          for (const path of paths) out.push({ method: m.toUpperCase() as Route['method'], path });
        }
      } else if (layer.handle?.stack) {
        walk(layer.handle.stack);
      }
    }
  };
  walk(express.router.stack);
  const seen = new Set<string>();
  return out.filter((r) => !seen.has(`${r.method} ${r.path}`) && seen.add(`${r.method} ${r.path}`));
}

export const isUnsafe = (r: Route) => r.method !== 'GET';
export const isApi = (r: Route) => r.path.startsWith('/api/');

/** The path with each `:param` replaced from `params` (a missing one is an error: name it in the test). */
export function fillPath(path: string, params: Record<string, string>): string {
  return path.replace(/:(\w+)/g, (_, name: string) => {
    if (!(name in params)) throw new Error(`no value for :${name} in ${path}: add one to the test's params`);
    return encodeURIComponent(params[name]);
  });
}
