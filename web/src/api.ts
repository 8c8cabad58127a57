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

export async function getJson<T>(path: string, params: Params = {}): Promise<T> {
  const query = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== '') query.set(k, String(v));
  const url = query.size > 0 ? `${path}?${query}` : path;
  const res = await fetch(url, { headers: { accept: 'application/json' } });
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

/** A write: JSON body, the session's CSRF token, problem+json on failure; null for 204. */
export async function sendJson<T>(
  method: 'POST' | 'PUT' | 'PATCH' | 'DELETE',
  path: string,
  body: unknown,
  csrfToken: string | undefined,
): Promise<T> {
  const res = await fetch(path, {
    method,
    headers: {
      accept: 'application/json',
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      ...(csrfToken ? { 'x-csrf-token': csrfToken } : {}),
    },
    body: body === undefined ? null : JSON.stringify(body),
  });
  if (res.status === 204) return null as T;
  const parsed: unknown = await res.json().catch(() => null);
  if (!res.ok) {
    const problem =
      parsed && typeof parsed === 'object' && 'title' in parsed
        ? (parsed as Problem)
        : { type: 'about:blank', title: 'Không kết nối được máy chủ', status: res.status };
    throw new ApiError(problem);
  }
  return parsed as T;
}
