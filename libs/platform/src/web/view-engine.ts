import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import Handlebars from 'handlebars';
import { i18n, interpolatedText, plainText } from '../i18n/i18n';
import { DEFAULT_LANGUAGE, isLanguage, Language } from '../i18n/languages';
import { formatDate, formatDateHour, formatDateTime, isoJapan } from './format';

type Root = { lng?: string; csrf?: () => string; errors?: Record<string, string[]> };
interface HelperOptions {
  hash: Record<string, unknown>;
  data: { root: Root };
}

const rootLanguage = (options: HelperOptions): Language => {
  const lng = options.data.root.lng;
  return isLanguage(lng) ? lng : DEFAULT_LANGUAGE;
};
const isEmpty = (hash: Record<string, unknown>): boolean => {
  for (const _ in hash) return false;
  return true;
};
const inError = (field: string, options: HelperOptions): boolean => !!options.data.root.errors?.[field]?.length;
const asDate = (v: unknown): Date | undefined =>
  v instanceof Date ? v : typeof v === 'string' || typeof v === 'number' ? new Date(v) : undefined;

// A label glued to its value: Japanese and Chinese take the full-width colon with no space after it
// (「利用者ID：…」), the other languages ": " (Korean too, as its orthography writes the colon).
const LABEL_COLON: Record<Language, string> = {
  ja: '：',
  'zh-Hans': '：',
  'zh-Hant': '：',
  ko: ': ',
  en: ': ',
  es: ': ',
  vi: ': ',
  tl: ': ',
};

/** Helpers every template may use. Output is escaped by Handlebars unless a helper returns SafeString. */
export function registerHelpers(hb: typeof Handlebars): void {
  hb.registerHelper('t', (key: string, options: HelperOptions) => {
    const lng = rootLanguage(options);
    return isEmpty(options.hash) ? plainText(key, lng) : interpolatedText(key, lng, options.hash);
  });
  hb.registerHelper('label', (key: string, options: HelperOptions) => {
    const lng = rootLanguage(options);
    return plainText(key, lng) + LABEL_COLON[lng];
  });
  hb.registerHelper('eq', (a: unknown, b: unknown) => a === b);
  hb.registerHelper('concat', (...args: unknown[]) => args.slice(0, -1).join(''));
  // `zone=true` labels a lone time as Japan time beside it ("…（日本時間）"); a table says so once instead.
  const zoned = (text: string, options: HelperOptions, lng: Language): string =>
    options.hash.zone === true ? interpolatedText('time.zoned', lng, { time: text }) : text;
  hb.registerHelper('dateTime', (v: unknown, options: HelperOptions) => {
    const d = asDate(v);
    const lng = rootLanguage(options);
    return d ? zoned(formatDateTime(d, lng), options, lng) : '';
  });
  hb.registerHelper('dateHour', (v: unknown, options: HelperOptions) => {
    const d = asDate(v);
    const lng = rootLanguage(options);
    return d ? zoned(formatDateHour(d, lng), options, lng) : '';
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
  // `hint=` names the field's hint, which describes it whether or not it is in error (after the error, which is read first).
  hb.registerHelper('invalid', (field: string, options: HelperOptions) => {
    const hint = typeof options.hash.hint === 'string' ? options.hash.hint : undefined;
    const wrong = inError(field, options);
    const described = [wrong ? `${field}-error` : undefined, hint].filter(Boolean).join(' ');
    const attributes =
      (wrong ? ' aria-invalid="true"' : '') +
      (described ? ` aria-describedby="${hb.escapeExpression(described)}"` : '');
    return new hb.SafeString(attributes);
  });
  // The manual's marking of a field in error: its item name highlighted and a red mark (!) before it.
  // The mark is decoration; the message next to the field and aria-invalid say it in words.
  hb.registerHelper('invalidLabel', (field: string, options: HelperOptions) =>
    inError(field, options) ? new hb.SafeString(' class="label--invalid"') : '',
  );
  hb.registerHelper('errorMark', (field: string, options: HelperOptions) =>
    inError(field, options) ? new hb.SafeString('<span class="error-mark" aria-hidden="true">!</span>') : '',
  );
  hb.registerHelper('errorList', (options: HelperOptions) => {
    const errors = options.data.root.errors ?? {};
    const lng = rootLanguage(options);
    // Each summary line names its field ("氏名（英字）：入力してください。"): a bare "入力してください。" four
    // times over says nothing about where (WCAG 3.3.1). Fields without a shared label keep the bare message.
    return Object.entries(errors).flatMap(([field, keys]) => {
      const name = i18n().exists(`fields.${field}`, { lng })
        ? plainText(`fields.${field}`, lng) + LABEL_COLON[lng]
        : '';
      return keys.map((k) => ({ field, message: name + i18n().t(k, { lng }) }));
    });
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

type CompileOptions = NonNullable<Parameters<typeof Handlebars.compile>[1]>;

export type RenderCallback = (err: Error | null, html?: string) => void;

/**
 * An Express view engine: renders the view, then the layout (`layout` option, default "main") around
 * it as {{{body}}}. Partials come from one folder, named by their path without ".hbs".
 */
export function createViewEngine(opts: ViewEngineOptions) {
  const hb = Handlebars.create();
  registerHelpers(hb);
  // Every helper is registered before any template is compiled, so templates are compiled knowing them:
  // `{{name}}` then reads the value directly instead of first looking for a helper of that name.
  const compileOptions: CompileOptions = {
    strict: false,
    knownHelpers: Object.fromEntries(Object.keys(hb.helpers).map((name) => [name, true])),
    knownHelpersOnly: true,
  };
  const templates = new Map<string, Handlebars.TemplateDelegate>();
  const compile = (file: string): Handlebars.TemplateDelegate => {
    let template = opts.cache ? templates.get(file) : undefined;
    if (!template) {
      template = hb.compile(readFileSync(file, 'utf8'), compileOptions);
      templates.set(file, template);
    }
    return template;
  };
  // Compiled here, once, with the same options (a partial registered as text is compiled at its first use).
  const loadPartials = (): void => {
    for (const file of walk(opts.partialsDir).filter((f) => f.endsWith('.hbs'))) {
      const name = relative(opts.partialsDir, file).replace(/\.hbs$/, '');
      hb.registerPartial(name, hb.compile(readFileSync(file, 'utf8'), compileOptions));
    }
  };
  loadPartials();

  return (file: string, options: Record<string, unknown>, callback: RenderCallback): void => {
    try {
      if (!opts.cache) loadPartials();
      const body = compile(file)(options);
      const layout =
        options.layout === false ? undefined : typeof options.layout === 'string' ? options.layout : 'main';
      if (!layout) return callback(null, body);
      // Express made `options` for this render alone, so the layout takes it as it is, body added.
      options.body = body;
      callback(null, compile(join(opts.layoutsDir, `${layout}.hbs`))(options));
    } catch (e) {
      callback(e as Error);
    }
  };
}
