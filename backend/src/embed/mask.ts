// Log lines repeat with only their variables changed ("Accepted password for bob from 10.0.0.7
// port 51022"). Replacing the variable parts with placeholders before embedding lets every such
// line share one vector, which the embedder's per-call dedup and cache then compute once.
// Order matters: broader shapes (timestamps, uuids, addresses) go before bare numbers so that a
// timestamp becomes one <ts> instead of six <num>s.

const MONTH = '(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)';

interface Rule {
  re: RegExp;
  placeholder: string;
}

const RULES: readonly Rule[] = [
  // ISO-8601 / RFC 3339, the log4j "2015-10-18 18:01:47,978" form and BGL's "2005-06-03-16.56.14.254137".
  {
    re: /\b\d{4}-\d{2}-\d{2}(?:[T -]\d{2}[:.]\d{2}(?:[:.]\d{2})?(?:[.,]\d+)?(?:Z|[+-]\d{2}:?\d{2})?)?\b/g,
    placeholder: '<ts>',
  },
  // syslog "Jun 14 15:16:01" and "Sun Dec 04 04:47:44 2005"-style stamps.
  {
    re: new RegExp(`\\b(?:(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun) )?${MONTH} +\\d{1,2} \\d{2}:\\d{2}:\\d{2}(?:[.,]\\d+)?(?: \\d{4})?\\b`, 'g'),
    placeholder: '<ts>',
  },
  // Bare clock times, after the dated forms above have taken theirs.
  { re: /\b\d{1,2}:\d{2}:\d{2}(?:[.,]\d+)?\b/g, placeholder: '<ts>' },
  { re: /\b[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}\b/g, placeholder: '<uuid>' },
  // IPv4 with optional :port.
  { re: /\b(?:\d{1,3}\.){3}\d{1,3}(?::\d{1,5})?\b/g, placeholder: '<ip>' },
  // IPv6: full form, or compressed with "::" (needs a hex letter or 2+ groups so "a::b" in prose is rare).
  { re: /\b(?:[0-9a-fA-F]{1,4}:){7}[0-9a-fA-F]{1,4}\b/g, placeholder: '<ip>' },
  { re: /(?<![\w:])(?:[0-9a-fA-F]{1,4}:){1,6}:(?:[0-9a-fA-F]{1,4}(?::[0-9a-fA-F]{1,4}){0,5})?(?![\w:])/g, placeholder: '<ip>' },
  { re: /\b0x[0-9a-fA-F]+\b/g, placeholder: '<hex>' },
  // Long hex ids (hashes, trace ids, container ids): 8+ hex chars with at least one digit and one letter,
  // so neither plain words ("deadbeef" is rare, "accepted" is not hex) nor plain numbers match here.
  { re: /\b(?=[0-9a-fA-F]*\d)(?=[0-9a-fA-F]*[a-fA-F])[0-9a-fA-F]{8,}\b/g, placeholder: '<hex>' },
  // Dotted numeric runs that are not IPs: versions, "2005.06.03" dates.
  { re: /(?<![\w.])\d+(?:\.\d+){2,}(?![\w.])/g, placeholder: '<num>' },
  // Numbers not glued to letters on the left ("ipv4", "sha256" stay), keeping a unit suffix
  // ("250ms" -> "<num>ms") because the unit carries meaning; "_" counts as a separator so
  // "blk_-1608999687" becomes "blk_<num>".
  {
    re: /(?<![A-Za-z0-9.])[-+]?\d+(?:\.\d+)?(ms|us|µs|ns|s|m|h|d|[kKMGT]i?B|B|%)?(?![A-Za-z0-9]|\.\d)/g,
    placeholder: '<num>$1',
  },
];

/** Replace variable parts of a log text (timestamps, uuids, IPs, hex ids, numbers) with placeholders. */
export function maskVariables(text: string): string {
  let out = text;
  for (const rule of RULES) out = out.replace(rule.re, rule.placeholder);
  return out;
}
