import fc from 'fast-check';
import type { EndpointSpec, FieldKind, RequestIds } from './endpoints';

/** Strings a client should never send: odd characters, traversal, injection, huge, numeric edge cases. */
export const oddText: fc.Arbitrary<string> = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'grapheme', maxLength: 20 }),
  fc.constantFrom(
    '',
    ' ',
    '..',
    '../../etc/passwd',
    '%00',
    "' or 1=1 --",
    '<script>alert(1)</script>',
    '\u0000',
    '💥',
    'null',
    '-1',
    '0',
    '1e309',
    'NaN',
    '__proto__',
    'constructor',
    '9'.repeat(40),
  ),
  fc.integer().map(String),
  fc.constant('x'.repeat(5_000)),
);

const huge = 'x'.repeat(20_000);
const structured = fc.oneof(
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.jsonValue({ maxDepth: 1 }), { maxLength: 3 }),
  fc.dictionary(fc.string({ maxLength: 5 }), fc.jsonValue({ maxDepth: 1 }), { maxKeys: 3 }),
);
const blankOrHuge = fc.constantFrom('', '   ', huge);

/** Values of the wrong kind for a required field: none of them can pass its schema. */
export function wrongValue(kind: FieldKind): fc.Arbitrary<unknown> {
  switch (kind) {
    case 'text':
      return fc.oneof(fc.integer(), fc.double(), structured, blankOrHuge);
    case 'text-or-number':
      return fc.oneof(structured, blankOrHuge);
    case 'number':
      return fc.oneof(
        fc.string({ maxLength: 5 }),
        fc.boolean(),
        fc.constant(null),
        fc.constant([1]),
        fc.constant({}),
        fc.constant(0.5),
        fc.constant(1e300),
      );
    case 'list':
      return fc.oneof(
        fc.string({ maxLength: 5 }),
        fc.integer(),
        fc.constant(null),
        fc.constant({}),
        fc.constant([]),
        fc.array(fc.oneof(fc.integer(), fc.string({ maxLength: 3 }), fc.constant(null)), {
          minLength: 1,
          maxLength: 3,
        }),
      );
  }
}

function setPath(target: object, path: string, value: unknown, remove: boolean): object {
  const copy = structuredClone(target) as Record<string, unknown>;
  const keys = path.split('.');
  let cursor: Record<string, unknown> = copy;
  for (const key of keys.slice(0, -1)) cursor = cursor[key] as Record<string, unknown>;
  const last = keys.at(-1) ?? '';
  if (remove) Reflect.deleteProperty(cursor, last);
  else cursor[last] = value;
  return copy;
}

export interface BodyCase {
  readonly text: string;
  readonly contentType: string;
  readonly label: string;
}

const json = 'application/json';

/** A body that must be rejected: bad JSON, a wrong top-level value or content type, a required field wrong or missing. */
export function invalidBody(spec: EndpointSpec, ids: RequestIds): fc.Arbitrary<BodyCase> {
  if (spec.body === 'csv') {
    return fc.oneof(
      fc
        .tuple(
          fc.array(oddText, { minLength: 1, maxLength: 4 }),
          fc.array(fc.array(oddText, { maxLength: 4 }), { maxLength: 4 }),
        )
        .map(([header, rows]) => ({
          text: [header, ...rows]
            .map((row) => row.map((cell) => `"${cell.replaceAll('"', '""')}"`).join(','))
            .join('\n'),
          contentType: 'text/csv',
          label: 'csv with unknown columns',
        })),
      fc
        .constantFrom(
          'messageId,companyId,userId,event,timestamp\n"unclosed,1,2,3',
          '\u0000\u0001\u0002',
          'a,b\n1,2,3,4\n"',
        )
        .map((text) => ({ text, contentType: 'text/csv', label: 'broken csv' })),
      oddText.map((text) => ({ text, contentType: 'application/json', label: 'csv as json' })),
    );
  }
  const valid = spec.validBody?.(ids) ?? {};
  const fields = Object.entries(spec.requiredFields ?? {});
  const topLevel = Array.isArray(valid)
    ? fc.oneof(
        fc.integer(),
        oddText,
        fc.constant(null),
        fc.dictionary(fc.string({ maxLength: 5 }), fc.jsonValue({ maxDepth: 1 }), { maxKeys: 3 }),
      )
    : fc.oneof(fc.integer(), oddText, fc.constant(null), fc.array(fc.jsonValue({ maxDepth: 2 }), { maxLength: 3 }));
  const cases: fc.Arbitrary<BodyCase>[] = [
    fc
      .constantFrom('{', '{"a":', '[1,', 'nul', '{"a":1}}', "{'a':1}", '\u0000', '{"__proto__":{"x":1}')
      .map((text) => ({ text, contentType: json, label: 'malformed json' })),
    topLevel.map((value) => ({ text: JSON.stringify(value), contentType: json, label: 'wrong top-level value' })),
  ];
  if (!spec.anyContentType) {
    cases.push(
      fc
        .constantFrom(
          'application/x-www-form-urlencoded',
          'application/xml',
          'multipart/form-data; boundary=x',
          'application/json; charset=klingon',
        )
        .map((contentType) => ({ text: JSON.stringify(valid), contentType, label: 'wrong content type' })),
    );
  }
  if (fields.length > 0) {
    cases.push(
      fc.constantFrom(...fields).chain(([path, kind]) =>
        wrongValue(kind).map((value) => ({
          text: JSON.stringify(setPath(valid, path, value, false)),
          contentType: json,
          label: `${path} wrong`,
        })),
      ),
      fc.constantFrom(...fields).map(([path]) => ({
        text: JSON.stringify(setPath(valid, path, undefined, true)),
        contentType: json,
        label: `${path} missing`,
      })),
    );
  }
  return fc.oneof(...cases);
}

/** Query parameters: the route's own with odd values, plus unknown ones. */
export function oddQuery(spec: EndpointSpec): fc.Arbitrary<Record<string, string>> {
  const names =
    spec.query.length > 0
      ? fc.oneof(fc.constantFrom(...spec.query), fc.string({ minLength: 1, maxLength: 8 }))
      : fc.string({ minLength: 1, maxLength: 8 });
  return fc.dictionary(
    names,
    oddText.filter((value) => value !== 'true' && value !== 'false'),
    { maxKeys: 4 },
  );
}

/** A path parameter that names nothing of the caller's: odd text, or another portal's id. */
export function oddPathParameter(foreignIds: readonly string[], ownIds: readonly string[]): fc.Arbitrary<string> {
  return fc.oneof(oddText, fc.constantFrom(...foreignIds)).filter((value) => !ownIds.includes(value));
}
