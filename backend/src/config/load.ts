import { readFileSync } from 'node:fs';
import { configSchema, type Config } from './schema.js';

/** Env var -> config path. Explicit so that a typo in an env name is not silently accepted as config. */
const ENV_MAP: Record<string, { path: string[]; kind: 'string' | 'int' | 'bool' | 'list' | 'json' }> = {
  LOGLENS_DATA_DIR: { path: ['dataDir'], kind: 'string' },
  LOGLENS_DEFAULT_TENANT: { path: ['defaultTenant'], kind: 'string' },
  LOGLENS_HOST: { path: ['server', 'host'], kind: 'string' },
  LOGLENS_PORT: { path: ['server', 'port'], kind: 'int' },
  LOGLENS_BODY_LIMIT_BYTES: { path: ['server', 'bodyLimitBytes'], kind: 'int' },
  LOGLENS_API_KEYS: { path: ['auth', 'apiKeys'], kind: 'list' },
  LOGLENS_METRICS_KEY: { path: ['auth', 'metricsKey'], kind: 'string' },
  LOGLENS_ASK_PER_MINUTE: { path: ['limits', 'askPerMinute'], kind: 'int' },
  LOGLENS_INGEST_PER_MINUTE: { path: ['limits', 'ingestPerMinute'], kind: 'int' },
  LOGLENS_MAX_CONCURRENT_ASKS: { path: ['limits', 'maxConcurrentAsks'], kind: 'int' },
  LOGLENS_ASK_QUEUE_TIMEOUT_MS: { path: ['limits', 'askQueueTimeoutMs'], kind: 'int' },
  LOGLENS_MINER_CACHE_BYTES: { path: ['limits', 'minerCacheBytes'], kind: 'int' },
  LOGLENS_MAX_FUTURE_SECONDS: { path: ['limits', 'maxFutureSeconds'], kind: 'int' },
  LOGLENS_SEARCH_BUDGET_CHUNKS: { path: ['retrieval', 'searchBudgetChunks'], kind: 'int' },
  LOGLENS_AUTH_DISABLED: { path: ['auth', 'disabled'], kind: 'bool' },
  LOGLENS_GRAFANA_URL: { path: ['grafana', 'url'], kind: 'string' },
  LOGLENS_LOKI_DATASOURCE_UID: { path: ['grafana', 'lokiDatasourceUid'], kind: 'string' },
  LOGLENS_LOKI_URL: { path: ['loki', 'url'], kind: 'string' },
  LOGLENS_LOKI_USERNAME: { path: ['loki', 'username'], kind: 'string' },
  LOGLENS_LOKI_PASSWORD: { path: ['loki', 'password'], kind: 'string' },
  LOGLENS_LOKI_BEARER_TOKEN: { path: ['loki', 'bearerToken'], kind: 'string' },
  LOGLENS_LOKI_SOURCES: { path: ['loki', 'sources'], kind: 'json' },
  LOGLENS_LOKI_TUNING: { path: ['loki', 'tuning'], kind: 'json' },
  LOGLENS_BACKEND: { path: ['backend', 'kind'], kind: 'string' },
  LOGLENS_OPENSEARCH_URL: { path: ['backend', 'opensearch', 'urls'], kind: 'list' },
  LOGLENS_OPENSEARCH_USERNAME: { path: ['backend', 'opensearch', 'username'], kind: 'string' },
  LOGLENS_OPENSEARCH_PASSWORD: { path: ['backend', 'opensearch', 'password'], kind: 'string' },
  LOGLENS_OPENSEARCH_INDEX_PREFIX: { path: ['backend', 'opensearch', 'indexPrefix'], kind: 'string' },
  LOGLENS_OPENSEARCH_SHARDS: { path: ['backend', 'opensearch', 'shards'], kind: 'int' },
  LOGLENS_OPENSEARCH_REPLICAS: { path: ['backend', 'opensearch', 'replicas'], kind: 'int' },
  LOGLENS_OPENSEARCH_TIMEOUT_MS: { path: ['backend', 'opensearch', 'requestTimeoutMs'], kind: 'int' },
  LOGLENS_LEASE_TTL_MS: { path: ['backend', 'opensearch', 'leaseTtlMs'], kind: 'int' },
  LOGLENS_SIDECAR_ID: { path: ['backend', 'opensearch', 'sidecarId'], kind: 'string' },
  LOGLENS_STATUS_MS: { path: ['backend', 'opensearch', 'statusIntervalMs'], kind: 'int' },
  LOGLENS_OLLAMA_URL: { path: ['ollama', 'url'], kind: 'string' },
  LOGLENS_OLLAMA_MODEL: { path: ['ollama', 'model'], kind: 'string' },
  LOGLENS_OLLAMA_FIRST_TOKEN_TIMEOUT_MS: { path: ['ollama', 'firstTokenTimeoutMs'], kind: 'int' },
  LOGLENS_OLLAMA_TOTAL_TIMEOUT_MS: { path: ['ollama', 'totalTimeoutMs'], kind: 'int' },
  LOGLENS_OLLAMA_CONTEXT_TOKENS: { path: ['ollama', 'contextTokens'], kind: 'int' },
  LOGLENS_EMBEDDING_ENABLED: { path: ['embedding', 'enabled'], kind: 'bool' },
  LOGLENS_MODEL_DIR: { path: ['embedding', 'modelDir'], kind: 'string' },
  LOGLENS_MODEL_DIR_ROOT: { path: ['embedding', 'modelDirRoot'], kind: 'string' },
  LOGLENS_EMBEDDING_WORKERS: { path: ['embedding', 'workers'], kind: 'int' },
  LOGLENS_EMBEDDING_PROVIDER: { path: ['embedding', 'provider'], kind: 'string' },
  LOGLENS_RERANK_ENABLED: { path: ['rerank', 'enabled'], kind: 'bool' },
  LOGLENS_RERANK_MODEL_DIR: { path: ['rerank', 'modelDir'], kind: 'string' },
  LOGLENS_RETENTION_MAX_AGE_HOURS: { path: ['retention', 'maxAgeHours'], kind: 'int' },
  LOGLENS_RETENTION_MAX_BYTES_PER_TENANT: { path: ['retention', 'maxBytesPerTenant'], kind: 'int' },
  LOGLENS_RETENTION_INTERVAL_SECONDS: { path: ['retention', 'intervalSeconds'], kind: 'int' },
  LOGLENS_RETENTION_TENANTS: { path: ['retention', 'tenants'], kind: 'json' },
  LOGLENS_LOG_LEVEL: { path: ['log', 'level'], kind: 'string' },
  OTEL_EXPORTER_OTLP_ENDPOINT: { path: ['telemetry', 'otlpEndpoint'], kind: 'string' },
  OTEL_SERVICE_NAME: { path: ['telemetry', 'serviceName'], kind: 'string' },
};

