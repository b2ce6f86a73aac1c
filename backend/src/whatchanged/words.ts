// The vocabulary the stage reads lines with: what a failure looks like, what announces a change,
// which slots carry versions or configuration, which name a maximum or a use of it.

/** Words of a failing line (as retrieve/changes.ts, plus a few server phrasings). */
export const ERROR_WORDS =
  /\b(error|err|fatal|fail(ed|ure|ing|s)?|exception|timeout|timed out|refused|exhausted|unavailable|denied|panic|critical|reset|unreachable|killed|oom|oomkilled|deadlock|lock wait|waiting for \w*lock|too many|readonly|read only|rejected|abort(ed)?|crash(ed|loop)?|back-?off|cannot|could not|unable to)\b/i;

/** Levels of a failing line, as a slot value (JSON/logfmt `level`) or a word of the line. */
export const ERROR_LEVELS = /^(error|err|fatal|crit|critical|alert|emerg|emergency|panic|severe|50|60)$/i;
/** A slot holding a line's level. */
export const LEVEL_KEY = /^(level|severity|lvl|loglevel|log_level|levelname)$/;
/** A slot holding a status code; a 5xx in it is a failure. */
export const STATUS_KEY = /(^|[_.])(status|code|status_?code|response_?code|http_?status|upstream_?status)$/;

/**
 * Words of a line announcing a change: deploy, rollout, restart, config reload, migration, scale,
 * feature flag, version (the list), with their usual inflections and the Kubernetes and
 * container runtime phrasings of the same events (pulling an image, scaling a replica set).
 */
export const CHANGE_WORDS =
  /\b(deploy(ed|ing|ment)?|re-?deploy(ed)?|roll(ed|ing)?[ -]?(out|back|update)|rollouts?|restart(ed|ing)?|reload(ed|ing)?|config(uration)? (change[ds]?|update[ds]?|applied)|migrat(e|ed|ing|ion|ions)|scal(e|ed|ing) (up|down|out|in|to)|scaled|scalingreplicaset|replica set|feature[ _-]?flags?|flag \S+ (enabled|disabled|turned on|turned off)|version|upgrad(e|ed|ing)|downgrad(e|ed|ing)|pull(ing|ed) image|image|starting \S+ v?\d|started container|release[ds]?)\b/i;

/**
 * Slots whose values are what changes are made of (versions, images, configuration, endpoints).
 * A new value here is a change by itself; elsewhere it may be a new customer or a new user agent.
 */
export const CONFIG_KEY =
  /(version|^v$|ver$|image|tag$|release|build|commit|sha$|config|ttl|timeout|limit|max|min|size|pool|replicas|flag|feature|mode|strategy|host|endpoint|url|addr|address|upstream|backend|target|server|database|db$|schema|region|zone|node|container)/i;

/** A value shaped like a version or an image reference: 1.9.0, v2.3.1, repo/app:1.9.0, sha256:ab12... */
export const VERSION_VALUE = /(^|[v:@/-])\d+\.\d+(\.\d+)?([-+.][\w.]+)?$|:[\w.-]*\d[\w.-]*$|sha256:[0-9a-f]{6,}/i;

/** A slot naming a maximum (capacity) in the same line as its use. */
export const MAX_KEY = /^(max|maximum|limit|capacity|cap|size|total|pool_?size|max_?\w+|\w+_?max|\w*limit|\w*capacity)$/i;
/** A slot naming how much of it is used (not what is idle, free or waiting). */
export const USED_KEY = /(used|usage|active|open|in_?use|busy|current|conns?|connections|count|allocated|occupied|taken)$/i;
export const NOT_USED_KEY = /(idle|wait|free|avail|pending|queue|spare|remain)/i;

/** Slots that count or name rather than measure: a process id, a port, a sequence number. */
export const COUNTER_KEY = /(^|[_.-])(id|pid|tid|port|seq|sequence|offset|txid|xid|serial|index|idx|line|attempt|retries|retry)$|^(pid|port|line|thread|exec|worker)$/i;

export function errorLikeValue(key: string, text: string): boolean {
  if (STATUS_KEY.test(key)) return /^5\d\d$/.test(text);
  if (LEVEL_KEY.test(key)) return ERROR_LEVELS.test(text);
  return text.length > 3 && ERROR_WORDS.test(text);
}
