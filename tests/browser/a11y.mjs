// Accessibility check of the default theme: axe-core on the home page, an article
// page, an issue page and a section page of a built site, in light and dark mode,
// in Debian's headless Chromium. Fails (exit 1) on any serious or critical violation.
// Then checks the footnotes' progressive enhancement: sidenotes in the margin on a wide
// screen, none shown on a phone or in print, endnotes always, no copies without JavaScript.
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
  '/authors/',
  '/authors/ines-calder/',
  '/tags/democracy/',
  '/columns/page/2/',
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
  // Sidenotes: the same notes in the margin on wide screens, at the end elsewhere.
  const article = '/personages/jozef-mrowka-painter-of-heat/';
  for (const [label, width, media] of [['wide', 1280, 'screen'], ['narrow', 390, 'screen'], ['print', 1280, 'print']]) {
    const page = await browser.context.newPage();
    await page.setViewportSize({ width, height: 900 });
    await page.emulateMedia({ media, colorScheme: 'light' });
    await page.goto(server.url + article, { waitUntil: 'load' });
    const got = await page.evaluate(() => {
      const notes = document.querySelectorAll('section.footnotes li').length;
      const side = [...document.querySelectorAll('.sidenote')];
      const column = document.querySelector('.article-body').getBoundingClientRect();
      const shown = side.filter((s) => getComputedStyle(s).display !== 'none');
      const inMargin = shown.every((s) => s.getBoundingClientRect().left >= column.right);
      const endnotes = getComputedStyle(document.querySelector('section.footnotes')).display !== 'none';
      const focusable = side.some((s) => [...s.querySelectorAll('a')].some((a) => a.tabIndex >= 0));
      return { notes, copies: side.length, shown: shown.length, inMargin, endnotes, focusable };
    });
    const expectShown = label === 'wide' ? got.notes : 0;
    const ok = got.notes > 0 && got.copies === got.notes && got.shown === expectShown
      && got.inMargin && got.endnotes && !got.focusable;
    if (ok) passed += 1;
    else failed += 1;
    console.log(`${ok ? 'ok' : 'not ok'} sidenotes (${label}): ${JSON.stringify(got)}`);
    await page.close();
  }
  // Without JavaScript (scripts blocked) the notes are endnotes only.
  {
    const page = await browser.context.newPage();
    await page.route('**/*.js', (route) => route.abort());
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.goto(server.url + article, { waitUntil: 'load' });
    const copies = await page.locator('.sidenote').count();
    const endnotes = await page.locator('section.footnotes li').count();
    const ok = copies === 0 && endnotes > 0;
    if (ok) passed += 1;
    else failed += 1;
    console.log(`${ok ? 'ok' : 'not ok'} without JavaScript: ${endnotes} endnotes, ${copies} sidenotes`);
    await page.close();
  }
} finally {
  await browser.close();
  server.close();
}
console.log(`a11y: ${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
