import { z } from 'zod';
import { ProblemSchema } from '../contracts/common.js';

/**
 * How an operation is authenticated, as OpenAPI security requirements. Routes that are not the
 * staff's declare theirs in their schema (`security: publicOperation` …); every other operation is
 * the staff's, by session cookie, or a connected system's by API key where the route says so.
 */
export const publicOperation: never[] = [];
export const citizenOperation = [{ citizenSession: [] }];
export const signedCallback = [{ signedCallback: [] }];
export const clientOperation = [{ apiKey: [] }];
export const staffOperation = [{ staffSession: [] }];

/** The ways a caller authenticates (declared in the document's components). */
export const securitySchemes = {
  staffSession: {
    type: 'apiKey',
    in: 'cookie',
    name: 'motcua_session',
    description:
      'Phiên làm việc của cán bộ (đăng nhập tại /api/v1/auth/login). Mọi thao tác ghi gửi kèm mã chống giả mạo ở tiêu đề x-csrf-token.',
  },
  citizenSession: {
    type: 'apiKey',
    in: 'cookie',
    name: 'motcua_citizen',
    description: 'Phiên của công dân sau khi đăng nhập bằng VNeID',
  },
  apiKey: {
    type: 'http',
    scheme: 'bearer',
    description:
      'Khóa API của hệ thống kết nối (Cổng DVCQG, hệ thống của tỉnh), cấp tại màn hình Hệ thống kết nối',
  },
  signedCallback: {
    type: 'apiKey',
    in: 'header',
    name: 'x-signature',
    description: 'Chữ ký HMAC của bên gọi lại (kèm x-timestamp, x-nonce)',
  },
} as const;

type Operation = {
  operationId?: string;
  security?: unknown[];
  parameters?: { in: string }[];
  requestBody?: unknown;
  responses?: Record<string, unknown>;
};
type Document = {
  servers?: { url: string }[];
  info: Record<string, unknown>;
  paths?: Record<string, Record<string, Operation>>;
  components?: { schemas?: Record<string, unknown>; securitySchemes?: Record<string, unknown> };
};

/** A stable operation id from the method and the path: GET /api/v1/dossiers/{code} → getDossiersByCode. */
export function operationIdOf(method: string, path: string): string {
  const words = path
    .replace(/^\/api\/v1\//, '/')
    .split('/')
    .filter((w) => w !== '')
    .map((w) => (w.startsWith('{') ? `by-${w.slice(1, -1)}` : w))
    .join('-')
    .split(/[^A-Za-z0-9]+/)
    .filter((w) => w !== '');
  return [method.toLowerCase(), ...words.map((w) => w[0]?.toUpperCase() + w.slice(1))].join('');
}

const problemRef = { $ref: '#/components/schemas/Problem' };
const problemResponse = (description: string) => ({
  description,
  content: { 'application/problem+json': { schema: problemRef } },
});

/** The problems any operation may answer, by what it takes and how it is authenticated. */
function problemsOf(method: string, path: string, op: Operation): Record<string, unknown> {
  const secured = (op.security ?? []).length > 0;
  const writes = method !== 'get';
  return {
    400: problemResponse('Dữ liệu gửi lên không hợp lệ'),
    ...(secured ? { 401: problemResponse('Chưa xác thực'), 403: problemResponse('Không có quyền') } : {}),
    ...(path.includes('{') ? { 404: problemResponse('Không tìm thấy') } : {}),
    ...(writes ? { 409: problemResponse('Xung đột với trạng thái hiện tại') } : {}),
    429: problemResponse('Quá nhiều yêu cầu'),
    503: problemResponse('Tạm thời không phục vụ được, thử lại sau'),
  };
}

/** Every schema a part of the document refers to, followed through the components. */
function referenced(doc: Document): Set<string> {
  const names = new Set<string>();
  const schemas = doc.components?.schemas ?? {};
  const walk = (v: unknown): void => {
    if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === 'object')
      for (const [k, x] of Object.entries(v)) {
        if (k === '$ref' && typeof x === 'string' && x.startsWith('#/components/schemas/')) {
          const name = x.slice('#/components/schemas/'.length);
          if (!names.has(name)) {
            names.add(name);
            walk(schemas[name]);
          }
        } else walk(x);
      }
  };
  walk(doc.paths);
  return names;
}

/**
 * Completes the generated document so that clients can be generated from it and a standard
 * linter accepts it: servers, security schemes applied per operation, a stable operationId, the
 * problem responses of every operation, no unused schema.
 */
export function completeDocument(doc: Document, serverUrl: string): Document {
  for (const [path, ops] of Object.entries(doc.paths ?? {}))
    for (const [method, op] of Object.entries(ops)) {
      op.operationId ??= operationIdOf(method, path);
      op.security ??= staffOperation;
      // A problem is problem+json whatever the route declared it as.
      const declared = Object.entries(op.responses ?? {}).map(([code, r]) =>
        Number(code) >= 400
          ? [code, problemResponse((r as { description?: string }).description ?? code)]
          : [code, r],
      );
      op.responses = { ...problemsOf(method, path, op), ...Object.fromEntries(declared) };
    }
  const schemas = {
    ...doc.components?.schemas,
    Problem: doc.components?.schemas?.['Problem'] ?? z.toJSONSchema(ProblemSchema),
  };
  const used = referenced({ ...doc, components: { schemas } });
  return {
    ...doc,
    servers: [{ url: serverUrl }],
    components: {
      ...doc.components,
      schemas: Object.fromEntries(Object.entries(schemas).filter(([name]) => used.has(name))),
    },
  };
}
