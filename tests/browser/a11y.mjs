// Accessibility check of the default theme: axe-core on the home page, an article
// page, an issue page and a section page of a built site, in light and dark mode,
// in Debian's headless Chromium. Fails (exit 1) on any serious or critical violation.
// Then checks the footnotes' progressive enhancement: sidenotes in the margin on a wide
// screen, none shown on a phone or in print, endnotes always, no copies without JavaScript.
// With a second site (tests/browser/site, built), checks notes referenced inside a
// table, a pull quote and a list: each sidenote comes after the block, in the margin,
// over no text and no pull quote; and print shows the address of external links only.
// Usage: node a11y.mjs SITE_OUTPUT_DIR [NOTES_SITE_OUTPUT_DIR]   (see scripts/a11y.sh)
import { chromium } from 'playwright-core';
import { createRequire } from 'node:module';
import { serve, launch } from './serve.mjs';

const require = createRequire(import.meta.url);
const axePath = require.resolve('axe-core/axe.min.js');
const [site, notesSite] = process.argv.slice(2);
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
  if (notesSite) {
    const r = await checkNotesInBlocks(browser, notesSite);
    passed += r.passed;
    failed += r.failed;
  }
} finally {
  await browser.close();
  server.close();
}

// Sidenotes of references inside blocks, and printed link addresses, on the small site.
async function checkNotesInBlocks(browser, root) {
  const notes = await serve(root);
  const path = '/essays/notes-in-blocks/';
  let ok = 0;
  let bad = 0;
  try {
    for (const width of [1280, 1600]) {
      const page = await browser.context.newPage();
      await page.setViewportSize({ width, height: 900 });
      await page.goto(notes.url + path, { waitUntil: 'load' });
      const got = await page.evaluate(() => {
        const body = document.querySelector('.article-body');
        const column = body.getBoundingClientRect();
        const side = [...document.querySelectorAll('.sidenote')];
        const overlaps = (a, b) => a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
        const inside = side.filter((s) => s.closest('table, aside, figure, ul, ol, li')).length;
        const quotes = [...body.querySelectorAll('aside.pullquote')].map((q) => q.getBoundingClientRect());
        const text = [...body.querySelectorAll(':scope > p, :scope > table')].map((p) => p.getBoundingClientRect());
        const over = side.filter((s) => {
          const r = s.getBoundingClientRect();
          return quotes.some((q) => overlaps(r, q)) || text.some((t) => overlaps(r, t));
        }).length;
        const inMargin = side.every((s) => s.getBoundingClientRect().left >= column.right);
        const order = side.map((s) => s.querySelector('.sidenote-number').textContent.trim()).join(',');
        return { copies: side.length, inside, over, inMargin, order };
      });
      const good = got.copies === 5 && got.inside === 0 && got.over === 0 && got.inMargin
        && got.order === '1,2,3,4,5';
      if (good) ok += 1;
      else bad += 1;
      console.log(`${good ? 'ok' : 'not ok'} sidenotes of notes in a table, pull quote and list (${width}px): ${JSON.stringify(got)}`);
      await page.close();
    }
    const page = await browser.context.newPage();
    await page.emulateMedia({ media: 'print' });
    await page.goto(notes.url + path, { waitUntil: 'load' });
    const printed = await page.evaluate(() => [...document.querySelectorAll('.article-body p a[href]')]
      .map((a) => [a.getAttribute('href'), getComputedStyle(a, '::after').content]));
    const internal = printed.filter(([href]) => !/^https?:/.test(href));
    const external = printed.filter(([href]) => /^https?:/.test(href));
    const good = internal.length > 0 && external.length > 0
      && internal.every(([, c]) => c === 'none' || c === 'normal')
      && external.every(([href, c]) => c.includes(href));
    if (good) ok += 1;
    else bad += 1;
    console.log(`${good ? 'ok' : 'not ok'} print shows the address of external links only: ${JSON.stringify(printed)}`);
    await page.close();
  } finally {
    notes.close();
  }
  return { passed: ok, failed: bad };
}
console.log(`a11y: ${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
