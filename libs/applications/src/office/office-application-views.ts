import { Injectable, OnModuleInit } from '@nestjs/common';
import { UsersRepository } from '@app/accounts';
import { CoeOrigins, CoeService, nationalityName, statusByCode, statusLabel } from '@app/coe';
import { OfficersRepository } from '@app/officers';
import { allProcedures, procedureName } from '@app/procedures';
import type { Language } from '@app/platform';
import { filedFormInput, representativeRoleKey } from '../application-form-input';
import type { ApplicationPdfInput } from '../application-form-pdf';
import { APPLICATION_STATUSES } from '../application-state';
import type { ApplicationDocument } from '../application-document.entity';
import type { ApplicationEvent } from '../application-event.entity';
import type { Application } from '../application.entity';
import { ApplicationsRepository } from '../applications.repository';
import { DocumentsRepository } from '../documents.repository';
import { documentItemName, OTHER_ITEM } from '../checklist';
import type { ApplicationView } from '../filing.service';
import { OFFICE_CODES } from '../offices';
import { ASSIGNED_FILTERS, QueueQuery } from './office-queue';

/** What the office pages show of an application: names for codes, officers by login ID, Japan times by the view. */
@Injectable()
export class OfficeApplicationViews implements OnModuleInit {
  constructor(
    private readonly officers: OfficersRepository,
    private readonly users: UsersRepository,
    private readonly coes: CoeService,
    private readonly origins: CoeOrigins,
    private readonly applications: ApplicationsRepository,
    private readonly documents: DocumentsRepository,
  ) {}

  /** The e-COE's office page links back to the application whose approval issued it. */
  onModuleInit(): void {
    this.origins.register(async (coeId) => {
      const a = await this.applications.findByCoeId(coeId);
      return a
        ? { labelKey: 'applications:examination.show.application', number: a.number, href: `/applications/${a.number}` }
        : null;
    });
  }

  /** Login IDs of the officers among `ids`, in one read for the page. */
  private officerIds(ids: (string | null)[]): Promise<Map<string, string>> {
    return this.officers.loginIdsOf([...new Set(ids.filter((id): id is string => !!id))]);
  }

  async queue(rows: Application[], query: QueueQuery, me: string, lng: Language) {
    const officers = await this.officerIds(rows.map((r) => r.assignedOfficer));
    return {
      query,
      filters: {
        procedures: allProcedures().map((p) => ({
          value: p.code,
          name: p.name[lng],
          selected: p.code === query.procedure,
        })),
        statuses: APPLICATION_STATUSES.map((s) => ({ value: s, selected: s === query.status })),
        offices: OFFICE_CODES.map((o) => ({ value: o, selected: o === query.office })),
        assigned: ASSIGNED_FILTERS.map((a) => ({ value: a, selected: a === query.assigned })),
      },
      rows: rows.map((r) => ({
        number: r.number,
        procedure: procedureName(r.procedureCode, lng),
        applicant: r.nameEn,
        submittedAt: r.submittedAt,
        status: statusKey(r),
        assignee: r.assignedOfficer ? (officers.get(r.assignedOfficer) ?? '—') : null,
        mine: r.assignedOfficer === me,
        assignable: r.assignedOfficer !== me && OPEN.has(r.status),
      })),
    };
  }

  /** The filed 申請書's input: the filer's name is the account's (the application keeps its category). */
  async form(view: ApplicationView, generatedAt: Date): Promise<ApplicationPdfInput> {
    const filer = await this.users.findById(view.application.filerId);
    return filedFormInput(view, filer?.nameEn ?? null, generatedAt);
  }

  document(applicationId: string, id: string): Promise<ApplicationDocument | null> {
    return this.documents.findOfApplication(applicationId, id);
  }

  async application({ application: a, events, documents }: ApplicationView, me: string, lng: Language) {
    const [officers, filer, coe] = await Promise.all([
      this.officerIds([a.assignedOfficer, ...events.filter((e) => e.actorKind === 'officer').map((e) => e.actorId)]),
      this.users.findById(a.filerId),
      a.coeId ? this.coes.findById(a.coeId) : null,
    ]);
    const residence = statusByCode(a.wantedStatus);
    return {
      application: a,
      procedure: procedureName(a.procedureCode, lng),
      filedWith: a.filedWith ? procedureName(a.filedWith, lng) : null,
      status: statusKey(a),
      open: OPEN.has(a.status),
      filer: filer ? { loginId: filer.loginId, category: a.filerCategory } : null,
      representativeRoleKey: a.representative ? representativeRoleKey(a.representative.role) : null,
      nationality: nationalityName(a.nationality, lng),
      residence: residence ? statusLabel(residence, lng) : { name: a.wantedStatus },
      assignee: a.assignedOfficer ? (officers.get(a.assignedOfficer) ?? '—') : null,
      mine: a.assignedOfficer === me,
      coe: coe ? { number: coe.number } : null,
      documents: documents.map((d) => ({
        ...d,
        href: `/applications/${a.number}/documents/${d.id}`,
        itemLabel: documentItemName(a.procedureCode, a.wantedStatus, d.item, lng),
        other: d.item === OTHER_ITEM,
        image: d.kind === 'jpeg',
      })),
      events: events.map((e) => ({ ...e, status: eventStatusKey(e), by: actorName(e, officers, filer?.loginId) })),
    };
  }
}

const OPEN = new Set<string>(['received', 'examining', 'documents_requested']);

/** The `applications:status.*` key: decided and result carry the decision. */
const statusKey = (a: Pick<Application, 'status' | 'decision'>): string =>
  (a.status === 'decided' || a.status === 'result_issued') && a.decision ? `${a.status}_${a.decision}` : a.status;

const eventStatusKey = (e: ApplicationEvent): string | null =>
  e.toStatus ? (e.decision ? `${e.toStatus}_${e.decision}` : e.toStatus) : null;

function actorName(e: ApplicationEvent, officers: Map<string, string>, filer?: string): { kind: string; id?: string } {
  if (e.actorKind === 'officer') return { kind: 'officer', id: (e.actorId && officers.get(e.actorId)) || undefined };
  if (e.actorKind === 'filer') return { kind: 'filer', id: filer };
  return { kind: e.actorKind };
}
