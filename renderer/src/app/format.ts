import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';

/**
 * Days and instants (issue 25), one rule for every screen: a calendar day (`YYYY-MM-DD`: a due
 * date, a last working day, a received-on) is shown as that day, never shifted by the time zone;
 * an instant (an ISO time: a sign-in, a submission, an activity) as date and time in this
 * console's time zone, or as the day it falls on there where only the day matters.
 */
export interface Formatters {
  /** An instant as date and time, short (e.g. 2026/3/1 14:05). '—' for null or unparsable values. */
  dateTime(iso: string | null | undefined): string;
  /** A calendar day as itself, or an instant as the day it falls on here; medium style. */
  date(iso: string | null | undefined): string;
  /** Time only, with seconds. */
  time(iso: string | null | undefined): string;
  number(n: number): string;
  /** A file size in megabytes (decimal, as the contract's limits are), e.g. 40 MB, 1.2 Mo. */
  megabytes(bytes: number): string;
}

export const EMPTY_VALUE = '—';

function safe(format: Intl.DateTimeFormat, iso: string | null | undefined): string {
  if (!iso) return EMPTY_VALUE;
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : format.format(d);
}

const CALENDAR_DAY = /^\d{4}-\d{2}-\d{2}$/;

/** The `date` formatter (exported for its test; `timeZone` is this computer's unless given). */
export function dayFormatter(lng: string, timeZone?: string): (value: string | null | undefined) => string {
  const here = new Intl.DateTimeFormat(lng, { dateStyle: 'medium', ...(timeZone ? { timeZone } : {}) });
  // A day is read as midnight UTC and shown in UTC: 2026-03-01 is 1 March in Paris, Shanghai and New York.
  const asDay = new Intl.DateTimeFormat(lng, { dateStyle: 'medium', timeZone: 'UTC' });
  return (value) => (value && CALENDAR_DAY.test(value) ? safe(asDay, `${value}T00:00:00Z`) : safe(here, value));
}

/** Locale-aware formatters that follow the interface language. */
export function useFormat(): Formatters {
  const { i18n } = useTranslation();
  const lng = i18n.language;
  return useMemo(() => {
    const dt = new Intl.DateTimeFormat(lng, { dateStyle: 'short', timeStyle: 'short' });
    const day = dayFormatter(lng);
    const tm = new Intl.DateTimeFormat(lng, { timeStyle: 'medium' });
    const n = new Intl.NumberFormat(lng);
    const mb = new Intl.NumberFormat(lng, { style: 'unit', unit: 'megabyte', maximumFractionDigits: 1 });
    return {
      dateTime: (iso) => safe(dt, iso),
      date: day,
      time: (iso) => safe(tm, iso),
      number: (value) => n.format(value),
      megabytes: (bytes) => mb.format(bytes / 1_000_000),
    };
  }, [lng]);
}

