// On-call shorthand: the abbreviations an engineer types into a chat box ("tot bytes from <ip>",
// "# of failed pw", "which dn", "secs to build <id>", "bcast var 37") written out in the words the
// planner and the kinds of line use, before the question is read. Only whole words standing apart
// from identifiers are rewritten: "dn228", "/var/www", "src:" inside a line's text stay as written.
// Round 9 of the question rounds (dev-extra9) asked in these words; every expansion is a plain English
// word the planner already reads, so no rule of the planner changes with them.

/** [shorthand, written out]: each matched as a whole word, case-insensitive. */
const WORDS: readonly [string, string][] = [
  ['tot', 'total'],
  ['cnt', 'count'],
  ['num', 'number'],
  ['pw', 'password'],
  ['pws', 'passwords'],
  ['pwd', 'password'],
  ['passwd', 'password'],
  ['dn', 'datanode'],
  ['nn', 'namenode'],
  ['sz', 'size'],
  ['secs', 'seconds'],
  ['msec', 'ms'],
  ['msecs', 'ms'],
  ['conn', 'connection'],
  ['conns', 'connections'],
  ['bcast', 'broadcast'],
  ['recv', 'received'],
  ['rcvd', 'received'],
  ['src', 'source'],
  ['dst', 'destination'],
  ['msg', 'message'],
  ['msgs', 'messages'],
  ['req', 'request'],
  ['reqs', 'requests'],
  ['resp', 'response'],
  ['err', 'error'],
  ['errs', 'errors'],
  // the other way round: Hadoop writes "on NM: [host:port]", the engineer says "node manager" (dev-extra10 qp-0100)
  ['node manager', 'NM'],
  // "which remote host failed authentication most": the far end pam writes as rhost=, not the machine logging
  ['remote host', 'rhost'],
  ['remote hosts', 'rhosts'],
];

const BY_WORD = new Map(WORDS.map(([s, w]) => [s, w]));

// A word stands apart when no identifier character touches it: "dn" in "which dn?" but not in "dn228",
// "src" in "src ip" but not in "src: /10.0.0.1"; a "." after it ends a sentence only before a space or the end.
const WORD = new RegExp(String.raw`(?<![\w./:=@~-])(${WORDS.map(([s]) => s).join('|')})(?![\w/:=@~-]|\.[\w])`, 'gi');

/**
 * The question with its shorthand written out: whole-word abbreviations, "# of" (a number of), "var N"
 * (a variable).
 */
export function expandShorthand(question: string): string {
  return question
    .replace(/(^|\s)#\s*(?=of\b)/gi, '$1number ')
    .replace(/(^|\s)#(?=\s+[a-z])/gi, '$1number of')
    .replace(/(?<![\w./:=@~-])var(?=\s+\d)/gi, 'variable')
    .replace(WORD, (m: string) => BY_WORD.get(m.toLowerCase()) ?? m);
}
