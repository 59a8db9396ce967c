/**
 * The browser's file name, made safe to show and to put in a Content-Disposition: the last path
 * segment only, NFC, no control or reserved characters, at most 120 characters. It is never used as a
 * path (keys are random).
 */
export function sanitiseOriginalName(raw: string | undefined): string {
  const last = (raw ?? '').split(/[\\/]/).pop() ?? '';
  const cleaned = last
    .normalize('NFC')
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u001f\u007f-\u009f<>:"|?*\u202a-\u202e\u2066-\u2069]/g, '')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/^\.+/, '');
  const short = [...cleaned].slice(0, 120).join('');
  return short || 'document';
}
