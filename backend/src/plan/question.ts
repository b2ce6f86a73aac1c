// Reading a question for planning, without the store: the identifiers it names (which must match
// exactly), what it asks for (intent), the noun naming the slot it asks about, and the words that
// describe the kind of line. Pure functions of the text.
import type { Intent } from './types.js';
import { headWords } from './head-word.js';

/** Identifiers taken from one question; more is a paste of data, not a question. */
export const MAX_FILTERS = 8;
/** Longest identifier kept as a filter (a 10 KB token is not something to look up). */
export const MAX_FILTER_CHARS = 256;

export interface QuestionReading {
  intent?: Intent;
  filters: string[];
  /** Small numbers named by the noun before them ("variable 9", "task 12"): filters on that slot. */
  keyed: { key: string; text: string }[];
  /** Adjacent word pairs that may be a slot and its value ("user reconcile"): checked against the store. */
  pairs: { key: string; text: string }[];
  /** Quoted strings: matched as literal text in the line. */
  literals: string[];
  /** Short names with a trailing number ("gige1", "dn38"): entities only where the store holds them as values. */
  shortNames: string[];
  /** The noun the question asks about ("port", "user", "size"), when it names one. */
  slotWords: string[];
  /** Content words describing the kind of line (no intent, no identifiers, no stopwords). */
  words: string[];
  /** Slot nouns written right before an identifier ("node R27-M0...", "instance 3f2a..."): they name its kind, not the line. */
  kindWords: { word: string; ident: string }[];
  /** "who ...": the user where the lines name one, else the address they come from. */
  who?: boolean;
  /** "ip:port", "address with port", "ip and port": the address as written, its port included. */
  wholeAddress?: boolean;
  /** The one direction the question names ("served from", "sent to"): a slot keyed by the other is not asked. */
  towards?: 'from' | 'to';
  /** `towards` comes from "to X" / "from X" (the flow's direction), not from a verb naming the subject's end. */
  towardsByPreposition?: boolean;
  /** The slot noun the question asks for ("which NTP server ...", "client IP with the most ..."), where it names one. */
  asked?: string;
  /** A ranking by a total groups by a slot that is not a quantity (weighted.ts): numeric slots are not the groups. */
  groupsOnly?: boolean;
  /** Words right after "which", "highest", "top", ... ("highest TID"): a slot keyed by one is the one asked (head-word.ts). */
  heads?: string[];
  /** "which server did hosts sync to (the most)?": a preposition left without its object asks for it; the verb before it. */
  dangling?: { verb: string; prep: 'to' | 'from' | 'with' };
  /** Plain words the question writes as an entity's name ("for magnos", "the inspur account"): filters where the store holds them. */
  entityWords: string[];
  /** Words written in capitals inside the question ("hive SECURITY"): names, filters where lines hold them and no kind of line writes them. */
  capsNames: string[];
  k?: number;
}

// Identifiers: IPs with or without port, host:port, uuids, ids with _ - . / : and a digit, hex,
// numbers of three or more digits. Clock times are not identifiers.
const IDENT = new RegExp(
  [
    String.raw`\d{1,3}(?:\.\d{1,3}){3}(?::\d{1,5})?`,
    // MAC addresses ("00:11:43:e3:ba:c3"), before host:port and hex runs take their parts
    String.raw`[0-9a-fA-F]{2}(?:[:-][0-9a-fA-F]{2}){5}`,
    String.raw`[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}`,
    String.raw`\/?[A-Za-z0-9][\w.-]*:\d{2,5}`,
    // host names with a digit somewhere ("61-220-159-99.hinet-ip.hinet.net", "node-7.cluster.local")
    String.raw`(?=[\w.-]*\d)[A-Za-z0-9][A-Za-z0-9-]*(?:\.[A-Za-z0-9-]+)+\.[A-Za-z]{2,}`,
    // "~" joins the parts of Windows package names ("Package_for_KB3010788~31bf3856ad364e35~amd64~~6.1.1.1")
    String.raw`(?:[A-Za-z][A-Za-z0-9]*[_\-.:/])+-?[A-Za-z0-9_.\-/~]*\d[A-Za-z0-9_.\-~]*`,
    // program and file names with their extension ("Dropbox.exe", "ntuser.dat", "cbscore.dll")
    String.raw`[A-Za-z0-9][\w-]*\.(?:exe|dll|sys|jar|py|js|sh|so|dat|log|json|xml|conf|cfg|ini|yaml|yml|txt)(?![\w.])`,
    // snake_case names holding a digit or of three parts or more ("root5_domain", "cluster_var_backup")
    String.raw`(?=[A-Za-z0-9]*_[A-Za-z0-9_]*)(?=[\w]*\d)[A-Za-z][A-Za-z0-9]*(?:_[A-Za-z0-9]+)+|[A-Za-z][A-Za-z0-9]*(?:_[A-Za-z0-9]+){2,}`,
    // absolute paths of three parts or more, digits or not ("/bgl/apps/swl-prep/ibm-swl/functional/sppm_chkpt/run/sppm")
    String.raw`\/[A-Za-z0-9_.-]+(?:\/[A-Za-z0-9_.-]+){2,}`,
    // dotted names of three parts or more without a digit ("com.apple.SoftwareUpdate.Activity", "www.google.com")
    String.raw`[A-Za-z][\w-]*(?:\.[A-Za-z][\w-]*){2,}`,
    String.raw`[A-Za-z]+\d+[A-Za-z0-9]*`,
    String.raw`0[xX][0-9a-fA-F]+`,
    String.raw`(?=[0-9a-fA-F]*[a-fA-F])[0-9a-fA-F]{8,}`,
    String.raw`-?\d{3,}(?:\.\d+)?`,
  ]
    .map((p) => `(?:${p})`)
    .join('|'),
  'g',
);
const CLOCK = /^\d{1,2}:\d{2}(?::\d{2})?$/;
const DATE_AT = /^\d{4}[-/]\d{1,2}[-/]\d{1,2}\b/;
const QUOTED = /"([^"]{1,256})"|'([^']{1,256})'|`([^`]{1,256})`/g;

