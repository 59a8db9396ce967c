/// <reference lib="dom" />
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { THEMES } from '@app/platform';

/** The WCAG 2.2 AA rule sets axe checks (its best-practice rules are not asked for). */
export const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

// Our CSP (script-src with a nonce) refuses the inline <script> that page.addScriptTag writes, so
// axe goes in through page.evaluate: CDP's Runtime.evaluate is not subject to the page's CSP, and the
// context keeps its CSP for everything the page itself loads.
const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

export interface AxeFinding {
  page: string;
  rule: string;
  impact: string | null;
  targets: string[];
  summary: string;
}

interface AxeResult {
  violations: {
    id: string;
    impact: string | null;
    nodes: { target: unknown[]; failureSummary?: string }[];
  }[];
}

/** axe's violations on the page as it is now, one finding per rule (with every failing node's selector). */
export async function axeViolations(page: Page, label: string): Promise<AxeFinding[]> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(AXE_SOURCE);
  const result = await page.evaluate(
    (tags) =>
      (window as unknown as { axe: { run(c: Document, o: object): Promise<unknown> } }).axe.run(document, {
        runOnly: { type: 'tag', values: tags },
        resultTypes: ['violations'],
      }),
    AXE_TAGS,
  );
  return (result as AxeResult).violations.map((v) => ({
    page: label,
    rule: v.id,
    impact: v.impact,
    targets: v.nodes.map((n) => n.target.map(String).join(' ')),
    summary: (v.nodes[0]?.failureSummary ?? '').split('\n').slice(0, 3).join(' '),
  }));
}

/** One page or state of a page to check: reached by `path`, then optionally by `act` (a form sent). */
export interface AxeState {
  name: string;
  path: string | (() => string);
  /** Languages to check it in (default ja and en). */
  lngs?: readonly string[];
  /** A selector only the intended state has: the check fails if the page is not in it (default: main). */
  shows?: string | (() => string);
  /** Run once before the state is checked: what leads to it (a step of a flow, test data). */
  before?: (page: Page) => Promise<unknown>;
  /** What brings the page into the state, after `path` is open (e.g. submitting a form with errors). */
  act?: (page: Page) => Promise<unknown>;
}

export const AXE_LANGUAGES = ['ja', 'en'] as const;

const withPreferences = (path: string, lng: string) =>
  `${path}${path.includes('?') ? '&' : '?'}lng=${lng}&theme=standard`;

/**
 * Puts the open page in another colour scheme as the server renders it (layouts/main.hbs: the body's
 * theme-<code> class; footer.hbs: aria-current on that scheme's swatch), without loading it again: a
 * form's answer is not reloadable, and loading and injecting axe again would double the run time.
 * `schemeAsServed` in the specs holds this to what the server sends.
 */
export async function applyScheme(page: Page, theme: string): Promise<void> {
  await page.evaluate((code) => {
    document.body.className = `theme-${code}`;
    for (const a of Array.from(document.querySelectorAll('.theme-swatch'))) {
      if (a.classList.contains(`theme-swatch--${code}`)) a.setAttribute('aria-current', 'true');
      else a.removeAttribute('aria-current');
    }
  }, theme);
}

/** What a colour scheme changes on `path`: the body's class, the current swatch and a few computed colours. */
async function schemeLook(page: Page) {
  return page.evaluate(() => {
    const look = (sel: string) => {
      const e = document.querySelector(sel);
      const s = e ? getComputedStyle(e) : undefined;
      return s ? `${sel}: ${s.color} on ${s.backgroundColor}, border ${s.borderTopColor}` : `${sel}: none`;
    };
    return {
      body: document.body.className,
      current: Array.from(document.querySelectorAll('.theme-swatch[aria-current]')).map((a) => a.className),
      colours: ['body', 'header', 'main a', 'main .button', 'footer', 'footer a'].map(look),
    };
  });
}

/** Each scheme as served (?theme=) and as `applyScheme` makes it from the standard one, for comparison. */
export async function schemeAsServed(page: Page, baseUrl: string, path: string) {
  const served = [];
  const applied = [];
  for (const theme of THEMES) {
    await page.goto(`${baseUrl}${path}?theme=${theme}`);
    served.push(await schemeLook(page));
  }
  await page.goto(`${baseUrl}${path}?theme=standard`);
  for (const theme of THEMES) {
    await applyScheme(page, theme);
    applied.push(await schemeLook(page));
  }
  return { served, applied };
}

