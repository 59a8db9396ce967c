import fc from 'fast-check';

/** The inputs the property tests throw at every route, and what no answer may contain. */

/** Fixed, so a failure can be replayed: fast-check prints the seed and the shrunk counterexample. */
export const SEED = Number(process.env.FC_SEED ?? 20261201);
export const RUNS = Number(process.env.FC_RUNS ?? 20);

/** Never in a response: a stack frame, a file path, SQL or an internal error's name. */
export const LEAK =
  /node_modules|\bat \/|\bat [A-Z]\w+\.|\.ts:\d+|QueryFailedError|SELECT |INSERT INTO|UPDATE "|TypeError|ZodError|Cannot read prop/;

export const NASTY = [
  '\u202e',
  'abc\u202dxyz\u202c',
  '\u2066x\u2069',
  '\u0000',
  '\r\n\t',
  '\u200f',
  '\ufeff',
  '\ud800',
  "' OR '1'='1",
  "'; DROP TABLE app_user; --",
  '<script>alert(1)</script>',
  '"><img src=x onerror=alert(1)>',
  '{{7*7}}',
  '../../../etc/passwd',
  '１２３４５６７',
  'NaN',
  '-1',
  '1e999',
  '__proto__',
  'constructor',
];
/** Stands for a 200 kB field, so that a failing case prints short; `encode` writes out the real thing. */
export const BIG_FIELD = '«200 kB of x»';
const expand = (v: string) => (v === BIG_FIELD ? 'x'.repeat(200_000) : v);

export const text = fc.oneof(
  { arbitrary: fc.string({ unit: 'grapheme', maxLength: 30 }), weight: 3 },
  { arbitrary: fc.string({ unit: 'binary', maxLength: 30 }), weight: 3 },
  {
    arbitrary: fc.string({
      unit: fc.constantFrom(
        '\u0000',
        '\u0007',
        '\u001b',
        '\u007f',
        '\u0085',
        '\u200e',
        '\u202a',
        '\u202e',
        '\u2028',
        'a',
        'Z',
        '9',
        'あ',
        '@',
      ),
      maxLength: 30,
    }),
    weight: 3,
  },
  { arbitrary: fc.constantFrom(...NASTY), weight: 3 },
  // Plain values, to check that a re-rendered form shows them again.
  { arbitrary: fc.stringMatching(/^[A-Z0-9]{1,16}$/), weight: 4 },
  { arbitrary: fc.constant(BIG_FIELD), weight: 1 },
);

export type Shape = 'plain' | 'array' | 'object' | 'nested' | 'duplicate';
export interface Entry {
  name: string;
  shape: Shape;
  value: string;
}
export const SHAPES: Shape[] = ['plain', 'plain', 'plain', 'array', 'object', 'nested', 'duplicate'];
export const ENCODINGS = ['form', 'form', 'form', 'bad-percent', 'json', 'broken-json', 'multipart'] as const;
export type Encoding = (typeof ENCODINGS)[number];
export const CONTENT_TYPES = [
  'application/x-www-form-urlencoded',
  'application/json',
  'text/plain',
  'application/xml',
  'application/x-www-form-urlencoded; charset=utf-16',
  'application/json; charset=latin1',
  'multipart/form-data; boundary=x',
];
export const CANONICAL: Record<Encoding, string> = {
  form: CONTENT_TYPES[0],
  'bad-percent': CONTENT_TYPES[0],
  json: CONTENT_TYPES[1],
  'broken-json': CONTENT_TYPES[1],
  multipart: CONTENT_TYPES[6],
};

/** Percent-encodes the UTF-8 bytes (a lone surrogate becomes U+FFFD, as a browser would send it). */
export const enc = (s: string) =>
  [...Buffer.from(s, 'utf8')]
    .map((b) =>
      /[A-Za-z0-9_.~-]/.test(String.fromCharCode(b)) ? String.fromCharCode(b) : `%${b.toString(16).padStart(2, '0')}`,
    )
    .join('');

export const formKey = (e: Entry) =>
  ({ plain: e.name, duplicate: e.name, array: `${e.name}[]`, object: `${e.name}[b]`, nested: `${e.name}[0][x]` })[
    e.shape
  ];

export const jsonValue = (e: Entry): unknown =>
  ({
    plain: e.value,
    duplicate: [e.value, e.value],
    array: [e.value],
    object: { b: e.value },
    nested: [{ x: e.value }],
  })[e.shape];

export function encode(encoding: Encoding, short: Entry[], csrf: string | undefined): string {
  const entries = short.map((e) => ({ ...e, value: expand(e.value) }));
  const withToken = csrf === undefined ? [] : [`_csrf=${enc(csrf)}`];
  const pairs = entries.flatMap((e) => {
    const one = `${enc(formKey(e))}=${enc(e.value)}`;
    return e.shape === 'duplicate' ? [one, `${enc(e.name)}=other`] : [one];
  });
  switch (encoding) {
    case 'form':
      return [...withToken, ...pairs].join('&');
    case 'bad-percent':
      return [...withToken, ...pairs, `${enc(entries[0]?.name ?? 'a')}=%zz%E3%81%`].join('&');
    case 'json':
    case 'broken-json': {
      const json = JSON.stringify({
        ...(csrf === undefined ? {} : { _csrf: csrf }),
        ...Object.fromEntries(entries.map((e) => [e.name, jsonValue(e)])),
      });
      return encoding === 'json' ? json : json.slice(0, Math.max(1, json.length - 3));
    }
    case 'multipart':
      return entries
        .map((e) => `--x\r\nContent-Disposition: form-data; name="${e.name}"\r\n\r\n${e.value}\r\n`)
        .concat('--x--\r\n')
        .join('');
  }
}

export const requestArb = (names: string[]) =>
  fc.record({
    entries: fc.array(fc.record({ name: fc.constantFrom(...names), shape: fc.constantFrom(...SHAPES), value: text }), {
      maxLength: 8,
    }),
    encoding: fc.constantFrom(...ENCODINGS),
    contentType: fc.option(fc.constantFrom(...CONTENT_TYPES), { freq: 4 }),
  });
export type Attack = ReturnType<typeof requestArb> extends fc.Arbitrary<infer T> ? T : never;
