import type { Labels } from '../types.js';

/** Canonical text of a label set, Loki style: {a="1", b="2"} sorted by name, values escaped. */
export function labelsKey(labels: Labels): string {
  const parts = Object.keys(labels)
    .sort()
    .map((k) => `${k}=${JSON.stringify(labels[k])}`);
  return `{${parts.join(', ')}}`;
}