/**
 * How far the page scrolls sideways at 320 CSS px (WCAG 1.4.10 Reflow; a data table may scroll
 * inside its own box, the page may not), measured in place so a form's answer is not sent again.
 */
async function sidewaysAt320(page: Page): Promise<number> {
  const desktop = page.viewportSize();
  await page.setViewportSize({ width: 320, height: 640 });
  const overflow = await page.evaluate(
    () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
  );
  if (desktop) await page.setViewportSize(desktop);
  return overflow;
}

/**
 * The state in each of its languages and every colour scheme: ?lng= on the first request sets the
 * cookie, so a form sent by `act` answers in the same language. Returns every finding, labelled with
 * the state, scheme, language and the path axe saw.
 */
export async function axeEverywhere(page: Page, baseUrl: string, state: AxeState): Promise<AxeFinding[]> {
  const findings: AxeFinding[] = [];
  await state.before?.(page);
  const path = typeof state.path === 'function' ? state.path() : state.path;
  const shows = (typeof state.shows === 'function' ? state.shows() : state.shows) ?? 'main';
  for (const lng of state.lngs ?? AXE_LANGUAGES) {
    await page.goto(baseUrl + withPreferences(path, lng));
    await state.act?.(page);
    const where = `${state.name} [${lng}] ${new URL(page.url()).pathname}`;
    if (!(await page.$(shows))) {
      findings.push({
        page: where,
        rule: 'state-not-reached',
        impact: null,
        targets: [shows],
        summary: '',
      });
      continue;
    }
    const overflow = await sidewaysAt320(page);
    if (overflow > 0)
      findings.push({
        page: where,
        rule: 'reflow-320px',
        impact: null,
        targets: ['html'],
        summary: `${overflow}px wider than 320px`,
      });
    for (const theme of THEMES) {
      await applyScheme(page, theme);
      findings.push(...(await axeViolations(page, `${where} in ${theme}`)));
    }
  }
  return findings;
}

/** Readable in a failure message: page, rule, impact and the selectors of the failing elements. */
export const describeFindings = (findings: AxeFinding[]): string[] =>
  findings.map((f) => `${f.page}: ${f.rule} (${f.impact}) at ${f.targets.join(', ')} — ${f.summary}`);

/**
 * Tabs through the page from the top and gives, for each element that shows a focus ring, the ring's
 * contrast against the background behind it (the nearest ancestor with a colour of its own): WCAG
 * 1.4.11 asks 3:1 for what shows focus. axe does not check focus rings.
 */
export async function focusRingContrasts(page: Page, stops: number): Promise<{ target: string; ratio: number }[]> {
  const out: { target: string; ratio: number }[] = [];
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
  for (let i = 0; i < stops; i++) {
    await page.keyboard.press('Tab');
    const found = await page.evaluate(() => {
      const el = document.activeElement as HTMLElement | null;
      if (!el || el === document.body) return null;
      const rgb = (c: string) => (c.match(/[\d.]+/g) ?? []).map(Number);
      const lum = ([r, g, b]: number[]) => {
        const f = (v: number) => ((v /= 255) <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4);
        return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
      };
      const style = getComputedStyle(el);
      if (style.outlineStyle === 'none' || parseFloat(style.outlineWidth) === 0) return null;
      // The ring is drawn outside the element (outline-offset), over its parent's background.
      let behind: Element | null = el.parentElement;
      while (behind) {
        const bg = rgb(getComputedStyle(behind).backgroundColor);
        if (bg.length === 3 || (bg.length === 4 && bg[3] > 0)) break;
        behind = behind.parentElement;
      }
      const [a, b] = [
        lum(rgb(style.outlineColor)),
        lum(rgb(getComputedStyle(behind ?? document.body).backgroundColor)),
      ];
      const target = `${el.tagName.toLowerCase()}${el.id ? '#' + el.id : ''}${el.className ? '.' + String(el.className).split(' ').join('.') : ''}`;
      return { target, ratio: Math.round(((Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05)) * 100) / 100 };
    });
    if (found) out.push(found);
  }
  return out;
}
