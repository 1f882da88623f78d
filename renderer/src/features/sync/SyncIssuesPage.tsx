import { App, Button, Card, Empty, Popconfirm, Space, Table, Tag, Typography } from 'antd';
import { DeleteOutlined, EditOutlined, RedoOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import type { TableColumnsType } from 'antd';
import { useTranslation } from 'react-i18next';
import { isCommandName, isPatchCommand, type PatchCommandName } from '../../../../shared/commands.js';
import type { SyncIssue } from '../../../../shared/contract.js';
import { invalidateAfter } from '../../api/commands.js';
import { useCommandOp, useQueryOp } from '../../api/hooks.js';
import { useFormat } from '../../app/format.js';
import { useDialog } from '../../app/useDialog.js';
import { useErrorText } from '../../app/useErrorText.js';
import { ErrorState, Loading } from '../../components/States.js';
import { EditPatchModal, type BlankKeeps } from '../edit/EditPatchModal.js';
import { entityOf, fieldSpec, isSensitive, useFieldDisplay, type PatchField } from '../edit/fields.js';
import { Page } from '../../components/Page.js';

const REASON_COLOR: Record<SyncIssue['reason'], string> = {
  conflict: 'orange',
  forbidden: 'red',
  invalid: 'magenta',
  not_found: 'default',
};

/** `{ id, patch }` of a patch command's args, when they have that shape. */
function patchArgsOf(issue: SyncIssue): { id: string; patch: Record<string, unknown> } | null {
  const a = issue.args as { id?: unknown; patch?: unknown } | null;
  if (!a || typeof a !== 'object' || typeof a.id !== 'string' || !a.patch || typeof a.patch !== 'object' || Array.isArray(a.patch)) return null;
  return { id: a.id, patch: a.patch as Record<string, unknown> };
}

export function SyncIssuesPage() {
  const { t } = useTranslation();
  const issues = useQueryOp('sync.issues', {}, { staleTime: 2_000 });
  const editing = useDialog<SyncIssue>();
  const list = issues.data?.issues ?? [];

  return (
    <Page
      id="sync-issues"
      title={t('syncIssues.title')}
      testId="sync-issues"
      head={issues.data ? <Tag data-testid="sync-issues-total">{t('syncIssues.total', { count: list.length })}</Tag> : null}
    >
      <Typography.Paragraph type="secondary" className="custos-page-intro">
        {t('syncIssues.intro')}
      </Typography.Paragraph>
      {issues.isPending ? (
        <Loading />
      ) : issues.isError && !issues.data ? (
        <ErrorState error={issues.error} onRetry={() => void issues.refetch()} />
      ) : list.length === 0 ? (
        <Card>
          <Empty description={t('syncIssues.empty')} data-testid="sync-issues-empty" />
        </Card>
      ) : (
        <ul className="custos-issue-list" aria-labelledby="sync-issues-title">
          {list.map((issue) => (
            <li key={issue.id}>
              <IssueCard issue={issue} onEdit={() => editing.open(issue)} />
            </li>
          ))}
        </ul>
      )}
      {editing.value ? <IssueEditModal issue={editing.value} onClose={editing.close} /> : null}
    </Page>
  );
}

function useIssueCommands(issue: SyncIssue, onRetried?: () => void) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const errorText = useErrorText();
  const queryClient = useQueryClient();
  const retry = useCommandOp('sync.retryIssue', {
    onSuccess: () => {
      void invalidateAfter(queryClient, issue.name);
      void message.success(t('syncIssues.retried'));
      onRetried?.();
    },
    onError: (err) => void message.error(t('edit.failed', { error: errorText(err) })),
  });
  const discard = useCommandOp('sync.discardIssue', {
    onSuccess: () => {
      void invalidateAfter(queryClient, issue.name);
      void message.success(t('syncIssues.discarded'));
    },
    onError: (err) => void message.error(t('edit.failed', { error: errorText(err) })),
  });
  return { retry, discard };
}

interface ValueRow {
  field: string;
  serverValue?: unknown;
  clientValue: unknown;
}

