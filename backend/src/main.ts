import { createApp } from './app.js';
import { ConfigError, loadConfig, redactConfig } from './config/load.js';

/** Entry point: validate config, build, listen, and shut down cleanly on SIGINT/SIGTERM. */
export async function serve(overrides: Record<string, unknown> = {}): Promise<void> {
  let config;
  try {
    config = loadConfig(process.env, overrides);
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`${err.message}\n`);
      process.exit(2);
    }
    throw err;
  }
  // The production entry: ingest runs on its writer thread (ingest/writer.ts), off the event loop.
  const app = createApp(config, { ingestThread: true });
  app.log.info({ config: redactConfig(config) }, 'starting');
  await app.start();
  const { url } = await app.listen();
  app.log.info({ url }, 'listening');
  let closing = false;
  const shutdown = (signal: string) => {
    if (closing) return;
    closing = true;
    app.log.info({ signal }, 'shutting down');
    app.close().then(
      () => process.exit(0),
      (err) => {
        app.log.error({ err }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.once('SIGINT', () => shutdown('SIGINT'));
  process.once('SIGTERM', () => shutdown('SIGTERM'));
}

if (import.meta.url === `file://${process.argv[1]}`) {
  serve().catch((err) => {
    process.stderr.write(`fatal: ${(err as Error).stack ?? err}\n`);
    process.exit(1);
  });
}
