import { useDeferredValue, useMemo, useRef, useState } from 'react';
import { Empty, Input, Space, Tabs, Typography } from 'antd';
import { ApartmentOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { DepartmentNode } from '../../../../shared/contract.js';
import { useQueryOp } from '../../api/hooks.js';
import { ErrorState, Loading } from '../../components/States.js';
import { buildDepartmentTree, indexDepartments } from './tree.js';
import { DepartmentTree } from './DepartmentTree.js';
import { EmployeePanel } from './EmployeePanel.js';
import { DepartmentActions, EmployeeFormModal, ImportExport, OrgChart, PeopleSearch } from './manage.js';
import { Page } from '../../components/Page.js';

export function OrgPage() {
  const { t } = useTranslation();
  const departments = useQueryOp('org.departments', {}, { staleTime: 5_000 });
  const [selectedId, setSelectedId] = useState<string | null>(null);
  const [search, setSearch] = useState('');
  const deferredSearch = useDeferredValue(search);
  const openKeys = useRef<string[] | null>(null);

  const index = useMemo(() => indexDepartments(departments.data?.departments ?? []), [departments.data]);
  const { tree, expandKeys } = useMemo(() => buildDepartmentTree(index, deferredSearch), [index, deferredSearch]);
  const searching = deferredSearch.trim() !== '';
  const defaultExpanded = useMemo(() => (index.childrenOf.get(null) ?? []).map((d) => d.id), [index]);

  // A department that disappears (sync, scope change) simply resolves to no selection.
  const selected: DepartmentNode | null = selectedId ? (index.byId.get(selectedId) ?? null) : null;
  const [openEmployee, setOpenEmployee] = useState<string | null>(null);

  return (
    <Page
      id="org"
      title={t('org.title')}
      testId="page-org"
      head={
        <>
          <Space wrap>
            <PeopleSearch onPick={(hit) => setOpenEmployee(hit.id)} />
            <ImportExport />
          </Space>
        </>
      }
    >
      <div className="custos-org">
        <section className="custos-org-tree custos-panel" aria-labelledby="org-departments-title">
          <Typography.Title level={2} id="org-departments-title" className="custos-panel-title">
            <ApartmentOutlined aria-hidden="true" /> {t('org.departments')}
          </Typography.Title>
          <Input.Search
            allowClear
            placeholder={t('org.searchDepartments')}
            aria-label={t('org.searchDepartments')}
            value={search}
            onChange={(e) => setSearch(e.target.value)}
            data-testid="department-search"
            className="custos-panel-search"
          />
          <div data-testid="department-tree" className="custos-tree-wrap" aria-busy={departments.isFetching}>
            {departments.isPending ? (
              <Loading />
            ) : departments.isError && !departments.data ? (
              <ErrorState error={departments.error} onRetry={() => void departments.refetch()} />
            ) : tree.length === 0 ? (
              <Empty description={searching ? t('org.noMatchingDepartments') : t('org.noDepartments')} />
            ) : (
              <DepartmentTree
                tree={tree}
                index={index}
                searching={searching}
                searchExpandKeys={expandKeys}
                defaultExpanded={defaultExpanded}
                selectedId={selectedId}
                onSelect={setSelectedId}
                openKeys={openKeys}
              />
            )}
          </div>
        </section>
        <section className="custos-org-employees custos-panel" aria-label={t('org.employees')}>
          {selected ? (
            <>
              <DepartmentActions department={selected} index={index} onSelect={setSelectedId} />
              <Tabs
                items={[
                  { key: 'members', label: t('manage.members'), children: <EmployeePanel key={selected.id} department={selected} index={index} /> },
                  { key: 'chart', label: t('manage.orgChart'), children: <OrgChart departmentId={selected.id} /> },
                ]}
              />
            </>
          ) : (
            <Empty className="custos-center" description={t('org.selectDepartment')} data-testid="employees-empty" />
          )}
        </section>
      </div>
      <EmployeeFormModal open={openEmployee !== null} employeeId={openEmployee} departmentId={null} index={index} onClose={() => setOpenEmployee(null)} />
    </Page>
  );
}
