import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import type { Request } from 'express';
import { LoginFirstError } from './login-first.error';
import './officer-session';

/** Raised for a console page without a logged-in officer; the error filter sends the browser to /login. */
export class OfficerLoginRequiredError extends LoginFirstError {
  constructor() {
    super('officers:login.required');
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
