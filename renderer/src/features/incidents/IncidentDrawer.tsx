import { useState } from 'react';
import { Alert, App, Button, Descriptions, Drawer, Form, Input, Modal, Select, Space, Table, Tabs, Tag, Timeline, Typography, type ButtonProps } from 'antd';
import { CheckOutlined, DownloadOutlined, EditOutlined, NotificationOutlined, SendOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { CommandName } from '../../../../shared/commands.js';
import type { IncidentDetail } from '../../../../shared/incident-views.js';
import { ANNOUNCEMENT_REASONS, NOTICE_CHANNELS, NOTICE_ITEMS, type NoticeItems, type SecurityIncident } from '../../../../shared/incidents.js';
import { SUBJECT_LANGUAGES } from '../../../../shared/requests.js';
import { api } from '../../api/client.js';
import { invalidateAfter } from '../../api/commands.js';
import { useQueryOp } from '../../api/hooks.js';
import { useCanRun } from '../../app/currentUser.js';
import { download } from '../../app/files.js';
import { useFormat } from '../../app/format.js';
import { useErrorText } from '../../app/useErrorText.js';
import { ErrorState, Loading } from '../../components/States.js';
import { localDay } from '../requests/RegisterDialog.js';
import { AffectedFinder } from './AffectedFinder.js';
import { RecordIncidentDialog } from './RecordIncidentDialog.js';
import { ClockTag, IncidentStatusTag } from './labels.js';

/** One incident: its facts and clocks, the people it concerns, their notices, the regulator's report, closing. */
export function IncidentDrawer({ id, onClose }: { id: string | null; onClose: () => void }) {
  const { t } = useTranslation();
  const detail = useQueryOp('incidents.get', { id: id ?? '', peopleLimit: 200 }, { enabled: id !== null, staleTime: 1_000, refetchInterval: 3_000 });
  const title = detail.data ? t('inc.drawerTitle', { reference: detail.data.reference || t('inc.referencePending') }) : t('inc.detailTitle');
  return (
    <Drawer open={id !== null} onClose={onClose} size={920} title={title} classNames={{ body: 'custos-drawer-scroller' }} destroyOnHidden>
      <div data-testid="incident-drawer" className="custos-drawer-body" tabIndex={0} role="region" aria-label={title}>
        {id === null ? null : detail.isPending ? (
          <Loading />
        ) : detail.isError && !detail.data ? (
          <ErrorState error={detail.error} onRetry={() => void detail.refetch()} />
        ) : (
          <IncidentDetailView key={id} data={detail.data} />
        )}
      </div>
    </Drawer>
  );
}

function useRun() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const errorText = useErrorText();
  const queryClient = useQueryClient();
  const [busy, setBusy] = useState<string | null>(null);
  const run = async (name: CommandName, input: unknown, done?: string): Promise<boolean> => {
    setBusy(name);
    try {
      await api.invoke(name as 'incident.close', input as never);
      await invalidateAfter(queryClient, name);
      void message.success(done ?? t('inc.queuedDone'));
      return true;
    } catch (err) {
      void message.error(errorText(err as never));
      return false;
    } finally {
      setBusy(null);
    }
  };
  return { run, busy };
}

