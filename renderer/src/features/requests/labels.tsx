import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import type { DueState, RequestStatus } from '../../../../shared/requests.js';

const DUE_COLOR: Record<DueState, string | undefined> = { overdue: 'red', due_soon: 'orange', on_time: 'green', closed: undefined };
const STATUS_COLOR: Record<RequestStatus, string | undefined> = { received: 'default', verified: 'cyan', fulfilled: 'geekblue', delivered: 'green', refused: 'volcano' };

/** Where a request stands against its deadline (text and colour, never colour alone). */
export function DueTag({ state }: { state: DueState }) {
  const { t } = useTranslation();
  if (state === 'closed') return null;
  return (
    <Tag color={DUE_COLOR[state]} data-testid={`due-${state}`}>
      {t(`dsr.dueStates.${state}`)}
    </Tag>
  );
}

export function StatusTag({ status }: { status: RequestStatus }) {
  const { t } = useTranslation();
  return <Tag color={STATUS_COLOR[status]}>{t(`dsr.statuses.${status}`)}</Tag>;
}
