// HTTP status codes written with their reason phrase (`200 OK`, `404 Not Found`).

/**
 * HTTP_STATUS_REASON: a status code followed by its reason phrase (RFC 9110's registry) is one
 * value: the phrase is the code's name, so it varies with the code and has no words of the
 * statement in it. Masked whole, `Completed 200 OK in 12ms` and `Completed 422 Unprocessable
 * Entity in 9ms` are one statement of two and four words less; kept as words, each status was a
 * template of its own, the phrases of different lengths never aligning. Evidence: rails (tuned,
 * round 5's untouched format): `Completed <status> in <*>ms` split by status into 6 templates;
 * LogHub has no such phrase after a code.
 */
export const HTTP_STATUS_REASON =
  /(?<![\w.:/-])[1-5]\d\d (?:Continue|Switching Protocols|OK|Created|Accepted|Non-Authoritative Information|No Content|Reset Content|Partial Content|Multiple Choices|Moved Permanently|Found|See Other|Not Modified|Temporary Redirect|Permanent Redirect|Bad Request|Unauthorized|Payment Required|Forbidden|Not Found|Method Not Allowed|Not Acceptable|Proxy Authentication Required|Request Timeout|Conflict|Gone|Length Required|Precondition Failed|Content Too Large|Payload Too Large|URI Too Long|Unsupported Media Type|Range Not Satisfiable|Expectation Failed|Misdirected Request|Unprocessable Content|Unprocessable Entity|Locked|Failed Dependency|Too Early|Upgrade Required|Precondition Required|Too Many Requests|Request Header Fields Too Large|Unavailable For Legal Reasons|Internal Server Error|Not Implemented|Bad Gateway|Service Unavailable|Gateway Timeout|HTTP Version Not Supported|Insufficient Storage|Network Authentication Required)(?![\w-])/g;
/** Cheap pre-check: a three-digit code then a capitalised word. */
const HINT = /[1-5]\d\d [A-Z]/;

/** Every status-with-reason of `s` replaced by `hole`. */
export function maskStatusReasons(s: string, hole: string): string {
  if (!HINT.test(s)) return s;
  return s.replace(HTTP_STATUS_REASON, hole);
}
