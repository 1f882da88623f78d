import { useMemo, useState } from 'react';
import { App, AutoComplete, type ButtonProps, Button, DatePicker, Form, Input, Modal, Popconfirm, Select, Space, Spin, Tag, TreeSelect, Typography } from 'antd';
import { DeleteOutlined, DownloadOutlined, DragOutlined, EditOutlined, EyeOutlined, MergeCellsOutlined, PlusOutlined, UploadOutlined, UserAddOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import dayjs from 'dayjs';
import { useTranslation } from 'react-i18next';
import { ulid } from 'ulid';
import type { CommandName } from '../../../../shared/commands.js';
import { EMPLOYEE_STATUSES, statusEditable } from '../../../../shared/domain.js';
import type { DepartmentNode, EmployeeDetail, ImportPreview, OperationName, RevealableField, SearchHit } from '../../../../shared/contract.js';
import { invalidateAfter } from '../../api/commands.js';
import { api, isApiError } from '../../api/client.js';
import { useCommandOp, useQueryOp } from '../../api/hooks.js';
import { useCanRun } from '../../app/currentUser.js';
import { answerFor, useSearchText } from '../../app/useDebounced.js';
import { useErrorText } from '../../app/useErrorText.js';
import type { DeptIndex } from './tree.js';
import { download } from '../../app/files.js';
import { SpreadsheetChooser } from '../../components/SpreadsheetChooser.js';

/**
 * Organisation management: department actions, the employee form (with audited reveals of
 * sensitive fields), tenant-wide people search, import and export. Every change is a queued
 * command (shared/commands.ts); the console checks it against the cache at once and the cloud
 * applies it on the next sync.
 */

/** Runs a queued command: refetches what it affects, says so, and shows refusals with their reasons. */
function useQueued<N extends CommandName & OperationName>(name: N, onDone?: () => void) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const errorText = useErrorText();
  const queryClient = useQueryClient();
  return useCommandOp(name, {
    onSuccess: () => {
      void invalidateAfter(queryClient, name);
      void message.success(t('edit.saved'));
      onDone?.();
    },
    onError: (err) => {
      const problems = isApiError(err) ? (err.issues ?? []).map((i) => t(`manage.problems.${i.message}`, { defaultValue: i.message })) : [];
      void message.error(problems.length > 0 ? `${errorText(err)} ${problems.join(' ')}` : t('edit.failed', { error: errorText(err) }));
    },
  });
}

/** Departments as TreeSelect data, leaving out `exclude` and everything below it (no cycles by construction). */
interface TreeOption {
  value: string;
  title: string;
  children?: TreeOption[];
}
function departmentOptions(index: DeptIndex, exclude?: string): TreeOption[] {
  const build = (parent: string | null): TreeOption[] =>
    (index.childrenOf.get(parent) ?? [])
      .filter((d) => d.id !== exclude)
      .map((d) => {
        const children = build(d.id);
        return children.length > 0 ? { value: d.id, title: d.name, children } : { value: d.id, title: d.name };
      });
  return build(null);
}

function DepartmentPicker(props: { index: DeptIndex; exclude?: string; value?: string | string[]; onChange?: (v: string | string[]) => void; multiple?: boolean; id?: string; testId?: string }) {
  const { t } = useTranslation();
  const treeData = useMemo(() => departmentOptions(props.index, props.exclude), [props.index, props.exclude]);
  return (
    <TreeSelect
      id={props.id}
      showSearch
      treeNodeFilterProp="title"
      treeDefaultExpandAll={props.index.byId.size < 200}
      multiple={props.multiple}
      value={props.value}
      onChange={props.onChange}
      treeData={treeData}
      placeholder={t('manage.pickDepartment')}
      virtual
      listHeight={320}
      data-testid={props.testId}
    />
  );
}

/**
 * Picks an employee through the tenant-wide search. The options always belong to the text in
 * the box: while a newer query waits or loads, the list says it is loading and offers nothing,
 * so neither Enter nor a quick click can take a match of older, shorter text.
 */
