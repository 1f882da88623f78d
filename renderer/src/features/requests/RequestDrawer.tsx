import { useState } from 'react';
import { Alert, App, Button, Descriptions, Drawer, Dropdown, Form, Input, Modal, Popconfirm, Select, Space, Switch, Timeline, Typography, type ButtonProps } from 'antd';
import { DeleteOutlined, DownloadOutlined, EditOutlined, DownOutlined, FieldTimeOutlined, PauseCircleOutlined, PlayCircleOutlined, SafetyOutlined, SendOutlined, StopOutlined, CheckOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { CommandName } from '../../../../shared/commands.js';
import type { RequestDetail } from '../../../../shared/request-views.js';
import { clockPauses, DELIVERY_METHODS, PAUSE_REASONS, REFUSAL_GROUNDS, VERIFICATION_METHODS, type RequestEvent } from '../../../../shared/requests.js';
import { api } from '../../api/client.js';
import { invalidateAfter, usePatchCommand } from '../../api/commands.js';
import { EditPatchModal } from '../edit/EditPatchModal.js';
import { useQueryOp } from '../../api/hooks.js';
import { useCanRun } from '../../app/currentUser.js';
import { download } from '../../app/files.js';
import { useFormat } from '../../app/format.js';
import { useErrorText } from '../../app/useErrorText.js';
import { ErrorState, Loading } from '../../components/States.js';
import { DiscoveryPanel } from './DiscoveryPanel.js';
import { localDay } from './RegisterDialog.js';
import { DueTag, PausedTag, StatusTag } from './labels.js';

type Step = 'verify' | 'extend' | 'refuse' | 'fulfil' | 'deliver' | 'pause' | 'resume' | null;

/** One request from intake to delivery: its facts, the next steps its status allows, and its history. */
export function RequestDrawer({ id, onClose }: { id: string | null; onClose: () => void }) {
  const { t } = useTranslation();
  const detail = useQueryOp('requests.get', { id: id ?? '' }, { enabled: id !== null, staleTime: 1_000, refetchInterval: 3_000 });
  const title = detail.data ? t('dsr.drawerTitle', { reference: detail.data.request.reference || t('dsr.referencePending') }) : t('dsr.detailTitle');
  return (
    <Drawer open={id !== null} onClose={onClose} size={880} title={title} classNames={{ body: 'custos-drawer-scroller' }} destroyOnHidden>
      <div data-testid="request-drawer" className="custos-drawer-body" tabIndex={0} role="region" aria-label={title}>
        {id === null ? null : detail.isPending ? (
          <Loading />
        ) : detail.isError && !detail.data ? (
          <ErrorState error={detail.error} onRetry={() => void detail.refetch()} />
        ) : (
          <RequestDetailView key={id} data={detail.data} />
        )}
      </div>
    </Drawer>
  );
}

function RequestDetailView({ data }: { data: RequestDetail }) {
  const { t } = useTranslation();
  const format = useFormat();
  const { message } = App.useApp();
  const errorText = useErrorText();
  const queryClient = useQueryClient();
  const canAct = useCanRun('request.verify');
  const [step, setStep] = useState<Step>(null);
  const [packageSha, setPackageSha] = useState<{ sha256: string; items: number } | null>(null);
  const r = data.request;
  const queued = data.pending.length > 0;
  const open = ['received', 'verified', 'fulfilled'].includes(r.status);
  const copyType = ['access', 'copy', 'portability'].includes(r.type);
  const eraseType = ['deletion', 'account_cancellation'].includes(r.type);
  // While the clock is paused, the steps that close the request or move its deadline wait for the resumption.
  const paused = data.pause !== null;
  const pausedDays = data.pauses.reduce((n, p) => n + (p.days ?? 0), 0);
  const dayUnit = r.regime === 'pipl_working_days' ? 'workingDays' : 'days';
  const lastResumed = data.pauses.at(-1)?.to ?? null;

  const send = async (name: CommandName, input: Record<string, unknown>, done: string) => {
    try {
      await api.invoke(name as 'request.verify', input as never);
      void message.success(t(done));
      setStep(null);
    } catch (err) {
      void message.error(errorText(err));
    } finally {
      void invalidateAfter(queryClient, name);
    }
  };
  const exportHistory = async (format: 'json' | 'csv') => {
    try {
      const file = await api.invoke('requests.history', { id: r.id, format });
      download(file.fileName, file.mime, file.contentBase64);
    } catch (err) {
      void message.error(errorText(err));
    }
  };
  const people = (userId: string) => data.people[userId] ?? userId;

  return (
    <>
      {queued ? <Alert type="info" showIcon title={t('dsr.queuedNote')} className="custos-bottom-gap" data-testid="request-queued" /> : null}
      {!data.calendarKnown ? <Alert type="warning" showIcon title={t('dsr.calendarUnknown')} className="custos-bottom-gap" /> : null}
      {data.pause ? (
        <Alert
          type="info"
          showIcon
          icon={<PauseCircleOutlined aria-hidden="true" />}
          title={t('dsr.pausedNote', { date: format.date(data.pause.since), reason: t(`dsr.pauseReasons.${data.pause.reason}`) })}
          description={pauseNote(r.history)}
          className="custos-bottom-gap"
          data-testid="request-paused"
        />
      ) : null}
      <Descriptions size="small" column={2} bordered data-testid="request-facts">
        <Descriptions.Item label={t('dsr.type')}>{t(`dsr.types.${r.type}`)}</Descriptions.Item>
        <Descriptions.Item label={t('dsr.status')}>
          <span data-testid="request-status">
            <StatusTag status={r.status} />
          </span>
        </Descriptions.Item>
        <Descriptions.Item label={t('dsr.subject')}>{data.subjectName ?? r.identifiers.name ?? t('dsr.unknownSubject')}</Descriptions.Item>
        <Descriptions.Item label={t('dsr.language')}>{t(`dsr.languages.${r.language}`)}</Descriptions.Item>
        <Descriptions.Item label={t('dsr.identifiers')}>
          {[r.identifiers.mobile, r.identifiers.email, r.identifiers.idNumber].filter(Boolean).join(' · ') || '—'}
        </Descriptions.Item>
        <Descriptions.Item label={t('dsr.channel')}>{t(`dsr.channels.${r.channel}`)}</Descriptions.Item>
        <Descriptions.Item label={t('dsr.receivedOn')}>{format.date(r.receivedOn)}</Descriptions.Item>
        <Descriptions.Item label={t('dsr.regime')}>{t(`dsr.regimes.${r.regime}`)}</Descriptions.Item>
        <Descriptions.Item label={t('dsr.due')}>
          <Space size={4} wrap data-testid="request-due">
            <span className="custos-day">{format.date(data.currentDue)}</span>
            <DueTag state={data.dueState} />
            <PausedTag since={data.pause?.since ?? null} />
            {r.extendedDueOn ? <Typography.Text type="secondary">{t('dsr.extendedFrom', { date: format.date(r.dueOn) })}</Typography.Text> : null}
            {pausedDays > 0 ? <Typography.Text type="secondary">{t(`dsr.movedByPauses.${dayUnit}`, { count: pausedDays })}</Typography.Text> : null}
          </Space>
        </Descriptions.Item>
        <Descriptions.Item label={t('dsr.assignee')}>{data.assigneeName ?? '—'}</Descriptions.Item>
        <Descriptions.Item label={t('dsr.repeatFee')} span={2}>
          <Space>
            {canAct && open ? (
              <Switch
                size="small"
                checked={r.repeatFee}
                disabled={queued}
                onChange={(on) => void send('request.update', { id: r.id, patch: { repeatFee: on } }, 'dsr.repeatFeeSaved')}
                aria-label={t('dsr.repeatFee')}
                data-testid="request-repeat-fee"
              />
            ) : null}
            <span>{r.repeatFee ? t('dsr.repeatFeeNote') : t('dsr.repeatFeeNo')}</span>
          </Space>
        </Descriptions.Item>
        {r.verification ? (
          <Descriptions.Item label={t('dsr.verification')} span={2}>
            {t(`dsr.verificationMethods.${r.verification.method}`)} — {r.verification.evidence} ({people(r.verification.by)}, {format.dateTime(r.verification.at)})
          </Descriptions.Item>
        ) : null}
        {r.refusal ? (
          <Descriptions.Item label={t('dsr.refusal')} span={2}>
            {t(`dsr.grounds.${r.refusal.ground}`)} — {r.refusal.rationale}
          </Descriptions.Item>
        ) : null}
        {r.fulfilment ? (
          <Descriptions.Item label={t('dsr.fulfilment')} span={2}>
            {r.fulfilment.summary}
            {r.fulfilment.packageSha256 ? <Typography.Text code className="custos-hash"> SHA-256 {r.fulfilment.packageSha256.slice(0, 16)}…</Typography.Text> : null}
          </Descriptions.Item>
        ) : null}
        {r.delivery ? (
          <Descriptions.Item label={t('dsr.delivery')} span={2}>
            {t(`dsr.deliveryMethods.${r.delivery.method}`)}, {format.date(r.delivery.on)}
          </Descriptions.Item>
        ) : null}
        {r.notes ? <Descriptions.Item label={t('dsr.notes')} span={2}>{r.notes}</Descriptions.Item> : null}
      </Descriptions>

      {canAct ? (
        <div className="custos-request-actions" role="group" aria-label={t('dsr.nextSteps')}>
          {r.status === 'received' ? (
            <Button type="primary" icon={<SafetyOutlined aria-hidden="true" />} onClick={() => setStep('verify')} disabled={queued} data-testid="request-verify">
              {t('dsr.verify')}
            </Button>
          ) : null}
          {paused ? (
            <Button type="primary" icon={<PlayCircleOutlined aria-hidden="true" />} onClick={() => setStep('resume')} disabled={queued} data-testid="request-resume">
              {t('dsr.resume')}
            </Button>
          ) : r.status === 'received' || r.status === 'verified' ? (
            <Button icon={<PauseCircleOutlined aria-hidden="true" />} onClick={() => setStep('pause')} disabled={queued} data-testid="request-pause">
              {t('dsr.pause')}
            </Button>
          ) : null}
          {open && r.status !== 'fulfilled' && data.latestExtension ? (
            <Button icon={<FieldTimeOutlined aria-hidden="true" />} onClick={() => setStep('extend')} disabled={queued || paused} data-testid="request-extend">
              {t('dsr.extend')}
            </Button>
          ) : null}
          {r.status === 'verified' ? (
            <Button type={copyType ? 'default' : 'primary'} icon={<CheckOutlined aria-hidden="true" />} onClick={() => setStep('fulfil')} disabled={queued || paused || (copyType && !packageSha)} data-testid="request-fulfil">
              {t('dsr.fulfil')}
            </Button>
          ) : null}
          {(r.status === 'fulfilled' || r.status === 'refused') && !r.delivery ? (
            <Button type="primary" icon={<SendOutlined aria-hidden="true" />} onClick={() => setStep('deliver')} disabled={queued} data-testid="request-deliver">
              {t('dsr.deliver')}
            </Button>
          ) : null}
          {r.status === 'received' || r.status === 'verified' ? (
            <Button danger icon={<StopOutlined aria-hidden="true" />} onClick={() => setStep('refuse')} disabled={queued || paused} data-testid="request-refuse">
              {t('dsr.refuse')}
            </Button>
          ) : null}
          <Dropdown menu={{ items: [{ key: 'csv', label: 'CSV' }, { key: 'json', label: 'JSON' }], onClick: ({ key }) => void exportHistory(key as 'csv' | 'json') }} trigger={['click']} disabled={!r.reference}>
            <Button icon={<DownloadOutlined aria-hidden="true" />} data-testid="request-history-export">
              {t('dsr.exportHistory')} <DownOutlined aria-hidden="true" />
            </Button>
          </Dropdown>
        </div>
      ) : null}

      {canAct && r.status === 'verified' && eraseType && r.subjectType !== 'unmatched' ? <ErasurePanel data={data} onSend={send} /> : null}
      {canAct && r.status === 'verified' && r.type === 'consent_withdrawal' ? <WithdrawalPanel data={data} onSend={send} /> : null}
      {canAct && r.status === 'verified' && r.type === 'correction' && r.subjectId && r.subjectType !== 'unmatched' ? <CorrectionPanel request={r} subjectName={data.subjectName} /> : null}
      {canAct && open ? <DiscoveryPanel request={r} canBuild={r.status === 'verified' && copyType} onBuilt={setPackageSha} onMatched={(patch) => void send('request.update', { id: r.id, patch }, 'dsr.matched')} /> : null}

      <section aria-labelledby="request-history-title" className="custos-top-gap">
        <Typography.Title level={2} id="request-history-title">
          {t('dsr.history')}
        </Typography.Title>
        <Timeline
          data-testid="request-history"
          items={r.history.map((e) => ({
            key: `${e.at}-${e.action}`,
            content: (
              <span>
                <strong>{t(`dsr.actions.${e.action}`, { defaultValue: e.action })}</strong> · {people(e.by)} · {format.dateTime(e.at)}
                {e.action === 'request.pause' ? <> — {t(`dsr.pauseReasons.${String(e.detail.reason)}`)}, {t('dsr.pauseFromDay', { date: format.date(String(e.detail.from)) })}</> : null}
                {e.action === 'request.recount' ? <> — {t('dsr.recountDetail', { year: String(e.detail.year), from: format.date(String(e.detail.from)), to: format.date(String(e.detail.to)) })}</> : null}
                {e.action === 'request.resume' ? <> — {t(`dsr.resumeDetail.${dayUnit}`, { count: Number(e.detail.days), from: format.date(String(e.detail.from)), to: format.date(String(e.detail.to)), date: format.date(String(e.detail.extendedDueOn ?? e.detail.dueOn)) })}</> : null}
              </span>
            ),
          }))}
        />
      </section>

      {step === 'verify' ? (
        <StepDialog
          title={t('dsr.verify')}
          okText={t('dsr.verifyOk')}
          testId="verify"
          onCancel={() => setStep(null)}
          onOk={(v) => send('request.verify', { id: r.id, method: v.method, evidence: v.text }, 'dsr.verified')}
          select={{ name: 'method', label: t('dsr.verificationMethod'), options: VERIFICATION_METHODS.map((m) => ({ value: m, label: t(`dsr.verificationMethods.${m}`) })) }}
          text={{ label: t('dsr.evidence'), hint: t('dsr.evidenceHint'), min: 3 }}
        />
      ) : null}
      {step === 'refuse' ? (
        <StepDialog
          title={t('dsr.refuse')}
          okText={t('dsr.refuseOk')}
          testId="refuse"
          danger
          onCancel={() => setStep(null)}
          onOk={(v) => send('request.refuse', { id: r.id, ground: v.method, rationale: v.text }, 'dsr.refused')}
          select={{ name: 'method', label: t('dsr.ground'), options: REFUSAL_GROUNDS.map((g) => ({ value: g, label: t(`dsr.grounds.${g}`) })) }}
          text={{ label: t('dsr.rationale'), hint: t('dsr.rationaleHint'), min: 10 }}
        />
      ) : null}
      {step === 'deliver' ? (
        <StepDialog
          title={t('dsr.deliver')}
          okText={t('dsr.deliverOk')}
          testId="deliver"
          onCancel={() => setStep(null)}
          onOk={(v) => send('request.deliver', { id: r.id, method: v.method, on: v.date }, 'dsr.delivered')}
          select={{ name: 'method', label: t('dsr.deliveryMethod'), options: DELIVERY_METHODS.map((m) => ({ value: m, label: t(`dsr.deliveryMethods.${m}`) })) }}
          date={{ label: t('dsr.deliveredOn'), min: r.receivedOn, max: localDay(), initial: localDay() }}
        />
      ) : null}
      {step === 'extend' ? (
        <StepDialog
          title={t('dsr.extend')}
          okText={t('dsr.extendOk')}
          testId="extend"
          onCancel={() => setStep(null)}
          onOk={(v) => send('request.extend', { id: r.id, extendedDueOn: v.date, reason: v.text }, 'dsr.extended')}
          date={{ label: t('dsr.newDue'), min: r.extendedDueOn ?? r.dueOn, max: data.latestExtension ?? undefined, initial: data.latestExtension ?? '', hint: t('dsr.latestExtension', { date: format.date(data.latestExtension) }) }}
          text={{ label: t('dsr.extensionReason'), hint: t('dsr.extensionReasonHint'), min: 3 }}
        />
      ) : null}
      {step === 'pause' ? (
        <StepDialog
          title={t('dsr.pause')}
          okText={t('dsr.pauseOk')}
          testId="pause"
          onCancel={() => setStep(null)}
          onOk={(v) => send('request.pause', { id: r.id, reason: v.method, note: v.text, from: v.date }, 'dsr.pausedDone')}
          intro={t(`dsr.pauseExplain.${dayUnit}`)}
          select={{ name: 'method', label: t('dsr.pauseReason'), options: PAUSE_REASONS.map((p) => ({ value: p, label: t(`dsr.pauseReasons.${p}`) })) }}
          date={{ label: t('dsr.pauseFrom'), min: lastResumed && lastResumed > r.receivedOn ? lastResumed : r.receivedOn, max: localDay(), initial: localDay() }}
          text={{ label: t('dsr.pauseNote'), hint: t('dsr.pauseNoteHint'), min: 3 }}
        />
      ) : null}
      {step === 'resume' && data.pause ? (
        <StepDialog
          title={t('dsr.resume')}
          okText={t('dsr.resumeOk')}
          testId="resume"
          onCancel={() => setStep(null)}
          onOk={(v) => send('request.resume', { id: r.id, on: v.date }, 'dsr.resumed')}
          intro={t(`dsr.resumeExplain.${dayUnit}`)}
          date={{ label: t('dsr.resumeOn'), min: data.pause.since, max: localDay(), initial: localDay() }}
        />
      ) : null}
      {step === 'fulfil' ? (
        <StepDialog
          title={t('dsr.fulfil')}
          okText={t('dsr.fulfilOk')}
          testId="fulfil"
          onCancel={() => setStep(null)}
          onOk={(v) => send('request.fulfil', { id: r.id, summary: v.text, packageSha256: packageSha?.sha256 ?? null, items: packageSha?.items ?? 0 }, 'dsr.fulfilled')}
          text={{ label: t('dsr.summary'), hint: copyType ? t('dsr.summaryCopyHint') : t('dsr.summaryHint'), min: 3, initial: copyType && packageSha ? t('dsr.summaryCopy', { count: packageSha.items }) : '' }}
        />
      ) : null}
    </>
  );
}

interface StepValues {
  method: string;
  text: string;
  date: string;
}

/** A small form for one step: a choice from a fixed list, a date, a free text (each optional). */
function StepDialog(props: {
  title: string;
  okText: string;
  testId: string;
  danger?: boolean;
  onCancel: () => void;
  onOk: (v: StepValues) => Promise<void>;
  /** A sentence above the form saying what the step does. */
  intro?: string;
  select?: { name: string; label: string; options: { value: string; label: string }[] };
  date?: { label: string; min?: string; max?: string; initial: string; hint?: string };
  text?: { label: string; hint: string; min: number; initial?: string };
}) {
  const { t } = useTranslation();
  const [form] = Form.useForm<StepValues>();
  const [busy, setBusy] = useState(false);
  return (
    <Modal
      open
      title={props.title}
      okText={props.okText}
      cancelText={t('edit.cancel')}
      onCancel={props.onCancel}
      confirmLoading={busy}
      okButtonProps={{ danger: props.danger, 'data-testid': `${props.testId}-ok` } as ButtonProps}
      onOk={() =>
        void form.validateFields().then(async (v) => {
          setBusy(true);
          try {
            await props.onOk(v);
          } finally {
            setBusy(false);
          }
        })
      }
      destroyOnHidden
    >
      {props.intro ? <Typography.Paragraph>{props.intro}</Typography.Paragraph> : null}
      <Form form={form} layout="vertical" initialValues={{ date: props.date?.initial, text: props.text?.initial ?? '' }}>
        {props.select ? (
          <Form.Item name="method" label={props.select.label} rules={[{ required: true, message: t('edit.required') }]}>
            <Select options={props.select.options} data-testid={`${props.testId}-select`} />
          </Form.Item>
        ) : null}
        {props.date ? (
          <Form.Item
            name="date"
            label={props.date.label}
            extra={props.date.hint}
            rules={[
              { required: true, message: t('edit.required') },
              { validator: (_, v: string) => (v && ((props.date!.min && v < props.date!.min) || (props.date!.max && v > props.date!.max)) ? Promise.reject(new Error(t('dsr.dateOutOfRange'))) : Promise.resolve()) },
            ]}
          >
            <Input type="date" min={props.date.min} max={props.date.max} data-testid={`${props.testId}-date`} />
          </Form.Item>
        ) : null}
        {props.text ? (
          <Form.Item name="text" label={props.text.label} extra={props.text.hint} rules={[{ required: true, min: props.text.min, whitespace: true, message: t('dsr.textTooShort', { count: props.text.min }) }]}>
            <Input.TextArea rows={3} maxLength={2000} data-testid={`${props.testId}-text`} />
          </Form.Item>
        ) : null}
      </Form>
    </Modal>
  );
}

/** Erasure on request: what stops it (a hold, employment, a retention floor), or the button. */
function ErasurePanel({ data, onSend }: { data: RequestDetail; onSend: (name: CommandName, input: Record<string, unknown>, done: string) => Promise<void> }) {
  const { t } = useTranslation();
  const format = useFormat();
  const r = data.request;
  const blockers = data.erasureBlockers ?? [];
  return (
    <section aria-labelledby="erasure-title" className="custos-panel custos-top-gap" data-testid="erasure-panel">
      <Typography.Title level={2} id="erasure-title">
        {t('dsr.erasure')}
      </Typography.Title>
      {blockers.length > 0 ? (
        <Alert
          type="warning"
          showIcon
          title={t('dsr.cannotErase')}
          description={
            <ul data-testid="erasure-blockers">
              {blockers.map((b) => (
                <li key={b.code}>{b.code === 'retention_floor' ? t('dsr.blockers.retention_floor', { date: format.date(b.until), reason: t(`retention.reasons.${b.reason}`) }) : t(`dsr.blockers.${b.code}`)}</li>
              ))}
            </ul>
          }
        />
      ) : (
        <>
          <Typography.Paragraph>{t('dsr.eraseExplain')}</Typography.Paragraph>
          <Popconfirm title={t('dsr.eraseConfirm', { name: data.subjectName ?? '' })} okText={t('dsr.erase')} cancelText={t('edit.cancel')} okButtonProps={{ danger: true, 'data-testid': 'erase-confirm' } as ButtonProps} onConfirm={() => onSend('subject.erase', { id: r.id, subjectType: r.subjectType, subjectId: r.subjectId }, 'dsr.erased')}>
            <Button danger icon={<DeleteOutlined aria-hidden="true" />} disabled={data.pending.length > 0 || r.history.some((h) => h.action === 'subject.erase')} data-testid="request-erase">
              {t('dsr.erase')}
            </Button>
          </Popconfirm>
        </>
      )}
    </section>
  );
}

/** Consent withdrawal: the subject's consents in force, each withdrawn by a new record (the old ones stay as proof). */
function WithdrawalPanel({ data, onSend }: { data: RequestDetail; onSend: (name: CommandName, input: Record<string, unknown>, done: string) => Promise<void> }) {
  const { t } = useTranslation();
  const format = useFormat();
  const [chosen, setChosen] = useState<string[]>(data.consents.map((c) => c.id));
  return (
    <section aria-labelledby="withdrawal-title" className="custos-panel custos-top-gap" data-testid="withdrawal-panel">
      <Typography.Title level={2} id="withdrawal-title">
        {t('dsr.withdrawal')}
      </Typography.Title>
      {data.consents.length === 0 ? (
        <Typography.Paragraph type="secondary">{t('dsr.noConsents')}</Typography.Paragraph>
      ) : (
        <>
          <Select
            mode="multiple"
            value={chosen}
            onChange={setChosen}
            className="custos-full-width"
            aria-label={t('dsr.withdrawal')}
            options={data.consents.map((c) => ({ value: c.id, label: `${t(`dsr.purposes.${c.purpose}`, { defaultValue: c.purpose })} (${format.date(c.at)})` }))}
          />
          <Button className="custos-top-gap" disabled={chosen.length === 0 || data.pending.length > 0} onClick={() => void onSend('consent.withdraw', { id: data.request.id, consentIds: chosen }, 'dsr.withdrawn')} data-testid="request-withdraw">
            {t('dsr.withdraw')}
          </Button>
        </>
      )}
    </section>
  );
}

const CORRECTABLE = {
  employee: ['name', 'mobile', 'email', 'title', 'address', 'birthDate', 'gender', 'idNumber'],
  contact: ['name', 'title', 'mobile', 'email', 'wechat', 'address'],
} as const;

/**
 * Correction: the person's record opened in the same edit form as elsewhere, so the change goes
 * through the usual command (outbox, conflicts, audit). The values come from discovery (shared
 * query), unmasked: the officer is answering the person about their own data.
 */
function CorrectionPanel({ request, subjectName }: { request: RequestDetail['request']; subjectName: string | null }) {
  const { t } = useTranslation();
  const [editing, setEditing] = useState(false);
  const found = useQueryOp('requests.discover', { requestId: request.id }, { staleTime: 5_000 });
  const kind = request.subjectType as 'employee' | 'contact';
  const profile = found.data?.categories.flatMap((c) => c.items).find((i) => i.entity === kind && i.id === request.subjectId);
  const employeeUpdate = usePatchCommand('employee.update', () => setEditing(false));
  const contactUpdate = usePatchCommand('contact.update', () => setEditing(false));
  const title = t('dsr.correctTitle', { name: subjectName ?? '' });
  // People's records are edited by administrators (org admins within their scope, super admins).
  const mayEdit = useCanRun(kind === 'employee' ? 'employee.update' : 'contact.update');
  if (!mayEdit) {
    return (
      <section aria-labelledby="correction-title" className="custos-panel custos-top-gap" data-testid="correction-panel">
        <Typography.Title level={2} id="correction-title">
          {t('dsr.correction')}
        </Typography.Title>
        <Alert type="info" showIcon title={t('dsr.correctionByAdmin')} />
      </section>
    );
  }
  return (
    <section aria-labelledby="correction-title" className="custos-panel custos-top-gap" data-testid="correction-panel">
      <Typography.Title level={2} id="correction-title">
        {t('dsr.correction')}
      </Typography.Title>
      <Typography.Paragraph>{t('dsr.correctionExplain')}</Typography.Paragraph>
      <Button icon={<EditOutlined aria-hidden="true" />} disabled={!profile} onClick={() => setEditing(true)} data-testid="request-correct">
        {t('dsr.correct')}
      </Button>
      {kind === 'employee' ? (
        <EditPatchModal
          open={editing}
          title={title}
          command="employee.update"
          recordId={request.subjectId!}
          fields={CORRECTABLE.employee}
          initial={profile?.fields ?? {}}
          mode="changes"
          saving={employeeUpdate.isPending}
          saveTestId="correction-save"
          onCancel={() => setEditing(false)}
          onNothingChanged={() => setEditing(false)}
          onSubmit={(patch) => employeeUpdate.send(request.subjectId!, patch)}
        />
      ) : (
        <EditPatchModal
          open={editing}
          title={title}
          command="contact.update"
          recordId={request.subjectId!}
          fields={CORRECTABLE.contact}
          initial={profile?.fields ?? {}}
          mode="changes"
          saving={contactUpdate.isPending}
          saveTestId="correction-save"
          onCancel={() => setEditing(false)}
          onNothingChanged={() => setEditing(false)}
          onSubmit={(patch) => contactUpdate.send(request.subjectId!, patch)}
        />
      )}
    </section>
  );
}

/** What the officer asked of the requester when the clock was last paused (kept in the request's history). */
function pauseNote(history: readonly RequestEvent[]): string | null {
  if (clockPauses(history).at(-1)?.to !== null) return null;
  const last = [...history].reverse().find((e) => e.action === 'request.pause');
  return typeof last?.detail.note === 'string' ? last.detail.note : null;
}