function IssueCard({ issue, onEdit }: { issue: SyncIssue; onEdit: () => void }) {
  const { t } = useTranslation();
  const format = useFormat();
  const display = useFieldDisplay();
  const { retry, discard } = useIssueCommands(issue);
  const known = isCommandName(issue.name) ? issue.name : null;
  const entity = known ? entityOf(known) : null;
  const args = patchArgsOf(issue);
  const editable = known !== null && isPatchCommand(known) && args !== null && Object.keys(args.patch).some((f) => fieldSpec(known, f) !== null);
  const titleId = `sync-issue-${issue.id}-title`;
  const commandLabel = t(`syncIssues.commands.${issue.name}`, { defaultValue: issue.name });

  const conflicts = issue.conflicts.length > 0;
  const rows: ValueRow[] = conflicts
    ? issue.conflicts.map((c) => ({ field: c.field, serverValue: c.serverValue, clientValue: c.clientValue }))
    : Object.entries(args?.patch ?? {}).map(([field, value]) => ({ field, clientValue: value }));
  const label = (field: string) => (entity ? display.label(entity, field) : field);
  const columns: TableColumnsType<ValueRow> = [
    { key: 'field', dataIndex: 'field', title: t('syncIssues.field'), width: 180, render: (f: string) => label(f) },
    ...(conflicts
      ? [{ key: 'server', title: t('syncIssues.cloudValue'), render: (_: unknown, r: ValueRow) => display.value(issue.name, r.field, r.serverValue) }]
      : []),
    { key: 'client', title: t('syncIssues.yourValue'), render: (_: unknown, r: ValueRow) => display.value(issue.name, r.field, r.clientValue) },
  ];

  return (
    <Card
      className="custos-issue"
      data-testid={`sync-issue-${issue.id}`}
      data-reason={issue.reason}
      title={
        <Typography.Title level={2} id={titleId} className="custos-card-title">
          {commandLabel}
          {args ? <span className="custos-issue-record"> · {t('syncIssues.record', { id: args.id })}</span> : null}
        </Typography.Title>
      }
      extra={
        <Tag color={REASON_COLOR[issue.reason]} data-testid="issue-reason">
          {t(`syncIssues.reasons.${issue.reason}`)}
        </Tag>
      }
    >
      <Typography.Paragraph className="custos-issue-meta">
        <time dateTime={issue.createdAt}>{t('syncIssues.when', { time: format.dateTime(issue.createdAt) })}</time>
      </Typography.Paragraph>
      <Typography.Paragraph>{t(`syncIssues.reasonHelp.${issue.reason}`)}</Typography.Paragraph>
      {issue.message ? (
        <Typography.Paragraph type="secondary" className="custos-issue-message" data-testid="issue-message">
          {t('syncIssues.cloudMessage', { message: issue.message })}
        </Typography.Paragraph>
      ) : null}
      {rows.length > 0 ? (
        <Table<ValueRow>
          rowKey="field"
          size="small"
          columns={columns}
          dataSource={rows}
          pagination={false}
          aria-label={conflicts ? t('syncIssues.conflictsLabel') : t('syncIssues.changesLabel')}
          data-testid={conflicts ? 'issue-conflicts' : 'issue-changes'}
          className="custos-issue-table"
        />
      ) : null}
      <Space wrap className="custos-issue-actions">
        <Button
          type="primary"
          icon={<RedoOutlined aria-hidden="true" />}
          loading={retry.isPending}
          onClick={() => retry.mutate({ id: issue.id })}
          aria-describedby={titleId}
          data-testid="issue-retry"
        >
          {t('syncIssues.retry')}
        </Button>
        {editable ? (
          <Button icon={<EditOutlined aria-hidden="true" />} onClick={onEdit} aria-describedby={titleId} data-testid="issue-edit">
            {t('syncIssues.editRetry')}
          </Button>
        ) : null}
        <Popconfirm
          title={t('syncIssues.discardConfirmTitle')}
          description={t('syncIssues.discardConfirm')}
          okText={t('syncIssues.discard')}
          okButtonProps={{ danger: true }}
          cancelText={t('edit.cancel')}
          onConfirm={() => discard.mutate({ id: issue.id })}
        >
          <Button danger icon={<DeleteOutlined aria-hidden="true" />} loading={discard.isPending} aria-describedby={titleId} data-testid="issue-discard">
            {t('syncIssues.discard')}
          </Button>
        </Popconfirm>
      </Space>
    </Card>
  );
}

/** "Edit and retry": the command's patch fields, prefilled with the values the admin sent. */
function IssueEditModal({ issue, onClose }: { issue: SyncIssue; onClose: () => void }) {
  const { t } = useTranslation();
  const display = useFieldDisplay();
  const { retry } = useIssueCommands(issue, onClose);
  const name = issue.name as PatchCommandName;
  const args = patchArgsOf(issue)!;
  const entity = entityOf(name);
  const fields = Object.keys(args.patch).filter((f) => fieldSpec(name, f) !== null) as PatchField<PatchCommandName>[];
  const conflictOf = new Map(issue.conflicts.map((c) => [c.field, c]));
  // Sensitive fields are not shown back in clear: blank keeps the value that was sent.
  const blankKeeps: Record<string, BlankKeeps> = {};
  for (const f of fields) if (isSensitive(entity, f)) blankKeeps[f] = { placeholder: t('syncIssues.keepSensitive'), value: args.patch[f] };

  return (
    <EditPatchModal
      open
      title={t('syncIssues.editTitle', { command: t(`syncIssues.commands.${issue.name}`, { defaultValue: issue.name }), id: args.id })}
      command={name}
      recordId={args.id}
      fields={fields}
      initial={args.patch}
      mode="all"
      blankKeeps={blankKeeps}
      saving={retry.isPending}
      saveTestId="issue-save"
      onCancel={onClose}
      renderExtra={(field, set) => {
        const conflict = conflictOf.get(field);
        if (!conflict) return null;
        // Masked fields (sensitive ones, mobiles) never get the cloud's value in clear into the input.
        const hidden = isSensitive(entity, field) || fieldSpec(name, field)?.masked === true;
        return (
          <span className="custos-issue-cloud">
            {t('syncIssues.cloudHas', { value: display.value(issue.name, field, conflict.serverValue) })}
            {!hidden ? (
              <Button type="link" size="small" onClick={() => set(conflict.serverValue ?? '')} data-testid={`issue-use-cloud-${field}`}>
                {t('syncIssues.useCloudValue')}
              </Button>
            ) : null}
          </span>
        );
      }}
      onSubmit={(patch) => retry.mutate({ id: issue.id, args: { id: args.id, patch } })}
    />
  );
}
