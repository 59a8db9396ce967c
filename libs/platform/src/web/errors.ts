/**
 * A failure the user should be told about in words. `messageKey` is an i18n key; `status` the HTTP
 * status. Features subclass it; the one exception filter turns it into a localized page or problem JSON.
 */
export class DomainError extends Error {
  constructor(
    readonly messageKey: string,
    readonly status: number = 400,
  ) {
    super(messageKey);
  }

  /** Where to send a browser instead of showing an error page (e.g. to log in first); none by default. */
  redirectTo(_req: { method: string; originalUrl: string; path: string }): string | undefined {
    return undefined;
  }
}

export class NotFoundError extends DomainError {
  constructor() {
    super('errors.notFound.body', 404);
  }
}
