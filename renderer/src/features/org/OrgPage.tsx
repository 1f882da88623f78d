import { useDeferredValue, useMemo, useState } from 'react';
import { Badge, Empty, Input, Tree, Typography } from 'antd';
import { ApartmentOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { DepartmentNode } from '../../../../shared/contract.js';
import { useQueryOp } from '../../api/hooks.js';
import { ErrorState, Loading } from '../../components/States.js';
import { buildDepartmentTree, indexDepartments, type DeptTreeNode } from './tree.js';
import { EmployeePanel } from './EmployeePanel.js';

const TREE_HEIGHT = 600;

export function OrgPage() {
  const { t } = useTranslation();
  const departments = useQueryOp('org.departments', {}, { staleTime: 5_000 });
  const [selectedId, setSelectedId] = useState<string | null>(null);
  const [search, setSearch] = useState('');
  const deferredSearch = useDeferredValue(search);
  const [expanded, setExpanded] = useState<string[] | null>(null);

  const index = useMemo(() => indexDepartments(departments.data?.departments ?? []), [departments.data]);
  const { tree, expandKeys } = useMemo(() => buildDepartmentTree(index, deferredSearch), [index, deferredSearch]);
  const searching = deferredSearch.trim() !== '';
  const defaultExpanded = useMemo(() => (index.childrenOf.get(null) ?? []).map((d) => d.id), [index]);
  const expandedKeys = searching ? expandKeys : (expanded ?? defaultExpanded);

  // A department that disappears (sync, scope change) simply resolves to no selection.
  const selected: DepartmentNode | null = selectedId ? (index.byId.get(selectedId) ?? null) : null;

  return (
    <section className="custos-page" aria-labelledby="org-title">
      <Typography.Title level={1} id="org-title" className="custos-page-title">
        {t('org.title')}
      </Typography.Title>
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
              <Tree<DeptTreeNode>
                aria-label={t('org.treeLabel')}
                virtual
                height={TREE_HEIGHT}
                blockNode
                showLine
                treeData={tree}
                expandedKeys={expandedKeys}
                onExpand={(keys) => {
                  if (!searching) setExpanded(keys.map(String));
                }}
                selectedKeys={selectedId ? [selectedId] : []}
                onSelect={(keys) => {
                  const key = keys[0];
                  if (key !== undefined) setSelectedId(String(key));
                }}
                titleRender={(node) => (
                  <span className="custos-tree-title" data-dept-id={node.dept.id}>
                    <span className="custos-tree-name">{node.dept.name}</span>
                    <Badge
                      count={node.dept.memberCount}
                      showZero
                      overflowCount={99999}
                      color="#8c8c8c"
                      className="custos-tree-count"
                      title={t('org.memberCount', { count: node.dept.memberCount })}
                    />
                  </span>
                )}
              />
            )}
          </div>
        </section>
        <section className="custos-org-employees custos-panel" aria-label={t('org.employees')}>
          {selected ? (
            <EmployeePanel key={selected.id} department={selected} />
          ) : (
            <Empty className="custos-center" description={t('org.selectDepartment')} data-testid="employees-empty" />
          )}
        </section>
      </div>
    </section>
  );
}
