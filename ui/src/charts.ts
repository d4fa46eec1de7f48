// Charts with Chart.js, registered piece by piece so the bundle holds only bars, doughnuts, a
// target line, tooltips and legends. Colours come from the page's CSS (light or dark); animation
// is off when the person asks for reduced motion. Every chart also has its numbers as a table.

import {
  ArcElement,
  BarController,
  BarElement,
  CategoryScale,
  Chart,
  DoughnutController,
  Legend,
  LinearScale,
  LineController,
  LineElement,
  PointElement,
  Tooltip,
  type ChartConfiguration,
} from "chart.js";

Chart.register(BarController, BarElement, CategoryScale, LinearScale, LineController, LineElement, PointElement, DoughnutController, ArcElement, Tooltip, Legend);

export function cssColor(name: string): string {
  return getComputedStyle(document.documentElement).getPropertyValue(name).trim() || "#888";
}

export const palette = ["--chart-1", "--chart-2", "--chart-3", "--chart-4", "--chart-5", "--chart-6"];

export function draw(canvas: HTMLCanvasElement, config: ChartConfiguration): Chart {
  const reduced = window.matchMedia("(prefers-reduced-motion: reduce)").matches;
  Chart.defaults.color = cssColor("--fg-muted");
  Chart.defaults.borderColor = cssColor("--line");
  Chart.defaults.font.family = getComputedStyle(document.body).fontFamily;
  return new Chart(canvas, {
    ...config,
    options: { responsive: true, maintainAspectRatio: false, animation: reduced ? false : { duration: 250 }, ...config.options },
  });
}
