// Structured log lines (a JSON object, or logfmt key=value pairs) read by field. The miner mines
// only the message field's text; the line's template is that message template plus the line's
// set of top-level keys, every other field being a named slot (the value store keeps them under
// their field name, see values/extract.ts). Level, time, logger, caller and trace fields are
// recognised by name, so they are indexed as what they are and never mined.
import { parseSyslog5424, SYSLOG_5424 } from './syslog5424.js';
import { csvRow, FIELD_RECORD_ACCESS, parseAccess, parseFieldRecord, QUOTED_METHOD, TSV_RECORD, tsvRecord, w3cRecord } from './records.js';
import { parseXmlRecord, XML_RECORD, xmlHeaderOf } from './xml-record.js';

/** Where the message template goes in a shape (a JSON string, quoted). */
export const MESSAGE_MARK = '\u0002';
/** Where the message template goes in a logfmt shape, written bare (unquoted in the line). */
export const MESSAGE_MARK_BARE = '\u0003';
const WILD = '<*>';

/**
 * Longest line parsed by field: JSON.parse is linear but a 1 MB payload dump is not a log
 * statement; longer lines are mined as text (whose tokens are capped too).
 */
export const MAX_STRUCTURED_CHARS = 64 * 1024;
/**
 * Most top-level keys in a line's key set: loggers write a handful to a few dozen fields; an
 * object with hundreds of keys is data (a map keyed by ids), mined as text.
 */
export const MAX_TOP_LEVEL_KEYS = 64;
/**
 * Deepest nesting flattened into dotted keys (`req.headers.user-agent` is depth 3, what pino-http,
 * ECS and CloudTrail need); deeper objects are stored whole, as one JSON text value.
 */
export const MAX_FLATTEN_DEPTH = 4;
/**
 * Most flattened fields kept per line (the value store's per-line bound): a request with 200
 * headers is not 200 slots.
 */
export const MAX_FLATTENED_FIELDS = 64;

/**
 * Field names that hold the line's message, in order of preference (lower-cased): loggers' own
 * names for it (zap, logrus, pino, bunyan: msg; log4j2, ECS, winston: message; Serilog CLEF: @mt,
 * the message template itself, then @m; structlog: event; Docker json-file, Fluent Bit: log; GELF:
 * short_message; CloudTrail: eventName). A name whose value is not a string is skipped.
 */
const MESSAGE_NAMES = [
  'msg',
  'message',
  '@mt',
  '@m',
  'event',
  'log',
  'short_message',
  'body',
  'text',
  'eventname',
  'event_name',
];
/**
 * Fields never taken as the message by shape: they hold error texts and causes, which are values
 * of a statement (an error text with three values is still one kind of line).
 */
const NOT_MESSAGE_BY_SHAPE = new Set([
  'err',
  'error',
  'errors',
  'exception',
  'exc',
  'exc_info',
  'stack',
  'stacktrace',
  'cause',
  'reason',
  'desc',
  'detail',
  'details',
]);
/** A message found by shape is a sentence: at least this many words of letters. */
const MIN_MESSAGE_WORDS = 3;
/**
 * ... and it is prose: at least this share of its whitespace-separated tokens are plain words
 * (letters, with at most a bracket or a stop around them). A user agent (`Mozilla/5.0 (X11;
 * Linux x86_64) AppleWebKit/537.36 ...`) or a path list has many words of letters but is made of
 * product tokens and versions; taking it for the message splits one key set by browser. Evidence
 * (ablation, GA): istio-proxy (tuned in round 3) 0.11 -> 0.96; LogHub and the other formats
 * unchanged.
 */
