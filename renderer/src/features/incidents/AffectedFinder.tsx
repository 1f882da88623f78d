import { useState } from 'react';
import { Alert, App, Button, Descriptions, Form, Input, Select, Space, Table, Typography } from 'antd';
import { SearchOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { FindAffectedResult, IncidentDetail } from '../../../../shared/incident-views.js';
import { instantToZoned, zonedToInstant } from '../../../../shared/incidents.js';
import { api } from '../../api/client.js';
import { invalidateAfter } from '../../api/commands.js';
import { useQueryOp } from '../../api/hooks.js';
import { useFormat } from '../../app/format.js';
import { useErrorText } from '../../app/useErrorText.js';
import { EmployeePicker } from '../org/manage.js';
import { useFieldOptions } from './RecordIncidentDialog.js';

interface Criteria {
  fields: string[];
  from?: string;
  to?: string;
  departmentId?: string | null;
  ownerEmployeeId?: string | null;
  identifiers?: string;
}

/**
 * Finding the people an incident concerns, in the cache (offline too): catalogue fields in a time
 * window, a department subtree, a customer owner's contacts, pasted identifiers, or several at once
 * (each narrows the others). The counts and who cannot be reached come before the list is kept.
 */
export function AffectedFinder({ incident, onDone }: { incident: IncidentDetail; onDone: () => void }) {
  const { t } = useTranslation();
  const format = useFormat();
  const { message } = App.useApp();
  const errorText = useErrorText();
  const queryClient = useQueryClient();
  const fieldOptions = useFieldOptions();
  const departments = useQueryOp('org.departments', {});
  const [form] = Form.useForm<Criteria>();
  const [result, setResult] = useState<FindAffectedResult | null>(null);
  const [busy, setBusy] = useState<'find' | 'keep' | null>(null);
  const zone = incident.timeZone;
  const initial: Criteria = {
    fields: incident.fields,
    from: incident.occurredFrom ? instantToZoned(incident.occurredFrom, zone) : undefined,
    to: incident.occurredTo ? instantToZoned(incident.occurredTo, zone) : undefined,
    identifiers: '',
  };
  const input = (v: Criteria) => ({
    fields: v.fields ?? [],
    from: v.from ? zonedToInstant(v.from, zone) : null,
    to: v.to ? zonedToInstant(v.to, zone) : null,
    departmentId: v.departmentId ?? null,
    ownerEmployeeId: v.ownerEmployeeId ?? null,
    identifiers: v.identifiers ?? '',
    limit: 200,
  });

  const find = async () => {
    const v = form.getFieldsValue();
    setBusy('find');
    try {
      setResult(await api.invoke('incidents.findAffected', input(v)));
    } catch (err) {
      void message.error(errorText(err as never));
    } finally {
      setBusy(null);
    }
  };
  const keep = async () => {
    if (!result) return;
    const v = form.getFieldsValue();
    setBusy('keep');
    try {
      await api.invoke('incident.setAffected', {
        id: incident.id,
        people: result.all,
        criteria: { fields: (v.fields ?? []).length, window: Boolean(v.from || v.to), department: Boolean(v.departmentId), owner: Boolean(v.ownerEmployeeId), identifiers: Boolean(v.identifiers?.trim()), found: result.total },
      });
      await invalidateAfter(queryClient, 'incident.setAffected');
      void message.success(t('inc.peopleKept', { count: result.total }));
      onDone();
    } catch (err) {
      void message.error(errorText(err as never));
    } finally {
      setBusy(null);
    }
  };

  return (
    <section className="custos-panel custos-finder" aria-label={t('inc.findPeople')} data-testid="incident-finder">
      <Form form={form} layout="vertical" initialValues={initial} onFinish={() => void find()}>
        <Form.Item name="fields" label={t('inc.fields')}>
          <Select mode="multiple" options={fieldOptions} optionFilterProp="label" aria-label={t('inc.fields')} data-testid="finder-fields" />
        </Form.Item>
        <div className="custos-form-row">
          <Form.Item name="from" label={t('inc.windowFrom', { zone })}>
            <Input type="datetime-local" data-testid="finder-from" />
          </Form.Item>
          <Form.Item name="to" label={t('inc.windowTo', { zone })}>
            <Input type="datetime-local" data-testid="finder-to" />
          </Form.Item>
        </div>
        <div className="custos-form-row">
          <Form.Item name="departmentId" label={t('inc.department')}>
            <Select
              allowClear
              showSearch
              optionFilterProp="label"
              options={(departments.data?.departments ?? []).map((d) => ({ value: d.id, label: d.name }))}
              aria-label={t('inc.department')}
              data-testid="finder-department"
            />
          </Form.Item>
          <Form.Item name="ownerEmployeeId" label={t('inc.customerOwner')}>
            <EmployeePicker testId="finder-owner" aria-label={t('inc.customerOwner')} />
          </Form.Item>
        </div>
        <Form.Item name="identifiers" label={t('inc.identifiers')} extra={t('inc.identifiersHint')}>
          <Input.TextArea rows={3} data-testid="finder-identifiers" />
        </Form.Item>
        <Button type="primary" htmlType="submit" icon={<SearchOutlined aria-hidden="true" />} loading={busy === 'find'} data-testid="finder-run">
          {t('inc.find')}
        </Button>
      </Form>
      {result ? (
        <Space direction="vertical" className="custos-full-width" data-testid="finder-result">
          <Descriptions size="small" bordered column={2}>
            <Descriptions.Item label={t('inc.foundTotal')}>
              <span data-testid="finder-total">{format.number(result.total)}</span>
            </Descriptions.Item>
            <Descriptions.Item label={t('inc.foundSensitive')}>{format.number(result.sensitivePeople)}</Descriptions.Item>
            <Descriptions.Item label={t('inc.noContact')}>
              <span data-testid="finder-no-contact">{format.number(result.noContact)}</span>
            </Descriptions.Item>
            <Descriptions.Item label={t('inc.unmatchedIdentifiers')}>{format.number(result.unmatchedIdentifiers)}</Descriptions.Item>
          </Descriptions>
          {result.byField.length > 0 ? (
            <Typography.Text>{result.byField.map((c) => `${t(`inc.fieldNames.${c.field}`)}${c.sensitive ? ` (${t('inc.sensitiveShort')})` : ''}: ${format.number(c.people)}`).join(' · ')}</Typography.Text>
          ) : null}
          {result.total > result.people.length ? <Alert type="info" showIcon title={t('inc.listedFirst', { count: result.people.length })} /> : null}
          <Table
            size="small"
            rowKey={(p) => `${p.subjectType}:${p.subjectId}`}
            dataSource={result.people}
            pagination={{ pageSize: 10, hideOnSinglePage: true }}
            columns={[
              { key: 'name', title: t('inc.person'), render: (_, p) => p.name },
              { key: 'kind', title: t('inc.personKind'), render: (_, p) => t(`inc.entities.${p.subjectType}`) },
              { key: 'ctx', title: t('inc.personContext'), render: (_, p) => p.context ?? '—' },
              { key: 'lang', title: t('inc.language'), render: (_, p) => t(`dsr.languages.${p.language}`) },
              { key: 'ch', title: t('inc.channels'), render: (_, p) => (p.channels.length ? p.channels.map((c) => t(`inc.channelNames.${c}`)).join(', ') : t('inc.noContactTag')) },
            ]}
            data-testid="finder-people"
          />
          <Button type="primary" disabled={result.total === 0} loading={busy === 'keep'} onClick={() => void keep()} data-testid="finder-keep">
            {t('inc.keepPeople', { count: result.total })}
          </Button>
        </Space>
      ) : null}
    </section>
  );
}
