//! The segments panel's data through React Query: the taste status, the models, and the model
//! on view. Jobs and `workspace-changed` invalidate everything; our own edits invalidate these.

import { useQuery } from '@tanstack/react-query';
import { api } from '../../ipc';
import { createStore, useStore } from '../../components/store';
import { queryClient } from '../../app/queryClient';

export const segmentKeys = {
  all: ['segments'] as const,
  status: ['segments', 'status'] as const,
  models: ['segments', 'models'] as const,
  /** A model's view; `null` is "the active model". */
  model: (id: number | null) => ['segments', 'model', id] as const,
};

/** The model the editor picked to look at; null follows the active model. */
export const viewedModelStore = createStore<number | null>(null);

export function useTasteStatus() {
  return useQuery({ queryKey: segmentKeys.status, queryFn: api.segmentsStatus });
}

export function useModels() {
  return useQuery({ queryKey: segmentKeys.models, queryFn: api.segmentsModels });
}

/**
 * The model on view: the picked one while it still exists (another workspace, a deletion), else
 * the active one. Returns its id (null: the active one) with the query.
 */
export function useViewedModel() {
  const picked = useStore(viewedModelStore);
  const models = useModels();
  const exists = picked !== null && (models.data?.some((m) => m.id === picked) ?? false);
  const id = exists ? picked : null;
  const view = useQuery({ queryKey: segmentKeys.model(id), queryFn: () => api.segmentsModel(id) });
  return { id, models, view };
}

export function refreshSegments(): Promise<void> {
  return queryClient.invalidateQueries({ queryKey: segmentKeys.all });
}
