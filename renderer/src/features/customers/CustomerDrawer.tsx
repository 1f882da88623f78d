import { useState } from 'react';
import { Button, Descriptions, Drawer, Empty, Popconfirm, Space, Table, Tag, Timeline, Typography } from 'antd';
import { EditOutlined, UserDeleteOutlined } from '@ant-design/icons';
import type { TableColumnsType } from 'antd';
import { useTranslation } from 'react-i18next';
import type { OutputOf } from '../../../../shared/contract.js';
import { usePatchCommand } from '../../api/commands.js';
import { useQueryOp } from '../../api/hooks.js';
import { useCanRun } from '../../app/currentUser.js';
import { EMPTY_VALUE, useFormat } from '../../app/format.js';
import { ErrorState, Loading } from '../../components/States.js';
import { EditPatchModal } from '../edit/EditPatchModal.js';
import { CUSTOMER_STATUS_COLOR } from './labels.js';

type Detail = OutputOf<'customers.get'>;
type ContactItem = Detail['contacts'][number];

/** The customer drawer: details, contacts and follow-ups from `customers.get`, with the edit forms. */
export function CustomerDrawer({
  id,
  open,
  onClose,
  industries,
}: {
  /** The customer shown; kept while the drawer closes. */
  id: string | null;
  open: boolean;
  onClose: () => void;
  industries: readonly string[];
}) {
  const { t } = useTranslation();
  const detail = useQueryOp('customers.get', { id: id ?? '' }, { enabled: id !== null, staleTime: 5_000 });
  const title = detail.data?.customer.name ?? t('customers.detailTitle');

  return (
    <Drawer
      open={open}
      onClose={onClose}
      size={800}
      title={title}
      classNames={{ body: 'custos-drawer-scroller' }}
    >
      {/* The body scrolls here, focusable so keyboard users can scroll read-only content. */}
      <div
        data-testid="customer-drawer"
        data-customer-id={id ?? ''}
        className="custos-drawer-body"
        tabIndex={0}
        role="region"
        aria-label={title}
      >
        {id === null ? null : detail.isPending ? (
          <Loading />
        ) : detail.isError && !detail.data ? (
          <ErrorState error={detail.error} onRetry={() => void detail.refetch()} />
        ) : (
          <CustomerDetail key={id} data={detail.data} industries={industries} />
        )}
      </div>
    </Drawer>
  );
}

