// COLON_ID: a word of many colon-joined fields, half or more of them values, is one value (mask.ts calls it).

/**
 * COLON_ID: a whitespace-free word of COLON_ID_FIELDS or more `:`-joined fields, at least half of
 * them values (masked already, or holding a digit), is one identifier, a value: Proxmox's
 * `UPID:<node>:<pid>:<pstart>:<start>:vncproxy:<vmid>:<user>:` holds its task type and user as
 * word fields, data of the id, not the statement's words. Evidence: proxmox-ve (round 17's
 * untouched format, tuned from round 18) 0.749 -> 0.939 (`starting task` / `end task` split by
 * node and task type, 361 lines in 6); LogHub and the other formats unchanged. Clocks, IPv6 and
 * MAC addresses are masked whole before this.
 */
export const COLON_ID = true;
/** Fewest fields: six (a clock `hh:mm:ss.mmm` or a `host:port` has two to four). */
export const COLON_ID_FIELDS = 6;
const DIGIT = /\d/;
const FIELD = /^[\w@.!\uE000-]*$/;
const WORD = /\S+/g;

function colons(s: string): number {
  let n = 0;
  for (let i = s.indexOf(':'); i >= 0; i = s.indexOf(':', i + 1)) n++;
  return n;
}

function isId(w: string, hole: string): boolean {
  const f = w.split(':');
  if (f.length < COLON_ID_FIELDS) return false;
  let values = 0;
  let filled = 0;
  for (const x of f) {
    // a field with brackets, `/` or `=` is a path or a record, not an id's field (ZooKeeper's
    // `[QuorumPeer[myid=1]/0:0:0:0:0:0:0:0:2181:Environment@100]` names its logger)
    if (!FIELD.test(x)) return false;
    if (x === '') continue;
    filled++;
    if (x.includes(hole) || DIGIT.test(x)) values++;
  }
  return filled >= COLON_ID_FIELDS - 1 && values * 2 >= filled;
}

export function maskColonIds(s: string, hole: string): string {
  // the count first: most lines hold fewer colons than one id has
  if (!COLON_ID || colons(s) < COLON_ID_FIELDS - 1) return s;
  return s.replace(WORD, (w) => (isId(w, hole) ? hole : w));
}
