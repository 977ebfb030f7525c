import fs from 'node:fs';
import path from 'node:path';
import { DiagnosticSeverity, Parser } from '@asyncapi/parser';
import { validate } from '@readme/openapi-parser';
import { parse } from 'yaml';
import { ackSchema } from '@tasklane/shared/protocol/ack';
import { changesEventSchema } from '@tasklane/shared/protocol/changes';
import { ERROR_CODES } from '@tasklane/shared/protocol/error-codes';
import { connectErrorSchema, handshakeAuthSchema, HANDSHAKE_ERROR_CODES, tokenExpiredSchema } from '@tasklane/shared/protocol/handshake';
import { toInlineJsonSchema } from '@tasklane/shared/protocol/json-schema-components';
import { pullRequestSchema, pullResponseSchema } from '@tasklane/shared/protocol/pull';
import { pushResponseSchema } from '@tasklane/shared/protocol/push';
import { pushMessageSchema } from '@tasklane/sync-server/src/realtime/asyncapi-document';
import { apiDocFiles } from './api-doc-files';

type Json = { [key: string]: unknown };

const ROOT = path.resolve(__dirname, '../..');
const committed = (file: string) => fs.readFileSync(path.join(ROOT, file), 'utf8');

/** The value under `keys`, or undefined where the path leaves the document. */
function at(node: unknown, ...keys: string[]): unknown {
  return keys.reduce<unknown>((value, key) => (value as Json | undefined)?.[key], node);
}

/**
 * Follows every local `$ref` so a payload can be compared with a schema that
 * inlines everything. Draft 07 allows no keyword beside `$ref`, so a
 * reference that needs one is written `allOf: [{ $ref }]`: that is unwrapped too.
 */
