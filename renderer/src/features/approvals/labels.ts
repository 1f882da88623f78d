import type { Approval, ApprovalTask } from '../../../../shared/domain.js';

export const APPROVAL_STATUS_COLOR: Record<Approval['status'], string> = {
  in_progress: 'processing',
  approved: 'success',
  rejected: 'error',
  withdrawn: 'default',
};

export const TASK_STATUS_COLOR: Record<ApprovalTask['status'], string> = {
  pending: 'processing',
  approved: 'success',
  rejected: 'error',
  transferred: 'purple',
  skipped: 'default',
};

export const TASK_STEP_STATUS: Record<ApprovalTask['status'], 'wait' | 'process' | 'finish' | 'error'> = {
  pending: 'process',
  approved: 'finish',
  rejected: 'error',
  transferred: 'wait',
  skipped: 'wait',
};

/** "leaveType" → "Leave type": a readable label for a form field without a translation. */
export function humaniseKey(key: string): string {
  const spaced = key
    .replace(/[_-]+/g, ' ')
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .trim()
    .toLowerCase();
  return spaced.charAt(0).toUpperCase() + spaced.slice(1);
}
