import { useQueryClient } from '@tanstack/react-query';
import { useCommandOp, useQueryOp } from '../../api/hooks.js';
import type { UpdateState } from '../../../../shared/updates.js';

/** The update state, polled quickly while a check or download runs and slowly otherwise. */
export function useUpdateState() {
  return useQueryOp(
    'updates.status',
    {},
    {
      refetchInterval: (q) => {
        const phase = (q.state.data as UpdateState | undefined)?.phase;
        return phase === 'checking' || phase === 'downloading' ? 1000 : 60_000;
      },
    },
  );
}

/** Update commands; each answers the new state, which replaces the cached one. */
export function useUpdateCommands() {
  const client = useQueryClient();
  const apply = (state: UpdateState) => client.setQueryData(['updates.status', {}], state);
  return {
    check: useCommandOp('updates.check', { onSuccess: apply }),
    setChannel: useCommandOp('updates.setChannel', { onSuccess: apply }),
    install: useCommandOp('updates.install'),
  };
}
