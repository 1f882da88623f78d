import type { DepartmentNode } from '../../../../shared/contract.js';

export interface DeptTreeNode {
  key: string;
  dept: DepartmentNode;
  children?: DeptTreeNode[];
}

export interface DeptIndex {
  byId: Map<string, DepartmentNode>;
  childrenOf: Map<string | null, DepartmentNode[]>;
}

const collator = new Intl.Collator(undefined, { numeric: true, sensitivity: 'base' });

export function compareDepartments(a: DepartmentNode, b: DepartmentNode): number {
  return a.sort - b.sort || collator.compare(a.name, b.name) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

/** Indexes departments by parent; a department whose parent is unknown (out of scope) becomes a root. */
export function indexDepartments(departments: readonly DepartmentNode[]): DeptIndex {
  const byId = new Map(departments.map((d) => [d.id, d]));
  const childrenOf = new Map<string | null, DepartmentNode[]>();
  for (const d of departments) {
    const parent = d.parentId !== null && byId.has(d.parentId) && d.parentId !== d.id ? d.parentId : null;
    const list = childrenOf.get(parent);
    if (list) list.push(d);
    else childrenOf.set(parent, [d]);
  }
  for (const list of childrenOf.values()) list.sort(compareDepartments);
  return { byId, childrenOf };
}

/**
 * Builds the tree, optionally keeping only departments whose name matches `search` and their
 * ancestors. Returns the tree and, when searching, the keys to expand so every match shows.
 * Iterative guard against parent cycles: a department is visited once.
 */
export function buildDepartmentTree(index: DeptIndex, search = ''): { tree: DeptTreeNode[]; expandKeys: string[]; matchCount: number } {
  const needle = search.trim().toLocaleLowerCase();
  const expandKeys: string[] = [];
  const visited = new Set<string>();
  let matchCount = 0;

  const build = (parent: string | null): DeptTreeNode[] => {
    const out: DeptTreeNode[] = [];
    for (const dept of index.childrenOf.get(parent) ?? []) {
      if (visited.has(dept.id)) continue;
      visited.add(dept.id);
      const children = build(dept.id);
      const matches = needle !== '' && dept.name.toLocaleLowerCase().includes(needle);
      if (matches) matchCount++;
      if (needle === '' || matches || children.length > 0) {
        if (needle !== '' && children.length > 0) expandKeys.push(dept.id);
        out.push(children.length > 0 ? { key: dept.id, dept, children } : { key: dept.id, dept });
      }
    }
    return out;
  };

  return { tree: build(null), expandKeys, matchCount };
}
