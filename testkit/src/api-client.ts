import { randomUUID } from 'node:crypto';
import type { AuthResult } from '@tasklane/shared/domain/auth-responses';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- any endpoint's JSON: tests read the fields they assert on without a cast per call
export type ApiResponse = { status: number; body: any; headers: Headers };

export async function api(
  baseUrl: string,
  method: string,
  path: string,
  options: { token?: string; body?: unknown; rawBody?: string } = {},
): Promise<ApiResponse> {
  const headers: Record<string, string> = {};
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  let body: string | undefined;
  if (options.rawBody !== undefined) {
    body = options.rawBody;
    headers['content-type'] = 'application/json';
  } else if (options.body !== undefined) {
    body = JSON.stringify(options.body);
    headers['content-type'] = 'application/json';
  }
  const response = await fetch(`${baseUrl}${path}`, { method, headers, ...(body === undefined ? {} : { body }) });
  const text = await response.text();
  let parsed: unknown = text;
  try {
    parsed = text ? JSON.parse(text) : null;
  } catch {
    // not JSON: keep the text
  }
  return { status: response.status, body: parsed, headers: response.headers };
}

export type RegisteredUser = { id: string; email: string; password: string; accessToken: string; refreshToken: string };

export async function registerUser(
  baseUrl: string,
  email = `user-${randomUUID()}@example.com`,
  password = 'correct horse battery',
): Promise<RegisteredUser> {
  const response = await api(baseUrl, 'POST', '/api/auth/register', { body: { email, password } });
  if (response.status !== 201) throw new Error(`register failed: ${response.status} ${JSON.stringify(response.body)}`);
  const result = response.body as AuthResult;
  return { id: result.user.id, email, password, accessToken: result.accessToken, refreshToken: result.refreshToken };
}
