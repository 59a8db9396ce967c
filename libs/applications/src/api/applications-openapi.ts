import { APPLICATION_STATUSES, DECISIONS } from '../application-state';
import { EVENT_TYPES } from '../application-event.entity';
import { OFFICE_CODES } from '../offices';
import { API_ACTIONS } from './status-command';
import { APPLICATIONS_PAGE_SIZE, EVENTS_DEFAULT_LIMIT, EVENTS_MAX_LIMIT } from './applications-api.service';

const problem = { $ref: '#/components/schemas/Problem' };
const answer = (description: string) => ({ description, content: { 'application/problem+json': { schema: problem } } });
const json = (schema: unknown, description: string) => ({ description, content: { 'application/json': { schema } } });
const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const nullable = (type: string, extra: Record<string, unknown> = {}) => ({ type: [type, 'null'], ...extra });
const unauthorized = answer('No or unknown API key');
const numberParam = {
  name: 'number',
  in: 'path',
  required: true,
  schema: { type: 'string' },
  example: 'A2026-7KQ9M2XAPQ',
};

/** The applications API's paths and schemas, merged into the office's OpenAPI document (/api/docs). */
export function applicationsOpenApi() {
  return {
    paths: {
      '/api/v1/applications': {
        get: {
          summary: `List applications, oldest first, ${APPLICATIONS_PAGE_SIZE} per page`,
          description:
            'Every application (any status unless `status` is given), ordered by submission time and then ' +
            'an internal id. Pass the `next` cursor of each page as `after` until it is null; send the same ' +
            'filters on every page. Applications filed while walking appear on a later page or not at all, ' +
            'never twice, and none filed before the walk is missed.',
          parameters: [
            { name: 'status', in: 'query', schema: { type: 'string', enum: APPLICATION_STATUSES } },
            {
              name: 'procedure',
              in: 'query',
              description: 'A procedure code (see /procedures)',
              schema: { type: 'string' },
            },
            { name: 'office', in: 'query', schema: { type: 'string', enum: OFFICE_CODES } },
            {
              name: 'submittedSince',
              in: 'query',
              description: 'Filed at or after: a date (UTC midnight) or an ISO 8601 time',
              schema: { type: 'string' },
            },
            {
              name: 'after',
              in: 'query',
              description: 'The opaque `next` cursor of the previous page',
              schema: { type: 'string' },
            },
          ],
          responses: {
            '200': json(
              {
                type: 'object',
                required: ['items', 'pageSize', 'next'],
                properties: {
                  items: { type: 'array', items: ref('Application') },
                  pageSize: { type: 'integer' },
                  next: nullable('string', { description: 'Cursor for `after`; null on the last page' }),
                },
              },
              'One page',
            ),
            '400': answer('A bad filter or a cursor this API did not give; `errors` names each'),
            '401': unauthorized,
          },
        },
      },
      '/api/v1/applications/{number}': {
        get: {
          summary: 'One application with its history and documents',
          parameters: [numberParam],
          responses: {
            '200': json(ref('ApplicationDetail'), 'Found'),
            '401': unauthorized,
            '404': answer('No such application'),
          },
        },
      },
      '/api/v1/applications/{number}/documents/{id}': {
        get: {
          summary: 'A document of the application, as stored (the download is audited as the key’s)',
          parameters: [
            numberParam,
            { name: 'id', in: 'path', required: true, schema: { type: 'string', format: 'uuid' } },
          ],
          responses: {
            '200': {
              description: 'The bytes; `X-Content-SHA256` (hex) and `Repr-Digest` carry their SHA-256',
              headers: {
                'X-Content-SHA256': { schema: { type: 'string', pattern: '^[0-9a-f]{64}$' } },
                'Repr-Digest': { schema: { type: 'string' } },
              },
              content: {
                'application/pdf': { schema: { type: 'string', format: 'binary' } },
                'image/jpeg': { schema: { type: 'string', format: 'binary' } },
              },
            },
            '401': unauthorized,
            '404': answer('No such application, or no such document of it'),
          },
        },
      },
      '/api/v1/applications/{number}/status': {
        post: {
          summary: 'Move the examination on (審査中, 追加資料提出依頼, 許可, 不許可, 結果)',
          description:
            'The `Idempotency-Key` header is required: a retry with the same key and body answers the first ' +
            'answer again (with `Idempotent-Replayed: true`) and changes nothing; the same key with another ' +
            'body is a 409. Concurrent calls are ordered by a row lock: one decides, the others get 409. ' +
            'Approving a COE application issues the e-COE and gives the result at once (`result_issued`).',
          parameters: [
            numberParam,
            { name: 'Idempotency-Key', in: 'header', required: true, schema: { type: 'string', maxLength: 200 } },
          ],
          requestBody: { required: true, content: { 'application/json': { schema: ref('StatusChange') } } },
          responses: {
            '200': json(ref('StatusChanged'), 'Changed (or replayed)'),
            '400': answer('Invalid body or no Idempotency-Key; `errors` names each bad field'),
            '401': unauthorized,
            '404': answer('No such application'),
            '409': answer('Not possible in the current status, or the Idempotency-Key was used with another body'),
            '422': answer('The action needs more (a deadline after today in Japan)'),
          },
        },
      },
      '/api/v1/events': {
        get: {
          summary: 'The applications’ events, in order',
          description:
            'submitted, documents_added, status_changed and receipt_registered, oldest first. Start without ' +
            '`after` (or with it empty), then pass `next`; an answer with no items keeps the same `next`. ' +
            'An event appears only once every earlier one is committed, so following `next` misses none. ' +
            'No personal data: the number, procedure and status only (read the rest with the number).',
          parameters: [
            {
              name: 'after',
              in: 'query',
              description: '`next` of the previous answer or an item’s `cursor`',
              schema: { type: 'string' },
            },
            {
              name: 'limit',
              in: 'query',
              schema: { type: 'integer', minimum: 1, maximum: EVENTS_MAX_LIMIT, default: EVENTS_DEFAULT_LIMIT },
            },
          ],
          responses: {
            '200': json(
              {
                type: 'object',
                required: ['items', 'next'],
                properties: { items: { type: 'array', items: ref('FeedEvent') }, next: { type: 'string' } },
              },
              'The events after the cursor',
            ),
            '400': answer('A cursor this feed did not give, or a bad limit'),
            '401': unauthorized,
          },
        },
      },
    },
    schemas: {
      Application: {
        type: 'object',
        properties: {
          number: { type: 'string', description: '受付番号' },
          procedure: { type: 'string' },
          procedureVersion: { type: 'integer' },
          filedWith: nullable('string'),
          status: { type: 'string', enum: APPLICATION_STATUSES },
          decision: nullable('string', { enum: [...DECISIONS, null] }),
          decisionReason: nullable('string'),
          office: { type: 'string', enum: OFFICE_CODES },
          filerCategory: { type: 'string' },
          applicant: {
            type: 'object',
            properties: {
              nameEn: { type: 'string' },
              nationality: { type: 'string', pattern: '^[A-Z]{3}$' },
              dateOfBirth: { type: 'string', format: 'date' },
              sex: { type: 'string', enum: ['male', 'female'] },
              passportNumber: { type: 'string' },
              residenceCardNumber: nullable('string'),
              addressInJapan: nullable('string'),
              inJapan: { type: 'boolean' },
            },
          },
          wantedStatus: { type: 'string' },
          wantedPeriodMonths: { type: 'integer' },
          reason: { type: 'string' },
          organisation: nullable('object'),
          representative: nullable('object'),
          submittedAt: { type: 'string', format: 'date-time' },
          decidedAt: nullable('string', { format: 'date-time' }),
          withdrawnAt: nullable('string', { format: 'date-time' }),
          updatedAt: { type: 'string', format: 'date-time' },
          version: { type: 'integer' },
        },
      },
      ApplicationDetail: {
        allOf: [
          ref('Application'),
          {
            type: 'object',
            properties: {
              events: { type: 'array', items: ref('ApplicationEvent') },
              documents: { type: 'array', items: ref('ApplicationDocument') },
            },
          },
        ],
      },
      ApplicationEvent: {
        type: 'object',
        properties: {
          id: { type: 'string' },
          type: { type: 'string', enum: EVENT_TYPES },
          fromStatus: nullable('string'),
          toStatus: nullable('string'),
          decision: nullable('string'),
          actorKind: { type: 'string', enum: ['filer', 'officer', 'system', 'api'] },
          message: nullable('string', { description: "The officer's request, the filer's note or the reason" }),
          deadline: nullable('string', { format: 'date' }),
          at: { type: 'string', format: 'date-time' },
        },
      },
      ApplicationDocument: {
        type: 'object',
        properties: {
          id: { type: 'string', format: 'uuid' },
          item: { type: 'string', description: 'The checklist item, or `other`' },
          contentType: { type: 'string', enum: ['application/pdf', 'image/jpeg'] },
          size: { type: 'integer' },
          sha256: { type: 'string', pattern: '^[0-9a-f]{64}$' },
          originalName: { type: 'string' },
          uploadedAt: { type: 'string', format: 'date-time' },
          href: { type: 'string' },
        },
      },
      StatusChange: {
        type: 'object',
        required: ['action'],
        description:
          '`request_documents` takes `message` and `deadline`, `deny` takes `reason`; no other field is taken',
        properties: {
          action: { type: 'string', enum: API_ACTIONS },
          message: { type: 'string', maxLength: 2000 },
          deadline: { type: 'string', format: 'date', description: 'After today in Japan time' },
          reason: { type: 'string', maxLength: 2000 },
        },
      },
      StatusChanged: {
        type: 'object',
        properties: {
          number: { type: 'string' },
          status: { type: 'string', enum: APPLICATION_STATUSES },
          decision: nullable('string'),
          coeId: nullable('string', { description: 'The e-COE issued on approval of a COE application' }),
          version: { type: 'integer' },
        },
      },
      FeedEvent: {
        type: 'object',
        properties: {
          cursor: { type: 'string', description: 'Resume after this event' },
          type: { type: 'string', enum: EVENT_TYPES },
          number: { type: 'string' },
          procedure: { type: 'string' },
          fromStatus: nullable('string'),
          toStatus: nullable('string'),
          decision: nullable('string'),
          at: { type: 'string', format: 'date-time' },
        },
      },
    },
  };
}
