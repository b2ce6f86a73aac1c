// Records read by field (issue #18): NCSA access-log lines, any single-space record with a quoted
// request line (FIELD_RECORD_ACCESS) and W3C extended records (w3c.ts), whose statement is the
// request method and the record's layout; and tab-separated rows (TSV_RECORD), whose statement is
// their layout and transport protocol. Every other field is a value. structured.ts calls these
// before mining a line as text.
import { parseW3cRecord } from './w3c.js';
import { MESSAGE_MARK_BARE } from './structured.js';
import type { StructuredLine } from './structured.js';

const WILD = '<*>';

/**
 * NCSA access-log lines (Apache/nginx `common`, `combined`, `vhost_combined`, and those with
 * fields appended after the user agent): `[vhost[:port]] client ident user [time] "request" status
 * bytes ["referer" "user-agent"] [extra]`. The request line's method names the kind of request;
 * every other field is a value (as LogHub's OpenStack truth writes request lines).
 */
const ACCESS_LINE =
  /^(?:(\S+) )?(\S+) (\S+) (\S+) \[([^\]]{10,40})\] "((?:[^"\\]|\\.)*)" (\d{3}) (\d+|-)(?: "((?:[^"\\]|\\.)*)" "((?:[^"\\]|\\.)*)")?( .*)?$/;
/**
 * ACCESS_EXTRA_AS_TEXT: fields a site appended after the combined format (ingress-nginx's
 * upstream name, address, timings and request id) are mined as text, not kept as one value: which
 * of them a request filled (`- - - -` when no upstream answered) is the kind of line. Evidence
 * (GA): ingress-nginx (round 15's, tuned from round 16) 0.097 -> 0.352 (-> 1.000 with
 * DASH_IN_VALUE_RUN); LogHub and the other formats unchanged.
 */
export const ACCESS_EXTRA_AS_TEXT = true;
const REQUEST_LINE = /^([A-Z]{3,10}) (\S+)(?: (HTTP\/\d(?:\.\d)?))?$/;

export function parseAccess(line: string): StructuredLine | undefined {
  const m = ACCESS_LINE.exec(line);
  if (!m) return undefined;
  const [, vhost, client, ident, user, time, request, status, bytes, referer, agent, extra] = m;
  const r = REQUEST_LINE.exec(request);
  const fields: Array<[string, unknown]> = [];
  if (vhost !== undefined) fields.push(['vhost', vhost]);
  fields.push(['remote_addr', client], ['ident', ident], ['user', user], ['time', time]);
  if (r) {
    fields.push(['method', r[1]], ['path', r[2]]);
    if (r[3]) fields.push(['protocol', r[3]]);
  } else fields.push(['request', request]);
  fields.push(['status', Number(status)], ['bytes', bytes === '-' ? '-' : Number(bytes)]);
  if (agent !== undefined) fields.push(['referer', referer], ['user_agent', agent]);
  if (extra !== undefined) fields.push(['extra', extra.trim()]);
  const req = r ? `${r[1]} ${WILD}${r[3] ? ` ${WILD}` : ''}` : WILD;
  const mined = ACCESS_EXTRA_AS_TEXT && extra !== undefined;
  const shape =
    `${vhost !== undefined ? `${WILD} ` : ''}${WILD} ${ident === '-' ? '-' : WILD} ${WILD} [${WILD}] "${req}" ${WILD} ${WILD}` +
    `${agent !== undefined ? ` "${WILD}" "${WILD}"` : ''}${extra !== undefined ? ` ${mined ? MESSAGE_MARK_BARE : WILD}` : ''}`;
  const ns = `access|${vhost !== undefined ? 'v' : ''}${agent !== undefined ? 'c' : ''}${extra !== undefined ? 'x' : ''}|${r ? r[1] : ''}${r?.[3] ? '/p' : ''}`;
  return { kind: 'access', ns, shape, message: mined ? extra.trim() : '', fields };
}

/**
 * FIELD_RECORD_ACCESS: an access record in any field layout, not only NCSA's: a line of fields
 * separated by single spaces (bare words, `"quoted strings"`, `[bracketed]` or `{braced}` texts),
 * at least MIN_RECORD_FIELDS of them, one a quoted request line (`"GET https://... HTTP/1.1"`).
 * Its statement is its method and its layout (how many fields, where the request sits); every
 * field is a value (README, access logs), whichever fields a request left empty (`-`) or filled
 * (a TLS cipher, a target group, an error reason). Evidence: aws-alb (round 7's untouched
 * format, the documented 30-field layout): 0.000, every method split by the record type and by
 * which fields were empty; NCSA lines keep their own parser (parseAccess).
 */