function IncidentDetailView({ data }: { data: IncidentDetail }) {
  const { t, i18n } = useTranslation();
  const uiLanguage = (SUBJECT_LANGUAGES as readonly string[]).includes(i18n.language) ? (i18n.language as (typeof SUBJECT_LANGUAGES)[number]) : 'en';
  const format = useFormat();
  const canEdit = useCanRun('incident.update') && data.status !== 'closed';
  const { run, busy } = useRun();
  const { message } = App.useApp();
  const errorText = useErrorText();
  const [editing, setEditing] = useState(false);
  const [tab, setTab] = useState('facts');

  const report = async (format: 'pdf' | 'json') => {
    try {
      const file = await api.invoke('incidents.report', { id: data.id, format, language: uiLanguage });
      download(file.fileName, file.mime, file.contentBase64);
    } catch (err) {
      void message.error(errorText(err as never));
    }
  };

  return (
    <Space direction="vertical" size="middle" className="custos-full-width">
      <Space wrap>
        <IncidentStatusTag status={data.status} />
        {data.pending.length > 0 ? <Tag color="blue">{t('inc.queued')}</Tag> : null}
        {data.sensitive ? <Tag color="magenta">{t('inc.sensitiveTag')}</Tag> : null}
        {data.euSubjects ? <Tag color="blue">{t('inc.euTag')}</Tag> : null}
      </Space>
      <Descriptions size="small" bordered column={1} data-testid="incident-clocks">
        <Descriptions.Item label={t('inc.regulatorDue')}>
          {data.regulatorDueAt ? (
            <Space size={4} wrap>
              <span>{format.dateTime(data.regulatorDueAt)}</span>
              <ClockTag state={data.clocks.regulator} testId="regulator" />
              {data.regulatorReport ? <span>{t('inc.reportedAt', { at: format.dateTime(data.regulatorReport.at) })}</span> : null}
            </Space>
          ) : (
            t('inc.noRegulatorTerm')
          )}
        </Descriptions.Item>
        <Descriptions.Item label={t('inc.noticesDue')}>
          <Space size={4} wrap>
            <span>{format.date(data.noticesDueOn)}</span>
            <ClockTag state={data.clocks.notices} testId="notices" />
            <span>{t('inc.peopleSummary', { count: data.peopleTotal, unnotified: data.unnotifiedCount, noContact: data.noContact })}</span>
          </Space>
        </Descriptions.Item>
      </Descriptions>
      <Tabs
        activeKey={tab}
        onChange={setTab}
        items={[
          {
            key: 'facts',
            label: t('inc.tabs.facts'),
            children: (
              <Space direction="vertical" className="custos-full-width">
                {canEdit ? (
                  <Button icon={<EditOutlined aria-hidden="true" />} onClick={() => setEditing(true)} data-testid="incident-edit">
                    {t('inc.editFacts')}
                  </Button>
                ) : null}
                <Descriptions size="small" bordered column={1}>
                  <Descriptions.Item label={t('inc.title')}>{data.title}</Descriptions.Item>
                  <Descriptions.Item label={t('inc.discoveredAt')}>{`${format.dateTime(data.discoveredAt)} (${data.timeZone})`}</Descriptions.Item>
                  <Descriptions.Item label={t('inc.occurred')}>{`${data.occurredFrom ? format.dateTime(data.occurredFrom) : '?'} – ${data.occurredTo ? format.dateTime(data.occurredTo) : '?'}`}</Descriptions.Item>
                  <Descriptions.Item label={t('inc.description')}>{data.description || '—'}</Descriptions.Item>
                  <Descriptions.Item label={t('inc.cause')}>{data.cause || '—'}</Descriptions.Item>
                  <Descriptions.Item label={t('inc.systems')}>{data.systems.join(', ') || '—'}</Descriptions.Item>
                  <Descriptions.Item label={t('inc.fields')}>{data.fields.map((f) => t(`inc.fieldNames.${f}`)).join(', ') || '—'}</Descriptions.Item>
                  <Descriptions.Item label={t('inc.owner')}>{data.ownerName ?? '—'}</Descriptions.Item>
                </Descriptions>
                {data.byField.length > 0 ? (
                  <Table
                    size="small"
                    rowKey="field"
                    pagination={false}
                    dataSource={data.byField}
                    columns={[
                      { key: 'f', title: t('inc.field'), render: (_, r) => t(`inc.fieldNames.${r.field}`) },
                      { key: 's', title: t('inc.sensitive'), render: (_, r) => (r.sensitive ? t('inc.yes') : t('inc.no')) },
                      { key: 'n', title: t('inc.people'), render: (_, r) => format.number(r.people) },
                    ]}
                    data-testid="incident-by-field"
                  />
                ) : null}
              </Space>
            ),
          },
          { key: 'people', label: t('inc.tabs.people', { count: data.peopleTotal }), children: <PeopleTab data={data} /> },
          { key: 'notices', label: t('inc.tabs.notices'), children: <NoticesTab data={data} /> },
          {
            key: 'report',
            label: t('inc.tabs.report'),
            children: (
              <Space direction="vertical" className="custos-full-width">
                <Typography.Paragraph>{t('inc.reportIntro')}</Typography.Paragraph>
                <Space wrap>
                  <Button icon={<DownloadOutlined aria-hidden="true" />} onClick={() => void report('pdf')} data-testid="incident-report-pdf">
                    {t('inc.reportPdf')}
                  </Button>
                  <Button icon={<DownloadOutlined aria-hidden="true" />} onClick={() => void report('json')} data-testid="incident-report-json">
                    {t('inc.reportJson')}
                  </Button>
                </Space>
                {canEdit && !data.regulatorReport ? <ReportSentForm id={data.id} run={run} busy={busy} /> : null}
              </Space>
            ),
          },
          {
            key: 'history',
            label: t('inc.tabs.history'),
            children: (
              <Timeline
                items={data.history.map((e) => ({
                  children: (
                    <span>
                      {format.dateTime(e.at)} — {t(`inc.actions.${e.action}`, { defaultValue: e.action })} — {data.historyNames[e.by] ?? e.by}
                    </span>
                  ),
                }))}
              />
            ),
          },
        ]}
      />
      {canEdit ? (
        <Space direction="vertical" className="custos-full-width">
          {data.closeRefusals.length > 0 ? (
            <Alert type="warning" showIcon title={t('inc.cannotClose')} description={data.closeRefusals.map((r) => t(`inc.closeRefusals.${r}`, { count: data.unnotifiedCount })).join(' ')} data-testid="incident-close-refusals" />
          ) : null}
          <Button type="primary" icon={<CheckOutlined aria-hidden="true" />} disabled={data.closeRefusals.length > 0} loading={busy === 'incident.close'} onClick={() => void run('incident.close', { id: data.id }, t('inc.closedDone'))} data-testid="incident-close">
            {t('inc.close')}
          </Button>
        </Space>
      ) : null}
      {editing ? <RecordIncidentDialog incident={{ ...data, affected: [], deliveries: [] } as SecurityIncident} onClose={() => setEditing(false)} /> : null}
    </Space>
  );
}

