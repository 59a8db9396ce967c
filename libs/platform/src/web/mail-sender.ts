/**
 * The bare address of a mail sender as `MAIL_FROM` gives it ("Name <addr>" or "addr"): what a reader
 * must allow in a spam filter, so the pages that promise a mail name it (manual 1.3, 2.4).
 */
export function senderAddress(from: string): string {
  const angled = /<([^<>]+)>\s*$/.exec(from);
  return (angled ? angled[1] : from).trim();
}