export const FIELD_RECORD_ACCESS = true;
/** Fewer fields than NCSA's common format (7) is not a record but a sentence with a quote in it. */
const MIN_RECORD_FIELDS = 8;
export const QUOTED_METHOD = /"(?:GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS|CONNECT|TRACE) |"- - -"/;
/**
 * EMPTY_REQUEST_LINE: a quoted request line of three dashes (`"- - -"`: method, target and protocol
 * absent) is the request line of a non-HTTP session written in the HTTP layout (Envoy's TCP proxy
 * on the default access-log format): a record like the others, its "method" `-`. Evidence:
 * envoy-edge (tuned, round 8's untouched format): TCP lines split by their response flags.
 */
export const EMPTY_REQUEST_LINE = '"- - -"';
const RECORD_LABEL = /^[A-Za-z_][\w.-]*:$/;
const CLOSERS: Readonly<Record<string, string>> = { '"': '"', '[': ']', '{': '}' };

/** The fields of a single-space separated record, or undefined when the line is not one. */
function recordFields(line: string): string[] | undefined {
  const out: string[] = [];
  let i = 0;
  const n = line.length;
  while (i < n) {
    const open = line[i];
    const close = CLOSERS[open];
    let end: number;
    if (close !== undefined) {
      end = i + 1;
      // the closer must end the field (a space or the line's end after it); `\"` is escaped
      for (;;) {
        end = line.indexOf(close, end);
        if (end < 0) return undefined;
        if (close === '"' && line[end - 1] === '\\') {
          end++;
          continue;
        }
        if (end + 1 === n || line[end + 1] === ' ') break;
        end++;
      }
      end++;
    } else {
      end = line.indexOf(' ', i);
      if (end < 0) end = n;
    }
    out.push(line.slice(i, end));
    if (end === n) break;
    // one space between fields: padding or an empty field is another kind of line
    if (line[end + 1] === ' ' || end + 1 === n) return undefined;
    i = end + 1;
  }
  return out.length >= MIN_RECORD_FIELDS ? out : undefined;
}

const EMPTY_REQUEST = Object.assign(['- - -', '-', '-', '-'], { index: 0, input: '- - -' }) as unknown as RegExpExecArray;

export function parseFieldRecord(line: string): StructuredLine | undefined {
  const fields = recordFields(line);
  if (!fields) return undefined;
  let at = -1;
  let r: RegExpExecArray | null = null;
  for (let i = 0; i < fields.length; i++) {
    const f = fields[i];
    if (f.length < 3 || f[0] !== '"') continue;
    r = f === EMPTY_REQUEST_LINE ? EMPTY_REQUEST : REQUEST_LINE.exec(f.slice(1, -1));
    if (r) {
      at = i;
      break;
    }
  }
  // labelled values (`status: 200 len: 1893`, LogHub OpenStack) are a sentence of the statement
  // with its words, mined as text as before
  if (!r || fields.some((f) => RECORD_LABEL.test(f))) return undefined;
  const named: Array<[string, unknown]> = [];
  const shape: string[] = [];
  fields.forEach((f, i) => {
    if (i === at && f === EMPTY_REQUEST_LINE) {
      shape.push(f);
      return;
    }
    if (i === at) {
      named.push(['method', r![1]], ['path', r![2]]);
      if (r![3]) named.push(['protocol', r![3]]);
      shape.push(`"${r![1]} ${WILD}${r![3] ? ` ${WILD}` : ''}"`);
      return;
    }
    const q = f[0] === '"' ? f.slice(1, -1) : f;
    named.push([`field${i + 1}`, q]);
    shape.push(f[0] === '"' ? `"${WILD}"` : f[0] === '[' ? `[${WILD}]` : f[0] === '{' ? `{${WILD}}` : WILD);
  });
  const ns = `access|record${fields.length}@${at}|${r[1]}${r[3] ? '/p' : ''}`;
  return { kind: 'access', ns, shape: shape.join(' '), message: '', fields: named };
}

/** A W3C extended record (w3c.ts) as an access line: its method and layout, every field a value. */
export function w3cRecord(line: string): StructuredLine | undefined {
  const rec = parseW3cRecord(line);
  if (!rec) return undefined;
  const named: Array<[string, unknown]> = [];
  const shape: string[] = [];
  rec.fields.forEach((f, i) => {
    if (i === rec.at) {
      named.push(['method', f]);
      shape.push(f);
    } else {
      named.push([i === rec.at + 1 ? 'path' : `field${i + 1}`, f]);
      shape.push(WILD);
    }
  });
  return { kind: 'access', ns: `access|w3c${rec.fields.length}@${rec.at}|${rec.method}`, shape: shape.join(' '), message: '', fields: named };
}


/**
 * TSV_RECORD: a line of TSV_MIN_FIELDS or more tab-separated fields, at least half of them values
 * (a digit, `-`, `(empty)`), is a record read by field (Zeek's conn/dns/http logs, flow and
 * appliance exports, `bro-cut` output): every field a value, its layout (the field count) part of
 * the statement, and a transport protocol field (`tcp`, `udp`, `icmp` ...) too: a flow record's
 * fields follow from its protocol, as an access record's from its method. As text, a row's word
 * fields (service, state, flags, history) vary together, so no two rows differ in one of them only
 * and every combination was its own template. Evidence: zeek-conn (round 12's untouched format,
 * tuned from round 13) 0.013 with 126 templates; LogHub has no tab, and the tuned formats' tabbed
 * lines (Istio, Jenkins, OTel Collector, Java frames) have under eight fields.
 */