export const MIN_PROSE_SHARE = 0.6;
const PLAIN_WORD = /^[("'[]?[A-Za-z][a-z]*(?:['-][A-Za-z][a-z]*)*[)"'\],.;:!?]*$/;

function isProse(v: string): boolean {
  const toks = v.split(/\s+/).filter(Boolean);
  let words = 0;
  for (const t of toks) if (PLAIN_WORD.test(t)) words++;
  return words >= MIN_PROSE_SHARE * toks.length;
}

export type FieldRole = 'time' | 'level' | 'logger' | 'caller' | 'trace';

/** Recognised field names (lower-cased) by role; dotted names match on the whole key. */
const ROLES: ReadonlyMap<string, FieldRole> = new Map<string, FieldRole>([
  ...['ts', 'time', 'timestamp', '@timestamp', '@t', 'date', 'datetime', 'asctime', 'eventtime', 'logtime', 't'].map(
    (k) => [k, 'time'] as [string, FieldRole]
  ),
  ...[
    'level',
    'lvl',
    'severity',
    'loglevel',
    'log.level',
    'levelname',
    'level_name',
    '@l',
    '@level',
    'severity_text',
  ].map((k) => [k, 'level'] as [string, FieldRole]),
  ...['logger', 'logger_name', 'loggername', 'log.logger', 'logger.name'].map(
    (k) => [k, 'logger'] as [string, FieldRole]
  ),
  ...['caller', 'source', 'src', 'file', 'lineno', 'funcname', 'func', 'function', 'log.origin', 'pathname'].map(
    (k) => [k, 'caller'] as [string, FieldRole]
  ),
  ...[
    'trace_id',
    'traceid',
    'trace-id',
    'span_id',
    'spanid',
    'span-id',
    'trace_flags',
    'traceflags',
    'dd.trace_id',
    'dd.span_id',
    'trace.id',
    'span.id',
    'transaction.id',
    'parent_id',
    'parentid',
  ].map((k) => [k, 'trace'] as [string, FieldRole]),
]);

/**
 * SIGIL_KEYS: a key's leading `@` marks the logger's own field, the bare names being the call's
 * fields (hclog JSON: `@message`, `@caller`, `@level` beside a call's `msg`; Logstash/ECS
 * `@timestamp`; Serilog's `@t`, `@mt`), so a name is also looked up without it, and a marked
 * message name wins over a bare one. (`_` is not such a mark: GELF writes the call's additional
 * fields as `_name`.) Evidence: nomad-json (hclog JSON, round 7's untouched format) took a task
 * event's `msg` field for the message: 0.667 before.
 */
export const SIGIL_KEYS = true;
const SIGIL = /^@+(?=[a-z])/;

/** A key as the name lists read it: lower-cased, and without a leading sigil (SIGIL_KEYS). */
function bareName(lower: string): string {
  return SIGIL_KEYS ? lower.replace(SIGIL, '') : lower;
}

/** The role of a field name, if it is a recognised one. */
export function fieldRole(key: string): FieldRole | undefined {
  const lower = key.toLowerCase();
  return ROLES.get(lower) ?? ROLES.get(bareName(lower));
}

/** Numeric levels as pino and bunyan write them. */
const NUMERIC_LEVELS: Readonly<Record<number, string>> = {
  10: 'trace',
  20: 'debug',
  30: 'info',
  40: 'warn',
  50: 'error',
  60: 'fatal',
};

/** A level value as a word: `30` -> info (pino), `WARNING` -> warning. */
export function levelName(v: unknown): string | undefined {
  if (typeof v === 'number') return NUMERIC_LEVELS[v];
  if (typeof v === 'string' && v.length > 0 && v.length <= 16) return v.toLowerCase();
  return undefined;
}

export interface StructuredLine {
  kind: 'json' | 'logfmt' | 'access' | 'syslog' | 'csv' | 'xml';
  /**
   * Identity of the line's kind apart from its message: format and sorted key set (trace fields
   * left out: a request's trace id is on some lines of a statement and not on others).
   */
  ns: string;
  /** The line's shape: its keys with `<*>` values and a mark where the message goes. */
  shape: string;
  /** The message text ('' when the line has none: its template is its key set). */
  message: string;
  messageKey?: string;
  /** Top-level fields in line order (values as parsed: JSON types, logfmt strings). */
  fields: Array<[string, unknown]>;
}

/**
 * CSV_RECORD: a line that ends in a word of CSV_MIN_FIELDS or more comma-separated fields, some of
 * them empty (`... filterlog[43127]: 72,,,1718190022,pppoe0,match,block,in,4,0x0,,64,...`:
 * pfSense's filter log, firewall and appliance exports), is a record after a header: every field a
 * value, the layout (how many fields) part of the statement, and the header before it mined as the
 * line's message. As text, the fields' words (interface, action, direction, protocol) vary
 * together, so no two lines differ in one of them only, and a list of values folds into one token
 * whatever its length, so the layouts met. Needs an empty field (`,,`): a plain comma list
 * (`pam_env,pam_unix`, SQL column lists) is not a record. Evidence: pfsense (round 10's untouched
 * format, tuned from round 11): filterlog records in 20-30 templates per layout.
 */
export const CSV_RECORD = true;
/** Fewest fields of a CSV record: seven commas. */
export const CSV_MIN_FIELDS = 8;
const CSV_TAIL = /(?:^|\s)([^\s,]*(?:,[^\s,]*){7,})$/;

function csvRecord(line: string): StructuredLine | undefined {
  const m = CSV_TAIL.exec(line);
  if (!m) return undefined;
  const rec = m[1];
  if (!rec.includes(',,') && !rec.startsWith(',') && !rec.endsWith(',')) return undefined;
  const message = line.slice(0, line.length - rec.length).trimEnd();
  if (message === '') return undefined;
  const cells = rec.split(',');
  if (cells.length < CSV_MIN_FIELDS) return undefined;
  const fields: Array<[string, unknown]> = [];
  cells.forEach((c, i) => {
    if (c !== '') fields.push([`field${i + 1}`, c]);
  });
  const sep = line.slice(message.length, line.length - rec.length);
  const shape = `${MESSAGE_MARK_BARE}${sep}${cells.map((c) => (c === '' ? '' : WILD)).join(',')}`;
  return { kind: 'csv', ns: `csv|${cells.length}`, shape, message, messageKey: 'msg', fields: [['msg', message], ...fields] };
}

/**
 * SEMICOLON_RECORD: a line whose message, after an upper-case label and `: ` (`SERVICE ALERT: `,
 * `EXTERNAL COMMAND: `), is SEMICOLON_MIN_FIELDS or more fields joined by bare `;` (no space
 * beside any: prose writes `; `), is a record after a header, as CSV_RECORD's: every field a value
 * (the last may be free text: a check's output), the label and the field count the statement, and
 * a first field that is an upper-case identifier (`SCHEDULE_FORCED_SVC_CHECK`) names it too, as a
 * record's kind field does. One `;` ending the line closes the last field. As text, every plugin
 * output and service name was its own template. Evidence: nagios-core (round 12's untouched
 * format, tuned from round 13) 0.173 with 121 templates; LogHub and the tuned formats have no such
 * record (their `;` lists are prose, `; `-joined).
 */
export const SEMICOLON_RECORD = true;
/** Fewest fields: three `;` (Nagios' shortest, an external command with two arguments, has four fields). */
export const SEMICOLON_MIN_FIELDS = 4;
const SEMI_LINE = /^(.*?[A-Z][A-Z ]*[A-Z]:)( )(\S[^;]*(?:;[^;]*){3,})$/;
const SEMI_SPACED = /\s;|;\s/;
const CAPS_IDENT = /^[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+$/;
/** The record at the end of a SEMICOLON_RECORD template: its values and an identifier first. */
const SEMI_TEMPLATE_TAIL = /\s((?:<\*>|[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+)?(?:;(?:<\*>)?){3,})$/;

function semicolonRecord(line: string): StructuredLine | undefined {
  const m = SEMI_LINE.exec(line);
  if (!m) return undefined;
  const [, message, sep, rec] = m;
  if (SEMI_SPACED.test(rec)) return undefined;
  const cells = rec.split(';');
  if (cells.length > 1 && cells[cells.length - 1] === '') cells.pop();
  if (cells.length < SEMICOLON_MIN_FIELDS) return undefined;
  const kind = CAPS_IDENT.test(cells[0]) ? cells[0] : undefined;
  const fields: Array<[string, unknown]> = [['msg', message]];
  cells.forEach((c, i) => {
    if (c !== '') fields.push([i === 0 && kind !== undefined ? 'command' : `field${i + 1}`, c]);
  });
  const shape = `${MESSAGE_MARK_BARE}${sep}${cells.map((c, i) => (i === 0 && kind !== undefined ? c : c === '' ? '' : WILD)).join(';')}`;
  return { kind: 'csv', ns: `csv|semi${cells.length}${kind === undefined ? '' : `|${kind}`}`, shape, message, messageKey: 'msg', fields };
}

/** xml-record.ts XML_RECORD: the header is the message, the element's skeleton the shape. */
function xmlLine(line: string): StructuredLine | undefined {
  const r = parseXmlRecord(line);
  if (!r) return undefined;
  const fields: Array<[string, unknown]> = r.fields;
  if (r.header === '') return { kind: 'xml', ns: `xml|${r.skeleton}`, shape: r.skeleton, message: '', fields };
  return { kind: 'xml', ns: `xml|${r.skeleton}`, shape: `${MESSAGE_MARK_BARE}${r.sep}${r.skeleton}`, message: r.header, messageKey: 'msg', fields: [['msg', r.header], ...fields] };
}

/** Cheap pre-check: could this line be JSON or logfmt at all? */
function candidate(line: string): 'json' | 'logfmt' | undefined {
  let i = 0;
  while (i < line.length && (line.charCodeAt(i) === 32 || line.charCodeAt(i) === 9)) i++;
  const c = line.charCodeAt(i);
  if (c === 123 /* { */) return 'json';
  // logfmt starts with a key and `=`
  if (LOGFMT_START.test(line)) return 'logfmt';
  return undefined;
}

const LOGFMT_START = /^\s*[A-Za-z_@][\w.@/-]*=/;
const LOGFMT_PAIR = /\s*([A-Za-z_@][\w.@/-]*)=("(?:[^"\\]|\\.)*"|[^\s"]*)(?=\s|$)/y;

/**
 * Strict logfmt: the whole line is `key=value` pairs separated by whitespace (values bare or
 * double-quoted with backslash escapes), at least two of them. A line with free text between
 * pairs is a plain line that holds some pairs, and is mined as text.
 */
export function parseLogfmtStrict(line: string): { fields: Array<[string, string]>; quoted: Set<string> } | undefined {
  const fields: Array<[string, string]> = [];
  const quoted = new Set<string>();
  const end = line.trimEnd().length;
  LOGFMT_PAIR.lastIndex = 0;
  let pos = 0;
  while (pos < end) {
    LOGFMT_PAIR.lastIndex = pos;
    const m = LOGFMT_PAIR.exec(line);
    if (!m) {
      // LOGFMT_REST_VALUE: the last bare value runs to the end of the line
      const last = fields[fields.length - 1];
      const rest = line.slice(pos, end);
      if (!LOGFMT_REST_VALUE || fields.length < 3 || quoted.has(last[0]) || rest.includes('=') || rest.includes('"')) return undefined;
      last[1] += rest;
      break;
    }
    const raw = m[2];
    if (raw.startsWith('"')) {
      quoted.add(m[1]);
      fields.push([m[1], raw.slice(1, -1).replace(/\\(.)/g, '$1')]);
    } else fields.push([m[1], raw]);
    pos = LOGFMT_PAIR.lastIndex;
    if (fields.length > MAX_TOP_LEVEL_KEYS) return undefined;
  }
  return fields.length >= 2 ? { fields, quoted } : undefined;
}

/**
 * LOGFMT_REST_VALUE: a key=value line whose last value is written bare with spaces in it (auditd's
 * `proctitle=sshd: alice [priv]`, a sloppy `... msg=Starting server`) is still that line's key
 * set: the last value runs to the end of the line, when at least two pairs come before it and the
 * rest holds no `=` or quote (free text with pairs in it stays a plain line). Evidence:
 * linux-auditd (tuned from round 10): PROCTITLE records split by whether the title had a space.
 */
export const LOGFMT_REST_VALUE = true;

const WORD = /[A-Za-z]{2,}/g;

/** The message field: by name first, else the longest sentence-like string field. */
function findMessage(fields: ReadonlyArray<[string, unknown]>): string | undefined {
  const byLower = new Map<string, string>();
  const byBare = new Map<string, string>();
  for (const [k, v] of fields) {
    if (typeof v !== 'string') continue;
    const lower = k.toLowerCase();
    if (!byLower.has(lower)) byLower.set(lower, k);
    const bare = bareName(lower);
    if (!byBare.has(bare)) byBare.set(bare, k);
  }
  // the logger's own (sigil-marked) message field first, then the names as written
  for (const name of MESSAGE_NAMES) {
    const k = byBare.get(name);
    if (k !== undefined && k.startsWith('@')) return k;
  }
  for (const name of MESSAGE_NAMES) {
    const k = byLower.get(name);
    if (k !== undefined) return k;
  }
  let best: string | undefined;
  let bestWords = MIN_MESSAGE_WORDS - 1;
  for (const [k, v] of fields) {
    if (typeof v !== 'string' || fieldRole(k) || NOT_MESSAGE_BY_SHAPE.has(k.toLowerCase())) continue;
    const words = v.length > 4096 ? 0 : (v.match(WORD)?.length ?? 0);
    // a sentence is mostly words: "GET /api/v1/x" or a URL is not one
    if (words > bestWords && v.split(/\s+/).length >= MIN_MESSAGE_WORDS && isProse(v)) {
      best = k;
      bestWords = words;
    }
  }
  return best;
}

/**
 * RECORD_KIND_FIELD: a record whose message is absent or holds no word (the audit log's
 * `msg=audit(<time>:<serial>):`) names its kind in a type field (`type=USER_AUTH`, Suricata's
 * `"event_type":"alert"`), as CloudTrail names it in `eventName` (MESSAGE_NAMES): that value is
 * part of the statement, the record's kind for a reader, where any other field is a value.
 * Evidence: linux-auditd (round 9's untouched format, tuned from round 10): the PAM records
 * (USER_AUTH, USER_ACCT, CRED_ACQ, USER_START, USER_END) share one key set and were one template.
 */
export const RECORD_KIND_FIELD = true;
const RECORD_KIND_NAMES = new Set(['type', 'event_type', 'eventtype', 'record_type', 'recordtype']);
/**
 * A message with a word of letters names the record itself (a sentence, or CloudTrail's
 * `eventName`: its `eventType` is then a value, as the truth writes it).
 */
const NAMED_MESSAGE = /(?:^|\s)[A-Za-z]+(?=\s|$)/;
/** A kind is a name, not a value: letters and underscores (`SERVICE_START`, `alert`), at most 40. */
const RECORD_KIND = /^[A-Za-z][A-Za-z_]{0,39}$/;

/** The field naming the record's kind (RECORD_KIND_FIELD), when the line has one. */
function recordKindKey(fields: ReadonlyArray<[string, unknown]>, message: string): string | undefined {
  if (!RECORD_KIND_FIELD || NAMED_MESSAGE.test(message)) return undefined;
  for (const [k, v] of fields) if (typeof v === 'string' && RECORD_KIND_NAMES.has(k.toLowerCase()) && RECORD_KIND.test(v)) return k;
  return undefined;
}

function nsOf(kind: string, fields: ReadonlyArray<[string, unknown]>, messageKey: string | undefined): string {
  const keys = fields.map(([k]) => k).filter((k) => fieldRole(k) !== 'trace');
  keys.sort();
  return `${kind}|${messageKey ?? ''}|${keys.join(',')}`;
}

/** Separators of a JSON line: `{"a":1,"b":2}` or Python's `{"a": 1, "b": 2}`. */
function jsonSeparators(line: string): { kv: string; item: string } {
  const m = /^\s*\{\s*"(?:[^"\\]|\\.)*"(\s*:\s*)/.exec(line);
  const kv = m ? m[1] : ':';
  return { kv, item: kv.includes(' ') ? ', ' : ',' };
}