export function EmployeePicker(props: {
  value?: string | null;
  onChange?: (id: string | null) => void;
  id?: string;
  testId?: string;
  initialLabel?: string | null;
  /** Only active employees (successors, managers), never these ids. */
  activeOnly?: boolean;
  exclude?: readonly string[];
  'aria-label'?: string;
}) {
  const { t } = useTranslation();
  const [text, setText] = useState('');
  const search = useSearchText(text, 200);
  const hits = useQueryOp('org.search', { query: search.query || '_', limit: 20 }, { enabled: search.query.length > 0 });
  const answer = answerFor(search, hits);
  const loading = search.query.length > 0 && answer === undefined && !hits.isError;
  const options = (answer?.rows ?? [])
    .filter((h) => (!props.activeOnly || h.status === 'active') && !props.exclude?.includes(h.id))
    .map((h) => ({ value: h.id, label: `${h.name} · ${h.employeeNo}` }));
  // The chosen person stays an option while the box is empty, so the closed control shows their name.
  const [picked, setPicked] = useState<{ value: string; label: string } | null>(null);
  const label = picked && picked.value === props.value ? picked.label : props.initialLabel;
  if (text.trim() === '' && props.value && label && !options.some((o) => o.value === props.value)) options.unshift({ value: props.value, label });
  return (
    <Select
      id={props.id}
      showSearch={{ filterOption: false, searchValue: text, onSearch: setText }}
      allowClear
      value={props.value ?? undefined}
      onChange={(v, option) => {
        setText('');
        const one = Array.isArray(option) ? option[0] : option;
        setPicked(typeof v === 'string' && one ? { value: v, label: String(one.label) } : null);
        props.onChange?.((v as string | undefined) ?? null);
      }}
      onBlur={() => setText('')}
      options={options}
      loading={loading}
      placeholder={t('manage.searchPerson')}
      aria-label={props['aria-label']}
      aria-busy={loading}
      notFoundContent={
        loading ? (
          <span data-testid="picker-loading">
            <Spin size="small" /> {t('app.loading')}
          </span>
        ) : search.query ? (
          t('manage.noPerson')
        ) : (
          t('manage.typeToSearch')
        )
      }
      data-testid={props.testId}
    />
  );
}

type DeptDialog = 'create' | 'rename' | 'move' | 'merge' | 'manager' | null;

