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

const COUNT_STEPS = [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10000, 20000, 50000, 100000, 1000000];

function cssVar(name: string): string {
  return getComputedStyle(document.documentElement).getPropertyValue(name).trim() || "#888";
}

// integer: the values are counts (no 0.25 ticks on the y axis).
export function Chart({ x, series, height = 220, yMax, label, xTime = true, integer = false }: { x: number[]; series: Series[]; height?: number; yMax?: number; label: string; xTime?: boolean; integer?: boolean }) {
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
      scales: { x: { time: xTime, ...(x.length === 1 ? { range: [x[0] - 86400, x[0] + 86400] as [number, number] } : {}) }, y: yMax !== undefined ? { range: [0, yMax] } : { range: (_u, _min, max) => [0, Math.max(1, max * 1.15)] } },
      axes: [axis, { ...axis, size: 44, ...(integer ? { incrs: COUNT_STEPS } : {}) }],
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
  }, [x, series, height, yMax, integer]);
  return <div class="chart" ref={box} role="img" aria-label={label} />;
}
