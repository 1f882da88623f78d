import { memo, useCallback, useMemo, useState } from 'react';
import { Button, Table, Tag, Tooltip, Typography } from 'antd';
import { EditOutlined, StarFilled, UserDeleteOutlined } from '@ant-design/icons';
import { keepPreviousData } from '@tanstack/react-query';
import type { TableColumnsType } from 'antd';
import { useTranslation } from 'react-i18next';
import type { DepartmentNode, EmployeeRow } from '../../../../shared/contract.js';
import { useQueryOp } from '../../api/hooks.js';
import { useCanRun } from '../../app/currentUser.js';
import { FILTER_DEBOUNCE_MS, useSearchText, useShownAfter } from '../../app/useDebounced.js';
import { useKeyboardScrollable } from '../../app/useKeyboardScrollable.js';
import { ErrorState } from '../../components/States.js';
import { EmployeeFormModal, NewEmployeeButton } from './manage.js';
import type { DeptIndex } from './tree.js';
import { OffboardWizard } from '../offboarding/OffboardWizard.js';
import { columnsWidth, ListSearch } from '../../components/ListSearch.js';

const PAGE_SIZE = 100;
const STATUS_COLOR: Record<EmployeeRow['status'], string> = { active: 'green', suspended: 'orange', departed: 'default' };

const NO_IDS: string[] = [];

/**
 * A department's people. Memoised, and its table too: typing in the filter renders the box, and
 * the table only when rows arrive (npm run bench: keystroke to rows at L, issue 27); opening a
 * tree node elsewhere on the screen does not render it at all.
 */
export const EmployeePanel = memo(function EmployeePanel({ department, index }: { department: DepartmentNode; index: DeptIndex }) {
  const { t } = useTranslation();
  const [search, setSearch] = useState('');
  const { query: debounced, settled } = useSearchText(search, FILTER_DEBOUNCE_MS);
  const [page, setPage] = useState(1);
  const canEdit = useCanRun('employee.update');
  const [editing, setEditing] = useState<EmployeeRow | null>(null);
  const [creating, setCreating] = useState(false);
  const tableRef = useKeyboardScrollable<HTMLDivElement>();
  const canOffboard = useCanRun('employee.offboard');
  // Ticked leavers, per department: switching departments starts a new selection.
  const [selection, setSelection] = useState<{ departmentId: string; ids: string[] }>({ departmentId: department.id, ids: [] });
  const selected = selection.departmentId === department.id ? selection.ids : NO_IDS;
  const [offboarding, setOffboarding] = useState(false);

  const input = {
    departmentId: department.id,
    ...(debounced ? { search: debounced.slice(0, 100) } : {}),
    offset: (page - 1) * PAGE_SIZE,
    limit: PAGE_SIZE,
  };
  const employees = useQueryOp('org.employees', input, { placeholderData: keepPreviousData, staleTime: 5_000 });

  const total = employees.data?.total ?? 0;
  // The spinner only when an answer is slow: a quick one replaces the rows without a render between.
  const busy = useShownAfter(employees.isFetching || !settled);
  const departmentId = department.id;
  const onSelect = useCallback((ids: string[]) => setSelection({ departmentId, ids }), [departmentId]);

  return (
    <>
      <div className="custos-employees-head">
        <Typography.Title level={2} className="custos-panel-title" id="employees-title" data-testid="employees-heading">
          {department.name}
        </Typography.Title>
        <Tag data-testid="employees-total">{t('org.total', { count: total })}</Tag>
        <NewEmployeeButton onClick={() => setCreating(true)} />
        {canOffboard ? (
          <Button danger icon={<UserDeleteOutlined aria-hidden="true" />} disabled={selected.length === 0} onClick={() => setOffboarding(true)} data-testid="offboard-open">
            {t('offboard.open', { count: selected.length })}
          </Button>
        ) : null}
      </div>
      <ListSearch label={t('org.searchEmployees')} value={search} onChange={setSearch} onPageReset={() => setPage(1)} className="custos-panel-search" testId="employee-search" />
      {employees.isError && !employees.data ? (
        <ErrorState error={employees.error} onRetry={() => void employees.refetch()} />
      ) : (
        <div ref={tableRef} data-testid="employee-table" aria-labelledby="employees-title">
          <EmployeeTable
            rows={employees.data?.rows ?? NO_ROWS}
            total={total}
            busy={busy}
            page={page}
            onPage={setPage}
            canEdit={canEdit}
            selected={canOffboard ? selected : null}
            onSelect={onSelect}
            onEdit={setEditing}
          />
        </div>
      )}
      {offboarding ? (
        <OffboardWizard
          employeeIds={selected}
          onClose={() => {
            setOffboarding(false);
            setSelection({ departmentId: department.id, ids: [] });
          }}
        />
      ) : null}
      <EmployeeFormModal open={editing !== null || creating} employeeId={editing?.id ?? null} departmentId={department.id} index={index} onClose={() => (setEditing(null), setCreating(false))} />
    </>
  );
});

