// CLI: run the Ollama stand-in for the demo or a benchmark.
//   tsx testkit/ollama/main.ts [--port 11434] [--host 127.0.0.1] [--behaviour grounded]
//        [--models llama3.2:latest,all-minilm:latest] [--tokens-per-second 25] [--first-token-delay-ms 0]
import { parseArgs } from 'node:util';
import { startOllamaServer, type Behaviour } from './server.js';

const BEHAVIOURS: Behaviour[] = [
  'grounded', 'bad-citations', 'mixed-citations', 'injected', 'slow-first-token', 'disconnect',
  'model-missing', 'error-mid-stream', 'no-done', 'busy', 'malformed-line', 'fixed',
];

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '11434' },
    host: { type: 'string', default: '127.0.0.1' },
    behaviour: { type: 'string', default: 'grounded' },
    models: { type: 'string' },
    'tokens-per-second': { type: 'string' },
    'first-token-delay-ms': { type: 'string' },
    'fixed-text': { type: 'string' },
  },
});

const behaviour = values.behaviour as Behaviour;
if (!BEHAVIOURS.includes(behaviour)) {
  console.error(`unknown --behaviour ${behaviour}; one of ${BEHAVIOURS.join(', ')}`);
  process.exit(2);
}
const num = (v: string | undefined) => (v === undefined ? undefined : Number(v));
const handle = await startOllamaServer({
  port: Number(values.port),
  host: values.host,
  script: {
    behaviour,
    models: values.models?.split(',').filter(Boolean),
    tokensPerSecond: num(values['tokens-per-second']),
    firstTokenDelayMs: num(values['first-token-delay-ms']),
    fixedText: values['fixed-text'],
  },
});
console.log(`ollama stand-in (${behaviour}) listening on ${handle.url}`);
const stop = () => {
  void handle.close().then(() => process.exit(0));
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