/**
 * A JSON object or strict logfmt line, read by field; undefined for anything else (plain text,
 * JSON arrays or scalars, objects with too many keys, lines over MAX_STRUCTURED_CHARS).
 */
export function parseStructured(line: string): StructuredLine | undefined {
  if (line.length > MAX_STRUCTURED_CHARS) return undefined;
  const kind = candidate(line);
  if (!kind) {
    if (CSV_RECORD && line.includes(',,')) {
      const c = csvRow(line) ?? csvRecord(line);
      if (c) return c;
    }
    if (SYSLOG_5424 && line.charCodeAt(0) === 60 /* < */) {
      const sl = parseSyslog5424(line, MESSAGE_MARK_BARE);
      if (sl) return { kind: 'syslog', ns: sl.ns, shape: sl.shape, message: sl.message, messageKey: sl.message === '' ? undefined : 'msg', fields: sl.fields };
    }
    if (SEMICOLON_RECORD && line.includes(';') && line.includes(': ')) {
      const r = semicolonRecord(line);
      if (r) return r;
    }
    if (XML_RECORD && line.includes('</')) {
      const x = xmlLine(line);
      if (x) return x;
    }
    if (TSV_RECORD && line.includes('\t')) {
      const t = tsvRecord(line);
      if (t) return t;
    }
    const q = line.indexOf(' "');
    if (q < 0) return w3cRecord(line);
    const ncsa = line.includes('] "') ? parseAccess(line) : undefined;
    if (ncsa || !FIELD_RECORD_ACCESS || !QUOTED_METHOD.test(line)) return ncsa;
    return parseFieldRecord(line);
  }
  if (kind === 'json') {
    const t = line.trim();
    if (!t.endsWith('}')) return undefined;
    let obj: unknown;
    try {
      obj = JSON.parse(t);
    } catch {
      return undefined;
    }
    if (obj === null || typeof obj !== 'object' || Array.isArray(obj)) return undefined;
    const fields = Object.entries(obj as Record<string, unknown>);
    if (fields.length === 0 || fields.length > MAX_TOP_LEVEL_KEYS) return undefined;
    const messageKey = findMessage(fields);
    const sep = jsonSeparators(t);
    const message = messageKey === undefined ? '' : String((obj as Record<string, unknown>)[messageKey]);
    const kindKey = recordKindKey(fields, message);
    const shape = `{${fields
      .map(([k, v]) => `${JSON.stringify(k)}${sep.kv}${k === messageKey ? MESSAGE_MARK : k === kindKey ? JSON.stringify(v) : WILD}`)
      .join(sep.item)}}`;
    const ns = nsOf('json', fields, messageKey) + (kindKey === undefined ? '' : `|${kindKey}=${String((obj as Record<string, unknown>)[kindKey])}`);
    return { kind, ns, shape, message, messageKey, fields };
  }
  const lf = parseLogfmtStrict(line);
  if (!lf) return undefined;
  const messageKey = findMessage(lf.fields);
  const message = messageKey === undefined ? '' : (lf.fields.find(([k]) => k === messageKey)![1] as string);
  const kindKey = recordKindKey(lf.fields, message);
  const kindValue = kindKey === undefined ? undefined : lf.fields.find(([k]) => k === kindKey)![1];
  const shape = lf.fields
    .map(([k, v]) => `${k}=${k === messageKey ? (lf.quoted.has(k) ? MESSAGE_MARK : MESSAGE_MARK_BARE) : k === kindKey && v === kindValue ? (lf.quoted.has(k) ? `"${v}"` : v) : WILD}`)
    .join(' ');
  const ns = nsOf('logfmt', lf.fields, messageKey) + (kindKey === undefined ? '' : `|${kindKey}=${kindValue}`);
  return { kind, ns, shape, message, messageKey, fields: lf.fields };
}

