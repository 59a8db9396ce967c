import { NAME_EN_MAX, NAME_EN_PATTERN } from '@app/fields';
import { COE_STATUSES } from '../statuses';

const problem = { $ref: '#/components/schemas/Problem' };

/** OpenAPI 3.1 description of the e-COE API, served at /api/docs. */
export function openApiDocument(serverUrl: string) {
  return {
    openapi: '3.1.0',
    info: {
      title: 'Residence Online — e-COE API',
      version: '1.0.0',
      description:
        "Issuance and status of electronic Certificates of Eligibility for the agency's examination system. " +
        'Authenticate with `Authorization: Bearer <key>` (keys from `npm run cli -- apikey:create`). ' +
        'Send an `Idempotency-Key` with POST so that a retried request never issues twice.',
    },
    servers: [{ url: serverUrl }],
    security: [{ bearer: [] }],
    paths: {
      '/api/v1/coes': {
        post: {
          summary: 'Issue an e-COE',
          parameters: [
            { name: 'Idempotency-Key', in: 'header', required: false, schema: { type: 'string', maxLength: 200 } },
          ],
          requestBody: {
            required: true,
            content: { 'application/json': { schema: { $ref: '#/components/schemas/IssueCoe' } } },
          },
          responses: {
            '201': {
              description: 'Issued',
              content: { 'application/json': { schema: { $ref: '#/components/schemas/Coe' } } },
            },
            '400': {
              description: 'Invalid input; `errors` names each bad field',
              content: { 'application/problem+json': { schema: problem } },
            },
            '401': {
              description: 'No or unknown API key',
              content: { 'application/problem+json': { schema: problem } },
            },
            '409': {
              description: 'Idempotency-Key reused with a different request',
              content: { 'application/problem+json': { schema: problem } },
            },
            '422': {
              description: 'No user with this recipientUserId',
              content: { 'application/problem+json': { schema: problem } },
            },
          },
        },
        get: {
          summary: 'List e-COEs, newest first, 50 per page',
          description:
            'Walk all pages with `after`: start with `after=` (empty) or any numbered page, then pass the `next` ' +
            'cursor of each page until it is null. Cursor pages take the same time at any depth and carry no ' +
            '`total`. Numbered pages (`page`, at most 100) also count the matches in `total`. ' +
            '`status` applies to cursor pages too; send the same one on every page.',
          parameters: [
            {
              name: 'status',
              in: 'query',
              description: '`unregistered`: awaiting receipt (neither received nor revoked); `registered`: received',
              schema: { type: 'string', enum: ['unregistered', 'registered'] },
            },
            {
              name: 'page',
              in: 'query',
              description: 'Numbered page; beyond 100 the answer is 400, use `after`. Not with `after`.',
              schema: { type: 'integer', minimum: 1, maximum: 100, default: 1 },
            },
            {
              name: 'after',
              in: 'query',
              description: 'The opaque `next` cursor of the previous page; empty for the first page. Not with `page`.',
              schema: { type: 'string' },
            },
          ],
          responses: {
            '200': {
              description: 'One page',
              content: {
                'application/json': {
                  schema: {
                    type: 'object',
                    required: ['items', 'pageSize', 'next'],
                    properties: {
                      items: { type: 'array', items: { $ref: '#/components/schemas/Coe' } },
                      page: { type: 'integer', description: 'Numbered pages only' },
                      pageSize: { type: 'integer' },
                      total: { type: 'integer', description: 'Numbered pages only' },
                      next: { type: ['string', 'null'], description: 'Cursor for `after`; null on the last page' },
                    },
                  },
                },
              },
            },
            '400': {
              description: 'Invalid query: bad `status`, `page` beyond 100, or a cursor this API did not give',
              content: { 'application/problem+json': { schema: problem } },
            },
            '401': {
              description: 'No or unknown API key',
              content: { 'application/problem+json': { schema: problem } },
            },
          },
        },
      },
      '/api/v1/coes/{number}': {
        get: {
          summary: 'One e-COE',
          parameters: [{ name: 'number', in: 'path', required: true, schema: { type: 'string' } }],
          responses: {
            '200': {
              description: 'Found',
              content: { 'application/json': { schema: { $ref: '#/components/schemas/Coe' } } },
            },
            '401': {
              description: 'No or unknown API key',
              content: { 'application/problem+json': { schema: problem } },
            },
            '404': { description: 'No such certificate', content: { 'application/problem+json': { schema: problem } } },
          },
        },
      },
    },
    components: {
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } },
      schemas: {
        IssueCoe: {
          type: 'object',
          required: [
            'recipientUserId',
            'holderNameEn',
            'nationality',
            'dateOfBirth',
            'gender',
            'statusOfResidence',
            'issuingOffice',
          ],
          properties: {
            recipientUserId: { type: 'string', description: "The recipient's user ID (利用者ID)" },
            holderNameEn: { type: 'string', pattern: NAME_EN_PATTERN.source, maxLength: NAME_EN_MAX },
            nationality: { type: 'string', pattern: '^[A-Z]{3}$', description: 'ISO 3166-1 alpha-3' },
            dateOfBirth: { type: 'string', format: 'date' },
            gender: { type: 'string', enum: ['male', 'female'] },
            statusOfResidence: { type: 'string', enum: COE_STATUSES.map((s) => s.code) },
            issuingOffice: { type: 'string', maxLength: 200 },
          },
        },
        Coe: {
          type: 'object',
          properties: {
            number: { type: 'string', example: 'E2026-7KQ9M2XA' },
            recipientUserId: { type: 'string' },
            holderNameEn: { type: 'string' },
            nationality: { type: 'string' },
            dateOfBirth: { type: 'string', format: 'date' },
            gender: { type: 'string', enum: ['male', 'female'] },
            statusOfResidence: { type: 'string' },
            issuingOffice: { type: 'string' },
            issuedAt: { type: 'string', format: 'date-time' },
            validUntil: { type: 'string', format: 'date-time' },
            firstMailedAt: { type: ['string', 'null'], format: 'date-time' },
            receiptStatus: { type: 'string', enum: ['unregistered', 'registered'] },
            receivedAt: { type: ['string', 'null'], format: 'date-time' },
            revokedAt: { type: ['string', 'null'], format: 'date-time' },
            remindersSent: { type: 'integer' },
          },
        },
        Problem: {
          type: 'object',
          properties: {
            type: { type: 'string' },
            title: { type: 'string' },
            status: { type: 'integer' },
            detail: { type: 'string' },
            errors: { type: 'object', additionalProperties: { type: 'array', items: { type: 'string' } } },
          },
        },
      },
    },
  };
}
