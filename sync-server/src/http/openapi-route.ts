import type { RequestHandler } from 'express';
import { APP_VERSION } from '../app-version';
import { renderOpenApiJson } from './openapi-document';

/** `GET /api/openapi.json`: public, built on the first request and kept in memory. */
export function createOpenApiRoute(): RequestHandler {
  let json: string | undefined;
  return (_req, res) => {
    json ??= renderOpenApiJson(APP_VERSION);
    res.type('application/json').send(json);
  };
}
