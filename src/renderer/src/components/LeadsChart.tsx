import { useEffect, useRef, type ReactElement } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';

/** Leads per bucket as bars (uPlot, canvas): the last 48 hours or the last 30 days. */
export function LeadsChart({
  title,
  values,
  from,
  stepMs,
  format,
}: {
  title: string;
  values: readonly number[];
  from: number;
  stepMs: number;
  format: (ms: number) => string;
}): ReactElement {
  const host = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const element = host.current;
    if (element === null) return undefined;
    const xs = values.map((_, index) => (from + index * stepMs) / 1000);
    const bars = uPlot.paths.bars?.({ size: [0.7, 40] });
    const chart = new uPlot(
      {
        width: Math.max(320, element.clientWidth),
        height: 180,
        legend: { show: false },
        cursor: { show: true },
        scales: { x: { time: true } },
        axes: [
          // Room for a whole label between ticks ("02:00 PM"): fewer ticks, none running into the next.
          { stroke: '#8b95a5', grid: { stroke: '#1d232b' }, space: 90, values: (_u, ticks) => ticks.map((tick) => format(tick * 1000)) },
          { stroke: '#8b95a5', grid: { stroke: '#1d232b' } },
        ],
        series: [{}, { label: title, stroke: '#60a5fa', fill: 'rgba(96,165,250,0.35)', ...(bars === undefined ? {} : { paths: bars }) }],
      },
      [xs, [...values]],
      element,
    );
    return () => chart.destroy();
  }, [values, from, stepMs, title, format]);
  return (
    <figure className="chart">
      <figcaption>{title}</figcaption>
      <div ref={host} role="img" aria-label={`${title}: ${values.join(', ')}`} />
    </figure>
  );
}
