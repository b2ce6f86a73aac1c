// A text line that ends with a JSON object of fields: the object follows the structured rule.
import { MAX_STRUCTURED_CHARS, MAX_TOP_LEVEL_KEYS, MESSAGE_MARK_BARE } from './structured.js';

/**
 * TRAILING_FIELDS: a text message followed, after a space or a tab, by a JSON object that runs
 * to the end of the line is a call that passed those fields (zap's console encoder: `...\tinfo\t
 * exporterhelper/retry_sender.go:118\tExporting failed.\t{"kind": "exporter", "error": ...}`;
 * Monolog's LineFormatter: `production.INFO: Order placed {"order_id":1,"user_id":2}`; Winston's
 * and Bunyan's `simple` formats do the same). Its keys are constants of the statement and its
 * values variables, as for a JSON line (one call passes one set of fields); only the text before
 * it is mined. Left to the text miner, an error text or a URL inside the object split one
 * statement by its value (otel-collector, laravel).
 */
export interface TrailingFields {
  /** Namespace: the separator and the object's sorted keys (as a structured line's key set). */
  ns: string;
  /** The template's shape: the mined text's mark, the separator, the keys with `<*>` values. */
  shape: string;
  /** The text before the object: what is mined. */
  message: string;
}

/**
 * ARROW_RESULT: an object after an arrow (`FAILED! => {"changed": false, "msg": ...}`: Ansible's
 * task results, Perl's and Ruby's dumps) is the value the statement prints, one parameter
 * whatever its keys (key-json.ts MASK_KEY_JSON_VALUE), not fields a call passed. Evidence (GA):
 * ansible (round 13's untouched format, tuned from round 14): each result's key set was a
 * template, 0.804 -> 0.841; LogHub and the other formats unchanged.
 */
export const ARROW_RESULT = true;

/**
 * EQUALS_OBJECT: an object glued to the message by `=` (CockroachDB's structured events: `...
 * event_log.go:32 ⋮ [tags] 1921669 ={"Timestamp":...,"EventType":"slow_query",...}`) is passed
 * fields like one after a space; the `=` stays in the mined text. Evidence (GA): cockroachdb
 * (round 15's, tuned from round 16) 0.654 -> 0.890, every event type one template; LogHub and the
 * other formats unchanged.
 */
export const EQUALS_OBJECT = true;
/** Most places tried as the object's start (`{"` after whitespace, leftmost first). */
const MAX_OBJECT_STARTS = 4;

export function splitTrailingFields(line: string): TrailingFields | undefined {
  if (line.length > MAX_STRUCTURED_CHARS) return undefined;
  let end = line.length;
  while (end > 0 && (line.charCodeAt(end - 1) === 32 || line.charCodeAt(end - 1) === 9)) end--;
  if (end === 0 || line.charCodeAt(end - 1) !== 125 /* } */) return undefined;
  let from = 1;
  for (let tries = 0; tries < MAX_OBJECT_STARTS; tries++) {
    const at = line.indexOf('{"', from);
    if (at < 0 || at >= end) return undefined;
    from = at + 1;
    const before = line.charCodeAt(at - 1);
    if (before !== 32 && before !== 9 && !(EQUALS_OBJECT && before === 61 /* = */)) continue;
    if (ARROW_RESULT && line.startsWith('=>', at - 3)) continue;
    const body = line.slice(at, end);
    let obj: unknown;
    try {
      obj = JSON.parse(body);
    } catch {
      continue;
    }
    if (obj === null || typeof obj !== 'object' || Array.isArray(obj)) continue;
    const keys = Object.keys(obj);
    if (keys.length === 0 || keys.length > MAX_TOP_LEVEL_KEYS) return undefined;
    const message = line.slice(0, before === 61 ? at : at - 1);
    if (message.trim() === '') return undefined;
    const kv = /^\{\s*"(?:[^"\\]|\\.)*"(\s*:\s*)/.exec(body)?.[1] ?? ':';
    const item = kv.includes(' ') ? ', ' : ',';
    const sep = before === 61 ? '' : line[at - 1];
    const shape = `${MESSAGE_MARK_BARE}${sep}{${keys.map((k) => `${JSON.stringify(k)}${kv}<*>`).join(item)}}`;
    return { ns: `text+json|${sep === '\t' ? 't' : sep === '' ? 'e' : 's'}|${[...keys].sort().join(',')}`, shape, message };
  }
  return undefined;
}
