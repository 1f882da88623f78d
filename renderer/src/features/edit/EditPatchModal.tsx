import { useMemo, type ReactNode } from 'react';
import { App, AutoComplete, Button, Form, Input, InputNumber, Modal, Select, Space, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { commands, type PatchCommandName } from '../../../../shared/commands.js';
import { entityOf, fieldSpec, normaliseValue, type FieldSpec, type PatchField } from './fields.js';

export interface BlankKeeps {
  /** Placeholder explaining what a blank input means ("leave empty to keep 138****1234"). */
  placeholder: string;
  /** In 'all' mode, the value sent when the input is left blank. */
  value?: unknown;
}

export interface EditPatchModalProps<N extends PatchCommandName> {
  open: boolean;
  title: string;
  command: N;
  recordId: string;
  fields: readonly PatchField<N>[];
  /** Prefilled values (and, in 'changes' mode, the baseline a field must differ from to be sent). */
  initial: Partial<Record<string, unknown>>;
  /** 'changes': send only the fields that differ from `initial`. 'all': send every field (retry with edits). */
  mode: 'changes' | 'all';
  /** Fields not prefilled (masked or sensitive): blank keeps them. */
  blankKeeps?: Partial<Record<string, BlankKeeps>>;
  /** Autocomplete suggestions for text fields (industries). */
  suggestions?: Partial<Record<string, readonly string[]>>;
  /** Extra content under a field (the cloud's value of a conflicting field…); `set` fills the input. */
  renderExtra?: (field: string, set: (value: unknown) => void) => ReactNode;
  saving: boolean;
  saveTestId: string;
  onCancel: () => void;
  /** Called with a non-empty, schema-valid patch. */
  onSubmit: (patch: Record<string, unknown>) => void;
  /** Called instead of onSubmit when nothing changed ('changes' mode). */
  onNothingChanged?: () => void;
}

/** A form for a patch command's fields: validated against the command's schema before it is queued. */
export function EditPatchModal<N extends PatchCommandName>(props: EditPatchModalProps<N>) {
  const { t } = useTranslation();
  const [form] = Form.useForm<Record<string, unknown>>();
  const { message } = App.useApp();
  const entity = entityOf(props.command);
  const formName = `edit-${entity}`;

  const prefill = useMemo(() => {
    const values: Record<string, unknown> = {};
    for (const field of props.fields) {
      if (props.blankKeeps?.[field]) continue;
      const spec = fieldSpec(props.command, field);
      const v = props.initial[field];
      values[field] = v === null || v === undefined ? (spec?.kind === 'int' ? null : '') : v;
    }
    return values;
    // Only when the form opens: later refetches must not overwrite what the admin is typing.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [props.open]);

  const finish = (values: Record<string, unknown>) => {
    const patch: Record<string, unknown> = {};
    for (const field of props.fields) {
      const spec = fieldSpec(props.command, field);
      const value = normaliseValue(spec, values[field]);
      const keep = props.blankKeeps?.[field];
      if (keep && value === null) {
        if (props.mode === 'all' && 'value' in keep) patch[field] = keep.value;
        continue;
      }
      if (props.mode === 'changes' && sameValue(value, normaliseValue(spec, props.initial[field]))) continue;
      patch[field] = value;
    }
    if (Object.keys(patch).length === 0) {
      void message.info(t('edit.nothingChanged'));
      props.onNothingChanged?.();
      return;
    }
    const parsed = commands[props.command].args.safeParse({ id: props.recordId, patch });
    if (!parsed.success) {
      const byField = new Map<string, string[]>();
      for (const issue of parsed.error.issues) {
        const field = issue.path[0] === 'patch' && typeof issue.path[1] === 'string' ? issue.path[1] : null;
        if (field && props.fields.includes(field as PatchField<N>)) byField.set(field, [...(byField.get(field) ?? []), t('edit.invalidValue')]);
      }
      if (byField.size > 0) form.setFields([...byField].map(([name, errors]) => ({ name, errors })));
      else form.setFields([{ name: props.fields[0] as string, errors: [t('edit.invalidValue')] }]);
      return;
    }
    props.onSubmit(patch);
  };

  return (
    <Modal
      open={props.open}
      title={props.title}
      onCancel={props.onCancel}
      footer={null}
      destroyOnHidden
      mask={{ closable: !props.saving }}
      width={560}
    >
      <Form form={form} name={formName} layout="vertical" initialValues={prefill} onFinish={finish} requiredMark="optional" data-testid={`${formName}-form`}>
        {props.fields.map((field) => {
          const spec = fieldSpec(props.command, field);
          if (!spec) return null;
          const keep = props.blankKeeps?.[field];
          const extra = props.renderExtra?.(field, (value) => form.setFieldValue(field, value));
          return (
            <Form.Item
              key={field}
              name={field as string}
              label={t(`fields.${entity}.${field}`, { defaultValue: field })}
              rules={rulesFor(spec, Boolean(keep), t)}
              extra={extra}
            >
              {control(spec, keep?.placeholder, props.suggestions?.[field], t)}
            </Form.Item>
          );
        })}
        <Space className="custos-form-actions">
          <Button onClick={props.onCancel} disabled={props.saving}>
            {t('edit.cancel')}
          </Button>
          <Button type="primary" htmlType="submit" loading={props.saving} data-testid={props.saveTestId}>
            {t('edit.save')}
          </Button>
        </Space>
        <Typography.Paragraph type="secondary" className="custos-form-note">
          {t('edit.queuedNote')}
        </Typography.Paragraph>
      </Form>
    </Modal>
  );
}

function sameValue(a: unknown, b: unknown): boolean {
  return a === b || JSON.stringify(a) === JSON.stringify(b);
}

type T = (key: string, options?: Record<string, unknown>) => string;

function rulesFor(spec: FieldSpec, keptWhenBlank: boolean, t: T) {
  const rules: { required?: boolean; whitespace?: boolean; max?: number; type?: 'email'; pattern?: RegExp; message: string }[] = [];
  if (!spec.nullable && !keptWhenBlank) rules.push({ required: true, whitespace: spec.kind !== 'int' && spec.kind !== 'select', message: t('edit.required') });
  if (spec.max && spec.kind !== 'int' && spec.kind !== 'select') rules.push({ max: spec.max, message: t('edit.tooLong', { max: spec.max }) });
  if (spec.kind === 'email') rules.push({ type: 'email', message: t('edit.invalidEmail') });
  if (spec.kind === 'date') rules.push({ pattern: /^\d{4}-\d{2}-\d{2}$/, message: t('edit.invalidDate') });
  return rules;
}

function control(spec: FieldSpec, placeholder: string | undefined, suggestions: readonly string[] | undefined, t: T) {
  switch (spec.kind) {
    case 'select':
      return <Select options={(spec.options ?? []).map((v) => ({ value: v, label: t(`${spec.optionLabels}.${v}`) }))} />;
    case 'int':
      return <InputNumber precision={0} style={{ width: '100%' }} placeholder={placeholder} />;
    case 'textarea':
      return <Input.TextArea autoSize={{ minRows: 2, maxRows: 5 }} maxLength={spec.max} placeholder={placeholder} />;
    case 'date':
      return <Input placeholder={placeholder ?? t('edit.datePlaceholder')} maxLength={10} inputMode="numeric" />;
    case 'ref':
      return <Input allowClear maxLength={spec.max} placeholder={placeholder ?? t('edit.refPlaceholder')} />;
    case 'email':
      return <Input type="email" maxLength={spec.max} placeholder={placeholder} autoComplete="off" />;
    case 'text':
    default:
      return suggestions && suggestions.length > 0 ? (
        <AutoComplete
          options={suggestions.map((s) => ({ value: s }))}
          filterOption={(input, option) => String(option?.value ?? '').toLowerCase().includes(input.toLowerCase())}
          maxLength={spec.max}
          placeholder={placeholder}
        />
      ) : (
        <Input maxLength={spec.max} placeholder={placeholder} autoComplete="off" />
      );
  }
}