function ReportSentForm({ id, run, busy }: { id: string; run: ReturnType<typeof useRun>['run']; busy: string | null }) {
  const { t } = useTranslation();
  const [reference, setReference] = useState('');
  return (
    <Space wrap>
      <Input aria-label={t('inc.regulatorReference')} placeholder={t('inc.regulatorReference')} value={reference} onChange={(e) => setReference(e.target.value)} maxLength={100} data-testid="incident-regulator-reference" />
      <Button icon={<SendOutlined aria-hidden="true" />} loading={busy === 'incident.reportRegulator'} onClick={() => void run('incident.reportRegulator', { id, at: new Date().toISOString(), reference: reference.trim() })} data-testid="incident-report-sent">
        {t('inc.reportSent')}
      </Button>
    </Space>
  );
}

function PeopleTab({ data }: { data: IncidentDetail }) {
  const { t } = useTranslation();
  const format = useFormat();
  const canEdit = useCanRun('incident.setAffected') && data.status !== 'closed';
  const [finding, setFinding] = useState(false);
  return (
    <Space direction="vertical" className="custos-full-width">
      {canEdit ? (
        <Button onClick={() => setFinding((f) => !f)} aria-expanded={finding} data-testid="incident-find-open">
          {t('inc.findPeople')}
        </Button>
      ) : null}
      {finding ? <AffectedFinder incident={data} onDone={() => setFinding(false)} /> : null}
      <Typography.Text>{t('inc.peopleSummary', { count: data.peopleTotal, unnotified: data.unnotifiedCount, noContact: data.noContact })}</Typography.Text>
      <Table
        size="small"
        rowKey={(p) => `${p.subjectType}:${p.subjectId}`}
        dataSource={data.people}
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        columns={[
          { key: 'name', title: t('inc.person'), render: (_, p) => p.name },
          { key: 'kind', title: t('inc.personKind'), render: (_, p) => t(`inc.entities.${p.subjectType}`) },
          { key: 'ctx', title: t('inc.personContext'), render: (_, p) => p.context ?? '—' },
          { key: 'lang', title: t('inc.language'), render: (_, p) => t(`dsr.languages.${p.language}`) },
          { key: 'ch', title: t('inc.channels'), render: (_, p) => (p.channels.length ? p.channels.map((c) => t(`inc.channelNames.${c}`)).join(', ') : <Tag color="red">{t('inc.noContactTag')}</Tag>) },
          { key: 'told', title: t('inc.notified'), render: (_, p) => (p.notified ? t('inc.yes') : p.lastDelivery ? t('inc.failedOn', { date: format.date(p.lastDelivery.on) }) : t('inc.no')) },
        ]}
        locale={{ emptyText: t('inc.noPeople') }}
        data-testid="incident-people"
      />
    </Space>
  );
}

