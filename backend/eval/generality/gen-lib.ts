// Building blocks of the generality set: a seeded PRNG, realistic parameter pools and a tagged
// template that yields a line and its ground-truth template together (a `v(...)` part is a
// parameter, `<*>` in the truth; every other part is constant text).

/** mulberry32: small, fast, and the same sequence on every platform for a seed. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A parameter: its text goes into the line, `<*>` into the truth. */
export interface Param {
  readonly v: string;
}
export const v = (x: string | number): Param => ({ v: String(x) });

export interface Made {
  line: string;
  template: string;
}

/** Tagged template: `${v(x)}` is a parameter, a plain `${s}` is constant text. */
export function T(strings: TemplateStringsArray, ...parts: Array<Param | string | number>): Made {
  let line = strings[0];
  let template = strings[0];
  parts.forEach((p, i) => {
    if (typeof p === 'object') {
      line += p.v;
      template += '<*>';
    } else {
      line += String(p);
      template += String(p);
    }
    line += strings[i + 1];
    template += strings[i + 1];
  });
  return { line, template };
}

/** A JSON field value that is a parameter (every non-message field is one). */
const PARAM = '\u0000P\u0000';

/**
 * A JSON line and its truth: the message field holds its own (text) template, every other field
 * is `<*>` whatever its type, nested objects included (a nested object is one field's value).
 * Key order and the line's separators are kept (`sep` for Python's json.dumps spacing).
 */
export function jsonLine(
  fields: Array<[string, unknown]>,
  messageKey: string | null,
  message?: Made,
  sep = { item: ',', kv: ':' }
): Made {
  const enc = (x: unknown) => JSON.stringify(x, null, 0);
  const lineParts: string[] = [];
  const truthParts: string[] = [];
  for (const [k, val] of fields) {
    if (k === messageKey && message) {
      lineParts.push(`${enc(k)}${sep.kv}${encNested(message.line, sep)}`);
      truthParts.push(`${enc(k)}${sep.kv}${encNested(message.template, sep)}`);
    } else {
      lineParts.push(`${enc(k)}${sep.kv}${encNested(val, sep)}`);
      truthParts.push(`${enc(k)}${sep.kv}${PARAM}`);
    }
  }
  return {
    line: `{${lineParts.join(sep.item)}}`,
    template: `{${truthParts.join(sep.item)}}`.split(PARAM).join('<*>'),
  };
}

function encNested(x: unknown, sep: { item: string; kv: string }): string {
  if (x !== null && typeof x === 'object' && !Array.isArray(x)) {
    return `{${Object.entries(x as Record<string, unknown>)
      .map(([k, val]) => `${JSON.stringify(k)}${sep.kv}${encNested(val, sep)}`)
      .join(sep.item)}}`;
  }
  if (Array.isArray(x)) return `[${x.map((e) => encNested(e, sep)).join(sep.item)}]`;
  return JSON.stringify(x);
}

/** A logfmt line and its truth: `key=<*>` for every field but the message. */
export function logfmtLine(fields: Array<[string, string | number]>, messageKey: string | null, message?: Made): Made {
  const q = (s: string) => (/[\s="]/.test(s) || s === '' ? JSON.stringify(s) : s);
  const line: string[] = [];
  const truth: string[] = [];
  for (const [k, val] of fields) {
    if (k === messageKey && message) {
      const quoted = /[\s="]/.test(message.line);
      line.push(`${k}=${quoted ? JSON.stringify(message.line) : message.line}`);
      truth.push(`${k}=${quoted ? JSON.stringify(message.template) : message.template}`);
    } else {
      line.push(`${k}=${q(String(val))}`);
      truth.push(`${k}=<*>`);
    }
  }
  return { line: line.join(' '), template: truth.join(' ') };
}

export const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** Random draws and a clock that only moves forward. */
export class Gen {
  readonly r: () => number;
  /** Milliseconds since the epoch of the current line. */
  now: number;

  constructor(seed: number, start = Date.UTC(2024, 5, 12, 10, 0, 0)) {
    this.r = mulberry32(seed);
    this.now = start;
  }
  tick(maxMs = 900): void {
    this.now += 1 + Math.floor(this.r() * maxMs);
  }
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.r() * (hi - lo + 1));
  }
  pick<X>(xs: readonly X[]): X {
    return xs[Math.floor(this.r() * xs.length)];
  }
  /** Skewed pick: the first values are the common ones (as for real enumerations). */
  pickSkewed<X>(xs: readonly X[]): X {
    return xs[Math.floor(this.r() ** 2 * xs.length)];
  }
  chance(p: number): boolean {
    return this.r() < p;
  }
  hex(n: number): string {
    let s = '';
    for (let i = 0; i < n; i++) s += Math.floor(this.r() * 16).toString(16);
    return s;
  }
  alnum(n: number, alphabet = 'bcdfghjklmnpqrstvwxz2456789'): string {
    let s = '';
    for (let i = 0; i < n; i++) s += alphabet[Math.floor(this.r() * alphabet.length)];
    return s;
  }
  uuid(): string {
    return `${this.hex(8)}-${this.hex(4)}-4${this.hex(3)}-${this.pick(['8', '9', 'a', 'b'])}${this.hex(3)}-${this.hex(12)}`;
  }
  float(lo: number, hi: number, digits: number): string {
    return (lo + this.r() * (hi - lo)).toFixed(digits);
  }
  privateIp(): string {
    return `10.${this.int(0, 3)}.${this.int(0, 255)}.${this.int(1, 254)}`;
  }
  publicIp(): string {
    return `${this.pick([34, 52, 66, 81, 93, 104, 141, 172, 185, 203])}.${this.int(0, 255)}.${this.int(0, 255)}.${this.int(1, 254)}`;
  }
  /** ISO-8601 UTC with milliseconds. */
  iso(t = this.now): string {
    return new Date(t).toISOString();
  }
  /** ISO-8601 UTC with microseconds. */
  isoMicro(t = this.now): string {
    return new Date(t)
      .toISOString()
      .replace(/\.(\d{3})Z$/, (_, ms: string) => `.${ms}${String(this.int(0, 999)).padStart(3, '0')}Z`);
  }
  /** Common log format time: 12/Jun/2024:10:15:32 +0000 */
  clf(t = this.now): string {
    const d = new Date(t);
    const p = (n: number) => String(n).padStart(2, '0');
    return `${p(d.getUTCDate())}/${MONTHS[d.getUTCMonth()]}/${d.getUTCFullYear()}:${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())} +0000`;
  }
  /** 2024-06-12 10:15:32.123 */
  sqlTime(t = this.now): string {
    return new Date(t).toISOString().replace('T', ' ').replace('Z', '');
  }
}

/** A k8s-style pod name: deployment, replica set hash, pod suffix. */
export function podName(g: Gen, app: string): string {
  return `${app}-${g.alnum(g.pick([9, 10]))}-${g.alnum(5)}`;
}

export const USER_AGENTS = [
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/125.0.0.0 Safari/537.36',
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4.1 Safari/605.1.15',
  'Mozilla/5.0 (X11; Linux x86_64; rv:126.0) Gecko/20100101 Firefox/126.0',
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1',
  'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/125.0.6422.113 Mobile Safari/537.36',
  'curl/8.5.0',
  'python-requests/2.31.0',
  'Go-http-client/1.1',
  'kube-probe/1.29',
  'Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)',
  'Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)',
  'Prometheus/2.52.0',
];