/** The actions on the selected department; the UI offers only what the role may do. */
export function DepartmentActions({ department, index, onSelect }: { department: DepartmentNode; index: DeptIndex; onSelect: (id: string | null) => void }) {
  const { t } = useTranslation();
  const [dialog, setDialog] = useState<DeptDialog>(null);
  const [form] = Form.useForm();
  const close = () => {
    setDialog(null);
    form.resetFields();
  };
  const create = useQueued('department.create', close);
  const update = useQueued('department.update', close);
  const merge = useQueued('department.merge', close);
  const remove = useQueued('department.delete', () => onSelect(department.parentId));
  const canCreate = useCanRun('department.create');
  const canUpdate = useCanRun('department.update');
  const canDelete = useCanRun('department.delete');
  const isRoot = department.parentId === null;
  const [newId, setNewId] = useState(ulid);
  if (!canCreate && !canUpdate && !canDelete) return null;

  const submit = async () => {
    const v = (await form.validateFields()) as { name?: string; parentId?: string; into?: string; managerId?: string | null };
    if (dialog === 'create') {
      const siblings = index.childrenOf.get(department.id) ?? [];
      create.mutate(
        { id: newId, values: { parentId: department.id, name: v.name!.trim(), sort: siblings.length, managerId: null } },
        {
          onSuccess: () => {
            onSelect(newId);
            setNewId(ulid());
          },
        },
      );
    } else if (dialog === 'rename') update.mutate({ id: department.id, patch: { name: v.name!.trim() } });
    else if (dialog === 'move') update.mutate({ id: department.id, patch: { parentId: v.parentId!, sort: (index.childrenOf.get(v.parentId!) ?? []).length } });
    else if (dialog === 'merge') merge.mutate({ id: department.id, into: v.into! });
    else if (dialog === 'manager') update.mutate({ id: department.id, patch: { managerId: v.managerId ?? null } });
  };
  const siblings = index.childrenOf.get(department.parentId) ?? [];
  const position = siblings.findIndex((d) => d.id === department.id);
  const reorder = (delta: -1 | 1) => {
    const other = siblings[position + delta];
    if (!other) return;
    // Swap sort positions with the neighbour (two patches, each a queued command).
    update.mutate({ id: department.id, patch: { sort: other.sort === department.sort ? department.sort + delta : other.sort } });
    update.mutate({ id: other.id, patch: { sort: department.sort } });
  };
  const titles: Record<Exclude<DeptDialog, null>, string> = {
    create: t('manage.createDepartmentIn', { name: department.name }),
    rename: t('manage.renameDepartment', { name: department.name }),
    move: t('manage.moveDepartment', { name: department.name }),
    merge: t('manage.mergeDepartment', { name: department.name }),
    manager: t('manage.setManager', { name: department.name }),
  };

  return (
    <div className="custos-dept-actions" role="toolbar" aria-label={t('manage.departmentActions')} data-testid="department-actions">
      <Space wrap size="small">
        {canCreate ? (
          <Button size="small" icon={<PlusOutlined aria-hidden="true" />} onClick={() => setDialog('create')} data-testid="dept-create">
            {t('manage.newSubDepartment')}
          </Button>
        ) : null}
        {canUpdate ? (
          <>
            <Button size="small" icon={<EditOutlined aria-hidden="true" />} onClick={() => (form.setFieldsValue({ name: department.name }), setDialog('rename'))} data-testid="dept-rename">
              {t('manage.rename')}
            </Button>
            {!isRoot ? (
              <>
                <Button size="small" icon={<DragOutlined aria-hidden="true" />} onClick={() => setDialog('move')} data-testid="dept-move">
                  {t('manage.moveTo')}
                </Button>
                <Button size="small" onClick={() => reorder(-1)} disabled={position <= 0} aria-label={t('manage.moveUp')} data-testid="dept-up">
                  ↑
                </Button>
                <Button size="small" onClick={() => reorder(1)} disabled={position < 0 || position >= siblings.length - 1} aria-label={t('manage.moveDown')} data-testid="dept-down">
                  ↓
                </Button>
                <Button size="small" icon={<MergeCellsOutlined aria-hidden="true" />} onClick={() => setDialog('merge')} data-testid="dept-merge">
                  {t('manage.mergeInto')}
                </Button>
              </>
            ) : null}
            <Button size="small" onClick={() => (form.setFieldsValue({ managerId: department.managerId }), setDialog('manager'))} data-testid="dept-manager">
              {t('manage.manager')}: {department.managerName ?? t('manage.none')}
            </Button>
          </>
        ) : null}
        {canDelete && !isRoot ? (
          <Popconfirm title={t('manage.deleteConfirm', { name: department.name })} okText={t('manage.delete')} cancelText={t('edit.cancel')} onConfirm={() => remove.mutate({ id: department.id })}>
            <Button size="small" danger icon={<DeleteOutlined aria-hidden="true" />} data-testid="dept-delete">
              {t('manage.delete')}
            </Button>
          </Popconfirm>
        ) : null}
      </Space>
      <Modal
        open={dialog !== null}
        title={dialog ? titles[dialog] : ''}
        okText={t('edit.save')}
        cancelText={t('edit.cancel')}
        onOk={() => void submit()}
        onCancel={close}
        confirmLoading={create.isPending || update.isPending || merge.isPending}
        destroyOnHidden
        okButtonProps={{ 'data-testid': 'dept-dialog-ok' } as ButtonProps}
      >
        <Form form={form} layout="vertical" requiredMark="optional">
          {dialog === 'create' || dialog === 'rename' ? (
            <Form.Item name="name" label={t('manage.departmentName')} rules={[{ required: true, whitespace: true, message: t('edit.required') }, { max: 100, message: t('edit.tooLong', { max: 100 }) }]}>
              <Input autoFocus data-testid="dept-name" maxLength={100} />
            </Form.Item>
          ) : null}
          {dialog === 'move' ? (
            <Form.Item name="parentId" label={t('manage.newParent')} rules={[{ required: true, message: t('edit.required') }]} extra={t('manage.moveHint')}>
              <DepartmentPicker index={index} exclude={department.id} testId="dept-move-target" />
            </Form.Item>
          ) : null}
          {dialog === 'merge' ? (
            <Form.Item name="into" label={t('manage.mergeTarget')} rules={[{ required: true, message: t('edit.required') }]} extra={t('manage.mergeHint', { members: department.memberCount })}>
              <DepartmentPicker index={index} exclude={department.id} testId="dept-merge-target" />
            </Form.Item>
          ) : null}
          {dialog === 'manager' ? (
            <Form.Item name="managerId" label={t('manage.manager')}>
              <EmployeePicker initialLabel={department.managerName} testId="dept-manager-picker" />
            </Form.Item>
          ) : null}
          <Typography.Paragraph type="secondary">{t('edit.queuedNote')}</Typography.Paragraph>
        </Form>
      </Modal>
    </div>
  );
}