function NoticesTab({ data }: { data: IncidentDetail }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const errorText = useErrorText();
  const canEdit = useCanRun('incident.setItems') && data.status !== 'closed';
  const { run, busy } = useRun();
  const [language, setLanguage] = useState<(typeof SUBJECT_LANGUAGES)[number]>(data.missingItems[0]?.language ?? 'zh-CN');
  const [form] = Form.useForm<NoticeItems>();
  const [channel, setChannel] = useState<(typeof NOTICE_CHANNELS)[number]>('email');
  const [announcing, setAnnouncing] = useState(false);

  const notices = async (format: 'csv' | 'json') => {
    try {
      const file = await api.invoke('incidents.notices', { id: data.id, format });
      download(file.fileName, file.mime, file.contentBase64);
    } catch (err) {
      void message.error(errorText(err as never));
    }
  };
  const markDelivered = async () => {
    const file = await api.invoke('incidents.get', { id: data.id, peopleLimit: 50_000 });
    const entries = file.people.filter((p) => !p.notified && p.channels.includes(channel)).map((p) => ({ subjectType: p.subjectType, subjectId: p.subjectId, channel, on: localDay(), outcome: 'delivered' as const }));
    if (entries.length === 0) {
      void message.info(t('inc.nobodyOnChannel'));
      return;
    }
    await run('incident.logDeliveries', { id: data.id, entries }, t('inc.deliveriesLogged', { count: entries.length }));
  };

  return (
    <Space direction="vertical" className="custos-full-width">
      <Typography.Paragraph>{t('inc.itemsIntro')}</Typography.Paragraph>
      {data.missingItems.length > 0 ? (
        <Alert type="info" showIcon title={t('inc.itemsMissing', { list: [...new Set(data.missingItems.map((m) => t(`dsr.languages.${m.language}`)))].join(', ') })} data-testid="incident-items-missing" />
      ) : null}
      <Select
        value={language}
        onChange={(l) => {
          setLanguage(l);
          form.setFieldsValue(data.items[l] ?? { happened: '', measures: '', selfHelp: '', remedies: '' });
        }}
        showSearch
        optionFilterProp="label"
        options={SUBJECT_LANGUAGES.map((l) => ({ value: l, label: t(`dsr.languages.${l}`) }))}
        aria-label={t('inc.language')}
        data-testid="incident-items-language"
      />
      <Form form={form} layout="vertical" key={language} initialValues={data.items[language] ?? { happened: '', measures: '', selfHelp: '', remedies: '' }} disabled={!canEdit} data-testid="incident-items-form">
        {NOTICE_ITEMS.map((item) => (
          <Form.Item key={item} name={item} label={t(`inc.items.${item}`)}>
            <Input.TextArea rows={2} maxLength={4000} data-testid={`incident-item-${item}`} />
          </Form.Item>
        ))}
      </Form>
      {canEdit ? (
        <Button loading={busy === 'incident.setItems'} onClick={() => void run('incident.setItems', { id: data.id, language, items: form.getFieldsValue() }, t('inc.itemsSaved'))} data-testid="incident-items-save">
          {t('inc.saveItems')}
        </Button>
      ) : null}
      <Typography.Title level={2} className="custos-section-title">{t('inc.deliveryTitle')}</Typography.Title>
      <Space wrap>
        <Button icon={<DownloadOutlined aria-hidden="true" />} disabled={data.missingItems.length > 0 || data.peopleTotal === 0} onClick={() => void notices('csv')} data-testid="incident-notices-csv">
          {t('inc.noticesCsv')}
        </Button>
        <Button icon={<DownloadOutlined aria-hidden="true" />} disabled={data.missingItems.length > 0 || data.peopleTotal === 0} onClick={() => void notices('json')} data-testid="incident-notices-json">
          {t('inc.noticesJson')}
        </Button>
      </Space>
      {canEdit ? (
        <Space wrap>
          <Select value={channel} onChange={setChannel} options={NOTICE_CHANNELS.map((c) => ({ value: c, label: t(`inc.channelNames.${c}`) }))} aria-label={t('inc.channel')} data-testid="incident-delivery-channel" />
          <Button icon={<SendOutlined aria-hidden="true" />} loading={busy === 'incident.logDeliveries'} onClick={() => void markDelivered()} data-testid="incident-mark-delivered">
            {t('inc.markDelivered')}
          </Button>
          <Button icon={<NotificationOutlined aria-hidden="true" />} onClick={() => setAnnouncing(true)} data-testid="incident-announce-open">
            {t('inc.announce')}
          </Button>
        </Space>
      ) : null}
      <Typography.Text>{t('inc.deliveryCount', { count: data.deliveryCount })}</Typography.Text>
      {data.announcement ? (
        <Alert type="info" showIcon title={t('inc.announcedOn', { date: data.announcement.on, reason: t(`inc.announcementReasons.${data.announcement.reason}`) })} description={data.announcement.text} data-testid="incident-announcement" />
      ) : null}
      {announcing ? <AnnounceDialog id={data.id} onClose={() => setAnnouncing(false)} run={run} /> : null}
    </Space>
  );
}

