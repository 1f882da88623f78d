import { useState } from 'react';
import { Button, Select, Table, Tag } from 'antd';
import { keepPreviousData } from '@tanstack/react-query';
import type { TableColumnsType } from 'antd';
import { useTranslation } from 'react-i18next';
import type { ApprovalRow, InputOf } from '../../../../shared/contract.js';
import { APPROVAL_STATUSES, APPROVAL_TEMPLATES, type Approval } from '../../../../shared/domain.js';
import { useQueryOp } from '../../api/hooks.js';
import { ErrorState } from '../../components/States.js';
import { EMPTY_VALUE, useFormat } from '../../app/format.js';
import { FILTER_DEBOUNCE_MS, useSearchText } from '../../app/useDebounced.js';
import { ApprovalDrawer } from './ApprovalDrawer.js';
import { APPROVAL_STATUS_COLOR } from './labels.js';
import { useKeyboardScrollable } from '../../app/useKeyboardScrollable.js';
import { Page } from '../../components/Page.js';
import { columnsWidth, ListSearch } from '../../components/ListSearch.js';

const PAGE_SIZE = 100;
const ALL = '';

export function ApprovalsPage() {
  const { t } = useTranslation();
  const tableRef = useKeyboardScrollable<HTMLDivElement>();
  const format = useFormat();
  const [search, setSearch] = useState('');
  const { query: debounced, settled } = useSearchText(search, FILTER_DEBOUNCE_MS);
  const [status, setStatus] = useState<'' | Approval['status']>(ALL);
  const [templateType, setTemplateType] = useState<'' | Approval['templateType']>(ALL);
  const [page, setPage] = useState(1);
  // The drawer keeps its approval while it closes (animation); `open` says whether it shows.
  const [openId, setOpenId] = useState<string | null>(null);
  const [open, setOpen] = useState(false);
  const show = (id: string) => {
    setOpenId(id);
    setOpen(true);
  };

  const input: InputOf<'approvals.list'> = {
    ...(debounced ? { search: debounced.slice(0, 100) } : {}),
    ...(status ? { status } : {}),
    ...(templateType ? { templateType } : {}),
    offset: (page - 1) * PAGE_SIZE,
    limit: PAGE_SIZE,
  };
  const list = useQueryOp('approvals.list', input, { placeholderData: keepPreviousData, staleTime: 5_000 });
  const total = list.data?.total ?? 0;

  const filtered = <T,>(set: (v: T) => void) => (v: T) => {
    set(v);
    setPage(1);
  };

  const columns: TableColumnsType<ApprovalRow> = [
    {
      key: 'title',
      dataIndex: 'title',
      title: t('approvals.columns.title'),
      width: 280,
      ellipsis: true,
      render: (title: string, row) => (
        <Button
          type="link"
          className="custos-cell-link"
          onClick={(e) => {
            e.stopPropagation();
            show(row.id);
          }}
          aria-label={t('approvals.open', { title: title || row.id })}
          data-testid={`approval-open-${row.id}`}
        >
          {title || row.id}
        </Button>
      ),
    },
    {
      key: 'templateType',
      dataIndex: 'templateType',
      title: t('approvals.columns.templateType'),
      width: 120,
      render: (v: Approval['templateType']) => t(`approvals.template.${v}`),
    },
    { key: 'applicant', dataIndex: 'applicantName', title: t('approvals.columns.applicant'), width: 140, render: (v: string | null, row) => v ?? row.applicantId ?? EMPTY_VALUE },
    {
      key: 'status',
      dataIndex: 'status',
      title: t('approvals.columns.status'),
      width: 120,
      render: (s: Approval['status']) => (
        <Tag color={APPROVAL_STATUS_COLOR[s]} data-status={s}>
          {t(`approvals.status.${s}`)}
        </Tag>
      ),
    },
    { key: 'createdAt', dataIndex: 'createdAt', title: t('approvals.columns.createdAt'), width: 170, render: (v: string) => format.dateTime(v) },
    { key: 'pending', dataIndex: 'pendingTasks', title: t('approvals.columns.pendingTasks'), width: 120, align: 'end', render: (n: number) => format.number(n) },
  ];
  const scrollX = columnsWidth(columns);

  return (
    <Page
      id="approvals"
      title={t('approvals.title')}
      testId="page-approvals"
      head={<Tag data-testid="approvals-total">{t('approvals.total', { count: total })}</Tag>}
    >
      <div className="custos-toolbar" role="search" aria-label={t('approvals.filters')}>
        <ListSearch label={t('approvals.search')} value={search} onChange={setSearch} onPageReset={() => setPage(1)} className="custos-toolbar-search" testId="approval-search" />
        <span className="custos-filter">
          <label htmlFor="approval-filter-status">{t('approvals.filterStatus')}</label>
          <Select<'' | Approval['status']>
            id="approval-filter-status"
            value={status}
            onChange={filtered(setStatus)}
            popupMatchSelectWidth={false}
            options={[{ value: ALL, label: t('approvals.statusAll') }, ...APPROVAL_STATUSES.map((s) => ({ value: s, label: t(`approvals.status.${s}`) }))]}
            data-testid="approval-filter-status"
            className="custos-filter-select"
          />
        </span>
        <span className="custos-filter">
          <label htmlFor="approval-filter-template">{t('approvals.filterTemplate')}</label>
          <Select<'' | Approval['templateType']>
            id="approval-filter-template"
            value={templateType}
            onChange={filtered(setTemplateType)}
            popupMatchSelectWidth={false}
            options={[{ value: ALL, label: t('approvals.templateAll') }, ...APPROVAL_TEMPLATES.map((v) => ({ value: v, label: t(`approvals.template.${v}`) }))]}
            data-testid="approval-filter-template"
            className="custos-filter-select"
          />
        </span>
      </div>
      {list.isError && !list.data ? (
        <ErrorState error={list.error} onRetry={() => void list.refetch()} />
      ) : (
        <div ref={tableRef} data-testid="approval-table" className="custos-panel" aria-busy={list.isFetching}>
          <Table<ApprovalRow>
            virtual
            rowKey="id"
            size="small"
            columns={columns}
            dataSource={list.data?.rows ?? []}
            // As on Customers: older rows are not clickable until the answer for the filters shown arrives.
            loading={(list.isFetching && !list.data) || list.isPlaceholderData || !settled}
            scroll={{ x: scrollX, y: 560 }}
            locale={{ emptyText: t('approvals.empty') }}
            aria-label={t('approvals.tableLabel')}
            rowClassName={(row) => (open && row.id === openId ? 'custos-row-selected custos-row-clickable' : 'custos-row-clickable')}
            onRow={(row) => ({ onClick: () => show(row.id) })}
            pagination={{
              current: page,
              pageSize: PAGE_SIZE,
              total,
              showSizeChanger: false,
              hideOnSinglePage: true,
              onChange: (p) => setPage(p),
            }}
          />
        </div>
      )}
      <ApprovalDrawer id={openId} open={open} onClose={() => setOpen(false)} />
    </Page>
  );
}
