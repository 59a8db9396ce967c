import type { INestApplicationContext } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { randomUUID } from 'node:crypto';
import bcrypt from 'bcrypt';
import { DataSource, EntityManager } from 'typeorm';
import { Category, generateUserId, NewUser, User, UsersRepository } from '@app/accounts';
import {
  Application,
  ApplicationsRepository,
  EventsRepository,
  generateApplicationNumber,
  StoredUpload,
} from '@app/applications';
import {
  addCalendarMonthsJst,
  Coe,
  CoeRepository,
  COE_VALIDITY_MONTHS,
  generateCoeNumber,
  generateVerificationCode,
  NewCoe,
  nextReminderAt,
} from '@app/coe';
import { NewOfficer, newTotpSecret, Officer, OfficersRepository } from '@app/officers';
import { Clock } from '@app/platform';
import { PROCEDURE_DATA } from '@app/procedures';
import { OFFICER_PASSWORD, officerLogin, uniqueOfficerId } from '../office/officer-flows';
import { GOOD_PASSWORD, uniqueEmail } from './accounts';
import { FAST_ACCOUNTS, Running } from './apps';
import { Agent } from './http';
import { CATEGORY_FIELDS, login } from './portal-flows';

/**
 * Test data written straight to the database, for tests whose subject is not how the data came about,
 * through the repositories of the libraries that own the tables (no UI, no mail, one bcrypt hash per
 * password for the whole run).
 */

/** A running app (`t.portal`, `office`) or a bare Nest context (a worker). */
type AppLike = INestApplicationContext | { app: INestApplicationContext };
const contextOf = (on: AppLike): INestApplicationContext => ('app' in on ? on.app : on);
const dbOf = (on: AppLike) => contextOf(on).get(DataSource);
const nowOf = (on: AppLike) => contextOf(on).get(Clock).now();

// bcrypt is what makes a user or officer costly to create: hash each test password once, at the cost
// the test apps use (bcrypt.compare reads the cost from the hash, so any app accepts it).
const hashes = new Map<string, Promise<string>>();
const testHash = (password: string): Promise<string> => {
  if (!hashes.has(password)) hashes.set(password, bcrypt.hash(password, Number(FAST_ACCOUNTS.BCRYPT_COST)));
  return hashes.get(password)!;
};

// ---- one function per table: the owning library's repository -------------------------------------

const insertUser = (on: AppLike, row: NewUser): Promise<User> => contextOf(on).get(UsersRepository).insert(row);

async function insertOfficer(on: AppLike, row: NewOfficer): Promise<Officer> {
  const officer = await contextOf(on).get(OfficersRepository).insert(row);
  if (!officer) throw new Error(`officer ID ${row.loginId} is taken`);
  return officer;
}

/** coe, one row; the repository counts it for the recipient in the same transaction. */
const insertCoe = (on: AppLike, row: NewCoe, m: EntityManager): Promise<Coe> =>
  contextOf(on).get(CoeRepository).insert(row, m);

// ---- users -----------------------------------------------------------------------------------------

export type TestUser = Omit<User, 'passwordHash'> & { password: string };

/** Fields each category needs: the ones the registration form asks for. */
const categoryFields = (category: Category): Partial<User> => CATEGORY_FIELDS[category];

/**
 * A registered user (as after registration, with no mail sent): by default a Japanese-speaking
 * foreign national TANAKA TARO with phone 09012345678 and the test password GOOD_PASSWORD.
 */
export async function makeUser(
  on: AppLike,
  overrides: Partial<Omit<User, 'id' | 'passwordHash'>> & { password?: string } = {},
): Promise<TestUser> {
  const { password = GOOD_PASSWORD, ...fields } = overrides;
  const category = fields.category ?? 'foreign_national';
  const now = nowOf(on);
  const user = await insertUser(on, {
    loginId: generateUserId(),
    email: uniqueEmail(category.replace(/_/g, '-')),
    nameEn: 'TANAKA TARO',
    phone: '09012345678',
    lng: 'ja',
    ...categoryFields(category),
    passwordChangedAt: now,
    createdAt: now,
    updatedAt: now,
    ...fields,
    category,
    passwordHash: await testHash(password),
  });
  const { passwordHash: _, ...rest } = user;
  return { ...rest, password };
}

