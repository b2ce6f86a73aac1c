// Measures what an OpenSearch test run costs on this machine: start to green for a 1-node and a
// 2-node cluster, and each node's RSS once green. One line per measurement, then a JSON summary.
//
//   LOGLENS_OPENSEARCH_HOME=$(bash scripts/opensearch/install.sh | tail -n1) \
//     npx --prefix backend tsx scripts/opensearch/measure.mts [rounds]
import { loadavg } from 'node:os';
import { findOpenSearch, startOpenSearch } from '../../backend/testkit/opensearch.js';

const rounds = Number(process.argv[2] ?? 1);
const install = findOpenSearch();
if ('missing' in install) {
  console.error(install.missing);
  process.exit(1);
}
const load = () => loadavg().map((l) => l.toFixed(2)).join(' ');
const results: { nodes: number; startS: number; rssMiB: (number | undefined)[]; load: string }[] = [];
for (let r = 0; r < rounds; r++) {
  for (const n of [1, 2] as const) {
    const before = load();
    const c = await startOpenSearch({ nodes: n, install });
    try {
      const rss = c.nodes.map((x) => x.rssMiB());
      const res = { nodes: n, startS: Number((c.startMs / 1000).toFixed(1)), rssMiB: rss, load: before };
      results.push(res);
      console.log(`[measure] ${n} node(s): green in ${res.startS}s; RSS ${rss.join(' + ')} MiB; load before ${before}`);
    } finally {
      await c.stop();
    }
  }
}
console.log(JSON.stringify(results));
