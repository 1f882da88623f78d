import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';

export interface Formatters {
  /** Date and time, short (e.g. 2026/3/1 14:05). '—' for null or unparsable values. */
  dateTime(iso: string | null | undefined): string;
  /** Date only, medium style. */
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

/** Locale-aware formatters that follow the interface language. */
export function useFormat(): Formatters {
  const { i18n } = useTranslation();
  const lng = i18n.language;
  return useMemo(() => {
    const dt = new Intl.DateTimeFormat(lng, { dateStyle: 'short', timeStyle: 'short' });
    const d = new Intl.DateTimeFormat(lng, { dateStyle: 'medium' });
    const tm = new Intl.DateTimeFormat(lng, { timeStyle: 'medium' });
    const n = new Intl.NumberFormat(lng);
    const mb = new Intl.NumberFormat(lng, { style: 'unit', unit: 'megabyte', maximumFractionDigits: 1 });
    return {
      dateTime: (iso) => safe(dt, iso),
      date: (iso) => safe(d, iso),
      time: (iso) => safe(tm, iso),
      number: (value) => n.format(value),
      megabytes: (bytes) => mb.format(bytes / 1_000_000),
    };
  }, [lng]);
}

