import type { z } from 'zod';
import type { ErrorCode } from '@tasklane/shared/protocol/error-codes';
import { toInlineJsonSchema, toJsonSchemaComponents, type JsonSchema } from '@tasklane/shared/protocol/json-schema-components';
import { HTTP_STATUS_BY_CODE } from './http-status';
import { OPERATIONS, type OperationSpec } from './openapi-operations';
import { errorResponseSchemaFor, errorSchemaName, OPENAPI_REQUEST_SCHEMAS, OPENAPI_RESPONSE_SCHEMAS } from './openapi-schemas';
import { REFRESH_COOKIE } from './refresh-cookie';

type JsonObject = { [key: string]: unknown };

const SCHEMA_REF = '#/components/schemas/';
const JSON_MEDIA_TYPE = 'application/json';

/** The codes some route answers with, by HTTP status. */
const USED_ERROR_CODES = [...new Set(OPERATIONS.flatMap((spec) => spec.errors))].sort(
  (a, b) => HTTP_STATUS_BY_CODE[a] - HTTP_STATUS_BY_CODE[b],
);

/** The meaning column of docs/protocol.md §5. */
const ERROR_MEANINGS: Record<ErrorCode, string> = {
  UNAUTHENTICATED: 'Missing, invalid or expired credentials; refresh and retry once',
  FORBIDDEN: 'Authenticated but not allowed',
  INVALID_MESSAGE:
    'The request does not match its schema, or names a list the account lacks, or would delete or archive the Inbox; the message names the offending fields',
  PAYLOAD_TOO_LARGE: 'The body is over its limit: 1 MiB, or for an import 8 MiB or 5000 tasks',
  NOT_FOUND: 'No such task or list for this user',
  CONFLICT: 'Duplicate registration, an existing task or list id, a reused Idempotency-Key, or a document that kept changing',
  LIST_LIMIT: 'The account holds the most lists it may (archived ones included); delete one first',
  UNSAFE_TEXT: 'A text field holds a control or bidi character (named with its field in the message); remove it',
  INVALID_ASSIGNEE: "The task's assignee may not edit its list: assign an editor or the owner of a shared list, or nobody (rule AS3)",
  CHECKPOINT_UNKNOWN: 'A socket pull from a checkpoint of another store generation, or past the newest change; resync from scratch',
  RATE_LIMITED: 'Slow down; wait `retryAfterMs`',
  TOO_MANY_SOCKETS: 'Socket handshake only: the account already has its most connections open; connect again once one closes',
  CLIENT_TOO_OLD: 'Update the client',
  SERVER_TOO_OLD: 'The client speaks a newer protocol than this server (a rolling upgrade); keep working offline and retry later',
  UNAVAILABLE:
    'The store is unreachable; retry with backoff (a MongoDB write-concern timeout may still have applied the write: a retry is idempotent)',
  EMAIL_UNAVAILABLE: 'This server sends no e-mail (no SMTP_URL in production): password reset and address verification are off',
  PUSH_UNAVAILABLE: 'This server sends no reminders (no VAPID keys in production): push subscriptions are refused',
  INTERNAL: 'Unexpected; logged once on the server',
};

const RETRY_AFTER_HEADER = { description: 'Seconds to wait before retrying', schema: { type: 'integer', minimum: 1 } };
const CSV_MEDIA_TYPE = 'text/csv';
const ATTACHMENT_HEADERS = {
  'Content-Disposition': { description: '`attachment; filename=…`: a download', schema: { type: 'string' } },
};
const REFRESH_COOKIE_HEADERS = {
  set: {
    'Set-Cookie': {
      description: `\`${REFRESH_COOKIE}=<refresh token>; HttpOnly; Secure; SameSite=Strict; Path=/\``,
      schema: { type: 'string' },
    },
  },
  cleared: { 'Set-Cookie': { description: `Clears the \`${REFRESH_COOKIE}\` cookie`, schema: { type: 'string' } } },
};

function jsonContent(schema: JsonObject): JsonObject {
  return { [JSON_MEDIA_TYPE]: { schema } };
}

function errorResponse(code: ErrorCode): JsonObject {
  const withRetryAfter = code === 'RATE_LIMITED' || code === 'UNAVAILABLE';
  return {
    description: `\`${code}\`: ${ERROR_MEANINGS[code]}`,
    ...(withRetryAfter ? { headers: { 'Retry-After': RETRY_AFTER_HEADER } } : {}),
    content: jsonContent({ $ref: `${SCHEMA_REF}${errorSchemaName(code)}` }),
  };
}

/** Statuses in the order the codes are listed; one status may answer several codes (400 INVALID_MESSAGE or UNSAFE_TEXT). */
function errorCodesByStatus(codes: readonly ErrorCode[]): Map<number, ErrorCode[]> {
  const byStatus = new Map<number, ErrorCode[]>();
  for (const code of codes) {
    const status = HTTP_STATUS_BY_CODE[code];
    byStatus.set(status, [...(byStatus.get(status) ?? []), code]);
  }
  return byStatus;
}

function errorResponseOfEither(codes: ErrorCode[]): JsonObject {
  const withRetryAfter = codes.some((code) => code === 'RATE_LIMITED' || code === 'UNAVAILABLE');
  return {
    description: codes.map((code) => `\`${code}\`: ${ERROR_MEANINGS[code]}`).join(' Or '),
    ...(withRetryAfter ? { headers: { 'Retry-After': RETRY_AFTER_HEADER } } : {}),
    content: jsonContent({ oneOf: codes.map((code) => ({ $ref: `${SCHEMA_REF}${errorSchemaName(code)}` })) }),
  };
}

