// RFC 5424 syslog lines, as rsyslog, syslog-ng, network gear and appliances forward them:
//   <PRI>VERSION TIMESTAMP HOSTNAME APP-NAME PROCID MSGID STRUCTURED-DATA [MSG]
// STRUCTURED-DATA is `-` or one or more `[SD-ID name="value" ...]` elements; inside a value `\"`,
// `\\` and `\]` are escaped (RFC 5424 section 6.3.3). `-` is the nil value of any header field.
//
// Read by field, like a logfmt line (structured.ts): the statement is the application and message
// id (they name the event for a reader, as the journal's identifier does), the SD elements' ids and
// parameter names, and the message's own template; PRI, time, host and procid are header values,
// every SD parameter a named value.

/**
 * SYSLOG_5424: an RFC 5424 line is read by field. Evidence: syslog-rfc5424 (round 9's untouched
 * format, tuned from round 10): 0.228 as text, where a Juniper session record's 11-15 quoted
 * parameters (`reason="TCP FIN"`, `service-name="junos-https"`, `policy-name="allow-web"`) vary
 * together, so no two lines agree on everything but one of them and the sibling rule never made
 * them variables (165 groups for one statement).
 */
export const SYSLOG_5424 = true;

export interface Syslog5424 {
  /**
   * Header fields (nil ones left out), SD parameters (`name`, or `sdid/name` when a name repeats)
   * and the message as `msg`, in line order.
   */
  fields: Array<[string, string]>;
  /** The line's shape: the statement's words with `<*>` for values, `mark` where MSG goes. */
  shape: string;
  /** Identity of the statement apart from its message: app, msgid, SD ids and names. */
  ns: string;
  /** MSG ('' when the line has none), a UTF-8 BOM removed. */
  message: string;
}

const WILD = '<*>';
/** `<PRI>VERSION ` then five header fields; `<*>` accepted so a template text reads back. */
const HEAD = /^<(\d{1,3}|<\*>)>(\d{1,2}|<\*>) (\S+) (\S+) (\S+) (\S+) (\S+) /;
/** An SD-ID or parameter name: printable ASCII but `=`, space, `]` and `"`, at most 32 chars. */
const SD_NAME = /^[!#-<>-\\^-~]{1,32}$/;

/**
 * The fields of an RFC 5424 line, or undefined when the line is not one. `mark` is put where the
 * message's template goes in the shape (structured.ts MESSAGE_MARK_BARE).
 */
export function parseSyslog5424(line: string, mark: string): Syslog5424 | undefined {
  if (line.charCodeAt(0) !== 60 /* < */) return undefined;
  // a header field and the SD alone need a separator after them: a line with no MSG and no
  // trailing space is completed with one for the match
  const h = HEAD.exec(line.length > 0 && !line.endsWith(' ') ? `${line} ` : line);
  if (!h) return undefined;
  const [whole, pri, version, time, host, app, procid, msgid] = h;
  // `-` is a header field's nil value: absent, not a value
  const header: Array<[string, string]> = [
    ['pri', pri],
    ['timestamp', time],
    ['host', host],
    ['appname', app],
    ['procid', procid],
    ['msgid', msgid],
  ];
  const fields = header.filter(([, v]) => v !== '-');
  let i = whole.length;
  const shape: string[] = [`<${WILD}>${version} ${WILD} ${WILD} ${app} ${WILD} ${msgid} `];
  const ns: string[] = [app, msgid];
  if (line.startsWith('-', i) && (i + 1 >= line.length || line[i + 1] === ' ')) {
    shape.push('-');
    i += 1;
  } else {
    if (line[i] !== '[') return undefined;
    const seen = new Set<string>([...header.map(([k]) => k), 'msg']);
    while (line[i] === '[') {
      const sd = readElement(line, i);
      if (!sd) return undefined;
      shape.push(`[${sd.id}${sd.params.map(([k]) => ` ${k}="${WILD}"`).join('')}]`);
      ns.push(`${sd.id}:${sd.params.map(([k]) => k).join(',')}`);
      for (const [k, v] of sd.params) {
        const key = seen.has(k) ? `${sd.id}/${k}` : k;
        seen.add(key);
        fields.push([key, v]);
      }
      i = sd.end;
    }
  }
  let message = '';
  if (i < line.length) {
    if (line[i] !== ' ') return undefined;
    message = line.slice(i + 1).replace(/^\uFEFF/, '');
  }
  if (message !== '') {
    shape.push(` ${mark}`);
    fields.push(['msg', message]);
  }
  return { fields, shape: shape.join(''), ns: `syslog|${ns.join('|')}`, message };
}

/** One `[SD-ID name="value" ...]` element from `at` (its `[`), or undefined when malformed. */
function readElement(line: string, at: number): { id: string; params: Array<[string, string]>; end: number } | undefined {
  let i = at + 1;
  let j = i;
  while (j < line.length && line[j] !== ' ' && line[j] !== ']') j++;
  const id = line.slice(i, j);
  if (!SD_NAME.test(id)) return undefined;
  const params: Array<[string, string]> = [];
  i = j;
  while (i < line.length && line[i] === ' ') {
    const eq = line.indexOf('=', i + 1);
    if (eq < 0 || line[eq + 1] !== '"') return undefined;
    const name = line.slice(i + 1, eq);
    if (!SD_NAME.test(name)) return undefined;
    let k = eq + 2;
    let value = '';
    for (;;) {
      if (k >= line.length) return undefined;
      const c = line[k];
      if (c === '\\' && k + 1 < line.length && (line[k + 1] === '"' || line[k + 1] === '\\' || line[k + 1] === ']')) {
        value += line[k + 1];
        k += 2;
        continue;
      }
      if (c === '"') break;
      value += c;
      k++;
    }
    params.push([name, value]);
    i = k + 1;
  }
  if (line[i] !== ']') return undefined;
  return { id, params, end: i + 1 };
}
