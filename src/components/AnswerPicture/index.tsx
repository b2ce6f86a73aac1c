import React, { Suspense } from 'react';
import { ErrorBoundaryAlert, LoadingPlaceholder } from '@grafana/ui';
import { APP_ID } from '../../constants';
import type { AnswerPictureProps } from './AnswerPicture';

export type { AnswerPictureProps } from './AnswerPicture';
export { citationsOf, OTHERS_ID } from './seriesModel';

declare let __webpack_public_path__: string;

/**
 * Chunks are written next to the app's module.js (dist/), which Grafana serves under the app's
 * plugin path; the Ask logs panel is a nested plugin served under its own path, where its
 * module.js sets the public path. Point chunk loads of the panel's bundle at the app's folder.
 */
function chunksFromAppFolder(): void {
  if (typeof __webpack_public_path__ !== 'string') {
    return;
  }
  const m = /^(.*\/plugins\/)([^/]+)\/$/.exec(__webpack_public_path__);
  if (m && m[2] !== APP_ID && m[2].endsWith('-panel')) {
    __webpack_public_path__ = `${m[1]}${APP_ID}/`;
  }
}

const Lazy = React.lazy(() => {
  chunksFromAppFolder();
  return import(/* webpackChunkName: "answer-picture" */ './AnswerPicture');
});

/**
 * The answer's picture, loaded on first use (the charting code stays out of the panel's first
 * load). A failure to draw it is reported in place: the answer and its evidence stay readable.
 */
export function LazyAnswerPicture(props: AnswerPictureProps) {
  return (
    <ErrorBoundaryAlert
      title="Could not draw the timeline"
      style="alertbox"
      dependencies={[props.series, props.result]}
    >
      <Suspense fallback={<LoadingPlaceholder text="Drawing the timeline…" data-testid="loglens-picture-loading" />}>
        <Lazy {...props} />
      </Suspense>
    </ErrorBoundaryAlert>
  );
}
