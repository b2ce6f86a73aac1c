import { parseLeadingTimestamp } from '../ingest/timestamps.js';

// Entry boundaries: a line that starts with a timestamp or a level opens a new entry; the lines of
// a stack trace (Java, Python, Go, Node) continue the entry above them.

const LEVEL_HEAD = /^\s{0,2}[[(<]?(TRACE|DEBUG|INFO|NOTICE|WARN|WARNING|ERROR|ERR|FATAL|CRITICAL|CRIT|PANIC|SEVERE|ALERT|EMERG)\b/i;

/** Shapes that only occur inside a multi-line trace. */
const CONTINUATION: RegExp[] = [
  /^\s+\S/, // indented frame: "    at Foo.bar(Foo.java:10)", "  File \"x.py\", line 3", "\t/app/main.go:12"
  /^at\s+\S/, // JVM/Node frame not indented by the shipper
  /^Caused by:/, // JVM cause chain
  /^\.\.\. \d+ (more|common frames omitted)/, // JVM elision
  /^Traceback \(most recent call last\):/, // Python
  /^During handling of the above exception/, // Python chained
  /^The above exception was the direct cause/, // Python chained
  /^goroutine \d+ \[[^\]]+\]:$/, // Go panic header
  /^\[signal [A-Z]+: /, // Go panic signal line
  /^[\w./*()-]+\(.*\)$/, // Go frame "main.main()" / "net/http.(*conn).serve(0xc0001)"
  /^created by \S+/, // Go
  /^exit status \d+$/, // Go runtime epilogue
  /^([A-Za-z_$][\w$]*\.)*[A-Z][\w$]*(Exception|Error|Throwable)(: .*)?$/, // "java.lang.IllegalStateException: x", "ValueError: bad"
  /^[A-Z]\w*(Error|Exception|Warning): /, // Python final line "KeyError: 'x'"
  /^\}?$/, // blank or closing brace in pretty-printed payloads
];

export function startsWithTimestampOrLevel(line: string): boolean {
  return LEVEL_HEAD.test(line) || parseLeadingTimestamp(line, 2000) !== undefined;
}

/** True when `line` belongs to the entry above it rather than opening a new one. */
export function isContinuation(line: string): boolean {
  if (startsWithTimestampOrLevel(line)) return false;
  return CONTINUATION.some((re) => re.test(line));
}
