/**
 * Renders Mermaid diagrams to SVG the way the simulator page does: Mermaid (the installed
 * package, no CDN) in Debian's headless Chromium driven by playwright-core, because Mermaid lays
 * a diagram out by measuring its text in a real browser. Then stacks them, with their titles,
 * in one SVG file.
 */
import { createRequire } from 'node:module';
import type { BrowserType } from 'playwright-core';
import { dirname, join } from 'node:path';
import { findChromium, INSTALL_CHROMIUM } from './find-chromium.js';

/** A diagram to draw: its title and its Mermaid text. */
export interface MermaidDiagram {
  readonly title: string;
  readonly mermaid: string;
}

/**
 * One SVG document with every diagram, one under the other, each under its title.
 * Throws an error naming how to install Chromium when there is none.
 */
export async function renderMermaidSvg(diagrams: readonly MermaidDiagram[]): Promise<string> {
  const found = findChromium();
  if (!found.available) {
    throw new Error(
      `drawing SVG needs Chromium (${found.reason}). Install Debian's Chromium with \`${INSTALL_CHROMIUM}\` (as root), or set CHROMIUM_PATH to a Chromium executable.`,
    );
  }
  let chromium: BrowserType;
  try {
    ({ chromium } = await import('playwright-core'));
  } catch (error) {
    throw new Error(
      'drawing SVG needs playwright-core, a development dependency: run npm install (without --omit=dev).',
      { cause: error },
    );
  }
  const mermaidJs = join(
    dirname(createRequire(import.meta.url).resolve('mermaid/package.json')),
    'dist',
    'mermaid.min.js',
  );
  const browser = await chromium.launch({
    executablePath: found.path,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
  try {
    const page = await browser.newPage();
    await page.setContent('<!doctype html><html><body></body></html>');
    await page.addScriptTag({ path: mermaidJs });
    // Runs in the page (its DOM, not Node's): Mermaid lays out, then each SVG is serialised as
    // XML, since Mermaid writes HTML inside its labels (<br>) and a file must be XML.
    const svgs = await page.evaluate<string[]>(`(async (sources) => {
      mermaid.initialize({ startOnLoad: false, securityLevel: 'strict', theme: 'neutral',
        fontFamily: 'system-ui, sans-serif' });
      const out = [];
      for (const [i, source] of sources.entries()) {
        const { svg } = await mermaid.render('d' + i, source);
        const holder = document.createElement('div');
        holder.innerHTML = svg;
        out.push(new XMLSerializer().serializeToString(holder.firstElementChild));
      }
      return out;
    })(${JSON.stringify(diagrams.map((d) => d.mermaid))})`);
    return stack(diagrams, svgs);
  } finally {
    await browser.close();
  }
}

const TITLE_HEIGHT = 36;
const GAP = 24;

/** Puts the diagrams' SVGs one under another, each under its title, in one SVG document. */
function stack(diagrams: readonly MermaidDiagram[], svgs: readonly string[]): string {
  let y = 0;
  let width = 0;
  const parts: string[] = [];
  svgs.forEach((svg, i) => {
    const box = /viewBox="([-\d.]+) ([-\d.]+) ([\d.]+) ([\d.]+)"/.exec(svg);
    const w = Math.ceil(Number(box?.[3] ?? 800));
    const h = Math.ceil(Number(box?.[4] ?? 600));
    parts.push(
      `<text x="0" y="${y + 24}" class="diagram-title">${escapeXml(diagrams[i]!.title)}</text>`,
    );
    // Mermaid's own root: an explicit place and size instead of "100 %" and a max-width style.
    parts.push(
      svg.replace(
        /^<svg([^>]*?)\swidth="[^"]*"([^>]*?)\sstyle="[^"]*"/,
        `<svg$1 x="0" y="${y + TITLE_HEIGHT}" width="${w}" height="${h}"$2`,
      ),
    );
    y += TITLE_HEIGHT + h + GAP;
    width = Math.max(width, w);
  });
  return (
    `<?xml version="1.0" encoding="UTF-8"?>\n` +
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${y}" viewBox="0 0 ${width} ${y}">` +
    '<style>.diagram-title{font:600 18px system-ui,sans-serif;fill:#1f2328}</style>' +
    `<rect width="100%" height="100%" fill="#ffffff"/>${parts.join('')}</svg>\n`
  );
}

function escapeXml(text: string): string {
  return text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');
}
