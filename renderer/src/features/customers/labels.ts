import type { Customer } from '../../../../shared/domain.js';

export const CUSTOMER_STATUS_COLOR: Record<Customer['status'], string> = {
  lead: 'blue',
  active: 'green',
  inactive: 'default',
  lost: 'red',
};