function parameter(name: string, location: 'query' | 'path' | 'header', schema: z.ZodType): JsonObject {
  const json = toInlineJsonSchema(schema, { target: 'draft-2020-12', io: 'input' });
  const required = location === 'path' || !schema.safeParse(undefined).success;
  return { name, in: location, required, schema: json };
}

function parametersOf(spec: OperationSpec): JsonObject[] {
  const parameters = [
    ...Object.entries(spec.pathParams ?? {}).map(([name, schema]) => parameter(name, 'path', schema)),
    ...Object.entries(spec.query?.shape ?? {}).map(([name, schema]) => parameter(name, 'query', schema as z.ZodType)),
    ...Object.entries(spec.headers ?? {}).map(([name, schema]) => parameter(name, 'header', schema)),
  ];
  if (spec.refreshCookie) {
    parameters.push({
      name: REFRESH_COOKIE,
      in: 'cookie',
      required: false,
      description: 'The refresh token, when the body carries none (the web client)',
      schema: { type: 'string' },
    });
  }
  return parameters;
}

function responsesOf(spec: OperationSpec): JsonObject {
  const responses: JsonObject = {};
  for (const [status, response] of Object.entries(spec.responses)) {
    const schema =
      response.schema === 'OpenApiDocument' ? { type: 'object' } : response.schema && { $ref: `${SCHEMA_REF}${response.schema}` };
    const csv = response.csv ? { [CSV_MEDIA_TYPE]: { schema: { type: 'string' } } } : {};
    responses[status] = {
      description: response.description,
      ...(response.refreshCookie ? { headers: REFRESH_COOKIE_HEADERS[response.refreshCookie] } : {}),
      ...(response.attachment ? { headers: ATTACHMENT_HEADERS } : {}),
      ...(schema ? { content: { ...jsonContent(schema), ...csv } } : {}),
    };
  }
  for (const [status, codes] of errorCodesByStatus(spec.errors)) {
    responses[status] = codes.length === 1 ? { $ref: `#/components/responses/${codes[0]}` } : errorResponseOfEither(codes);
  }
  return Object.fromEntries(Object.entries(responses).sort(([a], [b]) => Number(a) - Number(b)));
}

function operationOf(spec: OperationSpec): JsonObject {
  const parameters = parametersOf(spec);
  return {
    operationId: spec.operationId,
    tags: [spec.tag],
    summary: spec.summary,
    ...(spec.description ? { description: spec.description } : {}),
    ...(spec.bearerAuth ? { security: [{ bearerAuth: [] }] } : {}),
    ...(parameters.length > 0 ? { parameters } : {}),
    ...(spec.body
      ? { requestBody: { required: spec.body.required, content: jsonContent({ $ref: `${SCHEMA_REF}${spec.body.schema}` }) } }
      : {}),
    responses: responsesOf(spec),
  };
}

function componentSchemas(): Record<string, JsonSchema> {
  const errors = Object.fromEntries(USED_ERROR_CODES.map((code) => [errorSchemaName(code), errorResponseSchemaFor(code)]));
  const requests = toJsonSchemaComponents(OPENAPI_REQUEST_SCHEMAS, { refPrefix: SCHEMA_REF, target: 'draft-2020-12', io: 'input' });
  const responses = toJsonSchemaComponents(
    { ...OPENAPI_RESPONSE_SCHEMAS, ...errors },
    { refPrefix: SCHEMA_REF, target: 'draft-2020-12', io: 'output' },
  );
  // The schema's refinement ("at least one field") has no JSON Schema form of its own.
  requests.PatchTaskInput = { ...requests.PatchTaskInput, minProperties: 1 };
  requests.PatchListInput = { ...requests.PatchListInput, minProperties: 1 };
  return { ...requests, ...responses };
}

/** The OpenAPI 3.1 description of the REST API, generated from the zod schemas the routes parse and answer with. */
function buildOpenApiDocument(version: string): JsonObject {
  const paths: Record<string, JsonObject> = {};
  for (const spec of OPERATIONS) paths[spec.path] = { ...paths[spec.path], [spec.method]: operationOf(spec) };
  return {
    openapi: '3.1.1',
    info: {
      title: 'Tasklane REST API',
      version,
      summary: 'Tasks and sign-in of a Tasklane sync server',
      description:
        'REST writes take the same path as socket pushes (docs/protocol.md §7) and are broadcast as `changes`. Every error is `{ "error": { code, message, retryable, retryAfterMs? } }` with one HTTP status per code. The socket protocol is described in docs/asyncapi.yaml.',
      license: { name: 'MIT', identifier: 'MIT' },
    },
    tags: [
      { name: 'auth', description: 'Accounts and tokens' },
      { name: 'tasks', description: 'Task documents of the signed-in user' },
      { name: 'lists', description: 'The lists (projects) of the signed-in user, the Inbox always among them' },
      { name: 'sharing', description: 'Invitations, members and owners of shared lists (protocol.md SH1–SH13)' },
      { name: 'export', description: 'The whole account as one document, out and back in' },
      { name: 'health', description: 'Probes for load balancers and orchestrators' },
      { name: 'reminders', description: 'Web Push subscriptions and notification actions (architecture.md NT1–NT16)' },
      { name: 'api', description: 'This description' },
    ],
    paths,
    components: {
      schemas: componentSchemas(),
      responses: Object.fromEntries(USED_ERROR_CODES.map((code) => [code, errorResponse(code)])),
      securitySchemes: {
        bearerAuth: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT', description: 'An access token from register, login or refresh' },
      },
    },
  };
}

/** The document as served at `/api/openapi.json` and committed as docs/openapi.json. */
export function renderOpenApiJson(version: string): string {
  return `${JSON.stringify(buildOpenApiDocument(version), null, 2)}\n`;
}
