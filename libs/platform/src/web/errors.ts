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
}

export class NotFoundError extends DomainError {
  constructor() {
    super('errors.notFound.body', 404);
  }
}
