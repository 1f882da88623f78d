import { memo, useCallback, useState } from 'react';
import { App, Badge, Tree } from 'antd';
import { useTranslation } from 'react-i18next';
import { useQueryClient } from '@tanstack/react-query';
import { useCommandOp } from '../../api/hooks.js';
import { invalidateAfter } from '../../api/commands.js';
import { useCanRun } from '../../app/currentUser.js';
import { useErrorText } from '../../app/useErrorText.js';
import type { DeptIndex, DeptTreeNode } from './tree.js';

const TREE_HEIGHT = 600;

/**
 * The department tree. Which nodes are open is its own state, so opening one renders the tree
 * alone, not the whole Organisation screen with its employee table (npm run bench: expanding a
 * department at L; issue 27).
 */
export const DepartmentTree = memo(function DepartmentTree({
  tree,
  index,
  searching,
  searchExpandKeys,
  defaultExpanded,
  selectedId,
  onSelect,
  openKeys,
}: {
  tree: DeptTreeNode[];
  index: DeptIndex;
  searching: boolean;
  /** While searching: the nodes to open so every match shows. */
  searchExpandKeys: string[];
  defaultExpanded: string[];
  selectedId: string | null;
  onSelect: (id: string) => void;
  /** The screen's memory of the open nodes, kept while the tree gives way to "no match" during a search. */
  openKeys: { current: string[] | null };
}) {
  const { t } = useTranslation();
  const [expanded, setExpandedState] = useState<string[] | null>(openKeys.current);
  const setExpanded = (keys: string[]) => {
    openKeys.current = keys;
    setExpandedState(keys);
  };
  const expandedKeys = searching ? searchExpandKeys : (expanded ?? defaultExpanded);
  const { message } = App.useApp();
  const errorText = useErrorText();
  const queryClient = useQueryClient();
  const canMove = useCanRun('department.update');
  const move = useCommandOp('department.update', {
    onSuccess: () => void invalidateAfter(queryClient, 'department.update'),
    onError: (err) => void message.error(t('edit.failed', { error: errorText(err) })),
  });
  const titleRender = useCallback(
    (node: DeptTreeNode) => (
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
    ),
    [t],
  );

  return (
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
        if (key !== undefined) onSelect(String(key));
      }}
      titleRender={titleRender}
    />
  );
});
