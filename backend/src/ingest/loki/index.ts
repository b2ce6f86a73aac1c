export { LokiClient, LokiHttpError, LokiTransportError, isRetryableLokiError, parseRetryAfter } from './client.js';
export type { LokiAuth, LokiClientOptions, QueryRangeParams, QueryRangeResult, LokiStream, LokiEntry, Direction } from './client.js';
export { TailSession, LokiTailClosedError } from './tail.js';
export type { TailOptions, TailBatch } from './tail.js';
export { forwardPages, encodeCursor, decodeCursor, streamKey } from './paginate.js';
export type { FollowCursor, Page, PageEntry, PaginateOptions } from './paginate.js';
export { LokiFollower } from './follower.js';
export type { LokiFollowerOptions, LokiSourceConfig, LokiSink, FollowerState, FollowerStatus } from './follower.js';
