import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import Handlebars from 'handlebars';
import { i18n, plainText } from '../i18n/i18n';
import { DEFAULT_LANGUAGE, isLanguage, Language } from '../i18n/languages';
import { formatDate, formatDateTime, isoJapan } from './format';

type Root = { lng?: string; csrf?: () => string; errors?: Record<string, string[]> };
interface HelperOptions {
  hash: Record<string, unknown>;
  data: { root: Root };
}

const rootLanguage = (options: HelperOptions): Language => {
  const lng = options.data.root.lng;
  return isLanguage(lng) ? lng : DEFAULT_LANGUAGE;
};
const asDate = (v: unknown): Date | undefined =>
  v instanceof Date ? v : typeof v === 'string' || typeof v === 'number' ? new Date(v) : undefined;

/** Helpers every template may use. Output is escaped by Handlebars unless a helper returns SafeString. */
export function registerHelpers(hb: typeof Handlebars): void {
  hb.registerHelper('t', (key: string, options: HelperOptions) => {
    const lng = rootLanguage(options);
    return Object.keys(options.hash).length ? i18n().t(key, { lng, ...options.hash }) : plainText(key, lng);
  });
  hb.registerHelper('eq', (a: unknown, b: unknown) => a === b);
  hb.registerHelper('concat', (...args: unknown[]) => args.slice(0, -1).join(''));
  hb.registerHelper('dateTime', (v: unknown, options: HelperOptions) => {
    const d = asDate(v);
    return d ? formatDateTime(d, rootLanguage(options)) : '';
  });
  hb.registerHelper('date', (v: unknown, options: HelperOptions) => {
    const d = asDate(v);
    return d ? formatDate(d, rootLanguage(options)) : '';
  });
  hb.registerHelper('isoTime', (v: unknown) => {
    const d = asDate(v);
    return d ? isoJapan(d) : '';
  });
  // Field errors next to their field (SPEC: every invalid field is marked, in the page's language).
  hb.registerHelper('fieldErrors', (field: string, options: HelperOptions) => {
    const keys = options.data.root.errors?.[field];
    if (!keys?.length) return '';
    const lng = rootLanguage(options);
    const items = keys.map((k) => `<li>${hb.escapeExpression(i18n().t(k, { lng }))}</li>`).join('');
    return new hb.SafeString(`<ul class="field-errors" id="${hb.escapeExpression(field)}-error">${items}</ul>`);
  });
  hb.registerHelper('invalid', (field: string, options: HelperOptions) =>
    options.data.root.errors?.[field]?.length
      ? new hb.SafeString(` aria-invalid="true" aria-describedby="${hb.escapeExpression(field)}-error"`)
      : '',
  );
  hb.registerHelper('errorList', (options: HelperOptions) => {
    const errors = options.data.root.errors ?? {};
    const lng = rootLanguage(options);
    return Object.entries(errors).flatMap(([field, keys]) =>
      keys.map((k) => ({ field, message: i18n().t(k, { lng }) })),
    );
  });
  // The CSRF token is made only when a page actually has a form, so plain visits create no session.
  hb.registerHelper('csrfToken', (options: HelperOptions) => options.data.root.csrf?.() ?? '');
  hb.registerHelper('csrfInput', (options: HelperOptions) => {
    const token = options.data.root.csrf?.() ?? '';
    return new hb.SafeString(`<input type="hidden" name="_csrf" value="${hb.escapeExpression(token)}">`);
  });
}

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? walk(path) : [path];
  });
}

export interface ViewEngineOptions {
  layoutsDir: string;
  partialsDir: string;
  cache: boolean;
}

export type RenderCallback = (err: Error | null, html?: string) => void;

/**
 * An Express view engine: renders the view, then the layout (`layout` option, default "main") around
 * it as {{{body}}}. Partials come from one folder, named by their path without ".hbs".
 */
export function createViewEngine(opts: ViewEngineOptions) {
  const hb = Handlebars.create();
  registerHelpers(hb);
  const templates = new Map<string, Handlebars.TemplateDelegate>();
  const compile = (file: string): Handlebars.TemplateDelegate => {
    let template = opts.cache ? templates.get(file) : undefined;
    if (!template) {
      template = hb.compile(readFileSync(file, 'utf8'), { strict: false });
      templates.set(file, template);
    }
    return template;
  };
  const loadPartials = (): void => {
    for (const file of walk(opts.partialsDir).filter((f) => f.endsWith('.hbs'))) {
      hb.registerPartial(relative(opts.partialsDir, file).replace(/\.hbs$/, ''), readFileSync(file, 'utf8'));
    }
  };
  loadPartials();

  return (file: string, options: Record<string, unknown>, callback: RenderCallback): void => {
    try {
      if (!opts.cache) loadPartials();
      const body = compile(file)(options);
      const layout =
        options.layout === false ? undefined : typeof options.layout === 'string' ? options.layout : 'main';
      callback(null, layout ? compile(join(opts.layoutsDir, `${layout}.hbs`))({ ...options, body }) : body);
    } catch (e) {
      callback(e as Error);
    }
  };
}
