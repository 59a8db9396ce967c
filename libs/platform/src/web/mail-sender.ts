import { z } from 'zod';

/** The check of the forms' e-mail field (libs/fields `emailField`: zod's email, at most 254 characters). */
const address = z.string().max(254).pipe(z.email());

/**
 * The bare address of a mail sender as `MAIL_FROM` gives it ("Name <addr>" or "addr"): what a reader
 * must allow in a spam filter, so the pages that promise a mail name it (manual 1.3, 2.4). An address
 * the e-mail field would refuse is a configuration error, not something to print on every page.
 */
export function senderAddress(from: string): string {
  const angled = /<([^<>]+)>\s*$/.exec(from);
  const addr = (angled ? angled[1] : from).trim();
  if (!address.safeParse(addr).success) throw new Error(`MAIL_FROM names no valid address: ${from}`);
  return addr;
}

/** Whether `from` names an address `senderAddress` accepts (for the configuration's check at start). */
export function hasSenderAddress(from: string): boolean {
  try {
    senderAddress(from);
    return true;
  } catch {
    return false;
  }
}