/** Paths whose values never appear in logs, errors or `loglens config`. */
export const SECRET_PATHS = [
  ['auth', 'apiKeys'],
  ['auth', 'metricsKey'],
  ['loki', 'password'],
  ['loki', 'bearerToken'],
  ['backend', 'opensearch', 'password'],
];

/** URLs that may carry user:password (a node URL written the curl way): printed without it. */
export const URL_LIST_PATHS = [['backend', 'opensearch', 'urls']];

export class ConfigError extends Error {
  constructor(public readonly issues: string[]) {
    super(`invalid configuration:\n  ${issues.join('\n  ')}`);
    this.name = 'ConfigError';
  }
}

function setPath(obj: Record<string, unknown>, path: string[], value: unknown): void {
  let cur = obj;
  for (const key of path.slice(0, -1)) {
    if (typeof cur[key] !== 'object' || cur[key] === null) cur[key] = {};
    cur = cur[key] as Record<string, unknown>;
  }
  cur[path[path.length - 1]] = value;
}

function parseEnvValue(name: string, raw: string, kind: string): unknown {
  switch (kind) {
    case 'int': {
      if (!/^-?\d+$/.test(raw.trim())) throw new ConfigError([`${name}: expected an integer, got "${raw}"`]);
      return Number(raw.trim());
    }
    case 'bool':
      if (!/^(true|false|1|0)$/i.test(raw.trim())) throw new ConfigError([`${name}: expected true or false`]);
      return /^(true|1)$/i.test(raw.trim());
    case 'list':
      return raw.split(',').map((s) => s.trim()).filter(Boolean);
    case 'json':
      try {
        return JSON.parse(raw);
      } catch {
        throw new ConfigError([`${name}: not valid JSON`]);
      }
    default:
      return raw;
  }
}

