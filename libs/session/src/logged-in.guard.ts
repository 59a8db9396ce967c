import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import type { Request } from 'express';
import { LoginFirstError } from './login-first.error';
import './auth-session';

/** Raised for a page that needs a logged-in user; the error filter sends the browser to /login. */
export class LoginRequiredError extends LoginFirstError {
  constructor() {
    super('login.required');
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
