import Handlebars from 'handlebars';
import { Language } from '@app/platform';
import { MailRenderer } from './mail-renderer';

// Slot marks use a control character no template text and no escaping ever produces.
const MARK = '\u0001';
const FIELD = /^[a-z][A-Za-z0-9]*$/;
const CACHE_LIMIT = 64;

type Values = Record<string, unknown>;
type Helper = (this: unknown, ...args: unknown[]) => unknown;

/** A per-mail value while rendering: prints as its slot; helpers given one return another (see slotHelpers). */
class PerMail {
  constructor(
    readonly token: string,
    readonly valueIn: (values: Values) => unknown,
  ) {}

  toString(): string {
    return this.token;
  }
}

/** One slot of a rendered mail and how to compute its text for one mail's values. */
export interface SlotFill {
  token: string;
  value: (values: Values) => string;
}

/** A mail rendered once for a whole batch in one language, with a slot where each per-mail value goes. */
export interface SlottedMail {
  subject: string;
  text: string;
  html: string;
  fills: SlotFill[];
}

// As Handlebars prints a value: null and undefined as nothing, anything else through String().
// eslint-disable-next-line @typescript-eslint/no-base-to-string -- exactly what Handlebars does with it
const shown = (v: unknown): string => (v == null ? '' : String(v));

/**
 * Renders a template once per language for many mails that differ only in some values, so the text of
 * each mail is filled in by the database, not rendered mail by mail. The output for one mail's values is
 * exactly what MailRenderer gives for them: a helper applied to a per-mail value is run per mail, on that
 * value, with the options it had, and its result escaped where Handlebars would have escaped it.
 */
export class BatchRenderer {
  private readonly renderer: MailRenderer;
  private readonly cache = new Map<string, SlottedMail>();
  private slots = new Map<string, PerMail>();

  constructor(portalBaseUrl: string) {
    this.renderer = new MailRenderer(portalBaseUrl, (hb) => this.slotHelpers(hb));
  }

  private slot(id: string, valueIn: (values: Values) => unknown): PerMail {
    const slot = new PerMail(`${MARK}m=${id}${MARK}`, valueIn);
    this.slots.set(slot.token, slot);
    return slot;
  }

  private slotHelpers(hb: typeof Handlebars): void {
    const slot = (id: () => string, valueIn: (values: Values) => unknown) => this.slot(id(), valueIn);
    const nextId = () => `h${this.slots.size}`;
    for (const [name, helper] of Object.entries(hb.helpers) as [string, Helper][]) {
      hb.registerHelper(name, function (this: unknown, ...args: unknown[]) {
        const options = args[args.length - 1] as { hash?: Values; fn?: unknown };
        const params = args.slice(0, -1);
        const hash = options?.hash ?? {};
        if (![...params, ...Object.values(hash)].some((a) => a instanceof PerMail)) return helper.apply(this, args);
        if (options.fn) throw new Error(`a per-mail value cannot drive the block helper ${name}`);
        const resolve = (a: unknown, values: Values) => (a instanceof PerMail ? a.valueIn(values) : a);
        return slot(nextId, (values) =>
          helper.apply(this, [
            ...params.map((a) => resolve(a, values)),
            {
              ...options,
              hash: Object.fromEntries(Object.entries(hash).map(([k, a]) => [k, resolve(a, values)])),
            },
          ]),
        );
      });
    }
  }

  /** `data` is the same for every mail; each name in `perMail` gets a slot, filled from the mail's values. */
  render(template: string, lng: Language, data: Values, perMail: string[]): SlottedMail {
    const key = JSON.stringify([template, lng, perMail, data]);
    let rendered = this.cache.get(key);
    if (!rendered) {
      rendered = this.renderSlotted(template, lng, data, perMail);
      if (this.cache.size >= CACHE_LIMIT) this.cache.clear();
      this.cache.set(key, rendered);
    }
    return rendered;
  }

  private renderSlotted(template: string, lng: Language, data: Values, perMail: string[]): SlottedMail {
    this.slots = new Map();
    const slotted: Values = { ...data };
    for (const field of perMail) {
      if (!FIELD.test(field)) throw new Error(`bad per-mail field name: ${field}`);
      slotted[field] = this.slot(field, (values) => values[field]);
    }
    const mail = this.renderer.render(template, lng, slotted);
    const fills: SlotFill[] = [];
    for (const slot of this.slots.values()) {
      const raw = slot.token;
      const escaped = Handlebars.Utils.escapeExpression(raw);
      const parts = [mail.subject, mail.text, mail.html];
      if (parts.some((p) => p.includes(raw))) fills.push({ token: raw, value: (v) => shown(slot.valueIn(v)) });
      if (mail.html.includes(escaped) || mail.subject.includes(escaped)) {
        fills.push({ token: escaped, value: (v) => Handlebars.Utils.escapeExpression(slot.valueIn(v) as string) });
      }
    }
    return { ...mail, fills };
  }

  /** The texts of one mail's slots, by token. */
  static fill(mail: SlottedMail, values: Values): Record<string, string> {
    return Object.fromEntries(
      mail.fills.map((f) => {
        const text = f.value(values);
        if (text.includes(MARK)) throw new Error('a per-mail value may not contain U+0001');
        return [f.token, text];
      }),
    );
  }
}
