import { existsSync, readFileSync } from 'node:fs';
import Handlebars from 'handlebars';
import { i18n, Language, projectPath, registerHelpers } from '@app/platform';

export interface RenderedMail {
  subject: string;
  text: string;
  html: string;
}

/** Where template `feature/name` lives: libs/<feature>/src/mail-templates/<name>.{html,text}.hbs. */
export function templatePaths(template: string): { html: string; text: string } {
  const match = /^([a-z][a-z0-9-]*)\/([a-z][a-z0-9-]*)$/.exec(template);
  if (!match) throw new Error(`bad mail template name: ${template}`);
  const base = projectPath('libs', match[1], 'src', 'mail-templates', match[2]);
  return { html: `${base}.html.hbs`, text: `${base}.text.hbs` };
}

const layouts = {
  html: projectPath('libs/mail/src/mail-templates/layout.html.hbs'),
  text: projectPath('libs/mail/src/mail-templates/layout.text.hbs'),
};

/**
 * Renders a mail in one language: subject from the `mail:<feature>.<name>.subject` key, an HTML part
 * (escaped) and a text part (not escaped), each inside the shared layout with the agency's footer.
 */
export class MailRenderer {
  private readonly html = Handlebars.create();
  private readonly text = Handlebars.create();
  private readonly cache = new Map<string, Handlebars.TemplateDelegate>();

  /** `decorate` may change the helpers after the shared ones are registered (see BatchRenderer). */
  constructor(
    private readonly portalBaseUrl: string,
    decorate?: (hb: typeof Handlebars) => void,
  ) {
    for (const hb of [this.html, this.text]) {
      registerHelpers(hb);
      decorate?.(hb);
    }
  }

  private compile(kind: 'html' | 'text', file: string): Handlebars.TemplateDelegate {
    const key = `${kind}:${file}`;
    let template = this.cache.get(key);
    if (!template) {
      if (!existsSync(file)) throw new Error(`missing mail template ${file}`);
      const engine = kind === 'html' ? this.html : this.text;
      template = engine.compile(readFileSync(file, 'utf8'), { noEscape: kind === 'text', strict: true });
      this.cache.set(key, template);
    }
    return template;
  }

  render(template: string, lng: Language, data: Record<string, unknown>): RenderedMail {
    const paths = templatePaths(template);
    const key = `mail:${template.replace('/', '.')}.subject`;
    const context = { ...data, lng, portalUrl: this.portalBaseUrl };
    const subject = i18n().t(key, { lng, ...data });
    const part = (kind: 'html' | 'text') =>
      this.compile(kind, layouts[kind])({ ...context, subject, body: this.compile(kind, paths[kind])(context) });
    return { subject, html: part('html'), text: part('text') };
  }
}
