/**
 * PNG rendering of plot SVGs with resvg (a native Node addon, so Node only;
 * the browser app renders PNG with vega's canvas renderer).
 */
import { PNG_ZOOM } from './plot.js';

/** Render SVG text to PNG bytes (resvg), zoomed by PNG_ZOOM; returns the bytes and the pixel size. */
export async function renderPng(svg: string): Promise<{ png: Uint8Array; width: number; height: number }> {
  const { Resvg } = await import('@resvg/resvg-js');
  const r = new Resvg(svg, { fitTo: { mode: 'zoom', value: PNG_ZOOM }, background: 'white', font: { loadSystemFonts: true, defaultFontFamily: 'DejaVu Sans' } });
  const img = r.render();
  return { png: img.asPng(), width: img.width, height: img.height };
}
