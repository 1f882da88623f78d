import { Tag } from 'antd';
import { PauseCircleOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { DueState, RequestStatus } from '../../../../shared/requests.js';
import { useFormat } from '../../app/format.js';

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

/** A deadline clock that stands still while the officer waits for the requester. */
export function PausedTag({ since }: { since: string | null }) {
  const { t } = useTranslation();
  const format = useFormat();
  if (!since) return null;
  return (
    <Tag color="purple" icon={<PauseCircleOutlined aria-hidden="true" />} data-testid="due-paused">
      {t('dsr.pausedSince', { date: format.date(since) })}
    </Tag>
  );
}

export function StatusTag({ status }: { status: RequestStatus }) {
  const { t } = useTranslation();
  return <Tag color={STATUS_COLOR[status]}>{t(`dsr.statuses.${status}`)}</Tag>;
}