function deepMerge(base: Record<string, unknown>, over: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...base };
  for (const [k, v] of Object.entries(over)) {
    const b = out[k];
    out[k] =
      v && typeof v === 'object' && !Array.isArray(v) && b && typeof b === 'object' && !Array.isArray(b)
        ? deepMerge(b as Record<string, unknown>, v as Record<string, unknown>)
        : v;
  }
  return out;
}

/**
 * Builds the config from (lowest to highest precedence) defaults, the JSON file named by
 * LOGLENS_CONFIG_FILE, env vars, and explicit overrides (CLI flags, tests). Throws ConfigError
 * naming every bad field, so the process fails at boot rather than at first use.
 */
export function loadConfig(
  env: NodeJS.ProcessEnv = process.env,
  overrides: Record<string, unknown> = {},
): Config {
  let fromFile: Record<string, unknown> = {};
  const file = env.LOGLENS_CONFIG_FILE;
  if (file) {
    try {
      fromFile = JSON.parse(readFileSync(file, 'utf8'));
    } catch (err) {
      throw new ConfigError([`LOGLENS_CONFIG_FILE (${file}): ${(err as Error).message}`]);
    }
  }
  const fromEnv: Record<string, unknown> = {};
  for (const [name, spec] of Object.entries(ENV_MAP)) {
    const raw = env[name];
    if (raw !== undefined && raw !== '') setPath(fromEnv, spec.path, parseEnvValue(name, raw, spec.kind));
  }
  const merged = deepMerge(deepMerge(fromFile, fromEnv), overrides);
  const parsed = configSchema.safeParse(merged);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`));
  }
  return parsed.data;
}

/** A copy safe to print: secrets replaced by "[redacted]" (or "[none]" when unset). */
export function redactConfig(cfg: Config): unknown {
  const copy = structuredClone(cfg) as unknown as Record<string, unknown>;
  for (const path of SECRET_PATHS) {
    let cur: Record<string, unknown> | undefined = copy;
    for (const key of path.slice(0, -1)) cur = cur?.[key] as Record<string, unknown> | undefined;
    const last = path[path.length - 1];
    if (cur && last in cur && cur[last] !== undefined) {
      const v = cur[last];
      cur[last] = Array.isArray(v) ? v.map(() => '[redacted]') : '[redacted]';
    }
  }
  for (const path of URL_LIST_PATHS) {
    let cur: Record<string, unknown> | undefined = copy;
    for (const key of path.slice(0, -1)) cur = cur?.[key] as Record<string, unknown> | undefined;
    const last = path[path.length - 1];
    const v = cur?.[last];
    if (cur && Array.isArray(v)) cur[last] = v.map((u) => redactUrl(String(u)));
  }
  return copy;
}

/** A URL with any user:password in it replaced by [redacted] (unparsable text is redacted whole). */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (!u.username && !u.password) return url;
    return `${u.protocol}//[redacted]@${u.host}${u.pathname === '/' ? '' : u.pathname}`;
  } catch {
    return '[redacted]';
  }
}