export const TSV_RECORD = true;
/** The fewest fields of a record: seven tabs (a header's time, level, logger and message are four or five). */
export const TSV_MIN_FIELDS = 8;
const TRANSPORT = /^(?:tcp|udp|icmp|icmp6|icmpv6|sctp|gre|esp)$/i;
const TSV_VALUE = /\d|^-$|^\(empty\)$/;

export function tsvRecord(line: string): StructuredLine | undefined {
  if (!TSV_RECORD || line.charCodeAt(0) === 35 /* # */) return undefined;
  const cells = line.split('\t');
  if (cells.length < TSV_MIN_FIELDS) return undefined;
  let values = 0;
  let proto = -1;
  for (let i = 0; i < cells.length; i++) {
    if (TSV_VALUE.test(cells[i])) values++;
    else if (proto < 0 && TRANSPORT.test(cells[i])) proto = i;
  }
  if (values * 2 < cells.length) return undefined;
  const fields: Array<[string, unknown]> = cells.map((c, i) => [i === proto ? 'proto' : `field${i + 1}`, c]);
  const shape = cells.map((c, i) => (i === proto ? c : WILD)).join('\t');
  const ns = `access|tsv${cells.length}${proto < 0 ? '' : `@${proto}|${cells[proto].toLowerCase()}`}`;
  return { kind: 'access', ns, shape, message: '', fields };
}

/**
 * CSV_ROW: a whole line of CSV_ROW_MIN_FIELDS or more comma-separated fields with no header before
 * them (an audit export's row: Windows DHCP Server's `DhcpSrvLog`, appliance CSV exports), some
 * empty (`,,`), at least half of them values (a digit, empty, `-`), none opened by `, ` (prose and
 * lists write a space after their commas), is a record read by field: every field a value, the
 * field count part of the statement, and the row's event field, its first field with a letter
 * when that is words (`Renew`, `DNS Update Successful`, `<n> leases expired and <n> leases
 * deleted`: its numbers values), the statement, as an access record's method. As text the row is a
 * few tokens glued by commas whose word fields (vendor class, host name) vary together, so every
 * combination was a template. Evidence: windows-dhcp (round 13's untouched format, tuned from
 * round 14) 0.081 with 57 templates -> 1.000 with 45 (as truth); LogHub and the other formats
 * unchanged; CSV_RECORD's rows after a header keep their own rule.
 */
export const CSV_ROW = true;
/** Fewest fields of a headless row: nine commas (a sentence with a comma list has far fewer empty fields). */
export const CSV_ROW_MIN_FIELDS = 10;
const CSV_ROW_VALUE = /\d|^-?$/;
const HAS_LETTER_CELL = /[A-Za-z]/;
/** An event field: words (letters, a bracketed aside, a closing period) and numbers, space-separated. */
const EVENT_WORD = /^(?:[A-Za-z][A-Za-z()'-]*[.]?|\d+)$/;
const DIGITS = /\d+/g;

export function csvRow(line: string): StructuredLine | undefined {
  if (!CSV_ROW || line.includes(', ') || !line.includes(',,')) return undefined;
  const first = line.charCodeAt(0);
  if (first === 32 || first === 9 || first === 35 /* # */) return undefined;
  const cells = line.split(',');
  // a row opens with a field: a header before it (`host prog[pid]: 72,,,...`) is CSV_RECORD's
  if (cells.length < CSV_ROW_MIN_FIELDS || /\s/.test(cells[0])) return undefined;
  let values = 0;
  let kind = -1;
  let lettered = -1;
  for (let i = 0; i < cells.length; i++) {
    const c = cells[i];
    if (CSV_ROW_VALUE.test(c)) values++;
    if (lettered < 0 && HAS_LETTER_CELL.test(c)) {
      lettered = i;
      const words = c.split(' ');
      if (words.every((w) => EVENT_WORD.test(w)) && words.some((w) => HAS_LETTER_CELL.test(w))) kind = i;
    }
  }
  if (values * 2 < cells.length) return undefined;
  const event = kind < 0 ? '' : cells[kind].replace(DIGITS, WILD);
  const fields: Array<[string, unknown]> = [];
  cells.forEach((c, i) => {
    if (c !== '') fields.push([i === kind ? 'event' : `field${i + 1}`, c]);
  });
  const shape = cells.map((c, i) => (i === kind ? event : c === '' ? '' : WILD)).join(',');
  return { kind: 'access', ns: `access|csv${cells.length}${kind < 0 ? '' : `@${kind}|${event}`}`, shape, message: '', fields };
}
