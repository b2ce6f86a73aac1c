export { SeriesBuilder, DEFAULT_ROW_CAP, MAX_SERIES, assignRoles } from './series.js';
export { bucketGrid, MAX_BUCKETS, STEPS_NS, type BucketGrid } from './buckets.js';
export type { AnswerSeries, AnswerSeriesItem, SeriesRole, SeriesOptions, SeriesRequest } from './types.js';
