import { useDeferredValue, useMemo, useState } from 'react';
import { App, Badge, Empty, Input, Space, Tabs, Tree, Typography } from 'antd';
import { ApartmentOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { DepartmentNode } from '../../../../shared/contract.js';
import { useQueryOp } from '../../api/hooks.js';
import { ErrorState, Loading } from '../../components/States.js';
import { buildDepartmentTree, indexDepartments, type DeptTreeNode } from './tree.js';
import { EmployeePanel } from './EmployeePanel.js';
import { DepartmentActions, EmployeeFormModal, ImportExport, OrgChart, PeopleSearch } from './manage.js';
import { useCommandOp } from '../../api/hooks.js';
import { invalidateAfter } from '../../api/commands.js';
import { useQueryClient } from '@tanstack/react-query';
import { useCanRun } from '../../app/currentUser.js';
import { useErrorText } from '../../app/useErrorText.js';
import { Page } from '../../components/Page.js';

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
  const [openEmployee, setOpenEmployee] = useState<string | null>(null);
  const { message } = App.useApp();
  const errorText = useErrorText();
  const queryClient = useQueryClient();
  const canMove = useCanRun('department.update');
  const move = useCommandOp('department.update', {
    onSuccess: () => void invalidateAfter(queryClient, 'department.update'),
    onError: (err) => void message.error(t('edit.failed', { error: errorText(err) })),
  });

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
              <Tree<DeptTreeNode>
                aria-label={t('org.treeLabel')}
                virtual
                height={TREE_HEIGHT}
                blockNode
                showLine
                draggable={canMove && !searching ? { icon: false, nodeDraggable: (node) => (node as DeptTreeNode).dept.parentId !== null } : false}
                onDrop={(info) => {
                  const dragged = (info.dragNode as unknown as DeptTreeNode).dept;
                  const target = (info.node as unknown as DeptTreeNode).dept;
                  // Dropped onto a node: becomes its last child; between nodes: a sibling at that place.
                  const parentId = info.dropToGap ? target.parentId : target.id;
                  if (!parentId) return;
                  const siblings = (index.childrenOf.get(parentId) ?? []).filter((d) => d.id !== dragged.id);
                  const sort = info.dropToGap ? Math.max(0, info.dropPosition) : siblings.length;
                  move.mutate({ id: dragged.id, patch: parentId === dragged.parentId ? { sort } : { parentId, sort } });
                }}
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
