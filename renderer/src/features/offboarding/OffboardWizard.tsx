import { useMemo, useState } from 'react';
import { Alert, App, Button, Collapse, DatePicker, Descriptions, Form, Modal, Radio, Select, Space, Steps, Table, Tag, Typography } from 'antd';
import { useQueryClient } from '@tanstack/react-query';
import dayjs, { type Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import { ulid } from 'ulid';
import type { OffboardingImpact } from '../../../../shared/contract.js';
import type { HandoverPlan } from '../../../../shared/domain.js';
import { invalidateAfter } from '../../api/commands.js';
import { api } from '../../api/client.js';
import { useQueryOp } from '../../api/hooks.js';
import { useErrorText } from '../../app/useErrorText.js';
import { routeHref } from '../../app/router.js';
import { ErrorState, Loading } from '../../components/States.js';
import { EmployeePicker } from '../org/manage.js';

/**
 * 办理离职 for one or many ticked employees: the impact preview, successors per category (and
 * per record for a single leaver), the timing, then one queued command per leaver. Everything
 * goes through the outbox, so it works offline and shows as queued until the cloud applies it.
 */
type Choice = { kind: 'default' } | { kind: 'pool' } | { kind: 'person'; id: string | null };
interface PlanForm {
  customers: 'successor' | 'pool';
  customersTo: string | null;
  approvalTasksTo: string | null;
  departmentsTo: string | null;
  reportsTo: string | null;
  timing: 'now' | 'scheduled';
  lastWorkingDay: Dayjs | null;
}

export function planOf(form: PlanForm, overrides: Map<string, { entity: 'customer' | 'approvalTask'; choice: Choice }>): HandoverPlan {
  return {
    customersTo: form.customers === 'pool' ? null : form.customersTo,
    approvalTasksTo: form.approvalTasksTo,
    departmentsTo: form.departmentsTo,
    reportsTo: form.reportsTo,
    overrides: [...overrides]
      .filter(([, o]) => o.choice.kind === 'pool' || (o.choice.kind === 'person' && o.choice.id))
      .map(([id, o]) => ({ entity: o.entity, id, to: o.choice.kind === 'person' ? o.choice.id : null })),
  };
}

function OverrideCell({ entity, id, value, onChange, exclude }: { entity: 'customer' | 'approvalTask'; id: string; value: Choice; onChange: (c: Choice) => void; exclude: string[] }) {
  const { t } = useTranslation();
  return (
    <Space.Compact block>
      <Select
        size="small"
        value={value.kind}
        aria-label={t('offboard.takeOverBy')}
        onChange={(k: Choice['kind']) => onChange(k === 'person' ? { kind: 'person', id: null } : { kind: k })}
        options={[
          { value: 'default', label: t('offboard.asAbove') },
          ...(entity === 'customer' ? [{ value: 'pool', label: t('offboard.publicPool') }] : []),
          { value: 'person', label: t('offboard.someoneElse') },
        ]}
        style={{ width: 150 }}
        data-testid={`override-${id}`}
      />
      {value.kind === 'person' ? <EmployeePicker activeOnly exclude={exclude} value={value.id} onChange={(p) => onChange({ kind: 'person', id: p })} aria-label={t('offboard.takeOverBy')} /> : null}
    </Space.Compact>
  );
}

function ImpactSummary({ leaver }: { leaver: OffboardingImpact }) {
  const { t } = useTranslation();
  const items = [
    { key: 'customers', label: t('offboard.customers'), children: t('offboard.customersCount', { count: leaver.customers.length, contacts: leaver.contacts }) },
    { key: 'followUps', label: t('offboard.followUps'), children: leaver.followUps },
    { key: 'pendingTasks', label: t('offboard.pendingTasks'), children: leaver.pendingTasks.length },
    { key: 'inFlight', label: t('offboard.inFlight'), children: leaver.inFlightApprovals.length },
    { key: 'roles', label: t('offboard.roles'), children: leaver.roles.length > 0 ? leaver.roles.map((r) => <Tag key={r.id}>{t(`roles.${r.role}`)}</Tag>) : 0 },
    { key: 'managed', label: t('offboard.managedDepartments'), children: leaver.managedDepartments.length },
    { key: 'reports', label: t('offboard.directReports'), children: leaver.directReports.length },
  ];
  const lists = [
    { key: 'c', label: t('offboard.customers'), rows: leaver.customers.map((c) => ({ id: c.id, text: c.name, extra: t('offboard.contactsCount', { count: c.contacts }) })) },
    { key: 't', label: t('offboard.pendingTasks'), rows: leaver.pendingTasks.map((x) => ({ id: x.id, text: x.title, extra: `${t('offboard.step', { step: x.step })} · ${x.applicantName ?? ''}` })) },
    { key: 'a', label: t('offboard.inFlight'), rows: leaver.inFlightApprovals.map((x) => ({ id: x.id, text: x.title, extra: t(`approvals.template.${x.templateType}`) })) },
    { key: 'd', label: t('offboard.managedDepartments'), rows: leaver.managedDepartments.map((x) => ({ id: x.id, text: x.name, extra: '' })) },
    { key: 'r', label: t('offboard.directReports'), rows: leaver.directReports.map((x) => ({ id: x.id, text: x.name, extra: '' })) },
  ].filter((l) => l.rows.length > 0);
  return (
    <div data-testid={`impact-${leaver.employee.id}`}>
      <Typography.Title level={3}>
        {leaver.employee.name} <Typography.Text type="secondary">{leaver.employee.employeeNo}</Typography.Text>
      </Typography.Title>
      {leaver.openOffboardingId ? <Alert type="warning" showIcon title={t('offboard.alreadyOpen')} /> : null}
      <Descriptions size="small" column={{ xs: 1, md: 2 }} items={items} />
      {lists.length > 0 ? (
        <Collapse
          size="small"
          items={lists.map((l) => ({
            key: l.key,
            label: `${l.label} (${l.rows.length})`,
            children: (
              <Table
                size="small"
                rowKey="id"
                virtual
                scroll={{ y: 240 }}
                pagination={false}
                dataSource={l.rows}
                columns={[
                  { key: 'text', dataIndex: 'text', title: t('offboard.record') },
                  { key: 'extra', dataIndex: 'extra', title: '' },
                ]}
              />
            ),
          }))}
        />
      ) : null}
    </div>
  );
}

export function OffboardWizard({ employeeIds, onClose }: { employeeIds: string[]; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const errorText = useErrorText();
  const queryClient = useQueryClient();
  const [step, setStep] = useState(0);
  const [form] = Form.useForm<PlanForm>();
  const [overrides, setOverrides] = useState(new Map<string, { entity: 'customer' | 'approvalTask'; choice: Choice }>());
  const [sending, setSending] = useState(false);
  const [failures, setFailures] = useState<{ name: string; error: string }[]>([]);
  const impact = useQueryOp('offboarding.impact', { employeeIds }, { staleTime: 0 });
  const leavers = useMemo(() => (impact.data?.leavers ?? []).filter((l) => !l.openOffboardingId && l.employee.status !== 'departed'), [impact.data]);
  const single = leavers.length === 1 ? leavers[0]! : null;
  const needsTasks = leavers.some((l) => l.pendingTasks.length > 0);
  const customersMode = Form.useWatch('customers', form);
  const timing = Form.useWatch('timing', form);
  const leaverIds = leavers.map((l) => l.employee.id);
  const choice = (id: string): Choice => overrides.get(id)?.choice ?? { kind: 'default' };
  const setChoice = (entity: 'customer' | 'approvalTask', id: string) => (c: Choice) => setOverrides((m) => new Map(m).set(id, { entity, choice: c }));

  const submit = async () => {
    const values = await form.validateFields();
    setSending(true);
    const failed: { name: string; error: string }[] = [];
    for (const leaver of leavers) {
      try {
        await api.invoke('employee.offboard', {
          id: ulid(),
          employeeId: leaver.employee.id,
          lastWorkingDay: values.timing === 'scheduled' && values.lastWorkingDay ? values.lastWorkingDay.format('YYYY-MM-DD') : null,
          plan: planOf(values, single ? overrides : new Map()),
          seen: { customers: leaver.customers.map((c) => c.id), approvalTasks: leaver.pendingTasks.map((x) => x.id) },
        });
      } catch (err) {
        failed.push({ name: leaver.employee.name, error: errorText(err) });
      }
    }
    setSending(false);
    void invalidateAfter(queryClient, 'employee.offboard');
    void invalidateAfter(queryClient, 'employee.update');
    if (failed.length === 0) {
      void message.success(t('offboard.queued', { count: leavers.length }));
      onClose();
      window.location.hash = routeHref('offboarding');
    } else setFailures(failed);
  };

  const body = () => {
    if (impact.isPending) return <Loading />;
    if (impact.isError) return <ErrorState error={impact.error} onRetry={() => void impact.refetch()} />;
    return (
      <>
        {step === 0 ? (
          <div className="custos-stack" data-testid="offboard-impact">
            {(impact.data?.leavers ?? []).map((l) => (
              <ImpactSummary key={l.employee.id} leaver={l} />
            ))}
          </div>
        ) : null}
        <div hidden={step !== 1}>{planForm}</div>
      </>
    );
  };

  const planForm = (
      <Form
        form={form}
        layout="vertical"
        initialValues={{ customers: 'successor', timing: 'now', customersTo: null, approvalTasksTo: null, departmentsTo: null, reportsTo: null, lastWorkingDay: null }}
        data-testid="offboard-plan"
      >
        <Form.Item name="customers" label={t('offboard.customersGo')}>
          <Radio.Group
            options={[
              { value: 'successor', label: t('offboard.toSuccessor') },
              { value: 'pool', label: t('offboard.publicPool') },
            ]}
          />
        </Form.Item>
        {customersMode !== 'pool' ? (
          <Form.Item name="customersTo" label={t('offboard.customersTo')} rules={[{ required: leavers.some((l) => l.customers.length > 0), message: t('offboard.chooseSuccessor') }]}>
            <EmployeePicker activeOnly exclude={leaverIds} testId="successor-customers" />
          </Form.Item>
        ) : null}
        <Form.Item name="approvalTasksTo" label={t('offboard.approvalTasksTo')} rules={[{ required: needsTasks, message: t('offboard.chooseSuccessor') }]}>
          <EmployeePicker activeOnly exclude={leaverIds} testId="successor-tasks" />
        </Form.Item>
        <Form.Item name="departmentsTo" label={t('offboard.departmentsTo')} extra={t('offboard.noneMeansNoManager')}>
          <EmployeePicker activeOnly exclude={leaverIds} testId="successor-departments" />
        </Form.Item>
        <Form.Item name="reportsTo" label={t('offboard.reportsTo')} extra={t('offboard.noneMeansNoManager')}>
          <EmployeePicker activeOnly exclude={leaverIds} testId="successor-reports" />
        </Form.Item>
        {single && (single.customers.length > 0 || single.pendingTasks.length > 0) ? (
          <Collapse
            size="small"
            items={[
              {
                key: 'overrides',
                label: t('offboard.perRecord'),
                children: (
                  <Table
                    size="small"
                    rowKey="id"
                    pagination={false}
                    scroll={{ y: 280 }}
                    virtual
                    dataSource={[
                      ...single.customers.map((c) => ({ id: c.id, entity: 'customer' as const, name: c.name })),
                      ...single.pendingTasks.map((x) => ({ id: x.id, entity: 'approvalTask' as const, name: x.title })),
                    ]}
                    columns={[
                      { key: 'entity', title: t('offboard.category'), width: 130, render: (_, r) => (r.entity === 'customer' ? t('offboard.customer') : t('offboard.task')) },
                      { key: 'name', dataIndex: 'name', title: t('offboard.record') },
                      { key: 'to', title: t('offboard.takeOverBy'), width: 360, render: (_, r) => <OverrideCell entity={r.entity} id={r.id} value={choice(r.id)} onChange={setChoice(r.entity, r.id)} exclude={leaverIds} /> },
                    ]}
                  />
                ),
              },
            ]}
          />
        ) : null}
        <Form.Item name="timing" label={t('offboard.timing')} className="custos-top-gap">
          <Radio.Group
            options={[
              { value: 'now', label: t('offboard.now') },
              { value: 'scheduled', label: t('offboard.scheduled') },
            ]}
            data-testid="offboard-timing"
          />
        </Form.Item>
        {timing === 'scheduled' ? (
          <Form.Item name="lastWorkingDay" label={t('offboard.lastWorkingDay')} rules={[{ required: true, message: t('offboard.chooseDay') }]} extra={t('offboard.scheduledHint')}>
            <DatePicker disabledDate={(d) => d.isBefore(dayjs().startOf('day'))} data-testid="offboard-day" />
          </Form.Item>
        ) : (
          <Typography.Paragraph type="secondary">{t('offboard.nowHint')}</Typography.Paragraph>
        )}
      </Form>
  );

  const blocked = (impact.data?.leavers ?? []).length - leavers.length;
  return (
    <Modal
      open
      width={920}
      title={t('offboard.title', { count: employeeIds.length })}
      onCancel={onClose}
      destroyOnHidden
      footer={
        <Space>
          <Button onClick={onClose}>{t('edit.cancel')}</Button>
          {step > 0 ? <Button onClick={() => setStep(step - 1)}>{t('offboard.back')}</Button> : null}
          {step === 0 ? (
            <Button type="primary" disabled={leavers.length === 0} onClick={() => setStep(1)} data-testid="offboard-next">
              {t('offboard.next')}
            </Button>
          ) : (
            <Button type="primary" danger loading={sending} onClick={() => void submit()} data-testid="offboard-confirm">
              {t('offboard.confirm', { count: leavers.length })}
            </Button>
          )}
        </Space>
      }
    >
      <Steps size="small" current={step} items={[{ title: t('offboard.stepImpact') }, { title: t('offboard.stepPlan') }]} className="custos-bottom-gap" />
      {blocked > 0 ? <Alert type="info" showIcon title={t('offboard.someBlocked', { count: blocked })} className="custos-bottom-gap" /> : null}
      {failures.length > 0 ? (
        <Alert
          type="error"
          showIcon
          title={t('offboard.someFailed')}
          description={failures.map((f) => `${f.name}: ${f.error}`).join('\n')}
          className="custos-bottom-gap"
          data-testid="offboard-failures"
        />
      ) : null}
      {body()}
    </Modal>
  );
}
