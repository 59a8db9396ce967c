import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { loggableError, loggableMessage } from '../db/query-logger';
import { i18n } from '../i18n/i18n';
import { DEFAULT_LANGUAGE, isLanguage } from '../i18n/languages';
import { isDatabaseUnavailable } from '../db/database-unavailable';
import { DomainError } from './errors';
import { TooManyRequestsError } from './throttle.service';

const PAGES: Record<number, string> = {
  400: 'badRequest',
  403: 'forbidden',
  404: 'notFound',
  413: 'badRequest',
  429: 'tooManyRequests',
  503: 'unavailable',
};

/** Seconds a client is asked to wait while the database is away; restarts take about this long. */
export const UNAVAILABLE_RETRY_AFTER_S = 30;

function statusOf(error: unknown): number {
  // An outage is no bug of ours and heals by itself: say so (503), not "something went wrong" (500).
  if (isDatabaseUnavailable(error)) return 503;
  if (error instanceof DomainError) return error.status;
  if (error instanceof HttpException) return error.getStatus();
  // Errors from Express middleware (body-parser and the like) carry an http-errors status.
  const status = (error as { status?: unknown; statusCode?: unknown } | null)?.status;
  if (typeof status === 'number' && status >= 400 && status < 600) return status;
  return 500;
}

const logger = new Logger('Errors');

/**
 * The single place errors become responses: a localized HTML page, or RFC 9457 problem JSON for API
 * clients. Nothing internal (stack, SQL, ids) ever reaches the response; 5xx are logged here.
 */
export function respondWithError(error: unknown, req: Request, res: Response): void {
  const status = statusOf(error);
  if (status === 503) logger.warn(loggableMessage(error));
  else if (status >= 500) logger.error(loggableError(error));
  if (res.headersSent) return;

  const lng = isLanguage(req.lng) ? req.lng : DEFAULT_LANGUAGE;
  const page = PAGES[status] ?? (status >= 500 ? 'serverError' : 'badRequest');
  const title = i18n().t(`errors.${page}.title`, { lng });
  const detail =
    error instanceof DomainError ? i18n().t(error.messageKey, { lng }) : i18n().t(`errors.${page}.body`, { lng });

  const wantsJson = req.path.startsWith('/api/') || req.path === '/healthz' || !req.accepts('html');
  const redirect = error instanceof DomainError ? error.redirectTo(req) : undefined;
  if (redirect && !wantsJson) {
    res.redirect(303, redirect);
    return;
  }
  res.status(status);
  if (error instanceof TooManyRequestsError) res.set('Retry-After', String(error.retryAfterSeconds));
  if (status === 503) res.setHeader('Retry-After', String(UNAVAILABLE_RETRY_AFTER_S));
  if (wantsJson) {
    res.type('application/problem+json').send(JSON.stringify({ type: 'about:blank', title, status, detail }));
    return;
  }
  res.render('errors/error', { title, detail, status, page }, (renderError, html) => {
    if (renderError) {
      logger.error(renderError.message);
      res.type('text/plain').send(`${status} ${title}`);
      return;
    }
    res.send(html);
  });
}

@Catch()
export class AppExceptionFilter implements ExceptionFilter {
  catch(error: unknown, host: ArgumentsHost): void {
    const ctx = host.switchToHttp();
    respondWithError(error, ctx.getRequest<Request>(), ctx.getResponse<Response>());
  }
}

/** The same, for errors raised by Express middleware before a controller is reached (CSRF, body size). */
export const expressErrorHandler = (error: unknown, req: Request, res: Response, _next: NextFunction): void =>
  respondWithError(error, req, res);
