import { App, Form, Input, InputNumber, Modal, Select, Switch, Typography, type ButtonProps } from 'antd';
import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { ulid } from 'ulid';
import { FIELD_CATALOGUE } from '../../../../shared/catalogue.js';
import { instantToZoned, noticesDueOn, REGIME_CLOCKS, regimeOf, regulatorDueAt, zonedToInstant, type SecurityIncident } from '../../../../shared/incidents.js';
import { invalidateAfter } from '../../api/commands.js';
import { useCommandOp, useQueryOp } from '../../api/hooks.js';
import { useCurrentUser } from '../../app/currentUser.js';
import { useFormat } from '../../app/format.js';
import { useErrorText } from '../../app/useErrorText.js';

interface Values {
  title: string;
  discoveredAt: string;
  timeZone: string;
  occurredFrom?: string;
  occurredTo?: string;
  description?: string;
  cause?: string;
  systems: string[];
  fields: string[];
  sensitive: boolean;
  euSubjects: boolean;
  regulatorHours: number | null;
  noticeDays: number;
  ownerId: string | null;
}

const browserZone = () => Intl.DateTimeFormat().resolvedOptions().timeZone || 'Asia/Shanghai';
const zones = (): string[] => {
  const supported = (Intl as unknown as { supportedValuesOf?: (k: string) => string[] }).supportedValuesOf?.('timeZone') ?? [];
  return [...new Set([browserZone(), 'Asia/Shanghai', 'Europe/Paris', 'UTC', ...supported])];
};
const SENSITIVE = new Set(FIELD_CATALOGUE.filter((f) => f.sensitive).map((f) => `${f.entity}.${f.field}`));

/** The catalogue fields as options, labelled "Employee · ID number (sensitive)". */
export function useFieldOptions() {
  const { t } = useTranslation();
  return FIELD_CATALOGUE.map((f) => {
    const value = `${f.entity}.${f.field}`;
    return { value, label: `${t(`inc.entities.${f.entity}`)} · ${t(`inc.fieldNames.${f.entity}.${f.field}`)}${f.sensitive ? ` (${t('inc.sensitiveShort')})` : ''}` };
  });
}

/**
 * Recording an incident, or editing its facts (`incident` given): when the officer became aware
 * (on the incident's time zone), what happened and why, the systems and catalogue fields
 * concerned, and the two clocks, shown as the form is filled in.
 */
