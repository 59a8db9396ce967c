import { DomainError } from '@app/platform';

/**
 * A page that needs a login, asked for without one: the error filter sends a browser to the app's
 * `/login`, which brings it back here afterwards (a GET keeps its query; a POST returns to its page).
 */
export abstract class LoginFirstError extends DomainError {
  protected constructor(messageKey: string) {
    super(messageKey, 401);
  }

  override redirectTo(req: { method: string; originalUrl: string; path: string }): string {
    const back = req.method === 'GET' ? req.originalUrl : req.path;
    return `/login?returnTo=${encodeURIComponent(back)}`;
  }
}
