import { App, Form, Input, Modal, Radio, Select, Typography, type ButtonProps } from 'antd';
import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { ulid } from 'ulid';
import { REQUEST_CHANNELS, REQUEST_REGIMES, REQUEST_TYPES, SUBJECT_LANGUAGES, calendarKnown, dueDate, type RequestRegime } from '../../../../shared/requests.js';
import { invalidateAfter } from '../../api/commands.js';
import { useCommandOp, useQueryOp } from '../../api/hooks.js';
import { useCurrentUser } from '../../app/currentUser.js';
import { useFormat } from '../../app/format.js';
import { useErrorText } from '../../app/useErrorText.js';
import { EmployeePicker } from '../org/manage.js';

interface Values {
  type: (typeof REQUEST_TYPES)[number];
  subjectType: 'employee' | 'unmatched';
  subjectId?: string | null;
  name?: string;
  mobile?: string;
  email?: string;
  idNumber?: string;
  language: (typeof SUBJECT_LANGUAGES)[number];
  channel: (typeof REQUEST_CHANNELS)[number];
  receivedOn: string;
  regime: RequestRegime;
  assigneeId: string | null;
  notes?: string;
}

/** Today on this computer's calendar. */
export const localDay = () => new Intl.DateTimeFormat('en-CA', { year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date());
const orNull = (v: string | undefined) => (v && v.trim() ? v.trim() : null);

/**
 * Intake of a request: what is asked, by whom (an employee picked from the directory, or a
 * person not matched yet, found later by discovery), how and when it arrived, and under which
 * regime its deadline runs (shown as the form is filled in).
 */
export function RegisterDialog({ onClose, onRegistered }: { onClose: () => void; onRegistered: (id: string) => void }) {
  const { t, i18n } = useTranslation();
  const format = useFormat();
  const { message } = App.useApp();
  const errorText = useErrorText();
  const queryClient = useQueryClient();
  const me = useCurrentUser();
  const assignees = useQueryOp('requests.assignees', {});
  const [form] = Form.useForm<Values>();
  const values = Form.useWatch([], form) as Partial<Values> | undefined;
  const register = useCommandOp('request.register', {
    onError: (err) => void message.error(errorText(err)),
  });
  const uiLanguage = (SUBJECT_LANGUAGES as readonly string[]).includes(i18n.language) ? (i18n.language as Values['language']) : 'en';
  const initial: Partial<Values> = { type: 'copy', subjectType: 'unmatched', language: uiLanguage, channel: 'email', receivedOn: localDay(), regime: 'pipl_working_days', assigneeId: me?.id ?? null };
  // The tenant's effective holiday calendar (imported years included), as the core and the cloud count.
  const calendar = useQueryOp('holidays.list', {}).data?.calendar;
  const due = calendar && values?.regime && values.receivedOn && /^\d{4}-\d{2}-\d{2}$/.test(values.receivedOn) ? dueDate(values.regime, values.receivedOn, calendar) : null;

  const submit = async () => {
    const v = await form.validateFields();
    if (v.subjectType === 'unmatched' && ![v.name, v.mobile, v.email, v.idNumber].some((x) => x && x.trim())) {
      form.setFields([{ name: 'name', errors: [t('dsr.needIdentifier')] }]);
      return;
    }
    const id = ulid();
    register.mutate(
      {
        id,
        type: v.type,
        subjectType: v.subjectType,
        subjectId: v.subjectType === 'employee' ? (v.subjectId ?? null) : null,
        identifiers: { name: orNull(v.name), mobile: orNull(v.mobile), email: orNull(v.email), idNumber: orNull(v.idNumber) },
        language: v.language,
        channel: v.channel,
        receivedOn: v.receivedOn,
        regime: v.regime,
        assigneeId: v.assigneeId ?? null,
        notes: v.notes?.trim() ?? '',
      },
      {
        onSuccess: () => {
          void invalidateAfter(queryClient, 'request.register');
          void message.success(t('dsr.registered'));
          onClose();
          onRegistered(id);
        },
      },
    );
  };

  return (
    <Modal
      open
      title={t('dsr.register')}
      okText={t('dsr.registerOk')}
      cancelText={t('edit.cancel')}
      onCancel={onClose}
      confirmLoading={register.isPending}
      okButtonProps={{ 'data-testid': 'request-register-ok' } as ButtonProps}
      onOk={() => void submit()}
      width={640}
      destroyOnHidden
    >
      <Form form={form} layout="vertical" initialValues={initial} data-testid="request-register-form">
        <Form.Item name="type" label={t('dsr.type')} rules={[{ required: true }]}>
          <Select options={REQUEST_TYPES.map((v) => ({ value: v, label: t(`dsr.types.${v}`) }))} data-testid="request-type" />
        </Form.Item>
        <Form.Item name="subjectType" label={t('dsr.subjectKind')}>
          <Radio.Group
            options={[
              { value: 'unmatched', label: t('dsr.subjectTypes.unmatched') },
              { value: 'employee', label: t('dsr.subjectTypes.employee') },
            ]}
            data-testid="request-subject-type"
          />
        </Form.Item>
        {values?.subjectType === 'employee' ? (
          <Form.Item name="subjectId" label={t('dsr.subject')} rules={[{ required: true, message: t('edit.required') }]}>
            <EmployeePicker testId="request-subject" aria-label={t('dsr.subject')} />
          </Form.Item>
        ) : (
          <Typography.Paragraph type="secondary">{t('dsr.unmatchedHint')}</Typography.Paragraph>
        )}
        <fieldset className="custos-fieldset">
          <legend>{t('dsr.identifiers')}</legend>
          <Form.Item name="name" label={t('dsr.idName')}>
            <Input maxLength={100} data-testid="request-name" />
          </Form.Item>
          <Form.Item name="mobile" label={t('dsr.idMobile')} rules={[{ pattern: /^\+?[0-9][0-9 -]{5,20}$/, message: t('dsr.badMobile') }]}>
            <Input maxLength={32} data-testid="request-mobile" />
          </Form.Item>
          <Form.Item name="email" label={t('dsr.idEmail')} rules={[{ type: 'email', message: t('dsr.badEmail') }]}>
            <Input maxLength={254} data-testid="request-email" />
          </Form.Item>
          <Form.Item name="idNumber" label={t('dsr.idNumber')}>
            <Input maxLength={32} data-testid="request-id-number" />
          </Form.Item>
        </fieldset>
        <Form.Item name="language" label={t('dsr.language')} extra={t('dsr.languageHint')}>
          <Select options={SUBJECT_LANGUAGES.map((v) => ({ value: v, label: t(`dsr.languages.${v}`) }))} data-testid="request-language" />
        </Form.Item>
        <Form.Item name="channel" label={t('dsr.channel')}>
          <Select options={REQUEST_CHANNELS.map((v) => ({ value: v, label: t(`dsr.channels.${v}`) }))} data-testid="request-channel" />
        </Form.Item>
        <Form.Item name="receivedOn" label={t('dsr.receivedOn')} rules={[{ required: true, message: t('edit.required') }, { validator: (_, v: string) => (v && v > localDay() ? Promise.reject(new Error(t('dsr.receivedFuture'))) : Promise.resolve()) }]}>
          <Input type="date" max={localDay()} data-testid="request-received" />
        </Form.Item>
        <Form.Item
          name="regime"
          label={t('dsr.regime')}
          extra={due ? `${t('dsr.dueWillBe', { date: format.date(due) })}${values?.regime === 'pipl_working_days' && calendar && !calendarKnown(due, calendar) ? ` ${t('dsr.calendarUnknownShort', { year: due.slice(0, 4) })}` : ''}` : undefined}
        >
          <Select options={REQUEST_REGIMES.map((v) => ({ value: v, label: t(`dsr.regimes.${v}`) }))} data-testid="request-regime" />
        </Form.Item>
        <Form.Item name="assigneeId" label={t('dsr.assignee')}>
          <Select allowClear options={(assignees.data?.assignees ?? []).map((a) => ({ value: a.userId, label: a.name }))} data-testid="request-assignee" />
        </Form.Item>
        <Form.Item name="notes" label={t('dsr.notes')}>
          <Input.TextArea rows={2} maxLength={4000} data-testid="request-notes" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
