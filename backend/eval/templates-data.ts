// Loads the LogHub-2k ground truth (team material at ../shared/data/loghub-2k from the repo root).

import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'csv-parse/sync';

export const LOGHUB_DATASETS = [
  'HDFS',
  'Hadoop',
  'Spark',
  'Zookeeper',
  'BGL',
  'HPC',
  'Thunderbird',
  'Windows',
  'Linux',
  'Android',
  'HealthApp',
  'Apache',
  'Proxifier',
  'OpenSSH',
  'OpenStack',
  'Mac',
] as const;

/** Drain's published Grouping Accuracy on LogHub-2k (Zhu et al., ICSE-SEIP 2019, Table II). */
export const DRAIN_GA: Readonly<Record<string, number>> = {
  HDFS: 0.998,
  Hadoop: 0.948,
  Spark: 0.92,
  Zookeeper: 0.967,
  BGL: 0.963,
  HPC: 0.887,
  Thunderbird: 0.955,
  Windows: 0.997,
  Linux: 0.69,
  Android: 0.911,
  HealthApp: 0.78,
  Apache: 1.0,
  Proxifier: 0.527,
  OpenSSH: 0.788,
  OpenStack: 0.733,
  Mac: 0.787,
};
export const DRAIN_GA_AVERAGE = 0.866;
/** Brain's published average GA on LogHub-2k (Yu et al., TSC 2023). */
export const BRAIN_GA_AVERAGE = 0.983;

export interface LabelledLine {
  content: string;
  eventId: string;
  eventTemplate: string;
}

/** Repo root's sibling `shared/data/loghub-2k`, resolved from this file's location. */
export function defaultLoghubDir(): string {
  const here = dirname(fileURLToPath(import.meta.url));
  return resolve(here, '..', '..', '..', 'shared', 'data', 'loghub-2k');
}

export function loghubAvailable(dir: string = defaultLoghubDir()): boolean {
  return existsSync(join(dir, 'HDFS', 'HDFS_2k.log_structured.csv'));
}

export function loadDataset(name: string, dir: string = defaultLoghubDir()): LabelledLine[] {
  const file = join(dir, name, `${name}_2k.log_structured.csv`);
  const rows = parse(readFileSync(file, 'utf8'), {
    columns: true,
    skip_empty_lines: true,
    relax_quotes: true,
  }) as Array<Record<string, string>>;
  return rows.map((r) => ({
    content: r.Content ?? '',
    eventId: r.EventId ?? '',
    eventTemplate: r.EventTemplate ?? '',
  }));
}
