// The planner's vocabulary: words logs and people use for the same event, the kinds and keys a slot
// noun names, and the words that ask for a machine's address. General log vocabulary, no one system's.
import type { ValueKind } from '../values/types.js';

/**
 * Words logs and people use for the same event. General log vocabulary, not any one system's: a
 * question's "throw" meets a line's "exception", "started" meets "running".
 */
export const SYNONYMS: Record<string, string[]> = {
  throw: ['exception', 'error'],
  fail: ['error', 'exception'],
  error: ['fail', 'exception'],
  except: ['error', 'throw'],
  start: ['run', 'launch', 'begin', 'creat'],
  stop: ['terminat', 'shutdown', 'kill', 'finish'],
  login: ['logon', 'accept', 'authent'],
  // "logged in successfully": the lines say the password (key) was accepted
  successful: ['accept', 'succeed', 'success'],
  success: ['accept', 'succeed', 'successful'],
  timeout: ['timed', 'expir'],
  // "session expiry": the lines write "Expiring session"
  expiry: ['expir'],
  delet: ['remov', 'destroy'],
  remov: ['delet'],
  crash: ['fatal', 'panic', 'abort'],
  restart: ['reboot', 'start'],
  receiv: ['got', 'recv'],
  send: ['sent', 'transmit'],
  sent: ['send'],
  sync: ['synchron'],
  auth: ['authent', 'authoriz'],
  done: ['finish', 'complet'],
  complet: ['finish', 'done'],
  finish: ['complet', 'done'],
  // "bogus username", "fake user": the lines call them invalid
  bogus: ['invalid'],
  // "children missing from the scoreboard": the lines say they can't / cannot find them
  miss: ['can', 'cannot', 'unabl'],
  fake: ['invalid'],
};

/** Function words inside quoted text that describe nothing. */
export const STOP_IN_QUOTES = new Set(['the', 'a', 'an', 'of', 'to', 'for', 'in', 'on', 'at', 'by', 'is', 'and', 'or', 'n']);

/** Kinds a slot noun can name; keys it can name are its stem and these. */
export const NOUN_KINDS: Record<string, { kinds: ValueKind[]; keys: string[] }> = {
  ip: { kinds: ['ip', 'ipport'], keys: ['ip', 'from', 'rhost', 'src', 'client', 'addr'] },
  address: { kinds: ['ip', 'ipport', 'hostport'], keys: ['from', 'addr', 'address'] },
  client: { kinds: ['ip', 'ipport'], keys: ['client', 'from'] },
  source: { kinds: ['ip', 'ipport', 'path'], keys: ['from', 'src', 'source'] },
  host: { kinds: ['host', 'hostport', 'ip', 'ipport'], keys: ['host', 'hostname', 'rhost', 'node'] },
  hostname: { kinds: ['host', 'hostport'], keys: ['host', 'hostname'] },
  node: { kinds: ['host', 'hostport', 'ipport', 'ip', 'word', 'id'], keys: ['node', 'host'] },
  server: { kinds: ['host', 'hostport', 'ipport', 'ip'], keys: ['server', 'to'] },
  machine: { kinds: ['host', 'hostport', 'ip', 'ipport'], keys: ['host', 'machine'] },
  // the far end of a connection ("which target received the most bytes", "top destination")
  target: { kinds: ['hostport', 'ipport', 'host', 'ip'], keys: ['target', 'to', 'dest', 'destination'] },
  destination: { kinds: ['hostport', 'ipport', 'host', 'ip'], keys: ['destination', 'dest', 'to', 'target'] },
  datanode: { kinds: ['ipport', 'ip', 'hostport'], keys: ['datanode', 'to', 'from'] },
  // an address written with its port holds one: it outranks a bare number no key names a port
  port: { kinds: ['ipport', 'hostport', 'int'], keys: ['port'] },
  user: { kinds: ['word', 'id'], keys: ['user', 'for', 'username', 'account', 'login', 'ruser', 'uid'] },
  username: { kinds: ['word', 'id'], keys: ['user', 'for', 'username'] },
  account: { kinds: ['word', 'id'], keys: ['account', 'user', 'for'] },
  login: { kinds: ['word', 'id'], keys: ['user', 'for', 'login'] },
  size: { kinds: ['size', 'int', 'float'], keys: ['size', 'length', 'len', 'bytes'] },
  // "how much was order X": the money or quantity the line states
  amount: { kinds: ['float', 'int', 'size'], keys: ['amount', 'price', 'cost', 'total', 'value'] },
  byte: { kinds: ['size', 'int'], keys: ['bytes', 'size', 'length'] },
  length: { kinds: ['int', 'size'], keys: ['length', 'len', 'size'] },
  duration: { kinds: ['duration', 'int', 'float'], keys: ['took', 'duration', 'elapsed', 'latency', 'time', 'after', 'in'] },
  latency: { kinds: ['duration', 'int', 'float'], keys: ['latency', 'took', 'duration', 'elapsed'] },
  long: { kinds: ['duration', 'int', 'float'], keys: ['took', 'duration', 'elapsed', 'latency', 'time', 'after', 'in'] },
  took: { kinds: ['duration', 'int', 'float'], keys: ['took'] },
  time: { kinds: ['duration', 'int', 'float'], keys: ['took', 'time', 'duration', 'elapsed'] },
  elapsed: { kinds: ['duration'], keys: ['elapsed', 'took'] },
  ms: { kinds: ['duration'], keys: ['took', 'duration'] },
  millisecond: { kinds: ['duration'], keys: ['took', 'duration'] },
  second: { kinds: ['duration'], keys: ['took', 'duration'] },
  // a location written as a URL ("saved output ... to hdfs://host:9000/a/b") is a path too
  path: { kinds: ['path', 'url'], keys: ['path', 'file'] },
  file: { kinds: ['path', 'word'], keys: ['file', 'path'] },
  url: { kinds: ['url'], keys: ['url'] },
  status: { kinds: ['int', 'word'], keys: ['status', 'code', 'state'] },
  code: { kinds: ['int', 'word'], keys: ['code', 'status'] },
  pid: { kinds: ['int'], keys: ['pid', 'process'] },
  process: { kinds: ['int', 'word'], keys: ['process', 'pid'] },
  memory: { kinds: ['size', 'int', 'float'], keys: ['memory', 'mem', 'heap'] },
  percent: { kinds: ['percent', 'float'], keys: ['percent', 'usage'] },
  version: { kinds: ['word', 'id', 'float'], keys: ['version', 'ver'] },
  // "which program", "which app": the executable a line names (values keys a program file nothing else names `program`)
  program: { kinds: ['word', 'path'], keys: ['program', 'app', 'application', 'process', 'exe'] },
  app: { kinds: ['word', 'path'], keys: ['program', 'app', 'application', 'process', 'exe'] },
};

/** Words asking for the address of an ip:port when grouping (topk): a machine, wherever it connected from. */
export const GROUP_ADDRESS_WORDS = ['ip', 'ips', 'address', 'addresses', 'host', 'hosts', 'node', 'nodes', 'client', 'clients', 'machine', 'server', 'source'];
/** A look-up asks for the address alone only by these; "which client", "election address" read the ip:port written. */
export const LOOKUP_ADDRESS_WORDS = ['ip', 'ips', 'host', 'hosts', 'machine'];