const PLAIN_WORD = /^[a-z]+\d?$/;
/** Words before a short name that make it the machine asked about ("did gige1 log", "lines from dn38", "host bn62"). */
const SHORT_NAME_BEFORE = new Set(['did', 'does', 'do', 'has', 'had', 'from', 'by', 'on', 'at', 'of', 'for', 'host', 'node', 'machine', 'server']);
/** Words after a short name that make it the machine writing the lines ("gige1 logged", "bn62 sync"). */
const SHORT_NAME_AFTER = new Set(['log', 'logs', 'logged', 'write', 'writes', 'wrote', 'report', 'reports', 'reported', 'send', 'sent', 'sync', 'synchronize', 'synchronized']);
/** Two letters or more and a trailing number: a machine's short name ("gige1", "dn38"), or a word's version ("ssh2"). */
const SHORT_NAME = /^[A-Za-z]{2,}\d{1,2}$/;

/** Identifiers and quoted strings of a question, in order, deduplicated, bounded. */
export function identifiers(question: string): { filters: string[]; literals: string[]; shortNames: string[] } {
  const literals: string[] = [];
  // "how many 502s": a status code in the plural is the code
  let rest = question.replace(/\b(\d{3,})s\b/g, '$1').replace(QUOTED, (_m, a, b, c) => {
    const t = (a ?? b ?? c) as string;
    if (literals.length < MAX_FILTERS && t.trim()) literals.push(t.trim());
    return ' ';
  });
  const filters: string[] = [];
  const shortNames: string[] = [];
  rest = rest.length > 4 * MAX_FILTER_CHARS * MAX_FILTERS ? rest.slice(0, 4 * MAX_FILTER_CHARS * MAX_FILTERS) : rest;
  for (const m of rest.matchAll(IDENT)) {
    let t = m[0].replace(/[.:\-/]+$/, '');
    const before = rest[m.index! - 1];
    const after = rest[m.index! + m[0].length];
    // part of a longer word (a letter right before or after) is not an identifier on its own
    if ((before && /[A-Za-z0-9_]/.test(before)) || (after && /[A-Za-z_]/.test(after))) continue;
    if (CLOCK.test(t) || t.length > MAX_FILTER_CHARS) continue;
    // a date ("2015-07-29", "2015/07/29") says when, as a clock time does: the window's, not a value to look up
    if (DATE_AT.test(rest.slice(m.index!, m.index! + 10))) continue;
    // a word with a trailing index ("ssh2", "ipv4", "v2") is a name, not something to look up
    if (PLAIN_WORD.test(t.toLowerCase()) && t.length <= 6) {
      const prev = /([A-Za-z]+)\W*$/.exec(rest.slice(Math.max(0, m.index! - 24), m.index!))?.[1]?.toLowerCase() ?? '';
      const next = /^\W*([A-Za-z]+)/.exec(rest.slice(m.index! + m[0].length, m.index! + m[0].length + 24))?.[1]?.toLowerCase() ?? '';
      // only where the question writes it as a machine ("did gige1 log", "from dn38"), not a word of the line ("channel en0 changed")
      const asMachine = SHORT_NAME_BEFORE.has(prev) || SHORT_NAME_AFTER.has(next);
      if (asMachine && SHORT_NAME.test(t) && !shortNames.includes(t) && shortNames.length < MAX_FILTERS) shortNames.push(t);
      continue;
    }
    if (/^\d+(?:st|nd|rd|th)$/i.test(t)) continue;
    t = t.replace(/^\//, '');
    if (!filters.includes(t) && filters.length < MAX_FILTERS) filters.push(t);
  }
  return { filters, literals, shortNames };
}

/** Words that make a quantity a total ("bytes sent to X overall", "how long altogether"). */
const TOTAL_WORDS = /\b(total|sum|altogether|all together|combined|in all|cumulative|overall|in total|summed)\b/;
/** "time to read ...", "time taken", "time spent": a duration asked, not a moment. */
const TIME_SPENT = /\btime (to|taken|spent|it took)\b/;

/** A question opening with a field's name and what it belongs to ("error of the failed email", "transaction number in the waits"). */
const FIELD_OF = /^\W*(?:\[[\w-]+\]\s*|[\w-]+:\s+|in [\w-]+,\s*)?[a-z][\w]*(?: (?:number|id|name|value|code) (?:of|in|for)| of) (?:the|a|an)\b/;

const NUMBER_WORDS: Record<string, number> = { one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10 };

/**
 * Intent by phrasing. Order matters: "which IP had the most failures" is top-k, not max; "how many
 * bytes in total" is a sum, "how many failures in total" a count; "when did X start" a first.
 */
export function intentOf(q: string): { intent?: Intent; k?: number; quantity?: 'size' | 'duration' } {
  const s = q.toLowerCase();
  // "biggest", "how big": a size; "longest", "how long", "slowest": a duration (the slot's kind, not its name)
  const quantity = /\b(big|bigger|biggest|large|larger|largest|small|smaller|smallest|tiny|tinier|tiniest|size|heavy|heaviest)\b/.test(s)
    ? ('size' as const)
    : /\b(long|longer|longest|short|shorter|shortest|slow|slower|slowest|fast|faster|fastest|quick|quicker|quickest|took|take|duration|latency)\b/.test(s) || TIME_SPENT.test(s)
      ? ('duration' as const)
      : undefined;
  // quoted text is the lines' own ("ignoring "max retries""): what is asked is read outside it, where anything is
  const unquoted = s.replace(QUOTED, ' ');
  const r = (unquoted !== s ? intentPhrase(unquoted) : {}).intent ? intentPhrase(unquoted) : intentPhrase(s);
  return quantity ? { ...r, quantity } : r;
}

/**
 * A system named at the end ("... on Proxifier", "... in the Linux logs", "... (openssh)") says where, not
 * what: rules anchored at the question's end ("the program that used the proxy most") read past it.
 */
const TRAILING_PLACE = /\s+(?:on [a-z][\w-]*|in the [a-z][\w-]* logs?|\([a-z][\w-]*\))\s*\??\s*$/;

function intentPhrase(q: string): { intent?: Intent; k?: number } {
  const s = q.replace(TRAILING_PLACE, '');
  const topN = /\btop\s+(\d+|one|two|three|four|five|six|seven|eight|nine|ten)\b/.exec(s);
  if (topN) return { intent: 'topk', k: Number(topN[1]) || NUMBER_WORDS[topN[1]] };
  if (/\b(most recent|latest|most recently)\b/.test(s)) return { intent: 'last' };
  // "top X" opening the question, also after a system named first ("thunderbird: top ntp sync server", "[hdfs] top ...", "in hadoop, top ...")
  if (/^\W*(?:(?:\[[a-z]+\]|[a-z]+:|in [a-z]+,)\s*)?top\b|\btop (\w+ )?(by|in|for|of)\b/.test(s)) return { intent: 'topk', k: 5 };
  // "busiest datanode", "noisiest host", "leading source of": the group with the most lines
  if (/\b(busiest|noisiest|chattiest|leading|heaviest hitter|top talker)\b/.test(s) && !/\bhow many\b/.test(s)) return { intent: 'topk', k: 5 };
  // "biggest source of X", "worst offender (ip)": the group behind the most lines
  if (/\b(biggest|worst|main|top|largest) (source of|(\w+ ){0,3}(offender|culprit)s?\b)/.test(s) && !/\bhow many\b/.test(s)) return { intent: 'topk', k: 5 };
  // "ntp server synced to most": a verb's object ranked by how often, without "which"
  if (/\b[a-z]{3,}ed (to|from|with|on|at|by) (the )?most\b(?! (bytes?|data|time|memory|seconds|ms|traffic)\b)/.test(s) && !/\bhow many\b/.test(s)) return { intent: 'topk', k: 5 };
  // "the IP with the highest number of disconnects": a group ranked by a count; "what was the highest
  // number of threads waiting" (no group named before it) stays a maximum of a stated number
  if (/\b(with|had|has|have|by|sent|made|got|logged|showed|shows) the (highest|largest|biggest|greatest|top) (number|count|amount) of\b|\bthan any other\b/.test(s) && !/\bhow many\b/.test(s)) {
    return { intent: 'topk', k: 5 };
  }
  // "what is the most ... reported at once": one line's number, a maximum (no group is asked)
  if (/\bwhat(?:'s| is| was| were)? the most\b/.test(s) && /\b(?:at once|in one go|in (?:one|a single) (?:line|report|batch|message))\b/.test(s)) return { intent: 'max' };
  // "the most bytes", "most time": a maximum of a quantity, not the group with the most lines
  if (/\bmost (bytes?|data|time|memory|seconds|ms|milliseconds|traffic|size)\b/.test(s)) return { intent: 'max' };
  // "the address that was served the most blocks", "most tried user name": a group ranked by how
  // many lines name it, whatever the verb (a quantity, "the most bytes", was taken above)
  if ((/\b[a-z]+ed the most [a-z]+/.test(s) || /\bmost (?!recent)[a-z]+ed\b|\bmost (used|seen|hit|run)\b/.test(s)) && !/\bhow many\b/.test(s)) return { intent: 'topk', k: 5 };
  // "the program that used the proxy most": the group that did something most often
  if (/\b(that|which|who)\b.*\bmost\s*\W*$/.test(s) && !/\bhow many\b/.test(s)) return { intent: 'topk', k: 5 };
  // "told to wait the most times": ranked by how many times, as "most often" is
  if (/\b(with|by|has|had|have|used|sent|made|got|received|produced|logged|generated) the most\b|\bthe most\s*\W*$|\bmost often\b|\bmost frequently\b|\bthe most times\b/.test(s) && !/\bhow many\b/.test(s)) {
    return { intent: 'topk', k: 5 };
  }
  // "most break-in warnings came from which ip": the noun asked after the count
  if (/\bmost\b(?! recent)[^?]*\b(from|by|on|to|for) (which|what) [a-z]/.test(s) && !/\bhow many\b/.test(s)) return { intent: 'topk', k: 5 };
  if (/\b(which|what|who)\b[^?]*\b(most|more than any|the majority|most often|most frequently|most common|most frequent)\b/.test(s) ||
      /\bmost (common|frequent|active)\b/.test(s) || /\b(who|which \w+) (did|had|has|sent|made|logged|generated|caused|produced)? ?the most\b/.test(s)) {
    return { intent: 'topk', k: 5 };
  }
  if (/\b(average|avg|mean|typical)\b/.test(s)) return { intent: 'avg' };
  // "how long did X take", "how big was Y": the value of one line, a look-up of a quantity
  // "how long did the wakes take altogether": the total of those durations
  if (/\bhow (long|big|large|much time|many (ms|milliseconds|seconds|bytes))\b/.test(s)) return { intent: TOTAL_WORDS.test(s) ? 'sum' : 'lookup' };
  if (/\b(added up|add up|summed|sum of)\b/.test(s)) return { intent: 'sum' };
  if (TOTAL_WORDS.test(s) && /\b(bytes?|size|sizes|duration|time|ms|seconds?|kb|mb|gb|amount|volume|length|len|data)\b/.test(s)) {
    return { intent: 'sum' };
  }
  // "lowest ... exception count" asks for a minimum of a number; "how many" always counts lines
  const extreme = /\b(largest|biggest|highest|maximum|max|longest|slowest|peak|greatest|hottest|warmest|smallest|tiniest|lowest|minimum|min|shortest|fastest|quickest|fewest|coldest|coolest)\b/.test(s);
  // "tally of", "occurrences of", "frequency of": a count of lines, as "how many" is
  if (/\b(how many|how often|how frequently|times did|times was|times were|tally|tallied|occurrences|frequency)\b|^\W*(count|number of)\b|\bcount (of|the|all)\b/.test(s) || (!extreme && /\b(number of|count)\b/.test(s))) {
    return { intent: 'count' };
  }
  if (/\b(largest|biggest|highest|maximum|max|longest|slowest|peak|greatest|worst|most|hottest|warmest)\b/.test(s)) return { intent: 'max' };
  if (/\b(smallest|tiniest|lowest|minimum|min|shortest|fastest|quickest|least|fewest|coldest|coolest)\b/.test(s)) return { intent: 'min' };
  if (/\b(total|sum)\b/.test(s)) return { intent: 'sum' };
  if (/\b(first|earliest|initially|begin|began|start|started|starts)\b/.test(s) && /\b(when|what time|first|earliest)\b/.test(s)) {
    return { intent: 'first' };
  }
  if (/\b(last|latest|most recent|final|lastly|recently)\b/.test(s) && !/\b(last|past)\s+\d*\s*(minute|min|hour|hr|day)s?\b/.test(s)) {
    return { intent: 'last' };
  }
  // "time of the accepted password" is an occurrence; "read time of variable 9" a duration.
  // "timeout of session X when it expired": a "when" clause after the thing asked is a condition, not the ask.
  // "time to read variable 15", "time taken by X": how long, not when
  if (TIME_SPENT.test(s) && !/\b(when|what time)\b/.test(s)) return { intent: 'lookup' };
  if (!conditionalWhen(s) && /\b(when|what time|at what time)\b|^\W*(the )?time\b|(^|[^a-z ]\s*|\bthe )time of\b/.test(s)) return { intent: 'first' };
  if (/\b(rate|per second|per minute|per hour|throughput)\b/.test(s)) return { intent: 'rate' };
  if (/\b(which|what|who|whose|where)\b/.test(s)) return { intent: 'lookup' };
  if (/\b(seconds|ms|bytes|size|port|user|ip|address|host|client|status|code|version|pid|duration)\b/.test(s)) return { intent: 'lookup' };
  // "application_name of the reconcile session", "transaction number in the ShareLock waits": a field of
  // the lines described, looked up; "how much was order X": its amount
  if (FIELD_OF.test(s) || /\bhow much\b/.test(s)) return { intent: 'lookup' };
  return {};
}

/**
 * "... when it expired", "... when the block was served": a "when" clause following what is asked,
 * opened by a subject, states the moment the value belongs to; the question does not ask for a time.
 */
export function conditionalWhen(s: string): boolean {
  return /\S.*\bwhen (it|its|they|he|she|the|a|an|this|that|these|those)\b/.test(s) && !/^\W*(\[\w+\]\s*|\w+:\s*|in \w+,\s*)?(when|at what time|what time)\b/.test(s);
}

/**
 * The text with its last word in the other grammatical number: "more authentication failures" ->
 * "more authentication failure"; "connection reset" -> "connection resets", "connection resetes".
 */
export function numberVariants(text: string): string[] {
  const m = /^(.*?)([A-Za-z]{3,})$/.exec(text);
  if (!m) return [];
  const [, head, w] = m;
  const l = w.toLowerCase();
  const forms = l.endsWith('ies') ? [w.slice(0, -3) + 'y'] : l.endsWith('ss') ? [w + 'es'] : /(s|x|z|ch|sh)es$/.test(l) ? [w.slice(0, -2)] : l.endsWith('s') ? [w.slice(0, -1)] : l.endsWith('y') ? [w.slice(0, -1) + 'ies', w + 's'] : [w + 's', w + 'es'];
  return [...new Set(forms)].filter((f) => f.length >= 3 && f !== w).map((f) => head + f);
}

/** Words that describe the question, not the line. */
const PLAN_STOPWORDS = new Set(
  `a about above after again all am an and any are as at be been before being below between both but by
  can could did do does doing down during each few for from further had has have having how i if in into
  is it its itself just me more most my no nor not now of off on once only or other our out over own same
  she should so some such than that the their them then there these they this those through to too under
  until up very was we were what when where which while who whom why will with would you your whose
  tell give happened happen happening going got seen
  many number count often times total sum altogether combined average avg mean typical
  largest biggest highest maximum max longest slowest peak greatest worst smallest tiniest lowest minimum min shortest
  hottest warmest coldest coolest
  fastest quickest least first earliest initially last latest recent recently final top one two three four five
  logs log lines line entries entry message messages event events record records value values ever
  today yesterday minutes minute hours hour seconds since past ago utc pm am there overall whole
  frequently frequent common most
  mention mentions mentioned mentioning appear appears appeared appearing show shows showed shown up
  busiest noisiest chattiest commonest please
  around near nearly approximately approx roughly between during clock gmt noon midnight morning afternoon evening
  night tonight jan feb mar apr jun jul aug sep sept oct nov dec january february march april june july august
  september october november december`
    .split(/\s+/)
    .filter(Boolean),
);

/**
 * Nouns that name a slot rather than the kind of line. A slot word is also a description word
 * ("failed passwords from which IP": "ip" names the slot), so they are kept apart.
 */
export const SLOT_NOUNS = new Set(
  `ip ips address addresses client clients source sources host hosts hostname node nodes server servers machine
  machines datanode datanodes port ports user users username usernames account accounts login id ids
  block blocks size sizes bytes byte length duration durations latency latencies took long time took elapsed
  ms millis milliseconds seconds sec path paths file files url urls status code codes pid pids process
  processes thread threads container containers task tasks job jobs attempt attempts application applications
  order orders payment payments session sessions request requests pod pods service services version versions
  variable variables broadcast rdd big large small long partition partitions stage stages executor executors memory disk percent
  uid gid tty rhost euid packet packets interface interfaces core cores slot slots region instance instances
  image images level levels error errors code reason program programs app apps tag tags`
    .split(/\s+/)
    .filter(Boolean),
);

/** A cheap English stemmer: enough that "passwords" meets "password" and "failed" meets "failure". */
export function stem(w: string): string {
  let s = w.toLowerCase();
  if (s.length > 4 && s.endsWith('ies')) s = s.slice(0, -3) + 'y';
  else if (s.length > 4 && s.endsWith('sses')) s = s.slice(0, -2);
  else if (s.length > 3 && s.endsWith('s') && !s.endsWith('ss') && !s.endsWith('us')) s = s.slice(0, -1);
  for (const suf of ['ation', 'ing', 'ure', 'ed', 'er', 'ion', 'ly', 'e']) {
    if (s.length - suf.length >= 4 && s.endsWith(suf)) {
      s = s.slice(0, -suf.length);
      break;
    }
  }
  return s;
}

const WORD_RE = /[A-Za-z][A-Za-z0-9_]*/g;

/** "ip:port", "address with port", "ip and port", "host plus port": the whole address is asked. */
const WHOLE_ADDRESS = /\b(?:ip|address|host)\s*(?::|\band\b|\bwith\b|\bplus\b|\+|\/)\s*(?:the\s+|its\s+)?port\b/i;

/** Nouns before a number that are not slot names: "last 5 minutes", "top 3", "1 of 2". */
const NOT_KEYS = new Set(['last', 'past', 'top', 'first', 'of', 'in', 'at', 'the', 'than', 'over', 'under', 'after', 'before', 'every', 'per', 'about', 'around', 'since', 'until', 'between', 'and', 'or', 'to', 'from', 'by', 'for', 'with', 'on', 'is', 'was', 'are', 'were']);
const KEYED = /(?<![\w.\-/:])([A-Za-z][A-Za-z_]{1,30})(?:\s*[:=]\s+|=|\s+#?)(\d{1,6}(?:\.\d{1,3})?)(?![\d]|[.:]\d)(?!\s*(?:minutes?|mins?|hours?|hrs?|days?|seconds?|secs?|ms|am|pm|%))/g;

export function readQuestion(question: string): QuestionReading {
  const { filters: idents, literals, shortNames } = identifiers(question);
  const keyed: { key: string; text: string }[] = [];
  for (const m of question.replace(QUOTED, ' ').matchAll(KEYED)) {
    const key = m[1].toLowerCase();
    if (NOT_KEYS.has(key) || PLAN_STOPWORDS.has(key)) continue;
    if (keyed.length < MAX_FILTERS) keyed.push({ key, text: m[2] });
  }
  const filters = idents;
  const { intent, k, quantity } = intentOf(question);
  // The words left once identifiers and quoted text are taken out.
  // Phrases that ask when or how much describe no line: "time of the accepted password".
  // "added up", "summed up" ask for a sum: "added" describes no line ("is added to blk_<*>" lines are not meant)
  let rest = question.replace(QUOTED, ' ').replace(/\b(at )?what time\b|(^\W*|\bthe )time of\b|\bhow long\b|\bhow many times\b|\b(?:added|adds|add|summed|sums|tallied) up\b/gi, ' ');
  for (const f of [...idents, ...keyed.map((k) => `${k.key} ${k.text}`)]) rest = rest.split(f).join(' ');
  const words: string[] = [];
  const slotWords: string[] = [];
  // snake_case names read as their parts, as template words are ("mod_jk" is mod jk)
  for (const m of rest.replace(/_/g, ' ').matchAll(WORD_RE)) {
    const w = m[0].toLowerCase();
    // a slot noun counts even where it is also a question word ("seconds", "time")
    if (SLOT_NOUNS.has(w) && !slotWords.includes(w)) slotWords.push(w);
    if (PLAN_STOPWORDS.has(w)) continue;
    if (!words.includes(w)) words.push(w);
  }
  // "my id": the line's own slot, keyed with its possessive (values/extract.ts ownedKey), not the bare noun's
  for (const m of rest.toLowerCase().matchAll(/\b(my|our|your|their|its) ([a-z][a-z0-9]*)\b/g)) {
    const owned = `${m[1]}_${m[2]}`;
    if (!slotWords.includes(owned)) slotWords.push(owned);
    const bare = slotWords.indexOf(m[2]);
    if (bare >= 0) slotWords.splice(bare, 1);
  }
  const pairs: { key: string; text: string }[] = [];
  const seq = rest.toLowerCase().match(/[a-z][a-z0-9_.-]*/g) ?? [];
  for (let i = 0; i + 1 < seq.length && pairs.length < MAX_FILTERS; i++) {
    if (SLOT_NOUNS.has(seq[i]) && !PLAN_STOPWORDS.has(seq[i + 1]) && !SLOT_NOUNS.has(seq[i + 1])) pairs.push({ key: seq[i], text: seq[i + 1] });
  }
  const kindWords: { word: string; ident: string }[] = [];
  for (const f of idents) {
    const at = question.indexOf(f);
    const before = at > 0 ? /([A-Za-z]+)[\s#:/]*$/.exec(question.slice(Math.max(0, at - 40), at))?.[1]?.toLowerCase() : undefined;
    if (before && SLOT_NOUNS.has(before)) kindWords.push({ word: before, ident: f });
  }
  // "who": a user where the lines name one, else the address the lines come from (planner falls back);
  // "who failed the most (remote host)": a machine noun the question writes is the one asked
  const who = /\bwho\b/i.test(question) && !slotWords.some((w) => WHO_MACHINE_NOUNS.has(w));
  if (who && !slotWords.includes('user')) slotWords.push('user');
  // "where did X come from": the source of the line
  if (/\bwhere\b/i.test(question) && /\bfrom\b/i.test(question) && !slotWords.includes('source')) slotWords.push('source');
  // "where was the output of X saved": the path it was written to
  else if (/\bwhere\b/i.test(question) && /\b(?:saved|stored|written|wrote|writes|located|put|moved|copied|archived)\b/i.test(question) && !slotWords.includes('path')) slotWords.push('path');
  if (quantity && !slotWords.includes(quantity)) slotWords.push(quantity);
  // "how much was order X": the amount the line states (not "how much data went to X", which names its quantity)
  if (/\bhow much (?:was|is|were|did|does|do|has|had)\b/i.test(question) && !slotWords.includes('amount')) slotWords.push('amount');
  const wholeAddress = WHOLE_ADDRESS.test(question);
  const from = /\bfrom\b/i.test(question);
  const to = /\bto\b/i.test(question);
  // no preposition: the verb says which end is asked ("which datanode received X": the receiving end)
  const towards = from && !to ? ('from' as const) : to && !from ? ('to' as const) : !from && !to ? verbDirection(question) : undefined;
  const asked = askedNoun(question);
  const byPreposition = from !== to;
  return {
    intent, k, filters, keyed, pairs, literals, shortNames, slotWords, words, kindWords, who, wholeAddress,
    ...(towards ? { towards, ...(byPreposition ? { towardsByPreposition: true } : {}) } : {}),
    ...(asked ? { asked } : {}),
    heads: headWords(question, PLAN_STOPWORDS, SLOT_NOUNS),
    ...(dangling(question) ?? {}),
    entityWords: entityWords(question),
    capsNames: capsNames(question),
  };
}

/**
 * A preposition whose object the question leaves out: what follows is the end, a ranking word or a
 * scope ("sync to the most", "connect from first", "talk to most often in the Thunderbird logs").
 */
const DANGLING = /\b([a-z]{3,})\s+(to|from|with)(?=\s*(?:$|[?(),.]|(?:the\s+)?(?:most|least|first|last|often|frequently)\b|(?:in|on)\s+(?:the\s+)?[A-Za-z]+(?:\s+logs?)?\s*[?)]?\s*$))/i;

function dangling(question: string): { dangling: NonNullable<QuestionReading['dangling']> } | undefined {
  const m = DANGLING.exec(question.replace(QUOTED, ' '));
  if (!m || PLAN_STOPWORDS.has(m[1].toLowerCase())) return undefined;
  return { dangling: { verb: m[1].toLowerCase(), prep: m[2].toLowerCase() as 'to' | 'from' | 'with' } };
}

/** Nouns naming a machine or address: "who ... (remote host)" asks for it, not for a user. */
const WHO_MACHINE_NOUNS: ReadonlySet<string> = new Set(['host', 'hosts', 'hostname', 'ip', 'ips', 'address', 'addresses', 'client', 'clients', 'source', 'node', 'nodes', 'machine', 'server', 'rhost']);

/** Verbs whose subject is the receiving end ("which datanode received X"), and the sending end ("which node served X"). */
const RECEIVE_VERBS = /\b(received|receives|receive|receiving|got|stored|stores|accepted|landed|lands|arrived|arrives)\b/i;
const SEND_VERBS = /\b(sent|sends|send|sending|served|serves|serve|serving)\b/i;

/** The end of a transfer the question's verb asks for, when it names only one kind of verb. */
export function verbDirection(question: string): 'from' | 'to' | undefined {
  const rx = RECEIVE_VERBS.test(question);
  const tx = SEND_VERBS.test(question);
  return rx && !tx ? 'to' : tx && !rx ? 'from' : undefined;
}

/** Slot nouns that ask for a time or a duration: "the first time X", "what time" ask when, not a value of the first line. */
export const TIME_NOUNS: ReadonlySet<string> = new Set(['time', 'took', 'long', 'duration', 'durations', 'elapsed', 'ms', 'millis', 'milliseconds', 'seconds', 'sec', 'latency', 'latencies']);

/** Words read as the verb after the noun asked ("which node logged ..."), not as the head of a compound ("user agent"). */
const VERB_LIKE = /(?:ed|es)$/;
const VERBS: ReadonlySet<string> = new Set(['sent', 'got', 'made', 'wrote', 'hit', 'ran', 'saw', 'did', 'had', 'has', 'logs', 'writes', 'reports', 'shows', 'appears', 'gets', 'sends', 'holds', 'keeps', 'takes', 'took', 'went', 'came', 'lost', 'threw', 'began', 'left']);
/** Words between "which"/"top N"/"busiest" and the noun asked that only qualify it ("which NTP server", "top 3 remote hosts"). */
const MAX_QUALIFIERS = 1;
const ASK_OPENERS = /\b(?:which|what|whose|first|last|earliest|latest|top\s+(?:\d+|one|two|three|four|five|six|seven|eight|nine|ten)|busiest|noisiest|chattiest|commonest|most (?:common|frequent|active))\s+((?:[a-z][\w-]*\s+){0,3})/i;

/**
 * The slot noun a question asks for: the first one within a few words after "which", "what", "top 3",
 * "busiest", "most common" ("which NTP server", "top 3 remote hosts"), else the noun that opens the
 * question ("client address with the highest number of ..."). Undefined when none is a slot noun.
 */
export function askedNoun(question: string): string | undefined {
  const q = question.replace(QUOTED, ' ').replace(/^\W*(?:\[\w+\]\s*|\w+:\s+|in \w+,\s*)/i, '');
  const m = ASK_OPENERS.exec(q);
  const after = m ? m[1].toLowerCase().split(/\s+/).filter(Boolean) : q.toLowerCase().match(/^[a-z][\w-]*(?:\s+[a-z][\w-]*){0,2}/)?.[0].split(/\s+/) ?? [];
  for (const [i, w] of after.entries()) {
    if (SLOT_NOUNS.has(w)) {
      // "client IP", "server id": the last noun of a compound is the one asked; "user agent", "client
      // software": a compound whose head is no slot noun names a field of its own (left to its key)
      const next = after[i + 1];
      if (next === undefined || PLAN_STOPWORDS.has(next) || /^\d/.test(next)) return w;
      if (SLOT_NOUNS.has(next)) return next;
      // "which node logged", "which IP tried": a verb follows the noun asked
      return VERB_LIKE.test(next) || VERBS.has(next) ? w : undefined;
    }
    if (i >= MAX_QUALIFIERS || PLAN_STOPWORDS.has(w)) break;
  }
  return undefined;
}

/** Words after which a plain word is an entity's name ("for magnos", "user guest"), and before which ("the inspur account"). */
const NAME_BEFORE = new Set(['for', 'user', 'username', 'account']);
const NAME_AFTER = new Set(['account', 'user']);

/** Plain lowercase-able words the question writes as a name: the planner keeps those the store holds and no kind of line writes. */
export function entityWords(question: string): string[] {
  const seq = question.replace(QUOTED, ' ').match(/[A-Za-z][\w.-]*/g) ?? [];
  const out: string[] = [];
  for (let i = 0; i < seq.length; i++) {
    const w = seq[i];
    if (!/^[A-Za-z][A-Za-z0-9_-]{1,31}$/.test(w) || PLAN_STOPWORDS.has(w.toLowerCase()) || SLOT_NOUNS.has(w.toLowerCase())) continue;
    const before = seq[i - 1]?.toLowerCase();
    const after = seq[i + 1]?.toLowerCase();
    if ((before && NAME_BEFORE.has(before)) || (after && NAME_AFTER.has(after) )) if (!out.includes(w) && out.length < MAX_FILTERS) out.push(w);
  }
  return out;
}

/** Letters a word written in capitals needs to be a name: two-letter capitals are units and abbreviations (KB, IP, ms). */
const MIN_CAPS_LETTERS = 3;

/** Words the question writes in capitals ("hive SECURITY", "the SYSTEM hive"): names where lines hold them as text (the planner checks). */
export function capsNames(question: string): string[] {
  const out: string[] = [];
  for (const m of question.replace(QUOTED, ' ').matchAll(/(?<![\w.\-/:\[])[A-Z]+(?![\w.\-/:\]])/g)) {
    if (m[0].length >= MIN_CAPS_LETTERS && !out.includes(m[0]) && out.length < MAX_FILTERS) out.push(m[0]);
  }
  return out;
}