export function RecordIncidentDialog({ incident, onClose, onRecorded }: { incident?: SecurityIncident; onClose: () => void; onRecorded?: (id: string) => void }) {
  const { t } = useTranslation();
  const format = useFormat();
  const { message } = App.useApp();
  const errorText = useErrorText();
  const queryClient = useQueryClient();
  const me = useCurrentUser();
  const owners = useQueryOp('requests.assignees', {});
  const fieldOptions = useFieldOptions();
  const [form] = Form.useForm<Values>();
  const values = Form.useWatch([], form) as Partial<Values> | undefined;
  const record = useCommandOp('incident.record', { onError: (err) => void message.error(errorText(err)) });
  const update = useCommandOp('incident.update', { onError: (err) => void message.error(errorText(err)) });
  const zone = incident?.timeZone ?? browserZone();
  const nowLocal = instantToZoned(new Date().toISOString(), zone);
  const initial: Partial<Values> = incident
    ? {
        ...incident,
        discoveredAt: instantToZoned(incident.discoveredAt, zone),
        occurredFrom: incident.occurredFrom ? instantToZoned(incident.occurredFrom, zone) : undefined,
        occurredTo: incident.occurredTo ? instantToZoned(incident.occurredTo, zone) : undefined,
      }
    : { discoveredAt: nowLocal, timeZone: zone, systems: [], fields: [], sensitive: false, euSubjects: false, ...REGIME_CLOCKS.pipl, ownerId: me?.id ?? null };

  const valid = values?.discoveredAt && values.timeZone && /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(values.discoveredAt);
  const clocks = valid
    ? (() => {
        const facts = { discoveredAt: zonedToInstant(values.discoveredAt!, values.timeZone!), timeZone: values.timeZone!, regulatorHours: values.regulatorHours ?? null, noticeDays: values.noticeDays ?? 30 };
        return { regulator: regulatorDueAt(facts), notices: noticesDueOn(facts) };
      })()
    : null;

  const submit = async () => {
    const v = await form.validateFields();
    const at = (local: string | undefined) => (local ? zonedToInstant(local, v.timeZone) : null);
    const facts = {
      title: v.title.trim(),
      discoveredAt: zonedToInstant(v.discoveredAt, v.timeZone),
      timeZone: v.timeZone,
      occurredFrom: at(v.occurredFrom),
      occurredTo: at(v.occurredTo),
      description: v.description?.trim() ?? '',
      cause: v.cause?.trim() ?? '',
      systems: v.systems ?? [],
      fields: v.fields ?? [],
      sensitive: v.sensitive,
      euSubjects: v.euSubjects,
      regulatorHours: v.regulatorHours ?? null,
      noticeDays: v.noticeDays,
      ownerId: v.ownerId ?? null,
    };
    const done = (name: 'incident.record' | 'incident.update', id: string) => {
      void invalidateAfter(queryClient, name);
      void message.success(t(name === 'incident.record' ? 'inc.recorded' : 'inc.saved'));
      onClose();
      onRecorded?.(id);
    };
    if (incident) update.mutate({ id: incident.id, patch: facts }, { onSuccess: () => done('incident.update', incident.id) });
    else {
      const id = ulid();
      record.mutate({ id, ...facts }, { onSuccess: () => done('incident.record', id) });
    }
  };

  return (
    <Modal
      open
      title={incident ? t('inc.editFacts') : t('inc.record')}
      okText={incident ? t('edit.save') : t('inc.recordOk')}
      cancelText={t('edit.cancel')}
      onCancel={onClose}
      confirmLoading={record.isPending || update.isPending}
      okButtonProps={{ 'data-testid': 'incident-record-ok' } as ButtonProps}
      onOk={() => void submit()}
      width={720}
      destroyOnHidden
    >
      <Form
        form={form}
        layout="vertical"
        initialValues={initial}
        data-testid="incident-record-form"
        onValuesChange={(changed: Partial<Values>) => {
          // The regime's default terms follow the EU switch; the officer may still change them.
          if ('euSubjects' in changed) form.setFieldsValue(REGIME_CLOCKS[regimeOf(changed.euSubjects === true)]);
          if ('fields' in changed && (changed.fields ?? []).some((f) => SENSITIVE.has(f))) form.setFieldsValue({ sensitive: true });
        }}
      >
        <Form.Item name="title" label={t('inc.title')} rules={[{ required: true, min: 3, message: t('inc.titleRequired') }]}>
          <Input maxLength={200} data-testid="incident-title" />
        </Form.Item>
        <div className="custos-form-row">
          <Form.Item name="discoveredAt" label={t('inc.discoveredAt')} extra={t('inc.discoveredHint')} rules={[{ required: true, message: t('edit.required') }]}>
            <Input type="datetime-local" data-testid="incident-discovered" />
          </Form.Item>
          <Form.Item name="timeZone" label={t('inc.timeZone')}>
            <Select showSearch options={zones().map((z) => ({ value: z, label: z }))} data-testid="incident-zone" />
          </Form.Item>
        </div>
        <div className="custos-form-row">
          <Form.Item name="occurredFrom" label={t('inc.occurredFrom')}>
            <Input type="datetime-local" data-testid="incident-from" />
          </Form.Item>
          <Form.Item name="occurredTo" label={t('inc.occurredTo')}>
            <Input type="datetime-local" data-testid="incident-to" />
          </Form.Item>
        </div>
        <Form.Item name="description" label={t('inc.description')}>
          <Input.TextArea rows={3} maxLength={8000} data-testid="incident-description" />
        </Form.Item>
        <Form.Item name="cause" label={t('inc.cause')}>
          <Input.TextArea rows={2} maxLength={4000} data-testid="incident-cause" />
        </Form.Item>
        <Form.Item name="systems" label={t('inc.systems')} extra={t('inc.systemsHint')}>
          <Select mode="tags" tokenSeparators={[',', '，']} open={false} suffixIcon={null} aria-label={t('inc.systems')} data-testid="incident-systems" />
        </Form.Item>
        <Form.Item name="fields" label={t('inc.fields')}>
          <Select mode="multiple" options={fieldOptions} optionFilterProp="label" aria-label={t('inc.fields')} data-testid="incident-fields" />
        </Form.Item>
        <div className="custos-form-row">
          <Form.Item name="sensitive" label={t('inc.sensitive')} valuePropName="checked">
            <Switch data-testid="incident-sensitive" />
          </Form.Item>
          <Form.Item name="euSubjects" label={t('inc.euSubjects')} valuePropName="checked" extra={t('inc.euHint')}>
            <Switch data-testid="incident-eu" />
          </Form.Item>
        </div>
        <div className="custos-form-row">
          <Form.Item name="regulatorHours" label={t('inc.regulatorHours')} extra={clocks?.regulator ? t('inc.regulatorWillBe', { at: format.dateTime(clocks.regulator) }) : t('inc.noRegulatorTerm')}>
            <InputNumber min={1} max={720} data-testid="incident-regulator-hours" />
          </Form.Item>
          <Form.Item name="noticeDays" label={t('inc.noticeDays')} rules={[{ required: true, message: t('edit.required') }]} extra={clocks ? t('inc.noticesWillBe', { date: format.date(clocks.notices) }) : undefined}>
            <InputNumber min={1} max={90} data-testid="incident-notice-days" />
          </Form.Item>
        </div>
        <Form.Item name="ownerId" label={t('inc.owner')}>
          <Select allowClear options={(owners.data?.assignees ?? []).map((a) => ({ value: a.userId, label: a.name }))} data-testid="incident-owner" />
        </Form.Item>
        <Typography.Paragraph type="secondary">{t('inc.clocksHint')}</Typography.Paragraph>
      </Form>
    </Modal>
  );
}
