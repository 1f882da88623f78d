import { useState } from 'react';
import { Button, Select, Table, Tag } from 'antd';
import { keepPreviousData } from '@tanstack/react-query';
import type { TableColumnsType } from 'antd';
import { useTranslation } from 'react-i18next';
import type { CustomerRow, InputOf } from '../../../../shared/contract.js';
import { CUSTOMER_STATUSES, type Customer } from '../../../../shared/domain.js';
import { useQueryOp } from '../../api/hooks.js';
import { ErrorState } from '../../components/States.js';
import { EMPTY_VALUE, useFormat } from '../../app/format.js';
import { FILTER_DEBOUNCE_MS, useSearchText } from '../../app/useDebounced.js';
import { CustomerDrawer } from './CustomerDrawer.js';
import { CUSTOMER_STATUS_COLOR } from './labels.js';
import { useKeyboardScrollable } from '../../app/useKeyboardScrollable.js';
import { Page } from '../../components/Page.js';
import { columnsWidth, ListSearch } from '../../components/ListSearch.js';

const PAGE_SIZE = 100;
const ALL = '';
const NO_INDUSTRIES: readonly string[] = [];

export function CustomersPage() {
  const { t } = useTranslation();
  const tableRef = useKeyboardScrollable<HTMLDivElement>();
  const format = useFormat();
  const [search, setSearch] = useState('');
  const { query: debounced, settled } = useSearchText(search, FILTER_DEBOUNCE_MS);
  const [owner, setOwner] = useState<'' | 'pool'>(ALL);
  const [status, setStatus] = useState<'' | Customer['status']>(ALL);
  const [industry, setIndustry] = useState<string>(ALL);
  const [page, setPage] = useState(1);
  // The drawer keeps its customer while it closes (animation); `open` says whether it shows.
  const [openId, setOpenId] = useState<string | null>(null);
  const [open, setOpen] = useState(false);
  const show = (id: string) => {
    setOpenId(id);
    setOpen(true);
  };

  const input: InputOf<'customers.list'> = {
    ...(debounced ? { search: debounced.slice(0, 100) } : {}),
    ...(owner ? { owner } : {}),
    ...(status ? { status } : {}),
    ...(industry ? { industry } : {}),
    offset: (page - 1) * PAGE_SIZE,
    limit: PAGE_SIZE,
  };
  const list = useQueryOp('customers.list', input, { placeholderData: keepPreviousData, staleTime: 5_000 });
  // Every answer lists all the cache's industries, whatever the filters (kept while refetching).
  const industries = list.data?.industries ?? NO_INDUSTRIES;
  const total = list.data?.total ?? 0;

  const filtered = <T,>(set: (v: T) => void) => (v: T) => {
    set(v);
    setPage(1);
  };

  const columns: TableColumnsType<CustomerRow> = [
    {
      key: 'name',
      dataIndex: 'name',
      title: t('customers.columns.name'),
      width: 240,
      ellipsis: true,
      render: (name: string, row) => (
        <Button
          type="link"
          className="custos-cell-link"
          onClick={(e) => {
            e.stopPropagation();
            show(row.id);
          }}
          aria-label={t('customers.open', { name })}
          data-testid={`customer-open-${row.id}`}
        >
          {name}
        </Button>
      ),
    },
    {
      key: 'owner',
      dataIndex: 'ownerName',
      title: t('customers.columns.owner'),
      width: 150,
      render: (ownerName: string | null, row) =>
        row.ownerEmployeeId === null ? <Tag color="gold">{t('customers.publicPool')}</Tag> : (ownerName ?? row.ownerEmployeeId),
    },
    { key: 'industry', dataIndex: 'industry', title: t('customers.columns.industry'), width: 150, ellipsis: true, render: (v: string | null) => v ?? EMPTY_VALUE },
    {
      key: 'status',
      dataIndex: 'status',
      title: t('customers.columns.status'),
      width: 110,
      render: (s: Customer['status']) => (
        <Tag color={CUSTOMER_STATUS_COLOR[s]} data-status={s}>
          {t(`customers.status.${s}`)}
        </Tag>
      ),
    },
    { key: 'contacts', dataIndex: 'contactCount', title: t('customers.columns.contacts'), width: 100, align: 'end', render: (n: number) => format.number(n) },
    { key: 'lastActivity', dataIndex: 'lastActivityAt', title: t('customers.columns.lastActivity'), width: 170, render: (v: string | null) => format.dateTime(v) },
  ];
  const scrollX = columnsWidth(columns);

  return (
    <Page
      id="customers"
      title={t('customers.title')}
      testId="page-customers"
      head={<Tag data-testid="customers-total">{t('customers.total', { count: total })}</Tag>}
    >
      <div className="custos-toolbar" role="search" aria-label={t('customers.filters')}>
        <ListSearch label={t('customers.search')} value={search} onChange={setSearch} onPageReset={() => setPage(1)} className="custos-toolbar-search" testId="customer-search" />
        <span className="custos-filter">
          <label htmlFor="customer-filter-owner">{t('customers.filterOwner')}</label>
          <Select<'' | 'pool'>
            id="customer-filter-owner"
            value={owner}
            onChange={filtered(setOwner)}
            popupMatchSelectWidth={false}
            options={[
              { value: ALL, label: t('customers.ownerAll') },
              { value: 'pool', label: t('customers.publicPool') },
            ]}
            data-testid="customer-filter-owner"
            className="custos-filter-select"
          />
        </span>
        <span className="custos-filter">
          <label htmlFor="customer-filter-status">{t('customers.filterStatus')}</label>
          <Select<'' | Customer['status']>
            id="customer-filter-status"
            value={status}
            onChange={filtered(setStatus)}
            popupMatchSelectWidth={false}
            options={[{ value: ALL, label: t('customers.statusAll') }, ...CUSTOMER_STATUSES.map((s) => ({ value: s, label: t(`customers.status.${s}`) }))]}
            data-testid="customer-filter-status"
            className="custos-filter-select"
          />
        </span>
        <span className="custos-filter">
          <label htmlFor="customer-filter-industry">{t('customers.filterIndustry')}</label>
          <Select<string>
            id="customer-filter-industry"
            value={industry}
            onChange={filtered(setIndustry)}
            popupMatchSelectWidth={false}
            showSearch
            options={[{ value: ALL, label: t('customers.industryAll') }, ...industries.map((i) => ({ value: i, label: i }))]}
            data-testid="customer-filter-industry"
            className="custos-filter-select"
          />
        </span>
      </div>
      {list.isError && !list.data ? (
        <ErrorState error={list.error} onRetry={() => void list.refetch()} />
      ) : (
        <div ref={tableRef} data-testid="customer-table" className="custos-panel" aria-busy={list.isFetching}>
          <Table<CustomerRow>
            virtual
            rowKey="id"
            size="small"
            columns={columns}
            dataSource={list.data?.rows ?? []}
            // Rows kept from the previous filters stay visible but not clickable until the answer for
            // the filters now shown arrives (a click must never open another query's customer).
            loading={(list.isFetching && !list.data) || list.isPlaceholderData || !settled}
            scroll={{ x: scrollX, y: 560 }}
            locale={{ emptyText: t('customers.empty') }}
            aria-label={t('customers.tableLabel')}
            rowClassName={(row) => (open && row.id === openId ? 'custos-row-selected custos-row-clickable' : 'custos-row-clickable')}
            onRow={(row) => ({
              onClick: () => show(row.id),
              'data-row-id': row.id,
            })}
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
      <CustomerDrawer id={openId} open={open} onClose={() => setOpen(false)} industries={industries} />
    </Page>
  );
}