/** A new agent logged in as `user` through the portal's login form. */
export async function loggedInAgent(portal: { url: string }, user: { loginId: string; password: string }) {
  const agent = new Agent(portal.url);
  expect((await login(agent, user.loginId, user.password)).status).toBe(303);
  return agent;
}

// ---- officers --------------------------------------------------------------------------------------

export interface TestOfficer {
  id: string;
  loginId: string;
  name: string;
  password: string;
  /** The TOTP secret, as the officer's authenticator app holds it. */
  secret: string;
}

/**
 * An officer who has finished the first login (own password OFFICER_PASSWORD, TOTP enrolled, last login
 * now), so `officerLogin` works at once. `label` starts the officer ID, as in `uniqueOfficerId`.
 */
export async function makeOfficer(
  on: AppLike,
  overrides: Partial<Omit<Officer, 'id' | 'passwordHash' | 'totpSecret'>> & { label?: string; secret?: string } = {},
): Promise<TestOfficer> {
  const { label = 'officer', secret = newTotpSecret(), ...fields } = overrides;
  const now = nowOf(on);
  const officer = await insertOfficer(on, {
    loginId: uniqueOfficerId(label),
    name: 'SATO KEIKO',
    mustChangePassword: false,
    totpEnabledAt: now,
    lastLoginAt: now,
    createdAt: now,
    updatedAt: now,
    ...fields,
    passwordHash: await testHash(OFFICER_PASSWORD),
    totpSecret: secret,
  });
  return { id: officer.id, loginId: officer.loginId, name: officer.name, password: OFFICER_PASSWORD, secret };
}

/** A new agent logged in to the office as `officer` (password, then the TOTP code at the office's time). */
export async function loggedInOfficer(
  office: Running<NestExpressApplication>,
  officer: { loginId: string; secret: string },
) {
  const agent = new Agent(office.url);
  expect((await officerLogin(office, agent, officer)).status).toBe(303);
  return agent;
}

// ---- certificates ----------------------------------------------------------------------------------

type CoeFields = Partial<Omit<Coe, 'id' | 'recipientId'>>;

/** What a certificate says unless a test cares: a student from Viet Nam, issued now by a test officer. */
function coeDefaults(on: AppLike, overrides: CoeFields): Partial<Coe> {
  const issuedAt = overrides.issuedAt ?? nowOf(on);
  return {
    holderNameEn: 'TEST HOLDER',
    nationality: 'VNM',
    dateOfBirth: '2000-01-01',
    gender: 'female',
    statusOfResidence: 'student',
    issuingOffice: 'Tokyo Regional Immigration Services Bureau',
    validUntil: addCalendarMonthsJst(issuedAt, COE_VALIDITY_MONTHS),
    issuedBy: 'officer:test',
    createdAt: issuedAt,
    ...overrides,
    issuedAt,
  };
}

/** When the sweep would next remind, by the reminder policy, unless the test says otherwise. */
const withReminderState = (c: Partial<Coe>): Partial<Coe> => ({
  ...c,
  nextReminderAt:
    c.nextReminderAt !== undefined
      ? c.nextReminderAt
      : nextReminderAt(
          {
            issuedAt: c.issuedAt!,
            firstMailedAt: c.firstMailedAt ?? null,
            receivedAt: c.receivedAt ?? null,
            revokedAt: c.revokedAt ?? null,
          },
          c.lastRemindedAt ?? null,
        ),
});

/**
 * One certificate for `recipient`, inserted directly (no PDF, no mail; set `firstMailedAt` to have it
 * "mailed"). Its reminder state follows the policy; the recipient's certificate count goes up by one.
 */
export async function makeCoe(on: AppLike, recipient: { id: string }, overrides: CoeFields = {}): Promise<Coe> {
  const row = withReminderState(coeDefaults(on, overrides));
  return dbOf(on).transaction(async (m) => {
    return insertCoe(
      on,
      {
        ...row,
        number: row.number ?? generateCoeNumber(row.issuedAt!),
        verificationCode: row.verificationCode ?? generateVerificationCode(),
        recipientId: recipient.id,
      } as NewCoe,
      m,
    );
  });
}

/**
 * `n` certificates for `recipient` in one statement. Row g (1…n) is issued `spacingMs × (g − 1)` before
 * `issuedAt` (g = 1 is the newest) and numbered `<prefix>-<g in hex, 0/1 written W/X, padded with Z>`,
 * so a test can name row g; without `prefix` the numbers are unique but not predictable. Every other
 * field is the same for all rows (the reminder state is that of the newest row).
 */