/** A structured line's template text: its shape with the message's template put in. */
export function renderStructured(shape: string, messageTemplate: string): string {
  if (shape.includes(MESSAGE_MARK)) return shape.replace(MESSAGE_MARK, () => JSON.stringify(messageTemplate));
  if (shape.includes(MESSAGE_MARK_BARE)) return shape.replace(MESSAGE_MARK_BARE, () => messageTemplate);
  return shape;
}

/**
 * The message template inside a structured template text (what renderStructured put there), for
 * reading a line's message against it; undefined when the text holds no message.
 */
export function messageTemplateOf(template: string, messageKey: string, kind: 'json' | 'logfmt' | 'syslog' | 'csv' | 'xml'): string | undefined {
  if (kind === 'xml') return xmlHeaderOf(template);
  if (kind === 'syslog') return parseSyslog5424(template, MESSAGE_MARK_BARE)?.message;
  if (kind === 'csv') {
    const m = CSV_TAIL.exec(template) ?? (SEMICOLON_RECORD ? SEMI_TEMPLATE_TAIL.exec(template) : null);
    return m ? template.slice(0, template.length - m[1].length).trimEnd() : undefined;
  }
  if (kind === 'json') {
    const k = JSON.stringify(messageKey);
    const at = template.indexOf(`${k}`);
    if (at < 0) return undefined;
    const m = /^\s*:\s*("(?:[^"\\]|\\.)*")/.exec(template.slice(at + k.length));
    if (!m) return undefined;
    try {
      return JSON.parse(m[1]) as string;
    } catch {
      return undefined;
    }
  }
  const re = new RegExp(`(?:^|\\s)${messageKey.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&')}=("(?:[^"\\\\]|\\\\.)*"|\\S*)`);
  const m = re.exec(template);
  if (!m) return undefined;
  return m[1].startsWith('"') ? m[1].slice(1, -1).replace(/\\(.)/g, '$1') : m[1];
}

