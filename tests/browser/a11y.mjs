// Accessibility check of the default theme: axe-core on the home page, an article
// page, an issue page and a section page of a built site, in light and dark mode,
// in Debian's headless Chromium. Fails (exit 1) on any serious or critical violation.
// Usage: node a11y.mjs SITE_OUTPUT_DIR   (see scripts/a11y.sh)
import { chromium } from 'playwright-core';
import { createRequire } from 'node:module';
import { serve, launch } from './serve.mjs';

const require = createRequire(import.meta.url);
const axePath = require.resolve('axe-core/axe.min.js');
const [site] = process.argv.slice(2);
if (!site) {
  console.error('usage: node a11y.mjs SITE_OUTPUT_DIR');
  process.exit(2);
}
const pages = [
  '/',
  '/personages/jozef-mrowka-painter-of-heat/',
  '/issues/2/',
  '/politics/',
];
const server = await serve(site);
const browser = await launch(chromium);
let passed = 0;
let failed = 0;
try {
  for (const path of pages) {
    for (const scheme of ['light', 'dark']) {
      for (const width of [390, 1280]) {
        const page = await browser.context.newPage();
        await page.setViewportSize({ width, height: 900 });
        await page.emulateMedia({ colorScheme: scheme });
        const response = await page.goto(server.url + path, { waitUntil: 'load' });
        if (!response || response.status() !== 200) throw new Error(`${path}: HTTP ${response && response.status()}`);
        await page.addScriptTag({ path: axePath });
        const result = await page.evaluate(async () =>
          // eslint-disable-next-line no-undef
          axe.run(document, { resultTypes: ['violations'] }));
        const bad = result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
        const label = `${path} (${scheme}, ${width}px)`;
        for (const v of result.violations) {
          const mark = bad.includes(v) ? 'FAIL' : 'note';
          console.log(`${mark} ${label}: [${v.impact}] ${v.id}: ${v.help}`);
          for (const node of v.nodes.slice(0, 5)) console.log(`       ${node.target.join(' ')}  ${node.failureSummary?.split('\n').slice(1).join(' ')}`);
        }
        if (bad.length) failed += 1;
        else passed += 1;
        console.log(`${bad.length ? 'not ok' : 'ok'} ${label}: ${result.violations.length} violation(s), ${bad.length} serious or critical`);
        await page.close();
      }
    }
  }
} finally {
  await browser.close();
  server.close();
}
console.log(`a11y: ${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
