// One entity, several names: "Failed password for root from ..." keys the user `for`, "Failed
// password for invalid user admin from ..." keys it `user`. A ranking over both kinds of line must
// group the same slot of each. Two slots are the same entity's when the kinds of line writing them
// hold the value at the same place in their wording (the same word follows it: "<user> from"), are
// of one family of kinds, and no kind of line holds both names (else the two are different slots).
import type { Database } from 'better-sqlite3';
import type { ValueKind } from '../values/types.js';
import type { Slot } from './types.js';

/** Value rows read to learn each kind of line's slots (a handful of slots per kind of line). */
export const ALIAS_PROFILE_ROWS = 20_000;

/** Kinds one entity is written as in different lines (a user read as a word or an id, an address with or without port). */
const FAMILIES: ValueKind[][] = [
  ['word', 'id', 'host', 'uuid'],
  ['ip', 'ipport'],
  ['host', 'hostport'],
];
const family = (k: ValueKind): ValueKind[] => FAMILIES.find((f) => f.includes(k)) ?? [k];

interface TemplateSlot {
  template_id: number;
  key: string;
  kind: ValueKind;
  after: string | null;
}

/**
 * The other keys naming the chosen slot's entity in the target kinds of line that lack its key:
 * same following word, same family of kinds. Only non-numeric slots (entities, not quantities).
 */
export function aliasKeys(db: Database, slot: Slot, templateIds: number[], streamIds: number[]): string[] {
  if (templateIds.length < 2 || !slot.key || slot.keys) return [];
  const kinds = family(slot.kind);
  if (!FAMILIES.some((f) => f === kinds)) return [];
  const rows = db
    .prepare(
      `SELECT template_id, key, kind, max(after) AS after FROM (
         SELECT template_id, key, kind, after FROM entry_values
          WHERE template_id IN (SELECT value FROM json_each(?)) AND stream_id IN (SELECT value FROM json_each(?)) LIMIT ?)
       GROUP BY template_id, key, kind`,
    )
    .all(JSON.stringify(templateIds), JSON.stringify(streamIds), ALIAS_PROFILE_ROWS) as TemplateSlot[];
  const byTemplate = new Map<number, TemplateSlot[]>();
  for (const r of rows) byTemplate.set(r.template_id, [...(byTemplate.get(r.template_id) ?? []), r]);
  const own = rows.filter((r) => r.key === slot.key && kinds.includes(r.kind) && r.after);
  const afters = new Set(own.map((r) => r.after!));
  if (afters.size === 0) return [];
  const aliases = new Set<string>();
  for (const slots of byTemplate.values()) {
    if (slots.some((s) => s.key === slot.key)) continue;
    const same = slots.filter((s) => s.key && kinds.includes(s.kind) && s.after && afters.has(s.after));
    // one candidate only: two slots followed by the same word in one kind of line say nothing
    if (new Set(same.map((s) => s.key)).size === 1) aliases.add(same[0].key);
  }
  // a name that is its own slot somewhere the chosen key also is would be counted twice
  for (const a of [...aliases]) if ([...byTemplate.values()].some((slots) => slots.some((s) => s.key === a) && slots.some((s) => s.key === slot.key))) aliases.delete(a);
  return [...aliases];
}
