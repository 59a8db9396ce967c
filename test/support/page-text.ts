/** Reading a rendered page as a person would, for tests that pin the manual's wording. */

const AFTER_TAG = '[^>]*>([\\s\\S]*?)';

/** The text of an HTML fragment: tags dropped, aria-hidden decoration (a ‹ chevron) dropped, spaces collapsed. */
export const textOf = (html: string): string =>
  html
    .replace(/<(\w+)[^>]*aria-hidden="true"[^>]*>[\s\S]*?<\/\1>/g, '')
    .replace(/<[^>]+>/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();

/** The page's <h1>. */
export const headingOf = (html: string): string => textOf(new RegExp(`<h1${AFTER_TAG}</h1>`).exec(html)?.[1] ?? '');

/** The label of the field `id`, without its 必須 mark. */
export const labelOf = (html: string, id: string): string =>
  textOf(
    (new RegExp(`<label for="${id}"${AFTER_TAG}</label>`).exec(html)?.[1] ?? '').replace(
      /<span class="required">[\s\S]*?<\/span>/,
      '',
    ),
  );

/** The text of every link to `href`. */
export const linksTo = (html: string, href: string): string[] =>
  [...html.matchAll(new RegExp(`<a [^>]*href="${href}"${AFTER_TAG}</a>`, 'g'))].map((m) => textOf(m[1]));

/** The inner HTML of the first `tag` with this id. */
export const elementWithId = (html: string, tag: string, id: string): string | undefined =>
  new RegExp(`<${tag} [^>]*id="${id}"${AFTER_TAG}</${tag}>`).exec(html)?.[1];

/** A description list as [term, description] pairs of text. */
export const termsOf = (dl: string): [string, string][] =>
  [...dl.matchAll(/<dt>([\s\S]*?)<\/dt>\s*<dd>([\s\S]*?)<\/dd>/g)].map((m) => [textOf(m[1]), textOf(m[2])]);
