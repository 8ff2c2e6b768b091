import { useQuery } from '@tanstack/react-query';
import { api, keys } from '../../ipc';

export function useWorkspaceInfo() {
  return useQuery({ queryKey: keys.workspaceInfo, queryFn: api.workspaceInfo });
}

export function useRecentWorkspaces() {
  return useQuery({ queryKey: keys.workspaceRecent, queryFn: api.workspaceRecent, staleTime: 5_000 });
}
