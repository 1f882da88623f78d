import { useMemo, useState } from 'react';
import { Alert, App, Button, Checkbox, Input, Progress, Space, Switch, Table, Tag, Typography } from 'antd';
import { FileZipOutlined, SearchOutlined, UserAddOutlined } from '@ant-design/icons';
import type { TableColumnsType } from 'antd';
import { useTranslation } from 'react-i18next';
import { PACKAGE_PASSWORD_MIN, type DiscoveryItem, type DiscoveryResult, type PackageJob } from '../../../../shared/request-views.js';
import type { DataSubjectRequest } from '../../../../shared/requests.js';
import { api } from '../../api/client.js';
import { useQueryOp } from '../../api/hooks.js';
import { ErrorState } from '../../components/States.js';
import { download } from '../../app/files.js';
import { useFormat } from '../../app/format.js';
import { useErrorText } from '../../app/useErrorText.js';

type Row = DiscoveryItem & { key: string; category: string };

/**
 * Discovery and review: what the cache holds on the person (by the identifiers the requester
 * gave, and the matched subject), each record included or not, other people's data redacted by
 * default; then the personal-information copy, encrypted unless the officer accepts otherwise,
 * with its progress shown while it builds.
 */
export function DiscoveryPanel({
  request,
  canBuild,
  onBuilt,
  onMatched,
}: {
  request: DataSubjectRequest;
  canBuild: boolean;
  onBuilt: (pkg: { sha256: string; items: number }) => void;
  onMatched: (patch: { subjectType: 'employee' | 'contact'; subjectId: string }) => void;
}) {
  const { t } = useTranslation();
  const format = useFormat();
  const { message } = App.useApp();
  const errorText = useErrorText();
  // Refetched after any request command (a match or a corrected identifier changes what is found).
  const discovery = useQueryOp('requests.discover', { requestId: request.id }, { staleTime: 5_000 });
  const result: DiscoveryResult | undefined = discovery.data;
  // The operation log lives in the cloud: asked for the matched person when online.
  const matched = request.subjectType !== 'unmatched' && request.subjectId !== null;
  const audit = useQueryOp('requests.auditRecords', { requestId: request.id }, { enabled: matched, staleTime: 30_000, retry: false });
  const [excluded, setExcluded] = useState<Set<string>>(new Set());
  const [unredacted, setUnredacted] = useState<Set<string>>(new Set());
  const [password, setPassword] = useState('');
  const [confirm, setConfirm] = useState('');
  const [acknowledged, setAcknowledged] = useState(false);
  const [job, setJob] = useState<PackageJob | null>(null);

  const rows: Row[] = useMemo(
    () =>
      [...(result?.categories ?? []), ...(audit.data && audit.data.items.length > 0 ? [{ category: 'operation_log' as const, items: audit.data.items }] : [])].flatMap((c) =>
        c.items.map((i) => ({ ...i, key: `${i.entity}:${i.id}`, category: c.category })),
      ),
    [result, audit.data],
  );
  const notHeld = (result?.notHeld ?? []).filter((n) => !(n === 'audit_log' && audit.data));
  const included = rows.filter((r) => !excluded.has(r.key));

  const columns: TableColumnsType<Row> = [
    { key: 'category', title: t('dsr.category'), width: 170, render: (_, r) => t(`dsr.categories.${r.category}`) },
    { key: 'label', title: t('dsr.record'), width: 200, render: (_, r) => r.label },
    { key: 'at', title: t('dsr.date'), width: 120, render: (_, r) => (r.at ? format.date(r.at) : '—') },
    {
      key: 'content',
      title: t('dsr.content'),
      render: (_, r) => {
        const shown = r.thirdParty && !unredacted.has(r.key) ? r.redacted : r.fields;
        return (
          <Typography.Text className="custos-discovery-content" ellipsis={{ tooltip: false }}>
            {Object.entries(shown)
              .filter(([, v]) => v !== null && v !== '')
              .map(([k, v]) => `${k}: ${String(v)}`)
              .join(' · ')}
          </Typography.Text>
        );
      },
    },
    {
      key: 'redact',
      title: t('dsr.redact'),
      width: 130,
      render: (_, r) =>
        r.thirdParty ? (
          <Switch
            size="small"
            checked={!unredacted.has(r.key)}
            onChange={(on) => setUnredacted((s) => { const n = new Set(s); if (on) n.delete(r.key); else n.add(r.key); return n; })}
            aria-label={t('dsr.redactItem', { label: r.label })}
            data-testid={`redact-${r.key}`}
          />
        ) : (
          <Typography.Text type="secondary">—</Typography.Text>
        ),
    },
  ];

  const passwordProblem = password && password.length < PACKAGE_PASSWORD_MIN ? t('dsr.passwordShort', { count: PACKAGE_PASSWORD_MIN }) : password && password !== confirm ? t('dsr.passwordMismatch') : null;
  const mayBuild = canBuild && included.length > 0 && !passwordProblem && (password ? true : acknowledged) && job?.state !== 'running';

  const build = async () => {
    try {
      const { jobId } = await api.invoke('requests.buildPackage', {
        requestId: request.id,
        items: included.map((r) => ({ entity: r.entity, id: r.id, redact: !unredacted.has(r.key) })),
        password: password || null,
        acknowledgeUnencrypted: !password && acknowledged,
      });
      for (;;) {
        const state = await api.invoke('requests.packageJob', { jobId });
        setJob(state);
        if (state.state === 'failed') {
          void message.error(state.error ?? t('dsr.packageFailed'));
          return;
        }
        if (state.state === 'done' && state.result) {
          download(state.result.fileName, 'application/zip', state.result.contentBase64);
          onBuilt({ sha256: state.result.sha256, items: state.result.items });
          void message.success(t('dsr.packageReady', { count: state.result.items }));
          return;
        }
        await new Promise((r) => setTimeout(r, 250));
      }
    } catch (err) {
      void message.error(errorText(err));
    }
  };

  return (
    <section aria-labelledby="discovery-title" className="custos-panel custos-top-gap" data-testid="discovery-panel">
      <div className="custos-page-head">
        <Typography.Title level={2} id="discovery-title">
          {t('dsr.discovery')}
        </Typography.Title>
        <Button icon={<SearchOutlined aria-hidden="true" />} onClick={() => void discovery.refetch()} loading={discovery.isFetching} data-testid="discovery-run">
          {t('dsr.searchAgain')}
        </Button>
      </div>
      {discovery.isError && !result ? <ErrorState error={discovery.error} onRetry={() => void discovery.refetch()} /> : null}
      {result ? (
        <>
          <Typography.Paragraph type="secondary" data-testid="discovery-summary">
            {t('dsr.discoverySummary', { subjects: result.subjects.length, items: rows.length, ms: result.elapsedMs })}
          </Typography.Paragraph>
          {result.subjects.length === 0 ? <Alert type="info" showIcon title={t('dsr.nothingFound')} /> : null}
          <ul className="custos-plain-list" data-testid="discovery-subjects">
            {result.subjects.map((s) => (
              <li key={`${s.entity}:${s.id}`}>
                <Space wrap>
                  <strong>{s.name}</strong>
                  <Tag>{t(`dsr.subjectTypes.${s.entity}`)}</Tag>
                  <Typography.Text type="secondary">{t('dsr.matchedBy', { fields: s.matchedBy.map((m) => t(`dsr.keys.${m}`)).join(', ') })}</Typography.Text>
                  {s.candidate ? <Tag color="gold">{t('dsr.candidate')}</Tag> : null}
                  {request.subjectType === 'unmatched' ? (
                    <Button size="small" icon={<UserAddOutlined aria-hidden="true" />} onClick={() => onMatched({ subjectType: s.entity, subjectId: s.id })} data-testid={`discovery-match-${s.id}`}>
                      {t('dsr.matchSubject')}
                    </Button>
                  ) : null}
                </Space>
              </li>
            ))}
          </ul>
          {result.moreCandidates > 0 ? <Typography.Paragraph type="secondary">{t('dsr.moreCandidates', { count: result.moreCandidates })}</Typography.Paragraph> : null}
          {audit.isError ? (
            <Typography.Paragraph type="warning" data-testid="audit-unavailable">
              {t('dsr.auditUnavailable')}
            </Typography.Paragraph>
          ) : null}
          {!matched ? <Typography.Paragraph type="secondary">{t('dsr.auditNeedsMatch')}</Typography.Paragraph> : null}
          {audit.data?.truncated ? <Typography.Paragraph type="secondary">{t('dsr.auditTruncated')}</Typography.Paragraph> : null}
          {notHeld.length > 0 ? <Typography.Paragraph type="secondary">{t('dsr.notHeld', { what: notHeld.map((n) => t(`dsr.notHeldKinds.${n}`)).join(', ') })}</Typography.Paragraph> : null}
          {rows.length > 0 ? (
            <Table<Row>
              rowKey="key"
              size="small"
              virtual
              scroll={{ y: 360, x: 900 }}
              pagination={false}
              columns={columns}
              dataSource={rows}
              rowSelection={{
                selectedRowKeys: included.map((r) => r.key),
                onChange: (keys) => setExcluded(new Set(rows.filter((r) => !keys.includes(r.key)).map((r) => r.key))),
                columnTitle: undefined,
                getCheckboxProps: (r) => ({ 'aria-label': t('dsr.includeItem', { label: r.label }) }),
              }}
              expandable={{
                columnTitle: <span className="custos-visually-hidden">{t('dsr.showAll')}</span>,
                // The whole record, as it will go into the copy (redacted or not), for the review.
                expandedRowRender: (r) => (
                  <dl className="custos-record-fields">
                    {Object.entries(r.thirdParty && !unredacted.has(r.key) ? r.redacted : r.fields).map(([k, v]) => (
                      <div key={k}>
                        <dt>{k}</dt>
                        <dd>{v === null || v === '' ? '—' : String(v)}</dd>
                      </div>
                    ))}
                  </dl>
                ),
              }}
              data-testid="discovery-table"
            />
          ) : null}
        </>
      ) : null}

      {canBuild && rows.length > 0 ? (
        <section aria-labelledby="package-title" className="custos-top-gap" data-testid="package-panel">
          <Typography.Title level={3} id="package-title">
            {t('dsr.package')}
          </Typography.Title>
          <Typography.Paragraph type="secondary">{t('dsr.packageExplain', { count: included.length, language: t(`dsr.languages.${request.language}`) })}</Typography.Paragraph>
          <Space wrap align="start">
            <Input.Password placeholder={t('dsr.password')} aria-label={t('dsr.password')} value={password} onChange={(e) => setPassword(e.target.value)} autoComplete="new-password" data-testid="package-password" />
            <Input.Password placeholder={t('dsr.passwordConfirm')} aria-label={t('dsr.passwordConfirm')} value={confirm} onChange={(e) => setConfirm(e.target.value)} autoComplete="new-password" data-testid="package-password-confirm" />
          </Space>
          {passwordProblem ? <Typography.Paragraph type="danger" role="alert">{passwordProblem}</Typography.Paragraph> : null}
          {!password ? (
            <Alert
              type="warning"
              showIcon
              className="custos-top-gap"
              title={t('dsr.unencryptedWarning')}
              description={
                <Checkbox checked={acknowledged} onChange={(e) => setAcknowledged(e.target.checked)} data-testid="package-acknowledge">
                  {t('dsr.unencryptedAcknowledge')}
                </Checkbox>
              }
            />
          ) : null}
          <div className="custos-top-gap">
            <Button type="primary" icon={<FileZipOutlined aria-hidden="true" />} disabled={!mayBuild} loading={job?.state === 'running'} onClick={() => void build()} data-testid="package-build">
              {t('dsr.buildPackage')}
            </Button>
          </div>
          {job ? (
            <div className="custos-top-gap" aria-live="polite" data-testid="package-progress">
              <Progress percent={Math.round((job.done / job.total) * 100)} status={job.state === 'failed' ? 'exception' : job.state === 'done' ? 'success' : 'active'} />
              <Typography.Text type="secondary">{t(`dsr.packageSteps.${job.step}`)}</Typography.Text>
              {job.result ? (
                <Typography.Paragraph className="custos-top-gap" data-testid="package-result">
                  {t('dsr.packageBuilt', { name: job.result.fileName })} <Typography.Text code>SHA-256 {job.result.sha256}</Typography.Text>{' '}
                  {job.result.encrypted ? <Tag color="green">{t('dsr.encrypted')}</Tag> : <Tag color="orange">{t('dsr.notEncrypted')}</Tag>}
                </Typography.Paragraph>
              ) : null}
            </div>
          ) : null}
        </section>
      ) : null}
    </section>
  );
}
