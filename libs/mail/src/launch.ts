/**
 * `@app/mail-launch`: the narrow entry of this library for `npm start`'s launcher, which starts MailDev
 * but sends nothing; the `@app/mail` barrel would load Nest and nodemailer with the outbox (see
 * libs/platform/src/launch.ts). Also exported by the barrel.
 */
export * from './maildev';
