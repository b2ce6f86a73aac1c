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
const COLON_WORD = /[^\s:]*(?::[^\s:]*){5,}/g;

export function maskColonIds(s: string, hole: string): string {
  if (!COLON_ID) return s;
  return s.replace(COLON_WORD, (w) => {
    const f = w.split(':');
    if (f.length < COLON_ID_FIELDS) return w;
    let values = 0;
    let filled = 0;
    for (const x of f) {
      if (x === '') continue;
      filled++;
      if (x.includes(hole) || DIGIT.test(x)) values++;
    }
    return filled >= COLON_ID_FIELDS - 1 && values * 2 >= filled ? hole : w;
  });
}