const NO_ROWS: EmployeeRow[] = [];

const EmployeeTable = memo(function EmployeeTable({
  rows,
  total,
  busy,
  page,
  onPage,
  canEdit,
  selected,
  onSelect,
  onEdit,
}: {
  rows: EmployeeRow[];
  total: number;
  busy: boolean;
  page: number;
  onPage: (page: number) => void;
  canEdit: boolean;
  /** The ticked leavers, or null when this admin cannot offboard (no tick boxes). */
  selected: string[] | null;
  onSelect: (ids: string[]) => void;
  onEdit: (row: EmployeeRow) => void;
}) {
  const { t } = useTranslation();
  const columns = useMemo<TableColumnsType<EmployeeRow>>(
    () => [
    {
      key: 'name',
      dataIndex: 'name',
      title: t('org.columns.name'),
      width: 160,
      render: (name: string, row) => (
        <span>
          {name}
          {row.isPrimaryDepartment ? (
            <Tooltip title={t('org.primaryDepartment')}>
              <StarFilled className="custos-primary" aria-label={t('org.primaryDepartment')} />
            </Tooltip>
          ) : null}
        </span>
      ),
    },
    { key: 'employeeNo', dataIndex: 'employeeNo', title: t('org.columns.employeeNo'), width: 110 },
    { key: 'title', dataIndex: 'title', title: t('org.columns.title'), width: 150, render: (v: string | null) => v ?? '—' },
    { key: 'mobile', dataIndex: 'mobileMasked', title: t('org.columns.mobile'), width: 130, render: (v: string | null) => v ?? '—' },
    { key: 'email', dataIndex: 'email', title: t('org.columns.email'), width: 220, ellipsis: true, render: (v: string | null) => v ?? '—' },
    {
      key: 'status',
      dataIndex: 'status',
      title: t('org.columns.status'),
      width: 100,
      render: (status: EmployeeRow['status']) => (
        <Tag color={STATUS_COLOR[status]} data-status={status}>
          {t(`org.status.${status}`)}
        </Tag>
      ),
    },
    ...(canEdit
      ? [
          {
            key: 'actions',
            title: t('common.actions'),
            width: 100,
            render: (_: unknown, row: EmployeeRow) => (
              <Button
                size="small"
                icon={<EditOutlined aria-hidden="true" />}
                onClick={() => onEdit(row)}
                aria-label={t('org.editEmployeeNamed', { name: row.name })}
                data-testid={`employee-edit-${row.id}`}
              >
                {t('edit.edit')}
              </Button>
            ),
          },
        ]
      : []),
    ],
    [t, canEdit, onEdit],
  );
  const scrollX = columnsWidth(columns);

  return (
    <Table<EmployeeRow>
      virtual
      rowKey="id"
      size="small"
      columns={columns}
      dataSource={rows}
      loading={busy}
      scroll={{ x: scrollX, y: 520 }}
      locale={{ emptyText: t('org.noEmployees') }}
      rowSelection={
        selected
          ? {
              selectedRowKeys: selected,
              onChange: (keys) => onSelect(keys as string[]),
              getCheckboxProps: (row) => ({ disabled: row.status === 'departed', 'aria-label': t('offboard.tick', { name: row.name }) }),
            }
          : undefined
      }
      aria-label={t('org.tableLabel')}
      pagination={{
        current: page,
        pageSize: PAGE_SIZE,
        total,
        showSizeChanger: false,
        hideOnSinglePage: true,
        onChange: (p) => onPage(p),
      }}
    />
  );
});
