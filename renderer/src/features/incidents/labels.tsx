import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import type { IncidentDueState, IncidentStatus } from '../../../../shared/incidents.js';

const CLOCK_COLOR: Record<IncidentDueState, string | undefined> = { overdue: 'red', due_soon: 'orange', on_time: 'green', done: 'cyan', closed: undefined };
const STATUS_COLOR: Record<IncidentStatus, string | undefined> = { open: 'volcano', contained: 'gold', closed: 'green' };

/** Where one of an incident's clocks stands (text and colour, never colour alone). */
export function ClockTag({ state, testId }: { state: IncidentDueState | null; testId: string }) {
  const { t } = useTranslation();
  if (state === null || state === 'closed') return null;
  return (
    <Tag color={CLOCK_COLOR[state]} data-testid={`clock-${testId}-${state}`}>
      {t(`inc.clockStates.${state}`)}
    </Tag>
  );
}

export function IncidentStatusTag({ status }: { status: IncidentStatus }) {
  const { t } = useTranslation();
  return <Tag color={STATUS_COLOR[status]}>{t(`inc.statuses.${status}`)}</Tag>;
}