function AnnounceDialog({ id, onClose, run }: { id: string; onClose: () => void; run: ReturnType<typeof useRun>['run'] }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<{ text: string; reason: (typeof ANNOUNCEMENT_REASONS)[number]; on: string }>();
  return (
    <Modal
      open
      title={t('inc.announce')}
      okText={t('inc.announceOk')}
      cancelText={t('edit.cancel')}
      onCancel={onClose}
      okButtonProps={{ 'data-testid': 'incident-announce-ok' } as ButtonProps}
      onOk={() =>
        void form.validateFields().then(async (v) => {
          if (await run('incident.announce', { id, ...v })) onClose();
        })
      }
      destroyOnHidden
    >
      <Form form={form} layout="vertical" initialValues={{ reason: 'no_contact_details', on: localDay() }}>
        <Form.Item name="reason" label={t('inc.announcementReason')}>
          <Select options={ANNOUNCEMENT_REASONS.map((r) => ({ value: r, label: t(`inc.announcementReasons.${r}`) }))} data-testid="incident-announce-reason" />
        </Form.Item>
        <Form.Item name="on" label={t('inc.announcedDay')} rules={[{ required: true, message: t('edit.required') }]}>
          <Input type="date" data-testid="incident-announce-on" />
        </Form.Item>
        <Form.Item name="text" label={t('inc.announcementText')} rules={[{ required: true, min: 20, message: t('inc.announcementTooShort') }]}>
          <Input.TextArea rows={5} maxLength={8000} data-testid="incident-announce-text" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
