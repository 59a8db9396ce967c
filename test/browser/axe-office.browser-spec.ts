/// <reference lib="dom" />
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { Browser, Page } from 'playwright-core';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Application } from '@app/applications';
import type { Coe } from '@app/coe';
import { awaitFreshCode, codeAt, OFFICER_PASSWORD } from '../office/officer-flows';
import { FAST_ACCOUNTS, Running, startOffice, testConfig, usePortal } from '../support/apps';
import { AxeState, axeEverywhere, describeFindings, schemeAsServed } from '../support/axe';
import { launchBrowser } from '../support/browser';
import { makeApplication, makeCoe, makeOfficer, makeUser, TestOfficer, TestUser } from '../support/factories';
import { addDocument } from '../applications/office-support';

jest.setTimeout(120_000);

/**
 * axe (WCAG 2.0–2.2 A and AA) over every office page, in the four colour schemes and in ja and en,
 * in order on one browser page (the console pages after the two-step login). A new page or state is
 * one more entry in the list.
 */
describe('office pages pass axe in every colour scheme (WCAG 2.2 AA)', () => {
  const t = usePortal();
  let office: Running<NestExpressApplication>;
  let browser: Browser;
  let page: Page;
  let officer: TestOfficer;
  let user: TestUser;
  let coe: Coe;
  let application: Application;

  beforeAll(async () => {
    const documents = mkdtempSync(join(tmpdir(), 'axe-office-docs-'));
    office = await startOffice(testConfig(t.dbUrl, { ...FAST_ACCOUNTS, DOCUMENT_STORAGE_DIR: documents }));
    browser = await launchBrowser();
    page = await (await browser.newContext({ locale: 'ja-JP' })).newPage();
    officer = await makeOfficer(office, { label: 'axe' });
    user = await makeUser(t.portal);
    coe = await makeCoe(t.portal, user);
    application = await makeApplication(office, user, { status: 'examining' });
    await addDocument(office, application, 'jpeg');
    await addDocument(office, application, 'pdf');
  });
  afterAll(async () => {
    await browser?.close();
    await office?.close();
  });

  const passwordStep = async (p: Page) => {
    await p.goto(`${office.url}/login`);
    await p.fill('#loginId', officer.loginId);
    await p.fill('#password', OFFICER_PASSWORD);
    await p.click('#login');
    await p.waitForURL(/\/totp$/);
  };
  const states: AxeState[] = [
    { name: 'login', path: '/login', shows: '#loginId' },
    {
      name: 'login with errors',
      path: '/login',
      shows: '#loginId[aria-invalid="true"]',
      act: (p) => p.click('#login'),
    },
    { name: 'one-time code', path: '/totp', shows: '#code', before: passwordStep },
    {
      name: 'one-time code with errors',
      path: '/totp',
      shows: '#code[aria-invalid="true"]',
      act: (p) => p.click('#verify-totp'),
    },
    {
      name: 'console home',
      path: '/',
      before: async (p) => {
        await p.goto(`${office.url}/totp`);
        await awaitFreshCode(office, officer.loginId);
        await p.fill('#code', codeAt(officer.secret, office.clock.now()));
        await p.click('#verify-totp');
        await p.waitForURL((u) => u.pathname === '/');
      },
    },
    { name: 'issuance console', path: '/coes/new', shows: '#issue' },
    {
      name: 'issuance console with errors',
      path: '/coes/new',
      shows: '#holderNameEn[aria-invalid="true"]',
      act: (p) => p.click('#issue'),
    },
    { name: 'ledger', path: '/coes', shows: () => `main a[href="/coes/${coe.number}"]` },
    { name: 'ledger dashboard', path: '/coes/dashboard' },
    { name: 'certificate', path: () => `/coes/${coe.number}` },
    { name: 'users', path: '/users', shows: () => `main a[href="/users/${user.loginId}"]` },
    { name: 'user', path: () => `/users/${user.loginId}` },
    { name: 'audit log', path: '/audit' },
    { name: 'application queue', path: '/applications', shows: () => `tr[data-number="${application.number}"]` },
    { name: 'application', path: () => `/applications/${application.number}`, shows: '#approve' },
    {
      name: 'application with errors',
      path: () => `/applications/${application.number}`,
      shows: '#reason[aria-invalid="true"]',
      act: (p) => p.click('#deny'),
    },
    {
      name: 'application with a PDF shown',
      path: () => `/applications/${application.number}`,
      shows: 'details.document__viewer[open] iframe',
      act: (p) => p.click('details.document__viewer > summary'),
    },
    { name: 'announcements', path: '/announcements' },
    { name: 'new announcement', path: '/announcements/new', shows: '#save' },
    {
      name: 'new announcement with errors',
      path: '/announcements/new',
      shows: '[aria-invalid="true"]',
      act: (p) => p.click('#save'),
    },
    { name: 'not found', path: '/no-such-page', shows: '#error-title' },
    { name: 'logout', path: '/logout' },
  ];

  it('applies a colour scheme in the page exactly as the server serves it', async () => {
    const { served, applied } = await schemeAsServed(page, office.url, '/login');
    expect(applied).toEqual(served);
  });

  it.each(states.map((s) => [s.name, s] as const))('%s', async (_, state) => {
    expect(describeFindings(await axeEverywhere(page, office.url, state))).toEqual([]);
  });
});
