/** A field of an HTML form: its name and its kind (an input's type, or `textarea` / `select`). */
export interface FormField {
  name: string;
  kind: string;
}

const attr = (tag: string, name: string) => new RegExp(`\\s${name}="([^"]*)"`).exec(tag)?.[1];

/** The POST forms of a page, by action, with their named fields (hidden ones included). */
export function postFormsOf(html: string): Map<string, FormField[]> {
  const forms = new Map<string, FormField[]>();
  for (const m of html.matchAll(/<form\b([^>]*)>([\s\S]*?)<\/form>/g)) {
    if (attr(m[1], 'method')?.toLowerCase() !== 'post') continue;
    const action = attr(m[1], 'action');
    if (!action) continue;
    const fields: FormField[] = [];
    for (const f of m[2].matchAll(/<(input|textarea|select)\b[^>]*>/g)) {
      const name = attr(f[0], 'name');
      if (!name) continue;
      const kind = f[1] === 'input' ? (attr(f[0], 'type') ?? 'text') : f[1];
      if (!fields.some((x) => x.name === name)) fields.push({ name, kind });
    }
    forms.set(new URL(action, 'http://x').pathname, fields);
  }
  return forms;
}

/** Fields whose typed value a re-rendered form shows again as it was (not passwords, choices or hidden). */
export const isKeptKind = (f: FormField) =>
  ['text', 'email', 'tel', 'date', 'number', 'textarea', 'search', 'url'].includes(f.kind);
