/**
 * The engine in a Web Worker (the page never computes): scenario text is
 * resolved with the CLI's own code (src/scenario/scenario.ts) and run with the
 * CLI's execution core (src/runner/execute.ts) over Web Worker pools
 * (web-platform.ts), so data.csv and data.json are the bytes `spindrift run`
 * writes. Progress and the live plot stream back through comlink proxies: a
 * sweep's finished points, or the partial results of a one-point run.
 */
import * as Comlink from 'comlink';
import { resolveScenarioText } from '../../src/scenario/scenario.js';
import { executeScenario } from '../../src/runner/execute.js';
import { tidyData } from '../../src/runner/tidy.js';
import type { ModelResult } from '../../src/models/types.js';
import type { PartialMeta } from '../../src/models/partial.js';
import { oneLine } from '../../src/util/errors.js';
import { installWebPlatform } from './web-platform.js';
import { SOURCE } from './check.js';
import type { EngineApi, LivePlot, RunCallbacks, RunResultMessage } from './engine-api.js';

installWebPlatform();

/** Live plot of the finished points, or of one point's partial result (the tidy rows of the CLI's data, grouped by series). */
function livePlot(sc: ReturnType<typeof resolveScenarioText>, finished: Map<number, ModelResult>): LivePlot | null {
  const idx = [...finished.keys()].sort((a, b) => a - b);
  try {
    const data = tidyData(sc.axes, idx.map((i) => sc.points[i].coords), idx.map((i) => finished.get(i)!), sc.scalars, sc.labels);
    const by = new Map<string, { name: string; x: number[]; y: number[]; yErr?: number[] }>();
    for (const r of data.rows) {
      if (r.x === null) continue;
      let s = by.get(r.series);
      if (!s) by.set(r.series, (s = { name: r.series, x: [], y: [], ...(r.yErr !== undefined ? { yErr: [] } : {}) }));
      s.x.push(r.x * data.xDisplayScale);
      s.y.push(r.y);
      s.yErr?.push(r.yErr ?? 0);
    }
    return { xLabel: data.xLabel, yLabel: data.yLabel, xScale: data.xDisplayScale, series: [...by.values()] };
  } catch {
    return null; // a partial sweep the tidy layout does not fit yet: no live plot this time
  }
}

const api: EngineApi = {
  async run(text: string, cb: RunCallbacks): Promise<RunResultMessage> {
    try {
      return await runScenarioText(text, cb);
    } catch (err) {
      // one line, as the CLI prints it (comlink carries the message to the page)
      throw new Error(oneLine(err instanceof Error ? err.message : String(err)));
    }
  },
};

async function runScenarioText(text: string, cb: RunCallbacks): Promise<RunResultMessage> {
    const sc = resolveScenarioText(text, SOURCE);
    const t0 = performance.now();
    const finished = new Map<number, ModelResult>();
    let lastProgress = 0, lastLive = 0;
    const out = await executeScenario(sc, {
      onProgress: (done, total, detail) => {
        const now = performance.now();
        if (now - lastProgress < 100 && done < total) return;
        lastProgress = now;
        void cb.progress(done, total, detail);
      },
      // One point: its partial results (throttled by the model) draw the curve while it computes.
      ...(sc.axes.length === 0 ? {
        onPartial: (index: number, r: ModelResult) => {
          const plot = livePlot(sc, new Map([[index, r]]));
          const domain = (r.meta?.partial as PartialMeta | undefined)?.xDomain;
          if (plot) void cb.live({ ...plot, partial: true, ...(domain ? { xRange: [domain[0] * plot.xScale, domain[1] * plot.xScale] } : {}) });
        },
      } : {}),
      onResult: (index, r) => {
        if (sc.axes.length === 0) return;
        finished.set(index, r);
        const now = performance.now();
        if (now - lastLive < 250 && finished.size < sc.points.length) return;
        lastLive = now;
        const plot = livePlot(sc, finished);
        if (plot) void cb.live(plot);
      },
    });
    return {
      title: sc.title, csv: out.csv, dataJson: out.dataJson,
      ...(out.secondary ? { secondaryCsv: out.secondaryCsv!, secondaryKind: out.secondary.kind } : {}),
      spec: out.spec, ...(out.secondarySpec ? { secondarySpec: out.secondarySpec } : {}),
      notes: out.notes, points: sc.points.length, solveMs: performance.now() - t0,
    };
}

Comlink.expose(api);
