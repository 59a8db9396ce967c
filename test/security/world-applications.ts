import type { NestExpressApplication } from '@nestjs/platform-express';
import { ApplicationDraftsService, ApplicationExaminationService } from '@app/applications';
import type { Running } from '../support/apps';
import {
  APPLICATION_FORM,
  eligibleAnswers,
  makeApplication,
  storedPdf,
  storedPhoto,
  TestOfficer,
  TestUser,
} from '../support/factories';

/** Route params by the route path they start (the longest wins), and the pages that show their forms. */
export interface ApplicationsWorld {
  params: { portal: Record<string, Record<string, string>>; office: Record<string, Record<string, string>> };
  pages: { portal: string[]; office: string[] };
}

/**
 * What the application routes need to show their real forms to the crawl: each filing step a draft of
 * the user's own (complete, with its photo and a PDF to remove), the answer form an application in
 * 追加資料提出依頼, withdrawal one in 審査中, and each office action an application of its own in the
 * status that offers it — of its own, so that one action succeeding under attack leaves the others'
 * applications where they were.
 */
export async function applicationsWorld(
  portal: Running<NestExpressApplication>,
  user: TestUser,
  officer: TestOfficer,
): Promise<ApplicationsWorld> {
  const drafts = portal.app.get(ApplicationDraftsService);
  const exam = portal.app.get(ApplicationExaminationService);
  const by = { kind: 'officer' as const, officerId: officer.id, loginId: officer.loginId };
  const in14days = new Date(portal.clock.now().getTime() + 14 * 86_400_000).toISOString().slice(0, 10);

  const completeDraft = async () => {
    const draft = await drafts.create(user.id, 'extension', eligibleAnswers('extension'));
    await drafts.save(user.id, draft.id, APPLICATION_FORM);
    await drafts.attachDocument(user.id, draft.id, 'photo', storedPhoto());
    const pdf = await drafts.attachDocument(user.id, draft.id, 'other', storedPdf('contract.pdf'));
    return { id: draft.id, pdfId: pdf.id };
  };
  const filed = () => makeApplication(portal, user);
  const examining = async () => {
    const app = await filed();
    await exam.examine(by, app.number);
    return app.number;
  };

  const draft = await completeDraft();
  const toSubmit = await completeDraft();
  const requested = await examining();
  await exam.requestDocuments(by, requested, 'Submit your tax certificate.', in14days);
  const toWithdraw = await examining();

  const received = (await filed()).number;
  const assigned = await examining();
  await exam.assignToMe(by, assigned);
  const [toRequest, toApprove, toDeny] = [await examining(), await examining(), await examining()];
  const decided = await examining();
  await exam.approve(by, decided);

  const number = (n: string) => ({ number: n });
  return {
    params: {
      portal: {
        '/applications/:number': number(requested),
        '/applications/:number/withdraw': number(toWithdraw),
        '/applications/drafts/:id': { id: draft.id, documentId: draft.pdfId },
        '/applications/drafts/:id/submit': { id: toSubmit.id },
      },
      office: {
        '/applications/:number': number(received),
        '/applications/:number/unassign': number(assigned),
        '/applications/:number/request-documents': number(toRequest),
        '/applications/:number/approve': number(toApprove),
        '/applications/:number/deny': number(toDeny),
        '/applications/:number/issue-result': number(decided),
      },
    },
    pages: {
      portal: [`/applications/drafts/${toSubmit.id}/review`],
      office: [assigned, toRequest, toApprove, toDeny, decided].map((n) => `/applications/${n}`),
    },
  };
}
