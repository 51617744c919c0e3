// chart.tsx - uPlot charts sized to their container (ResizeObserver), coloured from the
// page's CSS variables so they follow the light/dark scheme.
import uPlot from "uplot";
import "uplot/dist/uPlot.min.css";
import { useEffect, useRef } from "preact/hooks";

export interface Series {
  label: string;
  values: (number | null)[];
  color: string; // a CSS variable name, "--accent"
  bars?: boolean;
}

function cssVar(name: string): string {
  return getComputedStyle(document.documentElement).getPropertyValue(name).trim() || "#888";
}

export function Chart({ x, series, height = 220, yMax, label, xTime = true }: { x: number[]; series: Series[]; height?: number; yMax?: number; label: string; xTime?: boolean }) {
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const el = box.current;
    if (!el) return;
    const axis = { stroke: cssVar("--muted"), grid: { stroke: cssVar("--line"), width: 1 }, ticks: { stroke: cssVar("--line") } };
    const opts: uPlot.Options = {
      width: Math.max(200, el.clientWidth),
      height,
      legend: { show: series.length > 1 },
      cursor: { drag: { x: false, y: false } },
      scales: { x: { time: xTime }, y: yMax !== undefined ? { range: [0, yMax] } : { range: (_u, _min, max) => [0, Math.max(1, max * 1.15)] } },
      axes: [axis, { ...axis, size: 44 }],
      series: [
        {},
        ...series.map((s) => ({
          label: s.label,
          stroke: cssVar(s.color),
          width: 2,
          fill: s.bars ? cssVar(s.color) + "cc" : cssVar(s.color) + "22",
          points: { show: !s.bars && x.length < 40, size: 6 },
          paths: s.bars ? uPlot.paths.bars!({ size: [0.6, 40] }) : undefined,
        })),
      ],
    };
    const plot = new uPlot(opts, [x, ...series.map((s) => s.values)] as uPlot.AlignedData, el);
    const ro = new ResizeObserver(() => plot.setSize({ width: Math.max(200, el.clientWidth), height }));
    ro.observe(el);
    return () => {
      ro.disconnect();
      plot.destroy();
    };
  }, [x, series, height, yMax]);
  return <div class="chart" ref={box} role="img" aria-label={label} />;
}
