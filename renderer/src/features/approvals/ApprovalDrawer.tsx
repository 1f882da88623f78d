import { Descriptions, Drawer, Empty, Steps, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { OutputOf } from '../../../../shared/contract.js';
import { useQueryOp } from '../../api/hooks.js';
import { EMPTY_VALUE, useFormat } from '../../app/format.js';
import { ErrorState, Loading } from '../../components/States.js';
import { APPROVAL_STATUS_COLOR, TASK_STATUS_COLOR, TASK_STEP_STATUS, humaniseKey } from './labels.js';

type Detail = OutputOf<'approvals.get'>;

/** The approval drawer; `id` is kept while it closes. */
export function ApprovalDrawer({ id, open, onClose }: { id: string | null; open: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const detail = useQueryOp('approvals.get', { id: id ?? '' }, { enabled: id !== null, staleTime: 5_000 });
  const title = detail.data?.approval.title || t('approvals.detailTitle');

  return (
    <Drawer
      open={open}
      onClose={onClose}
      size={680}
      title={title}
      classNames={{ body: 'custos-drawer-scroller' }}
    >
      {/* The body scrolls here, focusable so keyboard users can scroll read-only content. */}
      <div
        data-testid="approval-drawer"
        data-approval-id={id ?? ''}
        className="custos-drawer-body"
        tabIndex={0}
        role="region"
        aria-label={title}
      >
        {id === null ? null : detail.isPending ? (
          <Loading />
        ) : detail.isError && !detail.data ? (
          <ErrorState error={detail.error} onRetry={() => void detail.refetch()} />
        ) : (
          <ApprovalDetail key={id} data={detail.data} />
        )}
      </div>
    </Drawer>
  );
}

function ApprovalDetail({ data }: { data: Detail }) {
  const { t } = useTranslation();
  const format = useFormat();
  const a = data.approval;
  const formEntries = Object.entries(a.formData);
  // The first step still pending is the current one; later pending steps are still waiting.
  const current = Math.min(...data.tasks.filter((task) => task.status === 'pending').map((task) => task.step));

  const formValue = (v: string | number | boolean | null) =>
    v === null ? EMPTY_VALUE : typeof v === 'boolean' ? (v ? t('settings.yes') : t('settings.no')) : typeof v === 'number' ? format.number(v) : v;

  return (
    <>
      <Typography.Title level={2} className="custos-section-title">
        {t('approvals.details')}
      </Typography.Title>
      <Descriptions
        column={1}
        bordered
        size="small"
        data-testid="approval-fields"
        items={[
          { key: 'template', label: t('approvals.columns.templateType'), children: t(`approvals.template.${a.templateType}`) },
          { key: 'applicant', label: t('approvals.columns.applicant'), children: a.applicantName ?? a.applicantId },
          {
            key: 'status',
            label: t('approvals.columns.status'),
            children: (
              <Tag color={APPROVAL_STATUS_COLOR[a.status]} data-testid="approval-status" data-status={a.status}>
                {t(`approvals.status.${a.status}`)}
              </Tag>
            ),
          },
          { key: 'created', label: t('approvals.columns.createdAt'), children: format.dateTime(a.createdAt) },
          { key: 'closed', label: t('approvals.closedAt'), children: format.dateTime(a.closedAt) },
        ]}
      />

      <Typography.Title level={2} className="custos-section-title">
        {t('approvals.formData')}
      </Typography.Title>
      {formEntries.length === 0 ? (
        <Empty description={t('approvals.noFormData')} />
      ) : (
        <Descriptions
          column={1}
          bordered
          size="small"
          data-testid="approval-form"
          items={formEntries.map(([key, value]) => ({
            key,
            label: t(`approvals.form.${key}`, { defaultValue: humaniseKey(key) }),
            children: <span className="custos-prewrap">{formValue(value)}</span>,
          }))}
        />
      )}

      <Typography.Title level={2} className="custos-section-title">
        {t('approvals.steps')}
      </Typography.Title>
      {data.tasks.length === 0 ? (
        <Empty description={t('approvals.noSteps')} />
      ) : (
        <div data-testid="approval-steps">
          <Steps
            orientation="vertical"
            size="small"
            items={data.tasks.map((task) => ({
              key: task.id,
              status: task.status === 'pending' && task.step > current ? 'wait' : TASK_STEP_STATUS[task.status],
              title: (
                <span data-testid="approval-step" data-status={task.status}>
                  {t('approvals.stepTitle', { step: task.step, approver: task.approverName ?? task.approverId })}
                </span>
              ),
              content: (
                <span className="custos-step-content">
                  <Tag color={TASK_STATUS_COLOR[task.status]}>{t(`approvals.taskStatus.${task.status}`)}</Tag>
                  {task.actedAt ? <time dateTime={task.actedAt}>{t('approvals.actedAt', { time: format.dateTime(task.actedAt) })}</time> : <span>{t('approvals.notActed')}</span>}
                </span>
              ),
            }))}
          />
        </div>
      )}
    </>
  );
}
