import Handlebars from 'handlebars';

/**
 * Values a mail must carry but the database must not keep (one-time links), by name. The stored text
 * holds a slot per name; the values sit in `mail_outbox.secrets` only until the mail is sent or given up.
 */
export type MailSecrets = Record<string, string>;

const NAME = /^[a-z][A-Za-z0-9]*$/;

/** What the stored text shows where the secret `name` goes (and keeps showing once it is gone). */
export const secretSlot = (name: string): string => `[[secret:${name}]]`;

/** The template data that puts a slot, not the value, where each secret is used. */
export function secretSlots(secrets: MailSecrets): Record<string, string> {
  return Object.fromEntries(
    Object.keys(secrets).map((name) => {
      if (!NAME.test(name)) throw new Error(`bad mail secret name: ${name}`);
      return [name, secretSlot(name)];
    }),
  );
}

/**
 * Puts the secrets' values into their slots at send time, escaped as the renderer would have escaped
 * them in that part. Only slots of the mail's own secrets are filled, so text a user typed that merely
 * looks like a slot stays as it is.
 */
export function fillSecrets(text: string, secrets: MailSecrets | null, part: 'html' | 'text'): string {
  if (!secrets) return text;
  return Object.entries(secrets).reduce((acc, [name, value]) => {
    const shown = part === 'html' ? Handlebars.Utils.escapeExpression(value) : value;
    return acc.split(secretSlot(name)).join(shown);
  }, text);
}
