import pino, { type Logger } from 'pino';

/** Header and config paths pino must never print. */
const REDACT = [
  'req.headers.authorization',
  'req.headers["x-api-key"]',
  'headers.authorization',
  'apiKey',
  'apiKeys',
  'password',
  'bearerToken',
  '*.apiKeys',
  '*.password',
  '*.bearerToken',
];

export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  return pino({ level, redact: { paths: REDACT, censor: '[redacted]' }, base: { service: 'loglens' } }, destination);
}

export type { Logger };
