import {
  useMutation,
  useQuery,
  type QueryKey,
  type UseMutationOptions,
  type UseMutationResult,
  type UseQueryOptions,
  type UseQueryResult,
} from '@tanstack/react-query';
import type { InputOf, OperationName, OutputOf } from '../../../shared/contract.js';
import { api, type ApiError } from './client.js';

/** Query keys are `[operationName, input]`, so invalidating by name hits every input. */
export function opKey<N extends OperationName>(name: N, input?: InputOf<N>): QueryKey {
  return input === undefined ? [name] : [name, input];
}

export type QueryOpOptions<N extends OperationName> = Omit<
  UseQueryOptions<OutputOf<N>, ApiError, OutputOf<N>, QueryKey>,
  'queryKey' | 'queryFn'
>;

export function useQueryOp<N extends OperationName>(
  name: N,
  input: InputOf<N>,
  options?: QueryOpOptions<N>,
): UseQueryResult<OutputOf<N>, ApiError> {
  return useQuery<OutputOf<N>, ApiError, OutputOf<N>, QueryKey>({
    queryKey: opKey(name, input),
    queryFn: () => api.invoke(name, input),
    ...options,
  });
}

export type CommandOpOptions<N extends OperationName> = Omit<
  UseMutationOptions<OutputOf<N>, ApiError, InputOf<N>>,
  'mutationFn'
>;

export function useCommandOp<N extends OperationName>(
  name: N,
  options?: CommandOpOptions<N>,
): UseMutationResult<OutputOf<N>, ApiError, InputOf<N>> {
  return useMutation<OutputOf<N>, ApiError, InputOf<N>>({
    mutationKey: [name],
    mutationFn: (input: InputOf<N>) => api.invoke(name, input),
    ...options,
  });
}
