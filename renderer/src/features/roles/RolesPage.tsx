import { useState } from 'react';
import { App, Button, Form, Modal, Popconfirm, Select, Table, Tag, TreeSelect, Typography, type ButtonProps } from 'antd';
import { DeleteOutlined, UserAddOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import type { TableColumnsType } from 'antd';
import { useTranslation } from 'react-i18next';
import { ulid } from 'ulid';
import type { RoleAssignmentRow } from '../../../../shared/contract.js';
import { ROLES, type Role } from '../../../../shared/roles.js';
import { invalidateAfter } from '../../api/commands.js';
import { useCommandOp, useQueryOp } from '../../api/hooks.js';
import { useCanRun, useCurrentUser } from '../../app/currentUser.js';
import { useErrorText } from '../../app/useErrorText.js';
import { ErrorState, Loading } from '../../components/States.js';
import { EmployeePicker } from '../org/manage.js';
import { indexDepartments } from '../org/tree.js';
import { Page } from '../../components/Page.js';

/**
 * Admin roles: who may do what in the console. Super admins grant any role; org admins grant
 * org-admin roles inside their own scope. The cloud enforces the same (cloud/org/commands.ts).
 */
export function RolesPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const errorText = useErrorText();
  const queryClient = useQueryClient();
  const user = useCurrentUser();
  const list = useQueryOp('roles.list', {}, { staleTime: 5_000 });
  const departments = useQueryOp('org.departments', {}, { staleTime: 30_000 });
  const canAssign = useCanRun('adminRole.assign');
  const canRevoke = useCanRun('adminRole.revoke');
  const [open, setOpen] = useState(false);
  const [form] = Form.useForm<{ employeeId: string; role: Role; scopeDepartmentIds: string[] }>();
  const role = Form.useWatch('role', form);
  const done = (msg: string) => () => {
    void invalidateAfter(queryClient, 'adminRole.assign');
    void message.success(msg);
  };
  const assign = useCommandOp('adminRole.assign', {
    onSuccess: () => {
      done(t('rolesPage.assigned'))();
      setOpen(false);
      form.resetFields();
    },
    onError: (err) => void message.error(errorText(err)),
  });
  const revoke = useCommandOp('adminRole.revoke', { onSuccess: done(t('rolesPage.revoked')), onError: (err) => void message.error(errorText(err)) });
  // What this admin may grant: super admins anything; org admins only org-admin roles.
  const grantable: Role[] = user?.role === 'super_admin' ? [...ROLES] : ['org_admin'];
  const index = indexDepartments(departments.data?.departments ?? []);
  type Option = { value: string; title: string; children?: Option[] };
  const treeData = (parent: string | null): Option[] =>
    (index.childrenOf.get(parent) ?? []).map((d) => ({ value: d.id, title: d.name, children: treeData(d.id) }));

  const columns: TableColumnsType<RoleAssignmentRow> = [
    { key: 'name', title: t('rolesPage.person'), render: (_, r) => r.name ?? r.userId },
    { key: 'role', title: t('rolesPage.role'), render: (_, r) => <Tag data-role={r.role}>{t(`roles.${r.role}`)}</Tag> },
    { key: 'scope', title: t('rolesPage.scope'), render: (_, r) => (r.scopeNames.length > 0 ? r.scopeNames.join(', ') : t('rolesPage.wholeTenant')) },
    { key: 'state', title: t('rolesPage.state'), render: (_, r) => (r.pending ? <Tag color="blue">{t('rolesPage.pending')}</Tag> : <Tag color="green">{t('rolesPage.active')}</Tag>) },
    ...(canRevoke
      ? [
          {
            key: 'actions',
            title: t('common.actions'),
            render: (_: unknown, r: RoleAssignmentRow) =>
              r.userId !== user?.id && !r.pending && grantable.includes(r.role) ? (
                <Popconfirm title={t('rolesPage.revokeConfirm', { name: r.name ?? r.userId })} okText={t('rolesPage.revoke')} cancelText={t('edit.cancel')} onConfirm={() => revoke.mutate({ id: r.id })}>
                  <Button size="small" danger icon={<DeleteOutlined aria-hidden="true" />} data-testid={`revoke-${r.id}`}>
                    {t('rolesPage.revoke')}
                  </Button>
                </Popconfirm>
              ) : null,
          },
        ]
      : []),
  ];

  return (
    <Page
      id="roles"
      title={t('rolesPage.title')}
      testId="roles-page"
      head={
        <>
          {canAssign ? (
            <Button type="primary" icon={<UserAddOutlined aria-hidden="true" />} onClick={() => setOpen(true)} data-testid="role-assign">
              {t('rolesPage.assign')}
            </Button>
          ) : null}
        </>
      }
    >
      <Typography.Paragraph type="secondary">{t('rolesPage.intro')}</Typography.Paragraph>
      {list.isPending ? (
        <Loading />
      ) : list.isError && !list.data ? (
        <ErrorState error={list.error} onRetry={() => void list.refetch()} />
      ) : (
        <Table<RoleAssignmentRow> rowKey="id" size="small" columns={columns} dataSource={list.data?.assignments ?? []} pagination={false} data-testid="roles-table" />
      )}
      <Modal
        open={open}
        title={t('rolesPage.assign')}
        okText={t('rolesPage.assign')}
        cancelText={t('edit.cancel')}
        onCancel={() => setOpen(false)}
        confirmLoading={assign.isPending}
        destroyOnHidden
        onOk={() =>
          void form.validateFields().then((v) =>
            assign.mutate({ id: ulid(), values: { employeeId: v.employeeId, role: v.role, scopeDepartmentIds: v.role === 'org_admin' ? (v.scopeDepartmentIds ?? []) : [] } }),
          )
        }
        okButtonProps={{ 'data-testid': 'role-assign-ok' } as ButtonProps}
      >
        {/* No default role: granting one, super admin above all, is a deliberate choice. */}
        <Form form={form} layout="vertical" initialValues={{ role: grantable.length === 1 ? grantable[0] : undefined }}>
          <Form.Item name="employeeId" label={t('rolesPage.person')} rules={[{ required: true, message: t('edit.required') }]}>
            <EmployeePicker testId="role-person" />
          </Form.Item>
          <Form.Item name="role" label={t('rolesPage.role')} rules={[{ required: true, message: t('edit.required') }]}>
            <Select options={grantable.map((r) => ({ value: r, label: t(`roles.${r}`) }))} data-testid="role-role" />
          </Form.Item>
          {role === 'org_admin' ? (
            <Form.Item name="scopeDepartmentIds" label={t('rolesPage.scope')} rules={[{ required: true, message: t('edit.required') }]} extra={t('rolesPage.scopeHint')}>
              <TreeSelect multiple showSearch treeNodeFilterProp="title" treeData={treeData(null)} virtual listHeight={320} data-testid="role-scope" />
            </Form.Item>
          ) : null}
          <Typography.Paragraph type="secondary">{t('rolesPage.activationNote')}</Typography.Paragraph>
        </Form>
      </Modal>
    </Page>
  );
}
