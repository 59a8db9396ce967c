import { isUuid } from '@app/platform';
import type { Readable } from 'node:stream';
import { Inject, Injectable } from '@nestjs/common';
import { AuditService } from '@app/audit';
import { ApiCaller, cursorCodec } from '@app/coe';
import { DOCUMENT_STORAGE, type DocumentStorage } from '@app/storage';
import type { ApplicationDocument } from '../application-document.entity';
import { isApplicationNumber } from '../application-number';
import { ApplicationsRepository, QueueFilter } from '../applications.repository';
import { DocumentsRepository } from '../documents.repository';
import { ApplicationNotFoundError } from '../errors';
import { EventsRepository } from '../events.repository';
import { ApplicationExaminationService, ExaminationCommand } from '../examination.service';
import { Keyset } from '../keyset';
import { applicationJson, documentJson, feedJson, historyJson } from './application-json';

export const APPLICATIONS_PAGE_SIZE = 50;
export const EVENTS_DEFAULT_LIMIT = 100;
export const EVENTS_MAX_LIMIT = 500;
/** How long the feed waits for a writer still committing an earlier event before answering "nothing yet". */
const FEED_WAIT_MS = 2000;

const ISO = '\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}Z';
const UUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';
/** The list's cursor: the last row's place in (submitted_at, id), tagged apart from the other lists'. */
const listCursor = cursorCodec('a1', new RegExp(`^${ISO}\\|${UUID}$`));
/** The feed's cursor: the id of the last event a client has seen ("0": before the first). */
const eventsCursor = cursorCodec('e1', /^(0|[1-9]\d{0,18})$/);

export const decodeListCursor = (cursor: string): Keyset | undefined => {
  const value = listCursor.decode(cursor);
  if (!value) return undefined;
  const [at, id] = value.split('|');
  const time = new Date(at);
  return Number.isNaN(time.getTime()) ? undefined : { at: time, id };
};
export const decodeEventsCursor = (cursor: string): string | undefined => eventsCursor.decode(cursor);
export const encodeEventsCursor = (id: string): string => eventsCursor.encode(id);

/** The applications API's use cases (`/api/v1/applications`, `/api/v1/events`) for a bearer key. */
@Injectable()
export class ApplicationsApiService {
  constructor(
    private readonly applications: ApplicationsRepository,
    private readonly documents: DocumentsRepository,
    private readonly events: EventsRepository,
    private readonly exam: ApplicationExaminationService,
    private readonly audit: AuditService,
    @Inject(DOCUMENT_STORAGE) private readonly storage: DocumentStorage,
  ) {}

  /** Every application (any status unless filtered), oldest first by (submitted_at, id). */
  async list(filter: QueueFilter, after: Keyset | undefined) {
    const rows = await this.applications.queue(filter, { after, limit: APPLICATIONS_PAGE_SIZE + 1 });
    const shown = rows.slice(0, APPLICATIONS_PAGE_SIZE);
    const last = shown.at(-1);
    const more = rows.length > APPLICATIONS_PAGE_SIZE && last;
    return {
      items: shown.map(applicationJson),
      pageSize: APPLICATIONS_PAGE_SIZE,
      next: more ? listCursor.encode(`${last.submittedAt.toISOString()}|${last.id}`) : null,
    };
  }

  async one(number: string) {
    const { application, events, documents } = await this.exam.get(number);
    return {
      ...applicationJson(application),
      events: events.map(historyJson),
      documents: documents.map((d) => documentJson(application.number, d)),
    };
  }

  /** A document's bytes, the download audited as the key's (the officers' downloads are audited too). */
  async document(
    number: string,
    id: string,
    caller: ApiCaller,
  ): Promise<{ document: ApplicationDocument; content: Readable }> {
    const app = isApplicationNumber(number) ? await this.applications.find(number) : null;
    const document = app && isUuid(id) ? await this.documents.findOfApplication(app.id, id) : null;
    if (!app || !document) throw new ApplicationNotFoundError();
    const content = await this.storage.get(document.storageKey);
    await this.audit.record('application.document_downloaded', {
      actor: `api-key:${caller.id}`,
      userId: app.filerId,
      ip: caller.ip,
      details: { number, document: id, sha256: document.sha256 },
    });
    return { document, content };
  }

  /** A status change through the examination's transitions; `idempotencyKey` replays a retry. */
  changeStatus(number: string, command: ExaminationCommand, caller: ApiCaller, idempotencyKey: string) {
    return this.exam.apply({ kind: 'api', keyId: caller.id }, number, command, { idempotencyKey, ip: caller.ip });
  }

  /** The feed after `afterId`; `next` is the last item's cursor, or the one given when nothing is new. */
  async feed(afterId: string, limit: number) {
    const rows = await this.events.feed(afterId, limit, FEED_WAIT_MS);
    return {
      items: rows.map((e) => ({ cursor: eventsCursor.encode(e.id), ...feedJson(e) })),
      next: eventsCursor.encode(rows.at(-1)?.id ?? afterId),
    };
  }
}
