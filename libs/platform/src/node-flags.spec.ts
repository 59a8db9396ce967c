import { readFileSync } from 'node:fs';
import { projectPath } from './paths';
import { APP_NODE_FLAGS } from './node-flags';

describe('APP_NODE_FLAGS', () => {
  it('are the flags `npm run start:<app>` gives node too', () => {
    const scripts = (
      JSON.parse(readFileSync(projectPath('package.json'), 'utf8')) as { scripts: Record<string, string> }
    ).scripts;
    for (const app of ['portal', 'office', 'worker']) {
      expect(scripts[`start:${app}`]).toBe(`exec node ${APP_NODE_FLAGS.join(' ')} scripts/run.js ${app}`);
    }
  });
});