export async function makeCoes(
  on: AppLike,
  recipient: { id: string },
  n: number,
  overrides: CoeFields & { prefix?: string; spacingMs?: number } = {},
): Promise<void> {
  const { prefix, spacingMs = 0, ...fields } = overrides;
  const row = withReminderState(coeDefaults(on, fields));
  // Without a prefix: the issue year and a random start for the hex tail, far from any other batch's.
  const start = prefix ? 0 : Math.floor(Math.random() * (0xffffffff - n));
  const numberPrefix = prefix ?? generateCoeNumber(row.issuedAt!).slice(0, 5);
  await dbOf(on).transaction((m) =>
    contextOf(on)
      .get(CoeRepository)
      .insertSeries(m, recipient.id, n, row as NewCoe, { numberPrefix, start, spacingMs }),
  );
}

// ---- applications ----------------------------------------------------------------------------------

type ApplicationFields = Partial<Omit<Application, 'id' | 'filerId' | 'filerCategory'>>;

/** A JPEG face photo as receiveUpload would record it (no bytes stored: tests of metadata only). */
export const storedPhoto = (name = 'photo.jpg'): StoredUpload => ({
  key: `test/${randomUUID()}`,
  sha256: 'a'.repeat(64),
  size: 1234,
  kind: 'jpeg',
  originalName: name,
});

export const storedPdf = (name = 'document.pdf'): StoredUpload => ({ ...storedPhoto(name), kind: 'pdf' });

/** What a complete in-Japan application says unless a test cares: an engineer from Viet Nam, in Tokyo. */
export const APPLICATION_FORM = {
  nameEn: 'NGUYEN VAN AN',
  nationality: 'VNM',
  dateOfBirth: '1995-05-04',
  sex: 'male',
  passportNumber: 'C1234567',
  residenceCardNumber: 'AB12345678CD',
  addressInJapan: '東京都千代田区霞が関1-1-1',
  wantedStatus: 'engineer_specialist_in_humanities_international_services',
  wantedPeriodMonths: '12',
  reason: 'To continue working for the same employer.',
  office: 'tokyo',
};

/** The eligibility answers that let an in-Japan procedure (or, with `coe`, a COE) be filed. */
export const eligibleAnswers = (procedureCode: string, status = APPLICATION_FORM.wantedStatus) =>
  procedureCode === 'coe'
    ? { applicantAbroad: 'yes', status }
    : { applicantInJapan: 'yes', residenceCard: 'yes', status };

/**
 * One submitted application of `filer`, inserted directly with its `submitted` event (no draft, no mail,
 * no audit): for tests of the lists, the queue and the transitions. Defaults: APPLICATION_FORM's
 * applicant filing an extension, received now.
 */
export async function makeApplication(
  on: AppLike,
  filer: { id: string; category: Category },
  overrides: ApplicationFields = {},
): Promise<Application> {
  const now = overrides.submittedAt ?? nowOf(on);
  const f = APPLICATION_FORM;
  return dbOf(on).transaction(async (m) => {
    const app = await contextOf(on)
      .get(ApplicationsRepository)
      .insert(m, {
        number: generateApplicationNumber(now),
        procedureCode: 'extension',
        procedureVersion: PROCEDURE_DATA.version,
        nameEn: f.nameEn,
        nationality: f.nationality,
        dateOfBirth: f.dateOfBirth,
        sex: 'male',
        passportNumber: f.passportNumber,
        residenceCardNumber: f.residenceCardNumber,
        addressInJapan: f.addressInJapan,
        inJapan: overrides.procedureCode !== 'coe',
        wantedStatus: f.wantedStatus,
        wantedPeriodMonths: 12,
        reason: f.reason,
        filedWith: null,
        organisation: null,
        representative: null,
        office: 'tokyo',
        status: 'received',
        updatedAt: now,
        ...overrides,
        submittedAt: now,
        filerId: filer.id,
        filerCategory: filer.category,
      });
    await contextOf(on).get(EventsRepository).insert(m, {
      applicationId: app.id,
      type: 'submitted',
      toStatus: 'received',
      actorKind: 'filer',
      actorId: filer.id,
      createdAt: now,
    });
    return app;
  });
}
