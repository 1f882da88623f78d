import { useState } from 'react';
import { Alert, App, Button, Dropdown, Form, Input, InputNumber, Modal, Select, Switch, Table, Tag, Typography, type ButtonProps } from 'antd';
import { DownOutlined, EditOutlined, LockOutlined, UnlockOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import type { TableColumnsType } from 'antd';
import { useTranslation } from 'react-i18next';
import { ulid } from 'ulid';
import type { DryRunResult } from '../../../../shared/cloud-protocol.js';
import type { LegalHoldRow, RetentionCategoryRow } from '../../../../shared/contract.js';
import { PRESET_POLICIES, RETENTION_PRESETS, policyProblems, type RetentionPolicyValues, type RetentionPreset } from '../../../../shared/retention.js';
import { api } from '../../api/client.js';
import { invalidateAfter } from '../../api/commands.js';
import { useCommandOp, useQueryOp } from '../../api/hooks.js';
import { useCanRun, useMayCall } from '../../app/currentUser.js';
import { useFormat } from '../../app/format.js';
import { useErrorText } from '../../app/useErrorText.js';
import { useDialog } from '../../app/useDialog.js';
import { useKeyboardScrollable } from '../../app/useKeyboardScrollable.js';
import { Page } from '../../components/Page.js';
import { ErrorState, Loading } from '../../components/States.js';
import { EmployeePicker } from '../org/manage.js';
import { RetentionDashboard } from './RetentionDashboard.js';
import { DispositionRuns } from './DispositionRuns.js';

/**
 * Retention settings: one policy per data category within its legal bounds (the editor says
 * why a period is refused before the cloud does), presets for PIPL practice and GDPR, and the
 * legal holds that keep a person's data from being disposed of.
 */
function PolicyDialog({ row, onClose }: { row: RetentionCategoryRow; onClose: () => void }) {
  const { t } = useTranslation();
  const format = useFormat();
  const { message } = App.useApp();
  const errorText = useErrorText();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<RetentionPolicyValues>();
  const values = Form.useWatch([], form) as RetentionPolicyValues | undefined;
  const save = useCommandOp('retention.setPolicy', {
    onSuccess: () => {
      void invalidateAfter(queryClient, 'retention.setPolicy');
      void message.success(t('edit.saved'));
      onClose();
    },
    onError: (err) => void message.error(errorText(err)),
  });
  const [dry, setDry] = useState<DryRunResult | null>(null);
  const [dryRunning, setDryRunning] = useState(false);
  const runDry = async () => {
    const v = await form.validateFields();
    setDryRunning(true);
    try {
      setDry(await api.invoke('retention.dryRun', { ...v, category: row.category }));
    } catch (err) {
      void message.error(errorText(err));
    } finally {
      setDryRunning(false);
    }
  };
  const initial: RetentionPolicyValues = row.policy ?? { category: row.category, periodMonths: Math.max(row.floorMonths, 12), trigger: row.triggers[0]!, action: row.actions[0]!, enabled: false };
  const problems = values?.periodMonths !== undefined ? policyProblems({ ...initial, ...values, category: row.category }) : [];
  return (
    <Modal
      open
      title={t('retention.editTitle', { category: t(`retention.categories.${row.category}`) })}
      okText={t('edit.save')}
      cancelText={t('edit.cancel')}
      onCancel={onClose}
      confirmLoading={save.isPending}
      okButtonProps={{ disabled: problems.length > 0, 'data-testid': 'policy-save' } as ButtonProps}
      onOk={() => void form.validateFields().then((v) => save.mutate({ ...v, category: row.category, id: row.category }))}
      destroyOnHidden
    >
      <Form form={form} layout="vertical" initialValues={initial} data-testid="policy-form">
        <Form.Item
          name="periodMonths"
          label={t('retention.period')}
          extra={t('retention.bounds', { floor: row.floorMonths, ceiling: row.ceilingMonths })}
          validateStatus={problems.some((p) => p.path === 'periodMonths') ? 'error' : undefined}
          help={
            problems.some((p) => p.message === 'below_floor')
              ? t('retention.belowFloor', { months: row.floorMonths, reason: t(`retention.reasons.${row.floorReason}`) })
              : problems.some((p) => p.message === 'above_ceiling')
                ? t('retention.aboveCeiling', { months: row.ceilingMonths, reason: t(`retention.reasons.${row.ceilingReason}`) })
                : undefined
          }
        >
          <InputNumber min={0} max={1200} addonAfter={t('retention.months')} data-testid="policy-period" />
        </Form.Item>
        <Form.Item name="trigger" label={t('retention.trigger')}>
          <Select options={row.triggers.map((v) => ({ value: v, label: t(`retention.triggers.${v}`) }))} data-testid="policy-trigger" />
        </Form.Item>
        <Form.Item name="action" label={t('retention.action')}>
          <Select options={row.actions.map((v) => ({ value: v, label: t(`retention.actions.${v}`) }))} data-testid="policy-action" />
        </Form.Item>
        <Form.Item name="enabled" label={t('retention.enabled')} valuePropName="checked" extra={t('retention.enabledHint')}>
          <Switch data-testid="policy-enabled" />
        </Form.Item>
      </Form>
      <Button onClick={() => void runDry()} loading={dryRunning} disabled={problems.length > 0} data-testid="policy-dry-run">
        {t('retention.dryRun')}
      </Button>
      {dry ? (
        <div className="custos-top-gap" data-testid="dry-run-result" aria-live="polite">
          {dry.supported ? (
            <>
              <Typography.Paragraph strong>{t('retention.dryRunResult', { due: dry.due, action: t(`retention.actions.${dry.action}`), held: dry.held, cutoff: format.dateTime(dry.cutoff) })}</Typography.Paragraph>
              {dry.samples.length > 0 ? (
                <ul className="custos-samples">
                  {dry.samples.map((x) => (
                    <li key={x.id}>
                      {x.label ?? x.id} <Typography.Text type="secondary">{x.since ? format.date(x.since) : ''}</Typography.Text>
                    </li>
                  ))}
                </ul>
              ) : null}
            </>
          ) : (
            <Typography.Paragraph type="secondary">{t('retention.packagesNotKept')}</Typography.Paragraph>
          )}
        </div>
      ) : null}
    </Modal>
  );
}

function HoldDialog({ onClose }: { onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const errorText = useErrorText();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<{ subjectId: string; reason: string }>();
  const place = useCommandOp('legalHold.place', {
    onSuccess: () => {
      void invalidateAfter(queryClient, 'legalHold.place');
      void message.success(t('retention.holdPlaced'));
      onClose();
    },
    onError: (err) => void message.error(errorText(err)),
  });
  return (
    <Modal
      open
      title={t('retention.placeHold')}
      okText={t('retention.placeHold')}
      cancelText={t('edit.cancel')}
      onCancel={onClose}
      confirmLoading={place.isPending}
      okButtonProps={{ 'data-testid': 'hold-save' } as ButtonProps}
      onOk={() => void form.validateFields().then((v) => place.mutate({ id: ulid(), subjectType: 'employee', subjectId: v.subjectId, reason: v.reason }))}
      destroyOnHidden
    >
      <Form form={form} layout="vertical">
        <Form.Item name="subjectId" label={t('retention.holdPerson')} rules={[{ required: true, message: t('edit.required') }]}>
          <EmployeePicker testId="hold-person" />
        </Form.Item>
        <Form.Item name="reason" label={t('retention.holdReason')} rules={[{ required: true, min: 3, message: t('retention.holdReasonRequired') }]} extra={t('retention.holdReasonHint')}>
          <Input.TextArea rows={3} maxLength={500} data-testid="hold-reason" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

export function RetentionPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const errorText = useErrorText();
  const format = useFormat();
  const queryClient = useQueryClient();
  const overview = useQueryOp('retention.overview', {}, { staleTime: 5_000 });
  const canEdit = useCanRun('retention.setPolicy');
  const canHold = useCanRun('legalHold.place');
  const canRun = useMayCall('retention.runNow');
  const editing = useDialog<RetentionCategoryRow>();
  const holding = useDialog<true>();
  const releasing = useDialog<LegalHoldRow>();
  const [releaseReason, setReleaseReason] = useState('');
  const policiesRef = useKeyboardScrollable<HTMLDivElement>();
  const holdsRef = useKeyboardScrollable<HTMLDivElement>();
  const release = useCommandOp('legalHold.release', {
    onSuccess: () => {
      void invalidateAfter(queryClient, 'legalHold.release');
      void message.success(t('retention.holdReleased'));
      releasing.close();
      setReleaseReason('');
    },
    onError: (err) => void message.error(errorText(err)),
  });

  /** Applies a preset to every category, keeping each one's enabled switch as it is. */
  const applyPreset = async (preset: RetentionPreset) => {
    try {
      for (const row of overview.data?.categories ?? []) {
        const p = PRESET_POLICIES[preset][row.category];
        await api.invoke('retention.setPolicy', { id: row.category, category: row.category, ...p, enabled: row.policy?.enabled ?? false });
      }
      void message.success(t('retention.presetApplied', { preset: t(`retention.presets.${preset}`) }));
    } catch (err) {
      void message.error(errorText(err));
    } finally {
      void invalidateAfter(queryClient, 'retention.setPolicy');
    }
  };

  const policyColumns: TableColumnsType<RetentionCategoryRow> = [
    { key: 'category', title: t('retention.category'), render: (_, r) => t(`retention.categories.${r.category}`) },
    { key: 'period', title: t('retention.period'), width: 130, render: (_, r) => (r.policy ? t('retention.monthsValue', { count: r.policy.periodMonths }) : '—') },
    { key: 'trigger', title: t('retention.trigger'), width: 190, render: (_, r) => (r.policy ? t(`retention.triggers.${r.policy.trigger}`) : '—') },
    { key: 'action', title: t('retention.action'), width: 120, render: (_, r) => (r.policy ? t(`retention.actions.${r.policy.action}`) : '—') },
    {
      key: 'state',
      title: t('retention.state'),
      width: 150,
      render: (_, r) => (
        <span data-testid={`policy-state-${r.category}`}>
          {r.pending ? <Tag color="blue">{t('retention.pending')}</Tag> : null}
          {r.policy?.enabled ? <Tag color="green">{t('retention.on')}</Tag> : <Tag>{r.policy ? t('retention.off') : t('retention.none')}</Tag>}
        </span>
      ),
    },
    { key: 'bounds', title: t('retention.boundsTitle'), width: 150, render: (_, r) => t('retention.boundsShort', { floor: r.floorMonths, ceiling: r.ceilingMonths }) },
    ...(canEdit
      ? [
          {
            key: 'edit',
            title: t('common.actions'),
            width: 100,
            render: (_: unknown, r: RetentionCategoryRow) => (
              <Button size="small" icon={<EditOutlined aria-hidden="true" />} onClick={() => editing.open(r)} data-testid={`policy-edit-${r.category}`} aria-label={t('retention.editTitle', { category: t(`retention.categories.${r.category}`) })}>
                {t('edit.edit')}
              </Button>
            ),
          },
        ]
      : []),
  ];

  const holdColumns: TableColumnsType<LegalHoldRow> = [
    { key: 'subject', title: t('retention.holdPerson'), render: (_, h) => h.subjectName ?? h.subjectId },
    { key: 'reason', dataIndex: 'reason', title: t('retention.holdReason') },
    { key: 'placed', title: t('retention.placedAt'), width: 170, render: (_, h) => (h.placedAt ? format.dateTime(h.placedAt) : '—') },
    {
      key: 'state',
      title: t('retention.state'),
      width: 200,
      render: (_, h) =>
        h.pending ? <Tag color="blue">{t('retention.pending')}</Tag> : h.releasedAt ? <Tag>{t('retention.releasedOn', { date: format.dateTime(h.releasedAt) })}</Tag> : <Tag color="red">{t('retention.inForce')}</Tag>,
    },
    ...(canHold
      ? [
          {
            key: 'release',
            title: t('common.actions'),
            width: 120,
            render: (_: unknown, h: LegalHoldRow) =>
              !h.releasedAt && !h.pending ? (
                <Button size="small" icon={<UnlockOutlined aria-hidden="true" />} onClick={() => releasing.open(h)} data-testid={`hold-release-${h.id}`}>
                  {t('retention.release')}
                </Button>
              ) : null,
          },
        ]
      : []),
  ];

  return (
    <Page
      id="retention"
      title={t('pages.retention.title')}
      testId="page-retention"
      head={
        canEdit ? (
          <Dropdown menu={{ items: RETENTION_PRESETS.map((p) => ({ key: p, label: t(`retention.presets.${p}`) })), onClick: ({ key }) => void applyPreset(key as RetentionPreset) }}>
            <Button data-testid="preset-open">
              {t('retention.applyPreset')} <DownOutlined aria-hidden="true" />
            </Button>
          </Dropdown>
        ) : null
      }
    >
      <Typography.Paragraph type="secondary" className="custos-page-intro">
        {t('retention.intro')}
      </Typography.Paragraph>
      {overview.isPending ? (
        <Loading />
      ) : overview.isError && !overview.data ? (
        <ErrorState error={overview.error} onRetry={() => void overview.refetch()} />
      ) : (
        <>
          <RetentionDashboard />
          <section aria-labelledby="policies-title" className="custos-panel" ref={policiesRef}>
            <Typography.Title level={2} id="policies-title">
              {t('retention.policies')}
            </Typography.Title>
            <Table<RetentionCategoryRow> rowKey="category" size="small" pagination={false} columns={policyColumns} dataSource={overview.data.categories} data-testid="policies-table" />
          </section>
          <section aria-labelledby="holds-title" className="custos-panel custos-top-gap" ref={holdsRef}>
            <div className="custos-page-head">
              <Typography.Title level={2} id="holds-title">
                {t('retention.holds')}
              </Typography.Title>
              {canHold ? (
                <Button icon={<LockOutlined aria-hidden="true" />} onClick={() => holding.open(true)} data-testid="hold-open">
                  {t('retention.placeHold')}
                </Button>
              ) : null}
            </div>
            <Alert type="info" showIcon title={t('retention.holdsHint')} className="custos-bottom-gap" />
            <Table<LegalHoldRow> rowKey="id" size="small" pagination={false} columns={holdColumns} dataSource={overview.data.holds} locale={{ emptyText: t('retention.noHolds') }} data-testid="holds-table" />
          </section>
          {canRun ? <DispositionRuns /> : null}
        </>
      )}
      {editing.value ? <PolicyDialog row={editing.value} onClose={editing.close} /> : null}
      {holding.value ? <HoldDialog onClose={holding.close} /> : null}
      {releasing.value ? (
        <Modal
          open
          title={t('retention.releaseTitle', { name: releasing.value.subjectName ?? releasing.value.subjectId })}
          okText={t('retention.release')}
          cancelText={t('edit.cancel')}
          onCancel={releasing.close}
          okButtonProps={{ disabled: releaseReason.trim().length < 3, 'data-testid': 'hold-release-ok' } as ButtonProps}
          confirmLoading={release.isPending}
          onOk={() => release.mutate({ id: releasing.value!.id, reason: releaseReason.trim() })}
          destroyOnHidden
        >
          <label htmlFor="release-reason">{t('retention.releaseReason')}</label>
          <Input.TextArea id="release-reason" rows={3} maxLength={500} value={releaseReason} onChange={(e) => setReleaseReason(e.target.value)} data-testid="hold-release-reason" />
        </Modal>
      ) : null}
    </Page>
  );
}
