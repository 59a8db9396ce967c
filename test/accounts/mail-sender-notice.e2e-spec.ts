import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { LANGUAGE_CODES } from '@app/platform';
import { csrfOf, submit, uniqueEmail } from '../support/accounts';
import { usePortal } from '../support/apps';
import { loggedInAgent, makeUser } from '../support/factories';
import { Agent } from '../support/http';
import { askEmailChange } from '../support/portal-flows';

const SENDER = 'notices@agency.example';
const notice = (lng: string) =>
  (
    JSON.parse(readFileSync(join(__dirname, '../../locales', lng, 'common.json'), 'utf8')) as {
      mailSender: { notice: string };
    }
  ).mailSender.notice.replace('{{address}}', SENDER);
const shown = (html: string) => /<p class="notice" id="mail-sender-notice">([^<]*)<\/p>/.exec(html)?.[1];

describe('the sender to allow, on every page after which a mail is expected (manual 1.3, 2.4)', () => {
  const ctx = usePortal({ MAIL_FROM: `"Agency Notices" <${SENDER}>` });

  const onRegisterEmail = async (lng: string) => {
    const agent = new Agent(ctx.portal.url);
    const terms = await agent.get(`/register?lng=${lng}`);
    expect((await agent.post('/register', { _csrf: csrfOf(terms.text), agree: '1' })).status).toBe(303);
    return agent;
  };

  it.each(LANGUAGE_CODES)("%s: names MAIL_FROM in the manual's words on the forms that send a mail", async (lng) => {
    const registration = await onRegisterEmail(lng);
    expect(shown((await registration.get('/register/email')).text)).toBe(notice(lng));
    const visitor = new Agent(ctx.portal.url);
    expect(shown((await visitor.get(`/forgot-id?lng=${lng}`)).text)).toBe(notice(lng));
    expect(shown((await visitor.get('/forgot-password')).text)).toBe(notice(lng));
    const user = await makeUser(ctx.portal.app, { lng });
    const me = await loggedInAgent(ctx.portal, { loginId: user.loginId, password: user.password });
    expect(shown((await me.get(`/mypage/email?lng=${lng}`)).text)).toBe(notice(lng));
  });

  it('names it on the pages that say the mail was sent', async () => {
    const registration = await onRegisterEmail('ja');
    const email = uniqueEmail('sender');
    const sent = await submit(registration, '/register/email', '/register/email', { email, emailConfirm: email });
    expect(sent.headers.get('location')).toBe('/register/sent');
    expect(shown((await registration.get('/register/sent')).text)).toBe(notice('ja'));

    const user = await makeUser(ctx.portal.app, { lng: 'en' });
    const visitor = new Agent(ctx.portal.url);
    await visitor.get('/?lng=en');
    const idSent = await submit(visitor, '/forgot-id', '/forgot-id', { email: user.email, nameEn: user.nameEn! });
    expect(idSent.status).toBe(200);
    expect(shown(idSent.text)).toBe(notice('en'));
    const resetSent = await submit(visitor, '/forgot-password', '/forgot-password', {
      userId: user.loginId,
      email: user.email,
    });
    expect(resetSent.status).toBe(200);
    expect(shown(resetSent.text)).toBe(notice('en'));

    const me = await loggedInAgent(ctx.portal, { loginId: user.loginId, password: user.password });
    const changeSent = await askEmailChange(me, uniqueEmail('next'));
    expect(changeSent.status).toBe(200);
    expect(shown(changeSent.text)).toBe(notice('en'));
  });

  it('keeps it beside a form sent back with errors, and shows the address alone, not the display name', async () => {
    const visitor = new Agent(ctx.portal.url);
    const refused = await submit(visitor, '/forgot-id?lng=vi', '/forgot-id', { email: 'not-an-address', nameEn: '' });
    expect(refused.status).toBe(422);
    expect(shown(refused.text)).toBe(notice('vi'));
    expect(refused.text).not.toContain('Agency Notices');
  });
});
