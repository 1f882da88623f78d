import { App } from 'antd';
import { useQueryClient, type QueryClient, type UseMutationResult } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { isCommandName, type CommandArgs, type CommandName, type PatchCommandName } from '../../../shared/commands.js';
import type { InputOf, OperationName, OutputOf } from '../../../shared/contract.js';
import { useErrorText } from '../app/useErrorText.js';
import { useCommandOp } from './hooks.js';
import type { ApiError } from './client.js';

/**
 * Which cached queries a command can change, by operation-name prefix. The core applies a
 * queued command to the cache at once, so lists and details showing the row (or a name
 * derived from it) are refetched; `sync.status` (queued count) and `sync.issues` always are.
 */
const AFFECTS: Record<CommandName, readonly string[]> = {
  'department.create': ['org.'],
  'department.update': ['org.'],
  'department.delete': ['org.'],
  'department.merge': ['org.'],
  'employee.create': ['org.', 'roles.'],
  'org.import': ['org.'],
  'adminRole.assign': ['roles.'],
  'adminRole.revoke': ['roles.'],
  'audit.reveal': [],
  'export.record': [],
  // Employee names also appear as customer owners, follow-up authors, applicants, approvers.
  'employee.update': ['org.', 'customers.', 'approvals.', 'employees.', 'roles.'],
  'customer.update': ['customers.'],
  'contact.update': ['customers.'],
  'employee.offboard': ['offboarding.'],
  'offboarding.cancel': ['offboarding.'],
  'employee.rehire': ['offboarding.', 'org.'],
  'retention.setPolicy': ['retention.'],
  'legalHold.place': ['retention.'],
  'legalHold.release': ['retention.'],
  // An imported schedule changes deadlines (the cloud recounts open requests; the intake form previews with it).
  'holidayCalendar.import': ['holidays.', 'requests.'],
  'holidayCalendar.remove': ['holidays.', 'requests.'],
  'request.register': ['requests.'],
  'request.update': ['requests.'],
  'request.extend': ['requests.'],
  'request.verify': ['requests.'],
  'request.refuse': ['requests.'],
  'request.fulfil': ['requests.'],
  'request.deliver': ['requests.'],
  'subject.erase': ['requests.'],
  'consent.withdraw': ['requests.'],
  'request.pause': ['requests.'],
  'request.resume': ['requests.'],
  'incident.record': ['incidents.'],
  'incident.update': ['incidents.'],
  'incident.setAffected': ['incidents.'],
  'incident.setItems': ['incidents.'],
  'incident.logDeliveries': ['incidents.'],
  'incident.announce': ['incidents.'],
  'incident.reportRegulator': ['incidents.'],
  'incident.close': ['incidents.'],
};

const ALWAYS: readonly OperationName[] = ['sync.status', 'sync.issues'];

/** Refetches what a command (or a retried/discarded sync issue of that command) may have changed. */
export function invalidateAfter(queryClient: QueryClient, name: string): Promise<void> {
  const prefixes = isCommandName(name) ? AFFECTS[name] : ['org.', 'customers.', 'approvals.', 'employees.', 'roles.', 'offboarding.', 'retention.', 'requests.', 'holidays.', 'incidents.'];
  return queryClient.invalidateQueries({
    predicate: (q) => {
      const key = q.queryKey[0];
      if (typeof key !== 'string') return false;
      return (ALWAYS as readonly string[]).includes(key) || prefixes.some((p) => key.startsWith(p));
    },
  });
}

/**
 * A patch command (`employee.update`, `customer.update`…): queued in the outbox and applied to
 * the cache at once. Success refetches the affected queries and says the change will be sent;
 * failure shows the translated error code. Callers may add their own onSuccess (close a form).
 */
export type PatchCommand<N extends PatchCommandName> = UseMutationResult<OutputOf<N>, ApiError, InputOf<N>> & {
  send(id: string, patch: CommandArgs<N>['patch'] | Record<string, unknown>): boolean;
};
export function usePatchCommand<N extends PatchCommandName>(name: N, onDone?: () => void): PatchCommand<N> {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const errorText = useErrorText();
  const queryClient = useQueryClient();
  const mutation = useCommandOp(name, {
    onSuccess: () => {
      void invalidateAfter(queryClient, name);
      void message.success(t('edit.saved'));
      onDone?.();
    },
    onError: (err) => void message.error(t('edit.failed', { error: errorText(err) })),
  });
  return {
    ...mutation,
    /**
     * Queues `{ id, patch }` (the forms validate the patch against the command's schema first);
     * an empty patch is not sent, the contract refuses it.
     */
    send(id: string, patch: CommandArgs<N>['patch'] | Record<string, unknown>): boolean {
      if (Object.keys(patch).length === 0) {
        void message.info(t('edit.nothingChanged'));
        return false;
      }
      (mutation.mutate as unknown as (input: { id: string; patch: unknown }) => void)({ id, patch });
      return true;
    },
  };
}
