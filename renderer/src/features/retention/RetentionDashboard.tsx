import { Card, Col, Row, Statistic, Typography } from 'antd';
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { useTranslation } from 'react-i18next';
import { useQueryOp } from '../../api/hooks.js';
import { useFormat } from '../../app/format.js';

const BUCKETS = ['lt1', 'y1to2', 'y2to3', 'y3to5', 'gt5'] as const;
// Young to old: from calm to warm, readable for common colour-vision deficiencies.
const COLORS: Record<(typeof BUCKETS)[number], string> = { lt1: '#1f6feb', y1to2: '#54aeff', y2to3: '#d4a72c', y3to5: '#e16f24', gt5: '#a40e26' };

/**
 * Data held per category by age (a picture of what retention will reach), what enabled
 * policies would take now in this cache, and holds in force. The chart is hidden from screen
 * readers; the same numbers are in a table right under it.
 */
export function RetentionDashboard() {
  const { t } = useTranslation();
  const format = useFormat();
  const data = useQueryOp('retention.dashboard', {}, { staleTime: 10_000 });
  if (!data.data) return null;
  const rows = data.data.categories.map((c) => ({ name: t(`retention.categories.${c.category}`), ...c.buckets }));
  const due = data.data.categories.reduce((sum, c) => sum + (c.dueNow ?? 0), 0);
  return (
    <section aria-labelledby="dashboard-title" className="custos-panel custos-bottom-gap" data-testid="retention-dashboard">
      <Typography.Title level={2} id="dashboard-title">
        {t('retention.dashboard')}
      </Typography.Title>
      <Row gutter={16} className="custos-bottom-gap">
        <Col>
          <Card size="small">
            <Statistic title={t('retention.heldRecords')} value={format.number(data.data.categories.reduce((s, c) => s + c.total, 0))} />
          </Card>
        </Col>
        <Col>
          <Card size="small">
            <Statistic title={t('retention.dueNow')} value={format.number(due)} />
          </Card>
        </Col>
        <Col>
          <Card size="small">
            <Statistic title={t('retention.holdsInForce')} value={format.number(data.data.holdsInForce)} />
          </Card>
        </Col>
      </Row>
      <div aria-hidden="true" className="custos-chart">
        <ResponsiveContainer width="100%" height={260}>
          <BarChart data={rows} layout="vertical" margin={{ left: 24, right: 24 }} accessibilityLayer={false}>
            <CartesianGrid strokeDasharray="3 3" horizontal={false} />
            <XAxis type="number" allowDecimals={false} />
            <YAxis type="category" dataKey="name" width={220} />
            <Tooltip />
            <Legend itemSorter={null} />
            {BUCKETS.map((b) => (
              <Bar key={b} dataKey={b} name={t(`retention.ages.${b}`)} stackId="age" fill={COLORS[b]} isAnimationActive={false} />
            ))}
          </BarChart>
        </ResponsiveContainer>
      </div>
      <table className="custos-simple-table custos-visually-hidden" data-testid="retention-age-table">
        <caption>{t('retention.ageTableCaption')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('retention.category')}</th>
            {BUCKETS.map((b) => (
              <th scope="col" key={b}>
                {t(`retention.ages.${b}`)}
              </th>
            ))}
            <th scope="col">{t('retention.dueNow')}</th>
          </tr>
        </thead>
        <tbody>
          {data.data.categories.map((c) => (
            <tr key={c.category}>
              <th scope="row">{t(`retention.categories.${c.category}`)}</th>
              {BUCKETS.map((b) => (
                <td key={b}>{c.buckets[b]}</td>
              ))}
              <td>{c.dueNow ?? '—'}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <Typography.Paragraph type="secondary">{t('retention.dashboardHint')}</Typography.Paragraph>
    </section>
  );
}
