import type { DocumentKind } from '@app/storage';

const EXTENSION: Record<DocumentKind, RegExp> = { pdf: /\.pdf$/i, jpeg: /\.jpe?g$/i };
const ADDED: Record<DocumentKind, string> = { pdf: '.pdf', jpeg: '.jpg' };

// RFC 5987: encodeURIComponent leaves ' ( ) * unescaped, which the ext-value grammar does not allow.
const extValue = (s: string): string =>
  encodeURIComponent(s).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

/**
 * `attachment` with the document's own name (already sanitised at upload: no path, control or reserved
 * characters), ending in the extension of what the content check found, so a saved file opens as what
 * it is: an ASCII fallback for old clients and the UTF-8 name (`filename*`) for the rest.
 */
export function contentDisposition(name: string, kind: DocumentKind): string {
  const full = EXTENSION[kind].test(name) ? name : `${name}${ADDED[kind]}`;
  const ascii = full.replace(/[^\x20-\x7e]|["\\%;]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${extValue(full)}`;
}
