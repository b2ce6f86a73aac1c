// XML_RECORD: one XML element per line, read as a structured record (structured.ts calls it).

/**
 * XML_RECORD: a line that ends in one whole XML element (`... sysmon[834]: <Event><System>...
 * </System><EventData><Data Name="Image">/usr/bin/curl</Data>...</EventData></Event>`: Sysmon for
 * Linux, Windows event XML forwarded over syslog, SOAP/XML audit records) is a record after a
 * header, as a JSON line is: element and attribute names are the statement, every element text and
 * attribute value a value, and the header before it is mined as the line's message. As text, the
 * values' words (image paths, users, command lines) were read as statement words, and one event id
 * came out in 29 templates. Evidence: sysmon-linux (round 17's untouched format, tuned from round
 * 18) 0.462; LogHub and the other tuned formats hold no such line.
 */
export const XML_RECORD = true;
/** Fewest elements of a record: one or two tags inside a message are markup in prose (`<b>x</b>`). */
export const XML_MIN_ELEMENTS = 4;
/**
 * An element whose text names the record's kind (Windows/Sysmon `EventID`, as JSON's `type`:
 * structured.ts RECORD_KIND_FIELD): its text stays in the statement.
 */
const XML_KIND_NAMES = new Set(['eventid', 'event_id', 'type', 'eventtype', 'event_type', 'recordtype', 'record_type']);
/**
 * The attribute that names a repeated element (`<Data Name="Image">`, `<Data Name="User">`): a key,
 * not a value, when its element's tag occurs more than once in the record (a `<Provider Name=..>`
 * that occurs once is a value).
 */
const KEY_ATTRIBUTES = new Set(['name', 'key', 'id']);

const XML_START = /<[A-Za-z_][\w.:-]*[\s/>]/;
const TAG = /<(\/?)([A-Za-z_][\w.:-]*)((?:\s+[A-Za-z_][\w.:-]*\s*=\s*"[^"<]*")*)\s*(\/?)>/y;
const ATTR = /([A-Za-z_][\w.:-]*)\s*=\s*"([^"<]*)"/g;

export interface XmlRecord {
  /** The text before the element, its separator cut off. */
  header: string;
  /** What separates the header from the element. */
  sep: string;
  /** The element with every value `<*>` (names, keys and kind kept). */
  skeleton: string;
  /** Values by path (`Event.System.Computer`, `Event.EventData.Data[Image]`). */
  fields: Array<[string, string]>;
}

/** The element the line ends with, read as a record; undefined when the line holds none. */
export function parseXmlRecord(line: string): XmlRecord | undefined {
  const end = line.trimEnd();
  if (!end.endsWith('>')) return undefined;
  const m = XML_START.exec(line);
  if (!m) return undefined;
  const start = m.index;
  const tags: Array<{ close: boolean; name: string; attrs: string; self: boolean; at: number; end: number }> = [];
  let i = start;
  while (i < end.length) {
    const lt = end.indexOf('<', i);
    if (lt < 0) return undefined;
    TAG.lastIndex = lt;
    const t = TAG.exec(end);
    if (!t) return undefined;
    tags.push({ close: t[1] === '/', name: t[2], attrs: t[3], self: t[4] === '/', at: lt, end: TAG.lastIndex });
    i = TAG.lastIndex;
  }
  if (tags.length === 0 || tags[0].close || tags[0].self) return undefined;
  const opens = tags.filter((t) => !t.close);
  if (opens.length < XML_MIN_ELEMENTS) return undefined;
  const count = new Map<string, number>();
  for (const t of opens) count.set(t.name, (count.get(t.name) ?? 0) + 1);
  const stack: string[] = [];
  const names: string[] = [];
  const fields: Array<[string, string]> = [];
  let out = '';
  let prev = start;
  for (let k = 0; k < tags.length; k++) {
    const t = tags[k];
    const text = end.slice(prev, t.at);
    if (text !== '') {
      // text only inside a leaf: `<a>x</a>`, nothing between sibling elements but whitespace
      const leaf = t.close && k > 0 && !tags[k - 1].close && !tags[k - 1].self && tags[k - 1].name === t.name;
      if (!leaf) {
        if (text.trim() !== '') return undefined;
        out += text;
      } else if (XML_KIND_NAMES.has(t.name.toLowerCase())) out += text;
      else {
        out += '<*>';
        fields.push([stack.join('.'), text]);
      }
    }
    if (t.close) {
      stack.pop();
      if (names.pop() !== t.name) return undefined;
      out += `</${t.name}>`;
    } else {
      const repeated = (count.get(t.name) ?? 0) > 1;
      let key = '';
      const attrs = t.attrs.replace(ATTR, (_all, name: string, value: string) => {
        if (repeated && key === '' && KEY_ATTRIBUTES.has(name.toLowerCase())) {
          key = value;
          return `${name}="${value}"`;
        }
        fields.push([`${[...stack, t.name].join('.')}@${name}`, value]);
        return `${name}="<*>"`;
      });
      out += `<${t.name}${attrs}${t.self ? '/' : ''}>`;
      if (!t.self) {
        stack.push(key === '' ? t.name : `${t.name}[${key}]`);
        names.push(t.name);
      }
    }
    prev = t.end;
    if (names.length === 0 && k < tags.length - 1) return undefined;
  }
  if (names.length !== 0) return undefined;
  const before = line.slice(0, start);
  const header = before.trimEnd();
  return { header, sep: before.slice(header.length), skeleton: out, fields };
}

/** The header inside a template of an XML record (what is before the element). */
export function xmlHeaderOf(template: string): string | undefined {
  const m = XML_START.exec(template);
  return m ? template.slice(0, m.index).trimEnd() : undefined;
}
