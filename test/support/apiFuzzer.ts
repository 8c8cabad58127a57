import fc from 'fast-check';

/** The part of an OpenAPI operation the fuzzer reads. */
export interface Operation {
  method: string;
  path: string;
  parameters: { in: 'path' | 'query' | 'header'; name: string; schema?: JsonSchema }[];
  body: JsonSchema | null;
  multipart: boolean;
}

export interface JsonSchema {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  items?: JsonSchema;
  enum?: unknown[];
  const?: unknown;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  format?: string;
}

/** Every operation of an OpenAPI 3.1 document. */
export function operationsOf(doc: {
  paths: Record<string, Record<string, Record<string, unknown>>>;
}): Operation[] {
  const out: Operation[] = [];
  for (const [path, ops] of Object.entries(doc.paths))
    for (const [method, op] of Object.entries(ops)) {
      const content = (op['requestBody'] as { content?: Record<string, { schema?: JsonSchema }> } | undefined)
        ?.content;
      out.push({
        method: method.toUpperCase(),
        path,
        parameters: (op['parameters'] as Operation['parameters'] | undefined) ?? [],
        body: content?.['application/json']?.schema ?? null,
        multipart: /\/documents$|\/check$|\/import$/.test(path) && method === 'post',
      });
    }
  return out;
}

const deep = (n: number): unknown => {
  let v: unknown = 'đáy';
  for (let i = 0; i < n; i++) v = { x: v };
  return v;
};
const forgedCursor = (k: unknown) => Buffer.from(JSON.stringify({ k }), 'utf8').toString('base64url');

/** Values an attacker or a clumsy client sends in place of any field (issue 17, "close the classes"). */
export const hostileValues: unknown[] = [
  '\u0000',
  'a\u0000b',
  '\ud800',
  'x\udfffy',
  '',
  ' ',
  '0000-01-01',
  '0000-01-01T00:00:00Z',
  '9999-12-31',
  '9999-12-31T23:59:59Z',
  '2026-02-30',
  '-000001-01-01T00:00:00Z',
  forgedCursor('garbage'),
  forgedCursor('2026-01-01T00:00:00Z|not-a-uuid'),
  forgedCursor('\u0000'),
  'not-base64!!',
  '00000000-0000-0000-0000-000000000000',
  'not-a-uuid',
  "' OR 1=1 --",
  '../../etc/passwd',
  '<script>alert(1)</script>',
  '%00',
  'Nguyễn Thị Mai 👩‍👧',
  'x'.repeat(5000),
  -1,
  0,
  1.5,
  2 ** 53,
  -(2 ** 63),
  1e308,
  -1e308,
  true,
  null,
  [],
  {},
  [[[[[]]]]],
  deep(40),
  { __proto__: { admin: true } },
  { constructor: { prototype: { admin: true } } },
];

/** A plausible value for a schema, so that hostile values also reach past the first check. */
function plausible(schema: JsonSchema | undefined, known: string[], depth: number): fc.Arbitrary<unknown> {
  if (!schema || depth > 4) return fc.constant('x');
  if (schema.const !== undefined) return fc.constant(schema.const);
  if (schema.enum) return fc.constantFrom(...schema.enum);
  const branches = schema.anyOf ?? schema.oneOf;
  if (branches && branches.length > 0) return fc.oneof(...branches.map((b) => valueFor(b, known, depth + 1)));
  const type = Array.isArray(schema.type) ? schema.type[0] : schema.type;
  switch (type) {
    case 'object':
      return objectFor(schema, known, depth + 1);
    case 'array':
      return fc.array(valueFor(schema.items, known, depth + 1), { maxLength: 3 });
    case 'integer':
      return fc.oneof(fc.integer({ min: -5, max: 1000 }), fc.constantFrom(1, 2, 50));
    case 'number':
      return fc.double({ noNaN: true, min: -1e6, max: 1e6 });
    case 'boolean':
      return fc.boolean();
    case 'string':
      if (schema.format === 'date') return fc.constantFrom('2026-03-02', '2025-07-01');
      if (schema.format === 'date-time') return fc.constantFrom('2026-03-02T08:00:00+07:00');
      if (schema.format === 'uuid') return fc.uuid();
      return fc.oneof(fc.constantFrom(...known), fc.string({ maxLength: 12 }));
    default:
      return fc.constantFrom(...known, 1, true);
  }
}

/** Either a plausible value or a hostile one. */
export function valueFor(schema: JsonSchema | undefined, known: string[], depth = 0): fc.Arbitrary<unknown> {
  return fc.oneof(
    { weight: 2, arbitrary: plausible(schema, known, depth) },
    { weight: 1, arbitrary: fc.constantFrom(...hostileValues) },
  );
}

function objectFor(schema: JsonSchema, known: string[], depth: number): fc.Arbitrary<unknown> {
  const props = Object.entries(schema.properties ?? {});
  if (props.length === 0) return fc.constant({});
  return fc.record(Object.fromEntries(props.map(([k, s]) => [k, valueFor(s, known, depth)])), {
    requiredKeys: [],
  });
}

/** A body sent as it is, not as JSON of a value: malformed JSON, a truncated document. */
export class RawBody {
  constructor(readonly text: string) {}
}

/** One request to an operation: the path filled in, a query, and perhaps a body. */
export function requestFor(op: Operation, known: string[]) {
  const pathParams = op.parameters.filter((p) => p.in === 'path');
  const queryParams = op.parameters.filter((p) => p.in === 'query');
  const text = (v: unknown) => (typeof v === 'string' ? v : JSON.stringify(v));
  return fc.record({
    path: fc
      .tuple(...pathParams.map((p) => valueFor(p.schema, known)))
      .map((values) =>
        pathParams.reduce(
          (url, p, i) => url.replace(`{${p.name}}`, encodeURIComponent(text(values[i]) || '-')),
          op.path,
        ),
      ),
    query: fc
      .tuple(...queryParams.map((p) => fc.option(valueFor(p.schema, known), { nil: undefined })))
      .map((values) =>
        queryParams
          .flatMap((p, i) =>
            values[i] === undefined ? [] : [`${p.name}=${encodeURIComponent(text(values[i]))}`],
          )
          .join('&'),
      ),
    body: op.body
      ? fc.oneof(
          { weight: 4, arbitrary: valueFor(op.body, known) },
          {
            weight: 1,
            arbitrary: fc
              .constantFrom(
                '{"a":',
                '[1,2',
                '"\\ud800"',
                '{"a":"\\u0000"}',
                'null',
                '{"x":' + '['.repeat(5000),
              )
              .map((t) => new RawBody(t)),
          },
        )
      : fc.constant(undefined),
    multipart: op.multipart
      ? fc.constantFrom(
          '--b\r\nContent-Disposition: form-data; name="file"; filename="a.pdf"\r\n\r\n%PDF-1.4 broken',
          'not multipart at all',
          '--b--\r\n',
          '--b\r\nContent-Disposition: form-data; name="file"\r\n',
        )
      : fc.constant(undefined),
  });
}
