import { useQuery } from '@tanstack/react-query';
import { api, keys } from '../../ipc';

export function usePlaylistDetail(id: number | null) {
  return useQuery({
    queryKey: keys.playlist(id ?? -1),
    queryFn: () => api.playlistGet(id!),
    enabled: id !== null,
    meta: { gone: true },
  });
}
