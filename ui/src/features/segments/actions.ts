//! One-click actions of the segments panel that run as jobs without a dialog.

import { api } from '../../ipc';
import { notify, notifyError } from '../../components/toasts';
import { describeOutput } from '../jobs/describe';
import { refreshSegments } from './queries';

/** Rebuilds the track and taste vectors with the default parameters, as a tracked job. */
export function rebuildVectors(): void {
  api.vectorsBuild().then(
    async (job) => {
      const j = await job.finished;
      if (j.status === 'failed' && j.error) notifyError(j.error, 'Build vectors');
      if (j.status !== 'done' || !j.output) return;
      await refreshSegments();
      notify(describeOutput(j.output), 'Vectors rebuilt');
    },
    (e) => notifyError(e, 'Build vectors'),
  );
}
