// The miner's public types: its options (one default configuration, each value with its evidence),
// what add() returns, and the serialised state (versions 2 and 3 load; see state.ts).

export interface MinerOptions {
  /** Minimum positional similarity for a line to join a group of its length. */
  similarity: number;
  /** Distinct values that, all else equal, make a position variable. */
  variableAfter: number;
  /** A position is never made variable if the template would keep fewer constants than this share. */
  minConstantShare: number;
  /** Bound on the exact-match cache (line signature -> sub-template). */
  cacheSize: number;
  /** Largest token-count difference at which templates of different lengths may be joined. */
  maxLengthDelta: number;
  /** Share of the constants (of the template with more) that must align to join across lengths. */
  minAnchorShare: number;
  /** Tokens kept per line; the rest fold into one trailing variable. */
  maxTokens: number;
  /**
   * Read JSON and logfmt lines by field (structured.ts): mine the message field only, and keep
   * lines with different key sets apart. Off: every line is text (ablation).
   */
  structured: boolean;
}

export const DEFAULT_MINER_OPTIONS: Readonly<MinerOptions> = Object.freeze({
  // 70% of positions must agree to share a group (short lines: all but one, see place()). The
  // group only decides which lines are compared by the sibling rule, so LogHub GA is the same from
  // 0.5 to 0.8; 0.7 keeps unrelated messages of one length apart, which keeps groups small
  similarity: 0.7,
  // four distinct values with everything else equal: small enums ("Up"/"Down", "Started"/
  // "Paused"/"Resumed"/"Stopped") have up to about four members. Names with two or three values
  // are left to value contexts (valueContext), quoted and tail spans (SPAN_*), not to this number.
  // Evidence on both sets (GA): 3 merges enums (LogHub 0.970, Linux 0.80; generality PostgreSQL
  // 0.92), 5 keeps names apart (LogHub 0.983, Linux 0.87; Kubernetes events 0.90 against 0.95)
  variableAfter: 4,
  // a template must keep a third of its tokens constant: stops "onStandStepChanged <*>" and
  // "theDayChanged <*>" collapsing into "<*> <*>"
  minConstantShare: 0.34,
  // signatures repeat heavily in logs; 50k entries bound memory to a few MB
  cacheSize: 50_000,
  // optional values ("bytes (1.2 KB) sent" vs "bytes sent") and compound ones ("LOCAL(0)" vs an
  // IP) change the token count by one or two; more than 4 is a different message
  maxLengthDelta: 4,
  // most constants must line up; the rest must sit beside a variable (see alignable)
  minAnchorShare: 0.7,
  // the longest LogHub message has 123 tokens; beyond 256 a line is a payload dump whose head
  // names the event, and the cut bounds per-line work (alignment is quadratic in length)
  maxTokens: 256,
  structured: true,
});

export interface TemplateInfo {
  id: number;
  template: string;
  count: number;
}

export interface AddResult {
  /** Live template id (merged ids resolved). */
  templateId: number;
  template: string;
  /** True when this line created the template, generalised it, or merged templates. */
  changed: boolean;
}

/** Serialised miner state (JSON-safe). */
export interface MinerState {
  /** 3 adds namespaces and shapes (structured lines); version 2 states load as all plain text. */
  version: 2 | 3;
  options: MinerOptions;
  nextId: number;
  /** Namespace -> the shape its template texts are rendered in (version 3). */
  shapes?: Array<[string, string]>;
  groups: Array<{
    /** Namespace (absent: plain text). */
    ns?: string;
    isVar: Array<0 | 1>;
    display: string[];
    subs: Array<{ id: number; values: string[]; pres: string[]; post: string; count: number }>;
  }>;
  /** Absorbed id -> surviving id (a union-find parent pointer). */
  aliases: Array<[number, number]>;
  /** Span rules (version 3): contexts whose span is one value, families not yet decided, display overrides. */
  spans?: {
    rules: string[];
    /** Where the rules' spans sit (derived from the rules, kept so loading needs no re-parse). */
    shapes: string[];
    families: Array<[string, string[], number[]]>;
    display: Array<[number, number]>;
  };
  /** Words that filled variable positions (variables.ts MAX_KNOWN_VALUES); absent in older states. */
  knownValues?: string[];
  /** Keys followed and spread (key-spread.ts KEY_ACROSS_STATEMENTS); absent in older states. */
  keySpread?: { seen: Array<[string, number[]]>; spread: string[] };
  /** VALUES_ACROSS_STATEMENTS: word pairs seen alternating in one statement so far. */
  valueSpread?: Array<[string, number[]]>;
}
