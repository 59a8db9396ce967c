import type { NextFunction, Request, Response } from 'express';
import { DEFAULT_LANGUAGE, isLanguage, Language, LANGUAGES, negotiateLanguage } from '../i18n/languages';
import { withQueryOf } from './url';

export const THEMES = ['standard', 'blue', 'yellow', 'black'] as const;
export type Theme = (typeof THEMES)[number];
const isTheme = (v: unknown): v is Theme => typeof v === 'string' && (THEMES as readonly string[]).includes(v);

const YEAR_MS = 365 * 24 * 3600 * 1000;

declare module 'express-serve-static-core' {
  interface Request {
    lng: Language;
    /** Whether the language was chosen on this device (?lng= or its cookie), not guessed from the browser. */
    lngChosen: boolean;
  }
}

/** The page's language: ?lng= (remembered in a cookie), else the cookie, else Accept-Language, else ja. */
export function chooseLanguage(query: unknown, cookie: unknown, acceptLanguage: string | undefined): Language {
  if (isLanguage(query)) return query;
  if (isLanguage(cookie)) return cookie;
  return negotiateLanguage(acceptLanguage) ?? DEFAULT_LANGUAGE;
}

/**
 * Works out language and colour scheme for every request and exposes what the page frame needs
 * (selector links keep the current URL so switching never loses the user's place).
 */
export function preferencesMiddleware(secureCookies: boolean) {
  const cookieOptions = { maxAge: YEAR_MS, httpOnly: true, sameSite: 'lax' as const, secure: secureCookies };
  return (req: Request, res: Response, next: NextFunction): void => {
    const cookies = (req.cookies ?? {}) as Record<string, string | undefined>;
    const lng = chooseLanguage(req.query.lng, cookies.lng, req.headers['accept-language']);
    if (isLanguage(req.query.lng) && req.query.lng !== cookies.lng) res.cookie('lng', lng, cookieOptions);
    let theme: Theme = isTheme(cookies.theme) ? cookies.theme : 'standard';
    if (isTheme(req.query.theme)) {
      theme = req.query.theme;
      if (theme !== cookies.theme) res.cookie('theme', theme, cookieOptions);
    }
    req.lng = lng;
    req.lngChosen = isLanguage(req.query.lng) || isLanguage(cookies.lng);
    res.setHeader('Content-Language', lng);
    const withLng = withQueryOf(req.originalUrl, 'lng');
    const withTheme = withQueryOf(req.originalUrl, 'theme');
    Object.assign(res.locals, {
      lng,
      theme,
      currentPath: req.path,
      languages: LANGUAGES.map((l) => ({ ...l, href: withLng(l.code), current: l.code === lng })),
      themes: THEMES.map((t) => ({ code: t, href: withTheme(t), current: t === theme })),
    });
    next();
  };
}
