import { useMemo } from 'react';
import { Alert, App, Button, Card, Popconfirm, Space, Table, Tag, Typography, type ButtonProps, type TableColumnsType } from 'antd';
import { DeleteOutlined, ImportOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { HolidayEntry, HolidayYear } from '../../../../shared/holidays.js';
import { invalidateAfter } from '../../api/commands.js';
import { useCommandOp, useQueryOp } from '../../api/hooks.js';
import { useCanRun } from '../../app/currentUser.js';
import { useFormat } from '../../app/format.js';
import { useDialog } from '../../app/useDialog.js';
import { useErrorText } from '../../app/useErrorText.js';
import { useKeyboardScrollable } from '../../app/useKeyboardScrollable.js';
import { ErrorState, Loading } from '../../components/States.js';
import { ImportScheduleDialog } from './ImportScheduleDialog.js';

/** A day with its weekday (a make-up day is only right on a weekend), in the interface language. */
export function useDayWithWeekday(): (day: string) => string {
  const { i18n } = useTranslation();
  return useMemo(() => {
    const f = new Intl.DateTimeFormat(i18n.language, { year: 'numeric', month: 'short', day: 'numeric', weekday: 'short', timeZone: 'UTC' });
    return (day: string) => f.format(new Date(`${day}T00:00:00Z`));
  }, [i18n.language]);
}

/** The days of one year's schedule: each holiday (a range) and each make-up working day. */
export function ScheduleDays({ entries, testId }: { entries: readonly HolidayEntry[]; testId: string }) {
  const { t } = useTranslation();
  const day = useDayWithWeekday();
  const columns: TableColumnsType<HolidayEntry> = [
    { key: 'dates', title: t('holidays.dates'), render: (_, e) => (e.from === e.to ? day(e.from) : `${day(e.from)} – ${day(e.to)}`) },
    { key: 'count', title: t('holidays.length'), render: (_, e) => t('holidays.dayCount', { count: Math.round((Date.parse(e.to) - Date.parse(e.from)) / 86_400_000) + 1 }) },
    { key: 'kind', title: t('holidays.kind'), render: (_, e) => <Tag color={e.kind === 'off' ? 'green' : 'orange'}>{t(`holidays.kinds.${e.kind}`)}</Tag> },
    { key: 'name', title: t('holidays.name'), render: (_, e) => e.name || '—' },
  ];
  return <Table<HolidayEntry> rowKey={(e) => `${e.kind}-${e.from}`} size="small" pagination={false} columns={columns} dataSource={[...entries]} data-testid={testId} />;
}

/**
 * Settings → PRC public holiday schedules: the years deadlines are counted on (built in, imported
 * by whom and when, queued), each year's days, and Import / Remove for the compliance roles.
 */
export function HolidayCalendarCard() {
  const { t } = useTranslation();
  const format = useFormat();
  const { message } = App.useApp();
  const errorText = useErrorText();
  const queryClient = useQueryClient();
  const scroll = useKeyboardScrollable<HTMLDivElement>();
  const list = useQueryOp('holidays.list', {});
  const canImport = useCanRun('holidayCalendar.import');
  const importing = useDialog<true>();
  const remove = useCommandOp('holidayCalendar.remove', {
    onSuccess: () => {
      void invalidateAfter(queryClient, 'holidayCalendar.remove');
      void message.success(t('holidays.removeQueued'));
    },
    onError: (err) => void message.error(errorText(err)),
  });
  const title = (
    <Typography.Title level={2} className="custos-card-title" id="holidays-title">
      {t('holidays.title')}
    </Typography.Title>
  );
  if (list.isPending) return <Card title={title} className="custos-card"><Loading /></Card>;
  if (list.isError) return <Card title={title} className="custos-card"><ErrorState error={list.error} onRetry={() => void list.refetch()} /></Card>;

  const years = list.data.years;
  const thisYear = new Date().getFullYear();
  // The next year deadlines may fall in, if nothing is held for it yet (a request received in December is due in January).
  const missing = [thisYear, thisYear + 1].find((y) => !years.some((h) => h.year === y && (h.source !== null || h.pending.length > 0)));
  const columns: TableColumnsType<HolidayYear> = [
    { key: 'year', title: t('holidays.year'), render: (_, y) => <strong>{y.year}</strong> },
    {
      key: 'source',
      title: t('holidays.schedule'),
      render: (_, y) => (
        <Space size={4} wrap>
          {y.source ? <Tag color={y.source === 'imported' ? 'blue' : 'default'}>{t(`holidays.source.${y.source}`)}</Tag> : null}
          {y.source === 'imported' ? <Typography.Text type="secondary">{t('holidays.importedBy', { name: y.importedBy ?? '—', date: format.date(y.importedAt) })}</Typography.Text> : null}
          {y.source === 'imported' && y.builtIn ? <Typography.Text type="secondary">{t('holidays.replacesBuiltIn')}</Typography.Text> : null}
          {y.pending.includes('holidayCalendar.import') ? <Tag color="gold" data-testid={`holidays-queued-${y.year}`}>{t('holidays.pendingImport')}</Tag> : null}
          {y.pending.includes('holidayCalendar.remove') ? <Tag color="gold" data-testid={`holidays-queued-${y.year}`}>{t('holidays.pendingRemove')}</Tag> : null}
          {y.notice ? <Typography.Text type="secondary">{y.notice}</Typography.Text> : null}
        </Space>
      ),
    },
    { key: 'off', title: t('holidays.weekdaysOff'), render: (_, y) => format.number(y.weekdaysOff) },
    { key: 'work', title: t('holidays.makeUpDays'), render: (_, y) => format.number(y.makeUpDays) },
    {
      key: 'actions',
      title: t('holidays.actions'),
      render: (_, y) =>
        canImport && y.source === 'imported' && !y.pending.includes('holidayCalendar.remove') ? (
          <Popconfirm
            title={t(y.builtIn ? 'holidays.removeConfirmBuiltIn' : 'holidays.removeConfirm', { year: y.year })}
            okText={t('holidays.remove')}
            cancelText={t('edit.cancel')}
            okButtonProps={{ danger: true, 'data-testid': `holidays-remove-ok-${y.year}` } as ButtonProps}
            onConfirm={() => remove.mutate({ id: String(y.year) })}
          >
            <Button size="small" danger icon={<DeleteOutlined aria-hidden="true" />} aria-label={t('holidays.removeYear', { year: y.year })} data-testid={`holidays-remove-${y.year}`}>
              {t('holidays.remove')}
            </Button>
          </Popconfirm>
        ) : null,
    },
  ];

  return (
    <Card
      title={title}
      className="custos-card"
      data-testid="holidays-card"
      extra={
        canImport ? (
          <Button icon={<ImportOutlined aria-hidden="true" />} onClick={() => importing.open(true)} data-testid="holidays-import">
            {t('holidays.import')}
          </Button>
        ) : null
      }
    >
      <Typography.Paragraph type="secondary">{t('holidays.intro')}</Typography.Paragraph>
      {missing !== undefined ? <Alert type="warning" showIcon className="custos-bottom-gap" title={t('holidays.notHeld', { year: missing })} data-testid="holidays-missing" /> : null}
      <div ref={scroll}>
        <Table<HolidayYear>
          rowKey="year"
          size="small"
          pagination={false}
          columns={columns}
          dataSource={years}
          expandable={{
            expandedRowRender: (y) => <ScheduleDays entries={y.entries} testId={`holidays-days-${y.year}`} />,
            rowExpandable: (y) => y.entries.length > 0,
            columnTitle: <span className="custos-visually-hidden">{t('holidays.days')}</span>,
          }}
          data-testid="holidays-years"
        />
      </div>
      {importing.value ? <ImportScheduleDialog years={years} onClose={importing.close} /> : null}
    </Card>
  );
}
