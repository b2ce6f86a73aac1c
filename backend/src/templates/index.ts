// Log template mining: an online miner per stream (plain text, and JSON / logfmt / access-log
// lines read by field), its persistence, and template-level change analysis. See miner.ts for
// the algorithm and eval/templates.ts for its accuracy on LogHub-2k and the generality set.
export { TemplateMiner, DEFAULT_MINER_OPTIONS, alignable } from './miner.js';
export type { MinerOptions, MinerState, AddResult, TemplateInfo } from './miner.js';
export { tokenize, render, WILDCARD } from './mask.js';
export {
  parseStructured,
  renderStructured,
  messageTemplateOf,
  flattenFields,
  fieldRole,
  levelName,
} from './structured.js';
export type { StructuredLine, FieldRole } from './structured.js';
export type { Token, TokenizedLine } from './mask.js';
export { templatesMigration } from './migration.js';
export { TemplateRepo, DEFAULT_MINER_CACHE_BYTES } from './repo.js';
export type { EntryToTag, TemplateRow, TagResult, TemplateRepoOptions, MinerCacheStats } from './repo.js';
export { analyzeChanges, SURGE_RATIO, DROP_RATIO, MIN_EVIDENCE, EXAMPLES_PER_TEMPLATE } from './changes.js';
export type { ChangeQuery, ChangeKind, TemplateChange } from './changes.js';
