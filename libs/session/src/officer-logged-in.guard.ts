import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import type { Request } from 'express';
import { DomainError } from '@app/platform';
import './officer-session';

/** Raised for a console page without a logged-in officer; the error filter sends the browser to /login. */
export class OfficerLoginRequiredError extends DomainError {
  constructor() {
    super('officers:login.required', 401);
  }

  override redirectTo(req: { method: string; originalUrl: string; path: string }): string {
    const back = req.method === 'GET' ? req.originalUrl : req.path;
    return `/login?returnTo=${encodeURIComponent(back)}`;
  }
}

/** Guard for office console pages. Use with @UseGuards(OfficerLoggedIn). */
@Injectable()
export class OfficerLoggedIn implements CanActivate {
  canActivate(context: ExecutionContext): boolean {
    const req = context.switchToHttp().getRequest<Request>();
    if (!req.session?.officer) throw new OfficerLoginRequiredError();
    return true;
  }
}