function dereference(node: unknown, document: Json): unknown {
  if (Array.isArray(node)) return node.map((item) => dereference(item, document));
  if (node === null || typeof node !== 'object') return node;
  const { allOf } = node as Json;
  if (Object.keys(node).length === 1 && Array.isArray(allOf) && allOf.length === 1 && at(allOf[0], '$ref'))
    return dereference(allOf[0], document);
  const { $ref: ref, ...rest } = node as Json;
  if (typeof ref === 'string') {
    const keys = ref
      .replace(/^#\//, '')
      .split('/')
      .map((key) => key.replace(/~1/g, '/').replace(/~0/g, '~'));
    return dereference({ ...(at(document, ...keys) as Json), ...rest }, document);
  }
  return Object.fromEntries(Object.entries(rest).map(([key, value]) => [key, dereference(value, document)]));
}

function firstDifference(expected: string, actual: string): string {
  const expectedLines = expected.split('\n');
  const actualLines = actual.split('\n');
  const found = expectedLines.findIndex((text, index) => text !== actualLines[index]);
  const line = found === -1 ? expectedLines.length : found;
  return `line ${line + 1}: generated ${JSON.stringify(expectedLines[line])}, committed ${JSON.stringify(actualLines[line])}`;
}

describe('machine-readable API descriptions', () => {
  it.each(apiDocFiles().map((file) => [file.path, file.text]))('%s is what the schemas generate (drift check)', (file, generated) => {
    const text = committed(file);
    if (text !== generated) throw new Error(`${file} is out of date; run npm run api-docs (${firstDifference(generated, text)})`);
  });

  it('docs/openapi.json is a valid OpenAPI 3.1 document', async () => {
    const document = JSON.parse(committed('docs/openapi.json'));
    expect(document.openapi).toMatch(/^3\.1\.\d+$/);
    const result = await validate(document);
    expect(result).toMatchObject({ valid: true, specification: 'OpenAPI' });
    expect(result.warnings).toEqual([]);
  });

  it('docs/asyncapi.yaml is a valid AsyncAPI 3 document', async () => {
    const { document, diagnostics } = await new Parser().parse(committed('docs/asyncapi.yaml'));
    const serious = new Set<number>([DiagnosticSeverity.Error, DiagnosticSeverity.Warning]);
    const problems = diagnostics.filter((diagnostic) => serious.has(diagnostic.severity));
    expect(problems.map((problem) => `${problem.path.join('.')}: ${problem.message}`)).toEqual([]);
    expect(document?.version()).toMatch(/^3\.\d+\.\d+$/);
  }, 60_000);

  it('every OpenAPI operation that sets the refresh cookie says so in its description', () => {
    const document: Json = JSON.parse(committed('docs/openapi.json'));
    const settingCookie = Object.entries(document.paths as Record<string, Record<string, Json>>).flatMap(([route, operations]) =>
      Object.entries(operations).flatMap(([method, operation]) => {
        const responses = Object.values(operation.responses as Record<string, Json>);
        const sets = responses.some((response) =>
          String(at(response, 'headers', 'Set-Cookie', 'description')).startsWith('`__Host-tasklane_refresh=<'),
        );
        return sets ? [{ operation: `${method} ${route}`, description: operation.description }] : [];
      }),
    );
    expect(settingCookie.map(({ operation }) => operation)).toEqual([
      'post /api/auth/register',
      'post /api/auth/login',
      'post /api/auth/refresh',
    ]);
    for (const { operation, description } of settingCookie) {
      expect([operation, description]).toEqual([
        operation,
        expect.stringMatching(/refresh token is also set as the `__Host-tasklane_refresh` cookie/),
      ]);
    }
  });

  describe('every AsyncAPI message payload is the JSON Schema of its shared zod schema', () => {
    const document: Json = parse(committed('docs/asyncapi.yaml'));
    const payloadOf = (message: string) => dereference(at(document, 'components', 'messages', message, 'payload'), document);

    it.each([
      ['handshake', handshakeAuthSchema, 'input'],
      ['connectError', connectErrorSchema, 'output'],
      ['pull', pullRequestSchema, 'input'],
      ['pullAck', ackSchema(pullResponseSchema), 'output'],
      ['push', pushMessageSchema, 'input'],
      ['pushAck', ackSchema(pushResponseSchema), 'output'],
      ['changes', changesEventSchema, 'output'],
      ['tokenExpired', tokenExpiredSchema, 'output'],
    ] as const)('%s', (message, schema, io) => {
      expect(payloadOf(message)).toEqual(toInlineJsonSchema(schema, { target: 'draft-7', io }));
    });

    it('a failed acknowledgement may carry every error code', () => {
      for (const ack of ['pullAck', 'pushAck']) {
        const failed = (at(payloadOf(ack), 'oneOf') as Json[]).find((branch) => at(branch, 'properties', 'ok', 'const') === false);
        expect(at(failed, 'properties', 'error', 'properties', 'code', 'enum')).toEqual([...ERROR_CODES]);
      }
    });

    it('a refused handshake names its code in the message and in the error body', () => {
      const payload = payloadOf('connectError');
      expect(at(payload, 'properties', 'message', 'enum')).toEqual([...HANDSHAKE_ERROR_CODES]);
      expect(at(payload, 'properties', 'data', 'properties', 'code', 'enum')).toEqual([...HANDSHAKE_ERROR_CODES]);
      expect(HANDSHAKE_ERROR_CODES).toEqual(expect.arrayContaining(['UNAUTHENTICATED', 'CLIENT_TOO_OLD']));
    });

    it('the description of a refused handshake explains every code its payload allows', () => {
      const description = String(at(document, 'components', 'messages', 'connectError', 'description'));
      for (const code of at(payloadOf('connectError'), 'properties', 'message', 'enum') as string[]) {
        expect([code, description]).toEqual([code, expect.stringContaining(`${code}: `)]);
      }
    });

    it('the events carry their socket.io names', () => {
      const messages = Object.values(at(document, 'components', 'messages') as Record<string, Json>);
      const names = messages.flatMap((message) => (typeof message.name === 'string' ? [message.name] : []));
      expect(names.sort()).toEqual(['changes', 'connect_error', 'pull', 'push', 'token-expired']);
    });
  });
});
