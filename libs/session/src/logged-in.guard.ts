import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import type { Request } from 'express';
import { DomainError } from '@app/platform';
import './auth-session';

/** Raised for a page that needs a logged-in user; the error filter sends the browser to /login. */
export class LoginRequiredError extends DomainError {
  constructor() {
    super('login.required', 401);
  }

  override redirectTo(req: { method: string; originalUrl: string; path: string }): string {
    const back = req.method === 'GET' ? req.originalUrl : req.path;
    return `/login?returnTo=${encodeURIComponent(back)}`;
  }
}

/** Guard for pages of logged-in users. Use with @UseGuards(LoggedIn). */
@Injectable()
export class LoggedIn implements CanActivate {
  canActivate(context: ExecutionContext): boolean {
    const req = context.switchToHttp().getRequest<Request>();
    if (!req.session?.auth) throw new LoginRequiredError();
    return true;
  }
}
