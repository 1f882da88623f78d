import { useState } from 'react';
import { App, Button, Modal, Popconfirm, Space, Steps, Table, Tag, Typography, type ButtonProps } from 'antd';
import { FilePdfOutlined, FileTextOutlined, UploadOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import type { TableColumnsType } from 'antd';
import { useTranslation } from 'react-i18next';
import { ulid } from 'ulid';
import type { BulkOffboardingLine, OffboardingRow } from '../../../../shared/contract.js';
import { api } from '../../api/client.js';
import { invalidateAfter } from '../../api/commands.js';
import { useCommandOp, useQueryOp } from '../../api/hooks.js';
import { useCanRun, useMayCall } from '../../app/currentUser.js';
import { download } from '../../app/files.js';
import { useFormat } from '../../app/format.js';
import { useErrorText } from '../../app/useErrorText.js';
import { useKeyboardScrollable } from '../../app/useKeyboardScrollable.js';
import { Page } from '../../components/Page.js';
import { ErrorState, Loading } from '../../components/States.js';
import { SpreadsheetChooser } from '../../components/SpreadsheetChooser.js';

const STATUS_COLOR: Record<OffboardingRow['status'], string> = {
  queued: 'blue',
  scheduled: 'gold',
  completed: 'green',
  failed: 'red',
  cancelled: 'default',
  rehired: 'purple',
};

/** The steps of one offboarding, as far as it got. */
function OffboardingSteps({ row }: { row: OffboardingRow }) {
  const { t } = useTranslation();
  const format = useFormat();
  const handed = row.status === 'completed' || row.status === 'rehired';
  const stopped = row.status === 'failed' || row.status === 'cancelled';
  const current = row.status === 'queued' ? 0 : row.status === 'scheduled' ? 1 : handed ? 3 : 2;
  return (
    <Steps
      size="small"
      current={current}
      status={stopped ? 'error' : row.status === 'queued' || row.status === 'scheduled' ? 'process' : 'finish'}
      items={[
        { title: t('offboarding.stepQueued'), description: row.status === 'queued' ? t('offboarding.waitingForCloud') : undefined },
        { title: row.immediate ? t('offboarding.stepImmediate') : t('offboarding.stepScheduled', { day: format.date(row.lastWorkingDay) }) },
        { title: t('offboarding.stepHandover'), description: row.status === 'failed' ? (row.result?.error ?? '') : row.status === 'cancelled' ? t('offboarding.status.cancelled') : undefined },
        { title: row.status === 'rehired' ? t('offboarding.status.rehired') : t('offboarding.stepRetention') },
      ]}
    />
  );
}

function Details({ row }: { row: OffboardingRow }) {
  const { t } = useTranslation();
  const counts = Object.entries(row.counts).filter(([k]) => k !== 'skipped');
  return (
    <div className="custos-stack" data-testid={`offboarding-details-${row.id}`}>
      <OffboardingSteps row={row} />
      {counts.length > 0 ? (
        <Space wrap>
          {counts.map(([k, n]) => (
            <Tag key={k}>{t(`offboarding.counts.${k}`, { count: n })}</Tag>
          ))}
          {row.result ? <Tag>{t('offboarding.counts.contacts', { count: row.result.contacts })}</Tag> : null}
        </Space>
      ) : null}
      {row.result && row.result.skipped.length > 0 ? (
        <Typography.Paragraph type="warning" data-testid="offboarding-skipped">
          {t('offboarding.skipped', { count: row.result.skipped.length })}
        </Typography.Paragraph>
      ) : null}
    </div>
  );
}

function BulkDialog({ onClose }: { onClose: () => void }) {
  const { t } = useTranslation();
  const format = useFormat();
  const { message } = App.useApp();
  const errorText = useErrorText();
  const queryClient = useQueryClient();
  const [lines, setLines] = useState<BulkOffboardingLine[] | null>(null);
  const [sending, setSending] = useState(false);
  const preview = useCommandOp('offboarding.bulkPreview', { onSuccess: (r) => setLines(r.lines), onError: (err) => void message.error(errorText(err)) });
  const bad = (lines ?? []).filter((l) => l.errors.length > 0);
  const tableRef = useKeyboardScrollable<HTMLDivElement>();

  const queueAll = async () => {
    if (!lines) return;
    setSending(true);
    let queued = 0;
    try {
      for (const line of lines) {
        const { leavers } = await api.invoke('offboarding.impact', { employeeIds: [line.employeeId!] });
        const impact = leavers[0]!;
        const to = line.successorId!;
        await api.invoke('employee.offboard', {
          id: ulid(),
          employeeId: line.employeeId!,
          lastWorkingDay: line.lastWorkingDay,
          plan: { customersTo: to, approvalTasksTo: to, departmentsTo: to, reportsTo: to, overrides: [] },
          seen: { customers: impact.customers.map((c) => c.id), approvalTasks: impact.pendingTasks.map((x) => x.id) },
        });
        queued++;
      }
      void message.success(t('offboard.queued', { count: queued }));
      onClose();
    } catch (err) {
      void message.error(t('offboarding.bulkStopped', { queued, error: errorText(err) }));
    } finally {
      setSending(false);
      void invalidateAfter(queryClient, 'employee.offboard');
    }
  };

  return (
    <Modal
      open
      width={900}
      title={t('offboarding.bulkTitle')}
      onCancel={onClose}
      okText={t('offboarding.bulkConfirm', { count: lines?.length ?? 0 })}
      cancelText={t('edit.cancel')}
      okButtonProps={{ disabled: !lines || lines.length === 0 || bad.length > 0, danger: true, 'data-testid': 'bulk-confirm' } as ButtonProps}
      confirmLoading={sending}
      onOk={() => void queueAll()}
      destroyOnHidden
    >
      <Typography.Paragraph type="secondary">{t('offboarding.bulkHelp')}</Typography.Paragraph>
      <SpreadsheetChooser operation="offboarding.bulkPreview" loading={preview.isPending} testId="bulk-file" onFile={(f) => preview.mutate(f)} />
      {lines ? (
        <div ref={tableRef} className="custos-top-gap" data-testid="bulk-lines">
          {bad.length > 0 ? <Typography.Paragraph type="danger">{t('offboarding.bulkProblems', { count: bad.length })}</Typography.Paragraph> : null}
          <Table<BulkOffboardingLine>
            size="small"
            rowKey="row"
            pagination={false}
            scroll={{ y: 320 }}
            dataSource={lines}
            columns={[
              { key: 'row', dataIndex: 'row', title: t('manage.row'), width: 60 },
              { key: 'employee', title: t('offboarding.columns.employee'), render: (_, l) => `${l.employeeName ?? ''} ${l.employeeNo}` },
              { key: 'day', title: t('offboarding.columns.lastWorkingDay'), render: (_, l) => (l.lastWorkingDay ? format.date(l.lastWorkingDay) : t('offboard.now')) },
              { key: 'successor', title: t('offboarding.columns.successor'), render: (_, l) => `${l.successorName ?? ''} ${l.successorNo}` },
              {
                key: 'problems',
                title: t('manage.problem'),
                render: (_, l) =>
                  l.errors.length === 0 ? (
                    <Tag color="green">{t('offboarding.lineOk')}</Tag>
                  ) : (
                    <span data-testid="bulk-error">{l.errors.map((e) => `${e.column}: ${t(`offboarding.bulkErrors.${e.code}`)}`).join('; ')}</span>
                  ),
              },
            ]}
          />
        </div>
      ) : null}
    </Modal>
  );
}

/** Offboarding history: each offboarding's steps, its handover report, cancel and rehire. */
export function OffboardingPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const errorText = useErrorText();
  const format = useFormat();
  const queryClient = useQueryClient();
  const list = useQueryOp('offboarding.list', {}, { staleTime: 5_000 });
  const canOffboard = useCanRun('employee.offboard');
  const canReport = useMayCall('offboarding.report');
  const [bulk, setBulk] = useState(false);
  const tableRef = useKeyboardScrollable<HTMLDivElement>();
  const after = (msg: string) => ({
    onSuccess: () => {
      void invalidateAfter(queryClient, 'employee.rehire');
      void message.success(msg);
    },
    onError: (err: unknown) => void message.error(errorText(err)),
  });
  const cancel = useCommandOp('offboarding.cancel', after(t('offboarding.cancelQueued')));
  const rehire = useCommandOp('employee.rehire', after(t('offboarding.rehireQueued')));
  const report = async (row: OffboardingRow, kind: 'csv' | 'pdf') => {
    try {
      const file = await api.invoke('offboarding.report', { id: row.id, format: kind });
      download(file.fileName, file.mime, file.contentBase64);
    } catch (err) {
      void message.error(errorText(err));
    }
  };

  const columns: TableColumnsType<OffboardingRow> = [
    { key: 'employee', title: t('offboarding.columns.employee'), render: (_, r) => `${r.employeeName ?? r.employeeId} ${r.employeeNo ?? ''}` },
    { key: 'day', title: t('offboarding.columns.lastWorkingDay'), width: 170, render: (_, r) => (r.immediate ? `${r.lastWorkingDay ? format.date(r.lastWorkingDay) : ''} · ${t('offboard.now')}` : format.date(r.lastWorkingDay)) },
    { key: 'status', title: t('offboarding.columns.status'), width: 130, render: (_, r) => <Tag color={STATUS_COLOR[r.status]} data-testid={`offboarding-status-${r.id}`}>{t(`offboarding.status.${r.status}`)}</Tag> },
    { key: 'created', title: t('offboarding.columns.created'), width: 170, render: (_, r) => format.dateTime(r.createdAt) },
    {
      key: 'actions',
      title: t('offboarding.columns.actions'),
      width: 320,
      render: (_, r) => (
        <Space wrap>
          {canReport && (r.status === 'completed' || r.status === 'rehired') ? (
            <>
              <Button size="small" icon={<FileTextOutlined aria-hidden="true" />} onClick={() => void report(r, 'csv')} data-testid={`report-csv-${r.id}`}>
                {t('offboarding.reportCsv')}
              </Button>
              <Button size="small" icon={<FilePdfOutlined aria-hidden="true" />} onClick={() => void report(r, 'pdf')} data-testid={`report-pdf-${r.id}`}>
                {t('offboarding.reportPdf')}
              </Button>
            </>
          ) : null}
          {canOffboard && (r.status === 'scheduled' || r.status === 'failed') ? (
            <Popconfirm title={t('offboarding.cancelConfirm')} okText={t('offboarding.cancel')} cancelText={t('edit.cancel')} onConfirm={() => cancel.mutate({ id: r.id })}>
              <Button size="small" data-testid={`cancel-${r.id}`}>
                {t('offboarding.cancel')}
              </Button>
            </Popconfirm>
          ) : null}
          {canOffboard && r.status === 'completed' ? (
            <Popconfirm title={t('offboarding.rehireConfirm')} okText={t('offboarding.rehire')} cancelText={t('edit.cancel')} onConfirm={() => rehire.mutate({ id: r.id })}>
              <Button size="small" data-testid={`rehire-${r.id}`}>
                {t('offboarding.rehire')}
              </Button>
            </Popconfirm>
          ) : null}
        </Space>
      ),
    },
  ];

  return (
    <Page
      id="offboarding"
      title={t('pages.offboarding.title')}
      testId="page-offboarding"
      head={
        canOffboard ? (
          <Button icon={<UploadOutlined aria-hidden="true" />} onClick={() => setBulk(true)} data-testid="bulk-open">
            {t('offboarding.bulkOpen')}
          </Button>
        ) : null
      }
    >
      <Typography.Paragraph type="secondary" className="custos-page-intro">
        {t('offboarding.intro')}
      </Typography.Paragraph>
      {list.isPending ? (
        <Loading />
      ) : list.isError && !list.data ? (
        <ErrorState error={list.error} onRetry={() => void list.refetch()} />
      ) : (
        <div ref={tableRef} className="custos-panel" data-testid="offboarding-table">
          <Table<OffboardingRow>
            rowKey="id"
            size="small"
            columns={columns}
            dataSource={list.data?.rows ?? []}
            expandable={{ expandedRowRender: (r) => <Details row={r} />, columnTitle: <span className="custos-visually-hidden">{t('offboarding.columns.details')}</span> }}
            locale={{ emptyText: t('offboarding.empty') }}
            pagination={{ pageSize: 50, hideOnSinglePage: true, showSizeChanger: false }}
          />
        </div>
      )}
      {bulk ? <BulkDialog onClose={() => setBulk(false)} /> : null}
    </Page>
  );
}
