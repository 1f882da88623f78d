import type { ReactNode } from 'react';
import { Typography } from 'antd';

/**
 * The frame of every console page: a landmark section labelled by its one h1, with the
 * page's own controls (counts, primary actions) beside the title.
 */
export function Page({ id, title, testId, head, children }: { id: string; title: ReactNode; testId: string; head?: ReactNode; children: ReactNode }) {
  return (
    <section className="custos-page" aria-labelledby={`${id}-title`} data-testid={testId}>
      <div className="custos-page-head">
        <Typography.Title level={1} id={`${id}-title`} className="custos-page-title">
          {title}
        </Typography.Title>
        {head}
      </div>
      {children}
    </section>
  );
}
