// The incident scenarios of the "what changed" evaluation (eval/incidents/README.md). Two were
// tuned on; two are held out: written with their ground truth before any tuning, and not looked at
// until the end. The eval reports the two groups apart.
import type { IncidentScenario } from './lib.js';
import { scenario as cacheTtl } from './cache-ttl.js';
import { scenario as imageBump } from './image-bump.js';
import { scenario as poolSaturation } from './pool-saturation.js';
import { scenario as redisMoved } from './redis-moved.js';

export type { IncidentScenario, IncidentTruth, IncidentQuestion, Line, LineMatch } from './lib.js';

export const TUNED: readonly IncidentScenario[] = [cacheTtl, imageBump];
export const HELD_OUT: readonly IncidentScenario[] = [poolSaturation, redisMoved];
export const INCIDENTS: readonly IncidentScenario[] = [...TUNED, ...HELD_OUT];

export function groupOf(id: string): 'tuned' | 'held-out' {
  return TUNED.some((s) => s.truth.id === id) ? 'tuned' : 'held-out';
}