/**
 * Nested objects as dotted keys, at most MAX_FLATTEN_DEPTH deep and MAX_FLATTENED_FIELDS in
 * all; a deeper object is one value (its JSON text). Arrays are values.
 */
export function flattenFields(fields: ReadonlyArray<[string, unknown]>): Array<[string, unknown]> {
  const out: Array<[string, unknown]> = [];
  const walk = (v: unknown, key: string, depth: number) => {
    if (out.length >= MAX_FLATTENED_FIELDS) return;
    if (v !== null && typeof v === 'object' && !Array.isArray(v) && depth < MAX_FLATTEN_DEPTH) {
      for (const [k, x] of Object.entries(v as Record<string, unknown>)) {
        if (out.length >= MAX_FLATTENED_FIELDS) return;
        walk(x, `${key}.${k}`, depth + 1);
      }
    } else out.push([key, v]);
  };
  for (const [k, v] of fields) walk(v, k, 1);
  return out;
}

/**
 * Marks a structured namespace whose lines share one call site (callSiteOf): variables.ts reads
 * it as SAME_CALL_SITE reads a location in a text header.
 */
export const CALL_SITE_MARK = '|@site=';
/** `path/to/file.go:118`, `trace.go:171`, `app/models/cart.rb:27`: a file, then a line number. */
const CALLER_LOCATION = /^(?:[\w$@.-]+\/)*([\w$-]+\.[a-z]{1,6}):(\d{1,6})$/;

/**
 * STRUCTURED_CALL_SITE: a caller field holding a source location (zap's `"caller":"traceutil/
 * trace.go:171"`, hclog's `@caller`, logrus with ReportCaller's `file`) names one call site, one
 * log statement, as a location in a text header does (mask.ts SOURCE_FILE): the location joins
 * the line's namespace, so lines of two call sites never meet, and lines of one call site that
 * differ at one position of their message make it a parameter at two values (variables.ts
 * SAME_CALL_SITE). Returns the namespace suffix, '' when no such field. `isSourceFile` is mask.ts
 * SOURCE_FILE (passed in: structured.ts does not depend on the tokenizer).
 */
export function callSiteOf(fields: ReadonlyArray<[string, unknown]>, isSourceFile: (name: string) => boolean): string {
  for (const [k, v] of fields) {
    if (typeof v !== 'string' || fieldRole(k) !== 'caller') continue;
    const m = CALLER_LOCATION.exec(v);
    if (m && isSourceFile(m[1])) return CALL_SITE_MARK + v;
  }
  return '';
}
