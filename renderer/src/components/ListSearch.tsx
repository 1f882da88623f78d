import { Input } from 'antd';
import type { TableColumnsType } from 'antd';

/**
 * The search box above a paged list: labelled by its placeholder, capped at what the contract
 * accepts, and back to the first page on every change (the old page may no longer exist).
 */
export function ListSearch({ label, value, onChange, onPageReset, className, testId }: { label: string; value: string; onChange: (v: string) => void; onPageReset: () => void; className: string; testId: string }) {
  return (
    <Input.Search
      allowClear
      placeholder={label}
      aria-label={label}
      value={value}
      maxLength={100}
      onChange={(e) => {
        onChange(e.target.value);
        onPageReset();
      }}
      className={className}
      data-testid={testId}
    />
  );
}

/** The width a table's fixed-width columns add up to, for its horizontal scroll. */
export function columnsWidth<T>(columns: TableColumnsType<T>): number {
  return columns.reduce((sum, c) => sum + (typeof c.width === 'number' ? c.width : 0), 0);
}