const SENSITIVE: readonly RevealableField[] = ['idNumber', 'birthDate', 'gender', 'address'];
type EmployeeForm = {
  name: string;
  employeeNo: string;
  mobile?: string;
  email?: string;
  title?: string;
  rank?: string;
  departmentIds: string[];
  primaryDepartmentId?: string;
  managerId?: string | null;
  hireDate?: dayjs.Dayjs | null;
  status: (typeof EMPLOYEE_STATUSES)[number];
  idNumber?: string;
  gender?: string;
  birthDate?: string;
  address?: string;
};

/** Creates an employee, or edits one (sensitive fields stay masked until revealed; each reveal is audited). */
export function EmployeeFormModal({ open, employeeId, departmentId, index, onClose }: { open: boolean; employeeId: string | null; departmentId: string | null; index: DeptIndex; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const errorText = useErrorText();
  const [form] = Form.useForm<EmployeeForm>();
  const detail = useQueryOp('employees.get', { id: employeeId ?? '' }, { enabled: open && employeeId !== null });
  const [revealed, setRevealed] = useState<Partial<Record<RevealableField, string | null>>>({});
  const reveal = useCommandOp('employees.reveal', {
    onSuccess: (out, input) => {
      setRevealed((r) => ({ ...r, [input.field]: out.value }));
      form.setFieldValue(input.field, out.value ?? '');
      void message.info(t('manage.revealAudited'));
    },
    // A reveal is a cloud call (recorded there): offline there is nothing to show.
    onError: (err) => void message.error(err.code === 'CLOUD_UNREACHABLE' ? t('manage.revealOffline') : errorText(err)),
  });
  const canReveal = useCanRun('audit.reveal');
  const create = useQueued('employee.create', () => (onClose(), form.resetFields()));
  const update = useQueued('employee.update', () => (onClose(), setRevealed({})));
  const editing = employeeId !== null;
  const e: EmployeeDetail | undefined = detail.data?.employee;
  const [id] = useState(ulid);
  const departments = Form.useWatch('departmentIds', form) ?? [];

  const initial: Partial<EmployeeForm> = editing && e
    ? {
        name: e.name, employeeNo: e.employeeNo, email: e.email ?? '', title: e.title ?? '', rank: e.rank ?? '', departmentIds: e.departmentIds,
        primaryDepartmentId: e.primaryDepartmentId ?? undefined, managerId: e.managerId, hireDate: e.hireDate ? dayjs(e.hireDate) : null, status: e.status,
      }
    : { departmentIds: departmentId ? [departmentId] : [], primaryDepartmentId: departmentId ?? undefined, status: 'active' };

  const blank = (v: string | undefined) => (v === undefined || v.trim() === '' ? null : v.trim());
  const submit = async () => {
    const v = await form.validateFields();
    const primary = v.primaryDepartmentId && v.departmentIds.includes(v.primaryDepartmentId) ? v.primaryDepartmentId : (v.departmentIds[0] ?? null);
    const common = {
      name: v.name.trim(), employeeNo: v.employeeNo.trim(), email: blank(v.email), title: blank(v.title), rank: blank(v.rank), departmentIds: v.departmentIds, primaryDepartmentId: primary,
      managerId: v.managerId ?? null, hireDate: v.hireDate ? v.hireDate.format('YYYY-MM-DD') : null, status: v.status,
    };
    if (!editing) {
      create.mutate({ id, values: { ...common, pinyin: '', mobile: blank(v.mobile), idNumber: blank(v.idNumber), gender: blank(v.gender), birthDate: blank(v.birthDate), address: blank(v.address) } });
      return;
    }
    if (!e) return;
    const patch: Record<string, unknown> = {};
    for (const [k, value] of Object.entries(common)) if (JSON.stringify(value) !== JSON.stringify((e as Record<string, unknown>)[k] ?? null)) patch[k] = value;
    // Masked fields: only a field the admin revealed (or typed into) is sent.
    for (const f of ['mobile', ...SENSITIVE] as RevealableField[]) {
      const typed = (v as unknown as Record<string, string | undefined>)[f];
      if (typed === undefined || (typed === '' && !(f in revealed))) continue;
      if (f in revealed && (revealed[f] ?? '') === typed) continue;
      patch[f] = blank(typed);
    }
    if (Object.keys(patch).length === 0) {
      void message.info(t('edit.nothingChanged'));
      return;
    }
    update.mutate({ id: e.id, patch: patch as never });
  };

  const maskedField = (f: RevealableField, label: string) => {
    const isMasked = editing && e?.masked.includes(f) && !(f in revealed);
    return (
      <Form.Item key={f} label={label} htmlFor={`employee-${f}`}>
        <Space.Compact block>
          <Form.Item name={f} noStyle>
            <Input id={`employee-${f}`} placeholder={isMasked ? `${(e as Record<string, unknown>)[f] as string} · ${t('manage.revealToEdit')}` : undefined} disabled={isMasked} data-testid={`employee-${f}`} />
          </Form.Item>
          {isMasked && canReveal ? (
            <Button icon={<EyeOutlined aria-hidden="true" />} onClick={() => reveal.mutate({ id: e!.id, field: f })} loading={reveal.isPending && reveal.variables?.field === f} aria-label={t('manage.revealField', { field: label })} data-testid={`reveal-${f}`}>
              {t('manage.reveal')}
            </Button>
          ) : null}
        </Space.Compact>
      </Form.Item>
    );
  };

  return (
    <Modal
      open={open}
      title={editing ? t('manage.editEmployee', { name: e?.name ?? '' }) : t('manage.newEmployee')}
      okText={t('edit.save')}
      cancelText={t('edit.cancel')}
      onOk={() => void submit()}
      onCancel={() => (onClose(), setRevealed({}))}
      confirmLoading={create.isPending || update.isPending}
      destroyOnHidden
      width={720}
      okButtonProps={{ 'data-testid': 'employee-save' } as ButtonProps}
    >
      {editing && !e ? null : (
        <Form form={form} layout="vertical" initialValues={initial} requiredMark="optional" className="custos-employee-form" data-testid="employee-form">
          <div className="custos-form-grid">
            <Form.Item name="name" label={t('org.columns.name')} rules={[{ required: true, whitespace: true, message: t('edit.required') }, { max: 100 }]}>
              <Input data-testid="employee-name" />
            </Form.Item>
            <Form.Item name="employeeNo" label={t('org.columns.employeeNo')} rules={[{ required: true, whitespace: true, message: t('edit.required') }, { max: 32 }]}>
              <Input data-testid="employee-no" />
            </Form.Item>
            {editing ? maskedField('mobile', t('org.columns.mobile')) : (
              <Form.Item name="mobile" label={t('org.columns.mobile')} rules={[{ pattern: /^\+?[0-9][0-9 -]{5,20}$/, message: t('manage.badMobile') }]}>
                <Input data-testid="employee-mobile" />
              </Form.Item>
            )}
            <Form.Item name="email" label={t('org.columns.email')} rules={[{ type: 'email', message: t('edit.invalidEmail') }]}>
              <Input data-testid="employee-email" />
            </Form.Item>
            <Form.Item name="title" label={t('org.columns.title')}>
              <Input />
            </Form.Item>
            <Form.Item name="rank" label={t('manage.rank')}>
              <Input />
            </Form.Item>
            <Form.Item name="departmentIds" label={t('manage.departments')} rules={[{ required: true, message: t('edit.required') }]}>
              <DepartmentPicker index={index} multiple testId="employee-departments" />
            </Form.Item>
            <Form.Item name="primaryDepartmentId" label={t('org.primaryDepartment')}>
              <Select options={departments.map((d) => ({ value: d, label: index.byId.get(d)?.name ?? d }))} data-testid="employee-primary" />
            </Form.Item>
            <Form.Item name="managerId" label={t('manage.manager')}>
              <EmployeePicker initialLabel={e?.managerName ?? null} testId="employee-manager" />
            </Form.Item>
            <Form.Item name="hireDate" label={t('manage.hireDate')}>
              <DatePicker style={{ width: '100%' }} />
            </Form.Item>
            <Form.Item name="status" label={t('org.columns.status')}>
              <Select
                options={EMPLOYEE_STATUSES.filter((s) => statusEditable(e?.status ?? 'active', s)).map((s) => ({ value: s, label: t(`org.status.${s}`) }))}
                disabled={e?.status === 'departed'}
                data-testid="employee-status"
              />
            </Form.Item>
          </div>
          <Typography.Title level={3} className="custos-form-section">
            {t('manage.sensitive')}
          </Typography.Title>
          <Typography.Paragraph type="secondary">{t('manage.sensitiveNote')}</Typography.Paragraph>
          <div className="custos-form-grid">
            {SENSITIVE.map((f) => (editing ? maskedField(f, t(`manage.fields.${f}`)) : (
              <Form.Item key={f} name={f} label={t(`manage.fields.${f}`)}>
                <Input data-testid={`employee-${f}`} />
              </Form.Item>
            )))}
          </div>
        </Form>
      )}
    </Modal>
  );
}

/** Tenant-wide search by name, pinyin (full or initials), employee no., mobile or email. */
export function PeopleSearch({ onPick }: { onPick: (hit: SearchHit) => void }) {
  const { t } = useTranslation();
  const [query, setQuery] = useState('');
  const search = useSearchText(query, 150);
  const hits = useQueryOp('org.search', { query: search.query || '_', limit: 20 }, { enabled: search.query.length > 0 });
  // Only hits for the text now in the box (see EmployeePicker): none while the next query waits.
  const answer = answerFor(search, hits);
  const rows = answer?.rows ?? [];
  return (
    <AutoComplete
      className="custos-people-search"
      value={query}
      onChange={setQuery}
      onSelect={(value: string) => {
        const hit = rows.find((r) => r.id === value);
        setQuery('');
        if (hit) onPick(hit);
      }}
      options={rows.map((r) => ({
        value: r.id,
        label: (
          <div className="custos-search-hit" data-testid={`search-hit-${r.id}`}>
            <span className="custos-search-name">{r.name}</span> <Typography.Text type="secondary">{r.employeeNo}</Typography.Text>
            <div className="custos-search-meta">
              {r.departmentNames.join(' · ')} · <Tag>{t(`manage.matched.${r.matched}`)}</Tag>
            </div>
          </div>
        ),
      }))}
      notFoundContent={search.query && answer ? t('manage.noPerson') : search.query ? <Spin size="small" aria-label={t('app.loading')} /> : null}
    >
      <Input.Search placeholder={t('manage.peopleSearch')} aria-label={t('manage.peopleSearch')} allowClear data-testid="people-search" />
    </AutoComplete>
  );
}

/** Import (preview, every problem by row and column, then all or nothing) and export. */
export function ImportExport() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const errorText = useErrorText();
  const [open, setOpen] = useState(false);
  const [preview, setPreview] = useState<ImportPreview | null>(null);
  const canImport = useCanRun('org.import');
  const previewOp = useCommandOp('org.importPreview', { onSuccess: setPreview, onError: (err) => void message.error(errorText(err)) });
  const commitOp = useCommandOp('org.importCommit', {
    onSuccess: () => {
      void message.success(t('manage.importQueued', { count: preview?.employees.length ?? 0 }));
      setOpen(false);
      setPreview(null);
    },
    onError: (err) => void message.error(errorText(err)),
  });
  const [exporting, setExporting] = useState<'csv' | 'xlsx' | null>(null);
  const doExport = async (format: 'csv' | 'xlsx') => {
    setExporting(format);
    try {
      const file = await api.invoke('org.export', { format });
      download(file.fileName, file.mime, file.contentBase64);
      void message.success(t('manage.exported', { count: file.rows }));
    } catch (err) {
      void message.error(errorText(err));
    } finally {
      setExporting(null);
    }
  };
  const canEdit = useCanRun('employee.update');
  const canReveal = useCanRun('audit.reveal');
  const canExport = canEdit || canReveal;

  return (
    <Space wrap size="small">
      {canImport ? (
        <Button icon={<UploadOutlined aria-hidden="true" />} onClick={() => setOpen(true)} data-testid="import-open">
          {t('manage.import')}
        </Button>
      ) : null}
      {canExport ? (
        <>
          <Button icon={<DownloadOutlined aria-hidden="true" />} onClick={() => void doExport('csv')} loading={exporting === 'csv'} data-testid="export-csv">
            {t('manage.exportCsv')}
          </Button>
          <Button icon={<DownloadOutlined aria-hidden="true" />} onClick={() => void doExport('xlsx')} loading={exporting === 'xlsx'} data-testid="export-xlsx">
            {t('manage.exportXlsx')}
          </Button>
        </>
      ) : null}
      <Modal
        open={open}
        title={t('manage.importTitle')}
        width={860}
        onCancel={() => (setOpen(false), setPreview(null))}
        destroyOnHidden
        footer={[
          <Button key="cancel" onClick={() => (setOpen(false), setPreview(null))}>
            {t('edit.cancel')}
          </Button>,
          <Button
            key="ok"
            type="primary"
            disabled={!preview || preview.errors.length > 0 || preview.employees.length === 0}
            loading={commitOp.isPending}
            onClick={() => preview && commitOp.mutate({ previewId: preview.previewId })}
            data-testid="import-confirm"
          >
            {t('manage.importConfirm', { count: preview?.employees.length ?? 0 })}
          </Button>,
        ]}
      >
        <Typography.Paragraph type="secondary">{t('manage.importHelp')}</Typography.Paragraph>
        <SpreadsheetChooser operation="org.importPreview" loading={previewOp.isPending} testId="import-file" onFile={(f) => previewOp.mutate(f)} />
        {preview ? (
          <div className="custos-import-preview" data-testid="import-preview">
            <Typography.Paragraph>
              {t('manage.previewSummary', { file: preview.fileName, rows: preview.rows, employees: preview.employees.length, departments: preview.newDepartments.length })}
            </Typography.Paragraph>
            {preview.errors.length > 0 ? (
              <>
                <Typography.Title level={3} type="danger">
                  {t('manage.previewErrors', { count: preview.errors.length })}
                </Typography.Title>
                <table className="custos-simple-table" data-testid="import-errors">
                  <thead>
                    <tr>
                      <th scope="col">{t('manage.row')}</th>
                      <th scope="col">{t('manage.column')}</th>
                      <th scope="col">{t('manage.problem')}</th>
                      <th scope="col">{t('manage.value')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {preview.errors.slice(0, 200).map((err, i) => (
                      <tr key={i} data-testid="import-error">
                        <td>{err.row}</td>
                        <td>{err.column}</td>
                        <td>{t(`manage.importErrors.${err.code}`, { column: err.column, value: err.value ?? '' })}</td>
                        <td>{err.value ?? ''}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </>
            ) : (
              <>
                {preview.newDepartments.length > 0 ? (
                  <Typography.Paragraph>
                    {t('manage.newDepartments')}: {preview.newDepartments.map((d) => d.path).join(', ')}
                  </Typography.Paragraph>
                ) : null}
                <table className="custos-simple-table" data-testid="import-rows">
                  <thead>
                    <tr>
                      <th scope="col">{t('manage.row')}</th>
                      <th scope="col">{t('org.columns.employeeNo')}</th>
                      <th scope="col">{t('org.columns.name')}</th>
                      <th scope="col">{t('manage.departments')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {preview.employees.slice(0, 100).map((r) => (
                      <tr key={r.row}>
                        <td>{r.row}</td>
                        <td>{r.employeeNo}</td>
                        <td>{r.name}</td>
                        <td>{r.departments.join('; ')}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </>
            )}
          </div>
        ) : null}
      </Modal>
    </Space>
  );
}

/** Reporting lines within a department, as a nested list. */
export function OrgChart({ departmentId }: { departmentId: string }) {
  const { t } = useTranslation();
  const chart = useQueryOp('org.chart', { departmentId }, { staleTime: 5_000 });
  const nodes = chart.data?.nodes ?? [];
  const ids = new Set(nodes.map((n) => n.id));
  const reports = new Map<string | null, typeof nodes>();
  for (const n of nodes) {
    const parent = n.managerId && ids.has(n.managerId) ? n.managerId : null;
    reports.set(parent, [...(reports.get(parent) ?? []), n]);
  }
  const render = (parent: string | null, seen: Set<string>): React.ReactNode => {
    const list = (reports.get(parent) ?? []).filter((n) => !seen.has(n.id));
    if (list.length === 0) return null;
    return (
      <ul className="custos-chart-level">
        {list.map((n) => (
          <li key={n.id} className="custos-chart-node" data-testid="chart-node">
            <span className={n.inDepartment ? 'custos-chart-card' : 'custos-chart-card custos-chart-outside'}>
              <strong>{n.name}</strong>
              {n.title ? <span className="custos-chart-title"> · {n.title}</span> : null}
              {!n.inDepartment ? <span className="custos-chart-title"> ({t('manage.outsideDepartment')})</span> : null}
            </span>
            {render(n.id, new Set([...seen, n.id]))}
          </li>
        ))}
      </ul>
    );
  };
  if (chart.isPending) return null;
  return (
    <nav aria-label={t('manage.orgChart')} className="custos-chart" data-testid="org-chart">
      {nodes.length === 0 ? <Typography.Text type="secondary">{t('org.noEmployees')}</Typography.Text> : render(null, new Set())}
    </nav>
  );
}

export function NewEmployeeButton({ onClick }: { onClick: () => void }) {
  const { t } = useTranslation();
  const can = useCanRun('employee.create');
  if (!can) return null;
  return (
    <Button icon={<UserAddOutlined aria-hidden="true" />} onClick={onClick} data-testid="employee-create">
      {t('manage.newEmployee')}
    </Button>
  );
}