function CustomerDetail({ data, industries }: { data: Detail; industries: readonly string[] }) {
  const { t } = useTranslation();
  const format = useFormat();
  const canEdit = useCanRun('customer.update');
  const canEditContact = useCanRun('contact.update');
  const [editing, setEditing] = useState(false);
  const [editingContact, setEditingContact] = useState<ContactItem | null>(null);
  const update = usePatchCommand('customer.update', () => setEditing(false));
  const release = usePatchCommand('customer.update');
  const contactUpdate = usePatchCommand('contact.update', () => setEditingContact(null));
  const c = data.customer;

  const contactColumns: TableColumnsType<ContactItem> = [
    { key: 'name', dataIndex: 'name', title: t('fields.contact.name'), width: 120, ellipsis: true },
    { key: 'title', dataIndex: 'title', title: t('fields.contact.title'), width: 110, ellipsis: true, render: (v: string | null) => v ?? EMPTY_VALUE },
    { key: 'mobile', dataIndex: 'mobileMasked', title: t('fields.contact.mobile'), width: 120, render: (v: string | null) => v ?? EMPTY_VALUE },
    { key: 'email', dataIndex: 'email', title: t('fields.contact.email'), width: 180, ellipsis: true, render: (v: string | null) => v ?? EMPTY_VALUE },
    { key: 'wechat', dataIndex: 'wechat', title: t('fields.contact.wechat'), width: 100, ellipsis: true, render: (v: string | null) => v ?? EMPTY_VALUE },
    ...(canEditContact
      ? [
          {
            key: 'actions',
            title: t('common.actions'),
            width: 90,
            render: (_: unknown, row: ContactItem) => (
              <Button
                size="small"
                icon={<EditOutlined aria-hidden="true" />}
                onClick={() => setEditingContact(row)}
                aria-label={t('customers.editContactNamed', { name: row.name })}
                data-testid={`contact-edit-${row.id}`}
              >
                {t('edit.edit')}
              </Button>
            ),
          },
        ]
      : []),
  ];

  return (
    <>
      {canEdit ? (
        <Space wrap className="custos-drawer-actions">
          <Button type="primary" icon={<EditOutlined aria-hidden="true" />} onClick={() => setEditing(true)} data-testid="customer-edit">
            {t('customers.edit')}
          </Button>
          {c.ownerEmployeeId !== null ? (
            <Popconfirm
              title={t('customers.releaseConfirmTitle')}
              description={t('customers.releaseConfirm', { name: c.name, owner: c.ownerName ?? c.ownerEmployeeId })}
              okText={t('customers.release')}
              cancelText={t('edit.cancel')}
              onConfirm={() => release.send(c.id, { ownerEmployeeId: null })}
            >
              <Button icon={<UserDeleteOutlined aria-hidden="true" />} loading={release.isPending} data-testid="customer-release">
                {t('customers.release')}
              </Button>
            </Popconfirm>
          ) : null}
        </Space>
      ) : null}

      <Typography.Title level={2} className="custos-section-title">
        {t('customers.details')}
      </Typography.Title>
      <Descriptions
        column={1}
        bordered
        size="small"
        data-testid="customer-fields"
        items={[
          { key: 'name', label: t('fields.customer.name'), children: <span data-testid="customer-name">{c.name}</span> },
          {
            key: 'owner',
            label: t('fields.customer.ownerEmployeeId'),
            children:
              c.ownerEmployeeId === null ? (
                <Tag color="gold" data-testid="customer-public-pool">
                  {t('customers.publicPool')}
                </Tag>
              ) : (
                (c.ownerName ?? c.ownerEmployeeId)
              ),
          },
          { key: 'industry', label: t('fields.customer.industry'), children: c.industry ?? EMPTY_VALUE },
          {
            key: 'status',
            label: t('fields.customer.status'),
            children: <Tag color={CUSTOMER_STATUS_COLOR[c.status]}>{t(`customers.status.${c.status}`)}</Tag>,
          },
          { key: 'created', label: t('customers.createdAt'), children: format.dateTime(c.createdAt) },
          { key: 'lastActivity', label: t('customers.columns.lastActivity'), children: format.dateTime(c.lastActivityAt) },
        ]}
      />

      <Typography.Title level={2} className="custos-section-title" id="customer-contacts-title">
        {t('customers.contacts', { count: data.contacts.length })}
      </Typography.Title>
      <div data-testid="customer-contacts">
        <Table<ContactItem>
          rowKey="id"
          size="small"
          columns={contactColumns}
          dataSource={data.contacts}
          pagination={data.contacts.length > 20 ? { pageSize: 20, showSizeChanger: false } : false}
          scroll={{ x: contactColumns.reduce((s, col) => s + (typeof col.width === 'number' ? col.width : 0), 0) }}
          locale={{ emptyText: t('customers.noContacts') }}
          aria-labelledby="customer-contacts-title"
        />
      </div>

      <Typography.Title level={2} className="custos-section-title">
        {t('customers.followUps', { count: data.followUps.length })}
      </Typography.Title>
      <div data-testid="customer-followups">
        {data.followUps.length === 0 ? (
          <Empty description={t('customers.noFollowUps')} />
        ) : (
          <Timeline
            items={data.followUps.map((f) => ({
              key: f.id,
              content: (
                <div className="custos-followup" data-testid="customer-followup">
                  <div className="custos-followup-meta">
                    <time dateTime={f.at}>{format.dateTime(f.at)}</time>
                    <Typography.Text strong>{f.employeeName ?? t('customers.unknownEmployee')}</Typography.Text>
                  </div>
                  <Typography.Paragraph className="custos-followup-content">{f.content}</Typography.Paragraph>
                </div>
              ),
            }))}
          />
        )}
      </div>

      <EditPatchModal
        open={editing}
        title={t('customers.editTitle', { name: c.name })}
        command="customer.update"
        recordId={c.id}
        fields={['name', 'industry', 'status']}
        initial={c}
        mode="changes"
        suggestions={{ industry: industries }}
        saving={update.isPending}
        saveTestId="customer-save"
        onCancel={() => setEditing(false)}
        onNothingChanged={() => setEditing(false)}
        onSubmit={(patch) => update.send(c.id, patch)}
      />
      <EditPatchModal
        open={editingContact !== null}
        title={t('customers.editContactTitle', { name: editingContact?.name ?? '' })}
        command="contact.update"
        recordId={editingContact?.id ?? ''}
        fields={['name', 'title', 'mobile', 'email', 'wechat', 'address']}
        initial={editingContact ?? {}}
        mode="changes"
        blankKeeps={editingContact?.mobileMasked ? { mobile: { placeholder: t('edit.keepMasked', { value: editingContact.mobileMasked }) } } : {}}
        saving={contactUpdate.isPending}
        saveTestId="contact-save"
        onCancel={() => setEditingContact(null)}
        onNothingChanged={() => setEditingContact(null)}
        onSubmit={(patch) => editingContact && contactUpdate.send(editingContact.id, patch)}
      />
    </>
  );
}
