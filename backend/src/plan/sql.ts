// SQL fragments shared by the planner and the executor (SQLite; another backend compiles the same plan its own way).
import type { Slot } from './types.js';

const IPV4 = /^\d{1,3}(?:\.\d{1,3}){3}$/;

/**
 * A value equal to an identifier, case-insensitively, on the index of lower-cased texts (`norm` of
 * the entry_values view, values/layout.ts). An IP matches its own value and any `ip:port` value
 * ("from 10.0.0.1" finds "/10.0.0.1:50010"), as a range on the same index.
 */
export function valueEquals(text: string, column = 'norm'): { sql: string; params: string[] } {
  const t = text.toLowerCase();
  if (IPV4.test(t)) return { sql: `(${column} = ? OR (${column} > ? AND ${column} < ?))`, params: [t, `${t}:`, `${t};`] };
  return { sql: `${column} = ?`, params: [t] };
}

/** Kinds one slot can hold in different lines: a name read as a word in one line and an id or host in another. */
export const WORDISH = ['word', 'id', 'host', 'uuid'];
/** Addresses with a port, by IP or by host name: one slot's values (Proxifier targets are written both ways). */
export const ADDRESSES = ['ipport', 'hostport'];

/** The slot's rows in `entry_values v`: its key and its kind (or the kinds of its family). */
/** Plain numbers: "46" and "47.53" are amounts of one slot. */
export const NUMBERISH = ['int', 'float'];

/** Kinds a line's writer is written as: a host name, a name with digits, a plain word, an IP. */
export const WRITER_KINDS = ['host', 'id', 'word', 'ip'];

export function slotWhere(slot: Slot): { sql: string; params: string[] } {
  if (slot.writer) {
    const marks = WRITER_KINDS.map(() => '?').join(', ');
    return {
      sql: `v.kind IN (${marks}) AND v.pos = (SELECT min(w.pos) FROM entry_values w WHERE w.entry_id = v.entry_id AND w.kind IN (${marks}))`,
      params: [...WRITER_KINDS, ...WRITER_KINDS],
    };
  }
  if (slot.keys && slot.keys.length > 1) {
    const kinds = NUMBERISH.includes(slot.kind) ? NUMBERISH : WORDISH.includes(slot.kind) ? WORDISH : slot.kind === 'ip' || slot.kind === 'ipport' ? ['ip', 'ipport'] : [slot.kind];
    return { sql: `v.key IN (${slot.keys.map(() => '?').join(', ')}) AND v.kind IN (${kinds.map(() => '?').join(', ')})`, params: [...slot.keys, ...kinds] };
  }
  if (NUMBERISH.includes(slot.kind)) return { sql: `v.key = ? AND v.kind IN (${NUMBERISH.map(() => '?').join(', ')})`, params: [slot.key, ...NUMBERISH] };
  if (WORDISH.includes(slot.kind)) return { sql: `v.key = ? AND v.kind IN (${WORDISH.map(() => '?').join(', ')})`, params: [slot.key, ...WORDISH] };
  // an address with its port is one thing whether the line names it by IP or by host name ("close" of "<target> close, ...")
  if (ADDRESSES.includes(slot.kind)) return { sql: 'v.key = ? AND v.kind IN (?, ?)', params: [slot.key, ...ADDRESSES] };
  return { sql: 'v.key = ? AND v.kind = ?', params: [slot.key, slot.kind] };
}

/** The port of an ip:port or host:port value: the digits after its last colon (rtrim strips that run of digits). */
const PORT_TEXT = "substr(v.text, length(rtrim(v.text, '0123456789')) + 1)";

/** What a slot's values group by: the text, the address of an ip:port (`part: 'address'`) or its port (`part: 'port'`). */
export function slotGroup(slot: Slot): string {
  if (slot.part === 'port') return PORT_TEXT;
  return slot.part === 'address' ? "CASE WHEN instr(v.text, ':') > 0 THEN substr(v.text, 1, instr(v.text, ':') - 1) ELSE v.text END" : 'v.text';
}

/** A slot's number: the stored one, or the port of an address (NULL where the value has none). */
export function slotNum(slot: Slot): string {
  return slot.part === 'port' ? `CAST(NULLIF(${PORT_TEXT}, '') AS INTEGER)` : 'v.num';
}

// Per-template slot listings over the value store's slot dictionary (values/layout.ts). A slot
// counts only while some row holds it (a re-read or retention may have left it empty), as the
// former (template, key) index listed only keys with rows.
const HELD = 'EXISTS (SELECT 1 FROM value_rows r WHERE r.slot_id = s.id)';

/**
 * Every key of these templates (json ids), each template's keys in order, the templates taken in
 * turns (so a key late in the alphabet is not cut off by the limit), distinct, at most `?`.
 */
export const TEMPLATE_KEYS_SQL = `WITH RECURSIVE k(t, key) AS (
    SELECT value, (SELECT min(s.key) FROM value_slots s WHERE s.template_id = value AND ${HELD}) FROM json_each(?)
    UNION ALL
    SELECT t, (SELECT min(s.key) FROM value_slots s WHERE s.template_id = k.t AND s.key > k.key AND ${HELD}) FROM k WHERE k.key IS NOT NULL)
  SELECT DISTINCT key FROM k WHERE key IS NOT NULL LIMIT ?`;

/** (template_id, key) of these templates (json ids) holding one of these keys (json), in that order, at most 50. */
export const KEYS_HELD_SQL = `SELECT DISTINCT s.template_id, s.key FROM value_slots s
   WHERE s.template_id IN (SELECT value FROM json_each(?)) AND s.key IN (SELECT value FROM json_each(?)) AND ${HELD}
   ORDER BY s.template_id, s.key LIMIT 50`;
