// Live reload in a real browser: Debian's headless Chromium, driven by
// playwright-core. Starts `mag serve` on a free port against a temporary copy of
// the minimal fixture, opens an article, changes files on disk, and watches the
// page follow without any action in the browser. Every wait is bounded; the
// server, the browser and the temporary folders are always cleaned up.
//
// Run with scripts/test.sh (which builds mag and installs what is missing), or:
//   MAG_BIN=target/debug/mag node --test tests/browser/live-reload.test.mjs

import { test } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { cpSync, mkdtempSync, rmSync, writeFileSync, mkdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";

const repo = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
const magBin = process.env.MAG_BIN || join(repo, "target/debug/mag");
const chromiumPath = process.env.CHROMIUM || "/usr/bin/chromium";
const WAIT = 60_000;

const paragraphs = Array.from({ length: 80 }, (_, i) => `Paragraph ${i} of a long essay.`).join("\n\n");
const article = (lead) =>
  `+++\ntitle = "First"\nsection = "essays"\ndate = 2024-02-01\n+++\n${lead}\n\n${paragraphs}\n`;

function startServer(site) {
  const child = spawn(magBin, ["serve", site, "--port", "0"], { stdio: ["ignore", "pipe", "pipe"] });
  let stderr = "";
  child.stderr.on("data", (d) => (stderr += d));
  const url = new Promise((resolveUrl, reject) => {
    let out = "";
    const timer = setTimeout(() => reject(new Error(`no URL in time; stderr: ${stderr}`)), WAIT);
    child.stdout.on("data", (d) => {
      out += d;
      const m = out.match(/Serving .* at (http:\/\/127\.0\.0\.1:\d+\/)/);
      if (m) {
        clearTimeout(timer);
        resolveUrl(m[1]);
      }
    });
    child.on("exit", (code) => reject(new Error(`mag serve exited with ${code}: ${stderr}`)));
  });
  return { child, url };
}

test("an open article follows edits on disk, shows errors, and swaps CSS", async () => {
  const tmp = mkdtempSync(join(tmpdir(), "mag-browser-"));
  const site = join(tmp, "site");
  cpSync(join(repo, "tests/testsuite/fixtures/minimal"), site, { recursive: true });
  const file = join(site, "content/essays/first.md");
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, article("Original words."));
  mkdirSync(join(site, "static/css"), { recursive: true });
  writeFileSync(join(site, "static/css/main.css"), "body { background: rgb(1, 2, 3) }\n");

  const server = startServer(site);
  let context;
  try {
    const url = await server.url;
    context = await chromium.launchPersistentContext(join(tmp, "profile"), {
      executablePath: chromiumPath,
      headless: true,
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
      ],
    });
    const page = context.pages()[0] || (await context.newPage());
    page.setDefaultTimeout(WAIT);
    await page.goto(`${url}essays/first/`);
    await page.waitForFunction(() => document.querySelector("main")?.innerText.includes("Original words."));
    // The live-reload stream is open before we change anything.
    await page.waitForFunction(() => window.__magLive?.source.readyState === 1);

    // 1. A save reloads the tab, which keeps its scroll position.
    await page.evaluate(() => window.scrollTo(0, 600));
    await page.waitForFunction(() => window.scrollY >= 500);
    writeFileSync(file, article("Edited on disk."));
    await page.waitForFunction(() => document.querySelector("main")?.innerText.includes("Edited on disk."));
    await page.waitForFunction(() => window.scrollY >= 500 && document.readyState === "complete");
    await page.waitForFunction(() => window.__magLive?.source.readyState === 1);

    // 2. Broken front matter: an overlay names the file; the last good page stays.
    writeFileSync(file, '+++\ntitle = "First\n+++\nHalf written.\n');
    const overlay = page.locator("#mag-error-overlay");
    await overlay.waitFor({ state: "visible" });
    const message = await overlay.innerText();
    assert.match(message, /content\/essays\/first\.md:2/);
    assert.match(await page.locator("main").innerText(), /Edited on disk\./);

    // 3. Fixed: the overlay goes and the new text shows.
    writeFileSync(file, article("Fixed and saved."));
    await page.waitForFunction(() => document.querySelector("main")?.innerText.includes("Fixed and saved."));
    assert.equal(await page.locator("#mag-error-overlay").count(), 0);
    await page.waitForFunction(() => window.__magLive?.source.readyState === 1);

    // 4. A CSS change swaps the style sheet without reloading the page.
    await page.evaluate(() => (window.__notReloaded = true));
    writeFileSync(join(site, "static/css/main.css"), "body { background: rgb(4, 5, 6) }\n");
    await page.waitForFunction(() => getComputedStyle(document.body).backgroundColor === "rgb(4, 5, 6)");
    assert.equal(await page.evaluate(() => window.__notReloaded), true);
  } finally {
    if (context) await context.close().catch(() => {});
    server.child.kill("SIGINT");
    await new Promise((r) => {
      const t = setTimeout(() => {
        server.child.kill("SIGKILL");
        r();
      }, 5000);
      server.child.on("exit", () => {
        clearTimeout(t);
        r();
      });
      if (server.child.exitCode !== null) r();
    });
    rmSync(tmp, { recursive: true, force: true });
  }
});
