import { useState } from 'react';
import { Alert, App, Button, Collapse, Form, Input, Modal, Select, Typography, Upload, type ButtonProps } from 'antd';
import { UploadOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { parseSchedule, scheduleDays, scheduleSummary, type HolidayYear, type ParsedSchedule } from '../../../../shared/holidays.js';
import { invalidateAfter } from '../../api/commands.js';
import { useCommandOp, useQueryOp } from '../../api/hooks.js';
import { useFormat } from '../../app/format.js';
import { useErrorText } from '../../app/useErrorText.js';
import { ScheduleDays } from './HolidayCalendarCard.js';

/** What an officer types: one line per holiday or make-up day (shown in the format help, in every language). */
const EXAMPLE = `# 国务院办公厅关于2027年部分节假日安排的通知 (example)
date,type,name
2027-01-01~2027-01-03,off,元旦
2027-02-05~2027-02-13,off,春节
2027-02-14,work,春节
2027-02-20,work,春节`;

type Problem = ParsedSchedule['problems'][number];

/**
 * Import of a year's schedule: the notice typed or pasted (or a CSV, text or chinese-days JSON
 * file), read and checked as it is typed with the rules the console and the cloud apply, the
 * year's days off and make-up days listed, and only then queued.
 */
export function ImportScheduleDialog({ years, onClose }: { years: readonly HolidayYear[]; onClose: () => void }) {
  const { t } = useTranslation();
  const format = useFormat();
  const { message } = App.useApp();
  const errorText = useErrorText();
  const queryClient = useQueryClient();
  const thisYear = new Date().getFullYear();
  const choices = [thisYear - 1, thisYear, thisYear + 1, thisYear + 2];
  const held = (y: number) => years.find((h) => h.year === y);
  const [year, setYear] = useState(choices.find((y) => y >= thisYear && !held(y)?.source && !held(y)?.pending.length) ?? thisYear + 1);
  const [text, setText] = useState('');
  const [notice, setNotice] = useState('');
  /** Typed or pasted lines all of one year (not JSON, which holds many): that year is the one meant. */
  const changeText = (value: string) => {
    setText(value);
    const found = new Set([...value.matchAll(/(?:^|[^\d])(\d{4})\s*[-/.年]\s*\d{1,2}/g)].map((m) => Number(m[1])));
    const only = [...found][0];
    if (!value.trim().startsWith('{') && found.size === 1 && only !== undefined && choices.includes(only)) setYear(only);
  };
  const parsed = text.trim() ? parseSchedule(text, year) : null;
  const ready = parsed !== null && parsed.problems.length === 0;
  const summary = ready ? scheduleSummary(scheduleDays(parsed.entries), year) : null;
  const previous = held(year);
  // The open requests the cloud will recount with it, as this console holds them.
  const impact = useQueryOp('holidays.impact', { year, entries: ready ? parsed.entries : null }, { enabled: ready });
  const save = useCommandOp('holidayCalendar.import', {
    onSuccess: () => {
      void invalidateAfter(queryClient, 'holidayCalendar.import');
      void message.success(t('holidays.importQueued', { year }));
      onClose();
    },
    onError: (err) => void message.error(errorText(err)),
  });

  const problemText = (p: Problem) => {
    const what = p.code === 'overlap' && !p.otherLine ? t('holidays.problems.overlapAnywhere', { day: p.day }) : t(`holidays.problems.${p.code}`, { day: p.day ?? '', otherLine: p.otherLine ?? '', year });
    return p.line ? t('holidays.problemLine', { line: p.line, problem: what }) : what;
  };

  return (
    <Modal
      open
      title={t('holidays.importTitle')}
      okText={t('holidays.importOk')}
      cancelText={t('edit.cancel')}
      onCancel={onClose}
      confirmLoading={save.isPending}
      okButtonProps={{ disabled: !ready, 'data-testid': 'holidays-import-ok' } as ButtonProps}
      onOk={() => ready && save.mutate({ id: String(year), year, notice: notice.trim() || null, entries: parsed.entries })}
      width={760}
      destroyOnHidden
    >
      <Form layout="vertical" data-testid="holidays-import-form">
        <Form.Item label={t('holidays.year')} htmlFor="holidays-import-year">
          <Select
            id="holidays-import-year"
            value={year}
            onChange={setYear}
            options={choices.map((y) => ({ value: y, label: held(y)?.source ? `${y} — ${t(`holidays.source.${held(y)!.source!}`)}` : String(y) }))}
            data-testid="holidays-import-year"
          />
        </Form.Item>
        <Form.Item label={t('holidays.notice')} htmlFor="holidays-import-notice">
          <Input id="holidays-import-notice" value={notice} onChange={(e) => setNotice(e.target.value)} maxLength={200} placeholder="国办发明电〔2026〕…" data-testid="holidays-import-notice" />
        </Form.Item>
        <Form.Item label={t('holidays.text')} htmlFor="holidays-import-text" extra={t('holidays.textHint')}>
          <Input.TextArea id="holidays-import-text" value={text} onChange={(e) => changeText(e.target.value)} rows={8} className="custos-code" spellCheck={false} data-testid="holidays-import-text" />
        </Form.Item>
        <Upload
          accept=".csv,.txt,.tsv,.json"
          maxCount={1}
          showUploadList={false}
          beforeUpload={(file) => {
            void file.text().then(changeText);
            return false;
          }}
        >
          <Button icon={<UploadOutlined aria-hidden="true" />} data-testid="holidays-import-file">
            {t('holidays.chooseFile')}
          </Button>
        </Upload>
        <Collapse
          className="custos-top-gap"
          size="small"
          items={[
            {
              key: 'format',
              label: t('holidays.formatTitle'),
              children: (
                <>
                  <Typography.Paragraph>{t('holidays.formatBody')}</Typography.Paragraph>
                  <pre className="custos-code custos-example">{EXAMPLE}</pre>
                </>
              ),
            },
          ]}
        />
      </Form>

      <section aria-labelledby="holidays-preview-title" className="custos-top-gap" data-testid="holidays-preview">
        <Typography.Title level={3} id="holidays-preview-title" className="custos-card-title">
          {t('holidays.preview')}
        </Typography.Title>
        {parsed === null ? (
          <Typography.Paragraph type="secondary">{t('holidays.previewEmpty')}</Typography.Paragraph>
        ) : !ready ? (
          <Alert
            type="error"
            showIcon
            className="custos-top-gap"
            title={t('holidays.problemsTitle')}
            description={
              <ul className="custos-samples" data-testid="holidays-problems">
                {parsed.problems.slice(0, 20).map((p, i) => (
                  <li key={i}>{problemText(p)}</li>
                ))}
              </ul>
            }
          />
        ) : (
          <>
            <Typography.Paragraph className="custos-top-gap" data-testid="holidays-summary">
              {t('holidays.previewSummary', { year, off: summary!.weekdaysOff, work: summary!.makeUpDays })}
              {previous?.source === 'imported' ? ` ${t('holidays.replacesImport', { year, date: format.date(previous.importedAt) })}` : previous?.source === 'built_in' ? ` ${t('holidays.replacesBuiltInYear', { year })}` : ''}
            </Typography.Paragraph>
            {impact.data ? (
              <div data-testid="holidays-moves">
                <Typography.Paragraph>{impact.data.moves.length === 0 ? t('holidays.movesNone') : t('holidays.moves', { count: impact.data.moves.length })}</Typography.Paragraph>
                {impact.data.moves.length > 0 ? (
                  <ul className="custos-samples custos-bottom-gap">
                    {impact.data.moves.map((m) => (
                      <li key={m.id}>{t('holidays.move', { reference: m.reference || t('dsr.referencePending'), from: format.date(m.from), to: format.date(m.to) })}</li>
                    ))}
                  </ul>
                ) : null}
              </div>
            ) : null}
            <ScheduleDays entries={parsed.entries} testId="holidays-preview-days" />
          </>
        )}
      </section>
    </Modal>
  );
}
