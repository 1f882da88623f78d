import { useMemo, useState } from 'react';
import { Alert, App, Button, DatePicker, Input, Select, Space, Spin, Switch, Table, Tag, Typography } from 'antd';
import { DownloadOutlined, SafetyCertificateOutlined } from '@ant-design/icons';
import { useInfiniteQuery } from '@tanstack/react-query';
import type { Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import { auditActionLabel, auditSentence } from '../../../../shared/audit-text.js';
import { REDACTED_ACTOR, type AuditEventView, type AuditFilter, type AuditPage as AuditPageData } from '../../../../shared/audit.js';
import { api, type ApiError } from '../../api/client.js';
import { useCommandOp, useQueryOp } from '../../api/hooks.js';
import { download } from '../../app/files.js';
import { useFormat } from '../../app/format.js';
import { useKeyboardScrollable } from '../../app/useKeyboardScrollable.js';
import { useErrorText } from '../../app/useErrorText.js';
import { ErrorState } from '../../components/States.js';
import { currentLanguage } from '../../i18n/index.js';

const PAGE = 100;

/**
 * The tenant's audit log, read from the cloud (online only): filters, newest first with
 * "load more", verification of the hash chain, and CSV / JSON exports (each on record itself).
 */
export function AuditPage() {
  const { t } = useTranslation();
  const format = useFormat();
  const errorText = useErrorText();
  const { message } = App.useApp();
  const tableRef = useKeyboardScrollable<HTMLDivElement>();
  const [range, setRange] = useState<[Dayjs | null, Dayjs | null] | null>(null);
  const [action, setAction] = useState<string | undefined>();
  const [actorId, setActorId] = useState<string | undefined>();
  const [targetType, setTargetType] = useState<string | undefined>();
  const [targetId, setTargetId] = useState('');

  const filter = useMemo<AuditFilter>(() => {
    const f: AuditFilter = {};
    if (range?.[0]) f.from = range[0].startOf('day').toISOString();
    if (range?.[1]) f.to = range[1].endOf('day').toISOString();
    if (action) f.action = action;
    if (actorId) f.actorId = actorId;
    if (targetType) f.targetType = targetType;
    if (targetId.trim()) f.targetId = targetId.trim();
    return f;
  }, [range, action, actorId, targetType, targetId]);

  const facets = useQueryOp('audit.facets', {}, { staleTime: 30_000, retry: false });
  const events = useInfiniteQuery<AuditPageData, ApiError>({
    queryKey: ['audit.events', filter],
    queryFn: ({ pageParam }) => api.invoke('audit.events', { ...filter, limit: PAGE, ...(pageParam ? { beforeSeq: pageParam as number } : {}) }),
    initialPageParam: null,
    getNextPageParam: (last) => last.nextBeforeSeq,
    retry: false,
  });
  const verify = useCommandOp('audit.verify', { onError: (err) => void message.error(errorText(err)) });
  const exportLog = useCommandOp('audit.export', {
    onSuccess: (file) => {
      download(file.fileName, file.mime, file.contentBase64);
      void message.success(file.truncated ? t('audit.exportedTruncated', { count: file.count }) : t('audit.exported', { count: file.count }));
      void events.refetch();
      void facets.refetch();
    },
    onError: (err) => void message.error(errorText(err)),
  });

  // While the filters' options load, their lists say so instead of "No data".
  const optionsLoading = facets.isFetching ? (
    <Space size="small" role="status">
      <Spin size="small" /> {t('app.loading')}
    </Space>
  ) : undefined;
  const rows = events.data?.pages.flatMap((p) => p.events) ?? [];
  const total = events.data?.pages[0]?.total ?? 0;
  // Ids on demand: the log reads in words; the codes and ids it holds are one switch away.
  const [showIds, setShowIds] = useState(false);
  const language = currentLanguage();
  const names = useMemo(() => Object.assign({}, ...(events.data?.pages ?? []).map((p) => p.names ?? {})) as Record<string, string>, [events.data]);
  const actorLabel = (e: { actorId: string; actorName: string | null }) =>
    e.actorName ?? (e.actorId.startsWith('system') ? t('audit.system') : e.actorId === REDACTED_ACTOR ? t('audit.redactedActor') : e.actorId);

  return (
    <section className="custos-page" aria-labelledby="audit-title" data-testid="page-audit">
      <div className="custos-page-head">
        <Typography.Title level={1} id="audit-title" className="custos-page-title">
          {t('pages.audit.title')}
        </Typography.Title>
        <Space wrap>
          <Button icon={<SafetyCertificateOutlined aria-hidden="true" />} loading={verify.isPending} onClick={() => verify.mutate({})} data-testid="audit-verify">
            {t('audit.verify')}
          </Button>
          <Button icon={<DownloadOutlined aria-hidden="true" />} loading={exportLog.isPending && exportLog.variables?.format === 'csv'} onClick={() => exportLog.mutate({ filter, format: 'csv' })} data-testid="audit-export-csv">
            {t('audit.exportCsv')}
          </Button>
          <Button icon={<DownloadOutlined aria-hidden="true" />} loading={exportLog.isPending && exportLog.variables?.format === 'json'} onClick={() => exportLog.mutate({ filter, format: 'json' })} data-testid="audit-export-json">
            {t('audit.exportJson')}
          </Button>
        </Space>
      </div>
      <Typography.Paragraph type="secondary">{t('pages.audit.description')}</Typography.Paragraph>
      {verify.data ? (
        <Alert
          className="custos-bottom-gap"
          type={verify.data.ok ? 'success' : 'error'}
          showIcon
          role={verify.data.ok ? 'status' : 'alert'}
          data-testid="audit-verdict"
          title={verify.data.ok ? t('audit.intact', { count: verify.data.events }) : t('audit.broken', { seq: verify.data.brokenAt ?? 0 })}
          description={
            verify.data.ok
              ? [t('audit.checkedAt', { time: format.dateTime(verify.data.checkedAt) }), verify.data.redacted > 0 ? t('audit.redactedCount', { count: verify.data.redacted }) : ''].join(' ').trim()
              : `${t(`audit.problems.${verify.data.problem ?? 'hash_mismatch'}`)} ${t('audit.verifiedBefore', { count: verify.data.events })}`
          }
        />
      ) : null}
      <div role="search" aria-label={t('audit.filters')} className="custos-toolbar">
        <DatePicker.RangePicker
          value={range}
          onChange={(v) => setRange(v)}
          allowEmpty={[true, true]}
          aria-label={t('audit.period')}
          placeholder={[t('audit.from'), t('audit.to')]}
          data-testid="audit-range"
        />
        <Select
          allowClear
          showSearch
          value={action}
          onChange={setAction}
          placeholder={t('audit.action')}
          aria-label={t('audit.action')}
          className="custos-filter-select"
          loading={facets.isFetching}
          notFoundContent={optionsLoading}
          optionFilterProp="label"
          options={(facets.data?.actions ?? []).map((a) => ({ value: a, label: auditActionLabel(a, language) }))}
          data-testid="audit-action"
        />
        <Select
          allowClear
          showSearch
          optionFilterProp="label"
          value={actorId}
          onChange={setActorId}
          placeholder={t('audit.actor')}
          aria-label={t('audit.actor')}
          className="custos-filter-select"
          loading={facets.isFetching}
          notFoundContent={optionsLoading}
          options={(facets.data?.actors ?? []).map((a) => ({ value: a.id, label: actorLabel({ actorId: a.id, actorName: a.name }) }))}
          data-testid="audit-actor"
        />
        <Select
          allowClear
          value={targetType}
          onChange={setTargetType}
          placeholder={t('audit.targetType')}
          aria-label={t('audit.targetType')}
          className="custos-filter-select"
          loading={facets.isFetching}
          notFoundContent={optionsLoading}
          options={(facets.data?.targetTypes ?? []).map((v) => ({ value: v, label: v }))}
          data-testid="audit-target-type"
        />
        <Switch checked={showIds} onChange={setShowIds} checkedChildren={t('audit.showIds')} unCheckedChildren={t('audit.showIds')} aria-label={t('audit.showIds')} data-testid="audit-show-ids" />
        <Input.Search allowClear value={targetId} onChange={(e) => setTargetId(e.target.value)} placeholder={t('audit.targetId')} aria-label={t('audit.targetId')} className="custos-filter-input" data-testid="audit-target-id" />
      </div>
      {events.isError ? (
        <ErrorState error={events.error} onRetry={() => void events.refetch()} />
      ) : (
        <div ref={tableRef}>
          <Table<AuditEventView>
            size="small"
            rowKey="seq"
            loading={events.isPending}
            dataSource={rows}
            pagination={false}
            virtual
            scroll={{ y: 520, x: 1100 }}
            data-testid="audit-table"
            columns={[
              { key: 'seq', title: '#', dataIndex: 'seq', width: 80 },
              { key: 'at', title: t('audit.time'), width: 170, render: (_, e) => format.dateTime(e.at) },
              { key: 'actor', title: t('audit.actor'), width: 180, render: (_, e) => actorLabel(e) },
              {
                key: 'action',
                title: t('audit.action'),
                width: 200,
                render: (_, e) => (
                  <span data-testid="audit-action-label">
                    {auditActionLabel(e.action, language)}
                    {showIds ? <> <Tag className="custos-code">{e.action}</Tag></> : null}
                  </span>
                ),
              },
              ...(showIds ? [{ key: 'target', title: t('audit.target'), width: 220, render: (_: unknown, e: AuditEventView) => (e.targetType ? (e.targetId ? `${e.targetType} · ${e.targetId}` : e.targetType) : '—') }] : []),
              {
                key: 'details',
                title: t('audit.details'),
                render: (_, e) =>
                  e.redaction ? (
                    <Tag data-testid="audit-redacted">{t(`audit.redaction.${e.redaction}`)}</Tag>
                  ) : showIds ? (
                    <Typography.Text className="custos-code" ellipsis={{ tooltip: JSON.stringify(e.details, null, 1) }}>
                      {JSON.stringify(e.details)}
                    </Typography.Text>
                  ) : (
                    <Typography.Text ellipsis={{ tooltip: true }} data-testid="audit-sentence">
                      {auditSentence(e, language, { names, day: format.date })}
                    </Typography.Text>
                  ),
              },
            ]}
          />
        </div>
      )}
      <Space className="custos-top-gap">
        <Typography.Text type="secondary" data-testid="audit-count">
          {t('audit.showing', { shown: rows.length, count: total })}
        </Typography.Text>
        {events.hasNextPage ? (
          <Button onClick={() => void events.fetchNextPage()} loading={events.isFetchingNextPage} data-testid="audit-more">
            {t('audit.loadMore')}
          </Button>
        ) : null}
      </Space>
    </section>
  );
}
