import type { Problem } from '../../src/contracts/common';

/** The `{ items, nextCursor, total }` answer of every list endpoint. */
export interface Page<T> {
  items: T[];
  nextCursor: string | null;
  total?: number;
}

/** An API failure, carrying the server's problem+json (Vietnamese title, field errors). */
export class ApiError extends Error {
  constructor(readonly problem: Problem) {
    super(problem.detail ? `${problem.title}: ${problem.detail}` : problem.title);
  }
}

type Params = Record<string, string | number | undefined>;

/** The parsed body of an answer; problem+json (or a lost connection) as an ApiError; null for 204. */
async function answer<T>(res: Response): Promise<T> {
  if (res.status === 204) return null as T;
  const body: unknown = await res.json().catch(() => null);
  if (!res.ok) {
    const problem =
      body && typeof body === 'object' && 'title' in body
        ? (body as Problem)
        : { type: 'about:blank', title: 'Không kết nối được máy chủ', status: res.status };
    throw new ApiError(problem);
  }
  return body as T;
}

export async function getJson<T>(path: string, params: Params = {}): Promise<T> {
  const query = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== '') query.set(k, String(v));
  const url = query.size > 0 ? `${path}?${query}` : path;
  return answer<T>(await fetch(url, { headers: { accept: 'application/json' } }));
}

/** A write: JSON body, the session's CSRF token, problem+json on failure; null for 204. */
export async function sendJson<T>(
  method: 'POST' | 'PUT' | 'PATCH' | 'DELETE',
  path: string,
  body: unknown,
  csrfToken: string | undefined,
  headers: Record<string, string> = {},
): Promise<T> {
  const res = await fetch(path, {
    method,
    headers: {
      accept: 'application/json',
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      ...(csrfToken ? { 'x-csrf-token': csrfToken } : {}),
      ...headers,
    },
    body: body === undefined ? null : JSON.stringify(body),
  });
  return answer<T>(res);
}

/** Uploads one file as multipart/form-data (field "file"), with the session's CSRF token. */
export async function sendFile<T>(path: string, file: File, csrfToken: string | undefined): Promise<T> {
  const body = new FormData();
  body.append('file', file, file.name);
  const res = await fetch(path, {
    method: 'POST',
    headers: { accept: 'application/json', ...(csrfToken ? { 'x-csrf-token': csrfToken } : {}) },
    body,
  });
  return answer<T>(res);
}
