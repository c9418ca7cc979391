// Screenshots of the default theme: home, an article, an issue and a section page at
// 390 px (a phone) and 1280 px (a laptop), written as PNG to OUT_DIR.
// Usage: node screenshots.mjs SITE_OUTPUT_DIR OUT_DIR   (see scripts/screenshots.sh)
import { chromium } from 'playwright-core';
import { join } from 'node:path';
import { serve, launch } from './serve.mjs';

const [site, out] = process.argv.slice(2);
// name: [path, element to scroll to the top of the window (optional)]
const pages = {
  home: ['/'],
  article: ['/personages/jozef-mrowka-painter-of-heat/'],
  'article-body': ['/personages/jozef-mrowka-painter-of-heat/', '#the-weavers-son'],
  issue: ['/issues/2/'],
  section: ['/politics/'],
};
const widths = { phone: [390, 844], wide: [1280, 900] };
const server = await serve(site);
const browser = await launch(chromium);
try {
  for (const [name, [path, anchor]] of Object.entries(pages)) {
    for (const [label, [width, height]] of Object.entries(widths)) {
      const page = await browser.context.newPage();
      await page.setViewportSize({ width, height });
      await page.emulateMedia({ colorScheme: process.env.SCHEME || 'light' });
      await page.goto(server.url + path, { waitUntil: 'load' });
      if (anchor) {
        await page.evaluate((sel) => {
          const el = document.querySelector(sel);
          window.scrollTo(0, el.getBoundingClientRect().top + window.scrollY - 16);
        }, anchor);
      }
      const file = join(out, `${name}-${width}.png`);
      await page.screenshot({ path: file, fullPage: process.env.FULL === '1' });
      console.log(file);
      await page.close();
    }
  }
} finally {
  await browser.close();
  server.close();
}
