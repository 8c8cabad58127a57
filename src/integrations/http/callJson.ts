import { failureText } from '../outbox/connector.js';

/** What a JSON call to an external system came to, in the terms the outbox needs. */
export type CallResult<T> =
  { ok: true; status: number; body: T } | { ok: false; transient: boolean; error: string; status?: number };

export interface CallOptions {
  method: 'GET' | 'POST' | 'PUT';
  body?: unknown;
  headers?: Record<string, string>;
  timeoutMs: number;
}

/**
 * One HTTP call with a JSON answer. Network errors, timeouts, 5xx, 429 and unreadable answers are
 * transient (worth trying again); any other 4xx is the message's own fault.
 */
export async function callJson<T>(url: string, opts: CallOptions): Promise<CallResult<T>> {
  let res: Response;
  try {
    res = await fetch(url, {
      method: opts.method,
      headers: {
        accept: 'application/json',
        ...(opts.body === undefined ? {} : { 'content-type': 'application/json' }),
        ...opts.headers,
      },
      body: opts.body === undefined ? undefined : JSON.stringify(opts.body),
      signal: AbortSignal.timeout(opts.timeoutMs),
    });
  } catch (e) {
    return { ok: false, transient: true, error: failureText(e) };
  }
  const text = await res.text().catch(() => '');
  if (res.status >= 500 || res.status === 429 || res.status === 408)
    return {
      ok: false,
      transient: true,
      status: res.status,
      error: `HTTP ${res.status}: ${text.slice(0, 200)}`,
    };
  if (res.status >= 400)
    return {
      ok: false,
      transient: false,
      status: res.status,
      error: `HTTP ${res.status}: ${text.slice(0, 200)}`,
    };
  try {
    return { ok: true, status: res.status, body: JSON.parse(text) as T };
  } catch {
    return {
      ok: false,
      transient: true,
      status: res.status,
      error: `unreadable answer: ${text.slice(0, 200)}`,
    };
  }
}

/**
 * What a provider's answer to "create this" comes to for the outbox: its parsed body when it
 * accepted (`error_code` 0), else the outcome to record — retried for transport failures, unreadable
 * answers and the provider's own errors, rejected for 4xx and `error_code` 1 (the request's fault).
 */
export function acceptedOrOutcome<T extends { error_code: number; message?: string | undefined }>(
  r: CallResult<unknown>,
  schema: { safeParse(v: unknown): { success: true; data: T } | { success: false } },
  provider: string,
): { accepted: T } | { outcome: 'retry' | 'reject'; error: string } {
  if (!r.ok) return { outcome: r.transient ? 'retry' : 'reject', error: r.error };
  const a = schema.safeParse(r.body);
  if (!a.success) return { outcome: 'retry', error: 'malformed acknowledgement' };
  if (a.data.error_code === 0) return { accepted: a.data };
  const error = `${provider} từ chối (mã ${a.data.error_code}): ${a.data.message ?? ''}`;
  return { outcome: a.data.error_code === 1 ? 'reject' : 'retry', error };
}
