import { App, Button, Popconfirm, Table, Tag, Typography, type ButtonProps } from 'antd';
import { PlayCircleOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { DispositionRun } from '../../../../shared/cloud-protocol.js';
import { useCommandOp, useQueryOp } from '../../api/hooks.js';
import { useFormat } from '../../app/format.js';
import { useErrorText } from '../../app/useErrorText.js';
import { useKeyboardScrollable } from '../../app/useKeyboardScrollable.js';

/** The cloud's last disposition runs (offline: the last ones fetched, saying when) and "run now". */
export function DispositionRuns() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const errorText = useErrorText();
  const format = useFormat();
  const queryClient = useQueryClient();
  const ref = useKeyboardScrollable<HTMLDivElement>();
  const runs = useQueryOp('retention.runs', {}, { staleTime: 10_000, retry: false });
  const runNow = useCommandOp('retention.runNow', {
    onSuccess: () => {
      void message.success(t('retention.runDone'));
      void queryClient.invalidateQueries({ predicate: (q) => typeof q.queryKey[0] === 'string' && q.queryKey[0].startsWith('retention.') });
    },
    onError: (err) => void message.error(errorText(err)),
  });
  const summary = (r: DispositionRun) => {
    const parts = Object.entries(r.counts)
      .filter(([, c]) => c.anonymised + c.deleted > 0)
      .map(([category, c]) => `${t(`retention.categories.${category}`)}: ${c.anonymised > 0 ? t('retention.anonymisedCount', { count: c.anonymised }) : t('retention.deletedCount', { count: c.deleted })}`);
    return parts.length > 0 ? parts.join(' · ') : t('retention.nothingDue');
  };
  return (
    <section aria-labelledby="runs-title" className="custos-panel custos-top-gap" ref={ref} data-testid="disposition-runs">
      <div className="custos-page-head">
        <Typography.Title level={2} id="runs-title">
          {t('retention.runs')}
        </Typography.Title>
        <Popconfirm
          title={t('retention.runNowConfirm')}
          okText={t('retention.runNow')}
          cancelText={t('edit.cancel')}
          okButtonProps={{ 'data-testid': 'run-now-ok' } as ButtonProps}
          onConfirm={() => runNow.mutate({})}
        >
          <Button icon={<PlayCircleOutlined aria-hidden="true" />} loading={runNow.isPending} data-testid="run-now">
            {t('retention.runNow')}
          </Button>
        </Popconfirm>
      </div>
      {runs.data?.asOf ? (
        <Typography.Paragraph type="secondary" data-testid="runs-as-of">
          {t('retention.runsAsOf', { time: format.dateTime(runs.data.asOf) })}
        </Typography.Paragraph>
      ) : null}
      {runs.isError ? (
        <Typography.Paragraph type="secondary">{t('retention.runsOffline', { error: errorText(runs.error) })}</Typography.Paragraph>
      ) : (
        <Table<DispositionRun>
          rowKey="at"
          size="small"
          pagination={false}
          loading={runs.isPending}
          dataSource={runs.data?.runs ?? []}
          locale={{ emptyText: t('retention.noRuns') }}
          columns={[
            { key: 'at', title: t('retention.runAt'), width: 180, render: (_, r) => format.dateTime(r.finishedAt ?? r.at) },
            { key: 'trigger', title: t('retention.runTrigger'), width: 140, render: (_, r) => <Tag>{t(`retention.runTriggers.${r.trigger}`)}</Tag> },
            { key: 'result', title: t('retention.runResult'), render: (_, r) => summary(r) },
          ]}
          data-testid="runs-table"
        />
      )}
    </section>
  );
}
