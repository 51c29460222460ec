// Drives the live preview in Debian's chromium (headless, playwright-core from tests/web) through
// one editing session, and prints what it saw as JSON on stdout.
//
//   node preview.mjs PLAN.json
//
// The plan: {url, title, edit: {path, find, replace, expect}, broken: {path, content, where},
// screenshot?, compare?, more?: [{path, find, replace, expect}], timeout_ms?}. Steps: open the preview and wait for Paged.js to have laid it out (the first
// chapter's title must be on a page); scroll to that page, save the edit and wait for its
// text on the pages (the times from the save to the text on screen and to the whole document laid
// out are measured; the reader is brought back to the same place; with `compare`, the pages are
// compared with the same version laid out whole in a second tab); save the broken file and wait for the overlay
// naming `where`; restore the file and wait for the overlay to go.
import { readFileSync, writeFileSync } from "node:fs";

import { launch } from "../web/browser.mjs";

const plan = JSON.parse(readFileSync(process.argv[2], "utf-8"));
const TIMEOUT = plan.timeout_ms || 180_000; // a long report laid out on a busy machine: more
const result = { console: [] };
const browser = await launch();

// What the pages show, to compare two renderings of one version: each page's side, named page and
// text, and the page number every page reference (contents, lists) resolves to.
function snapshot() {
  const numbers = new Map();
  for (const sheet of document.styleSheets) {
    for (const rule of sheet.cssRules) {
      const match = rule.selectorText && rule.selectorText.match(/^\[data-(target-counter-[0-9a-f-]+)="([^"]+)"\]/);
      if (match) numbers.set(`${match[1]}=${match[2]}`, rule.style.getPropertyValue("counter-reset").split(" ").pop());
    }
  }
  const pages = Array.from(document.querySelectorAll(".pagedjs_page")).map((page) => ({
    side: page.classList.contains("pagedjs_left_page") ? "left" : "right",
    named: Array.from(page.classList).filter((name) => /_page$/.test(name) && !/(left|right|first|named|blank)_page$/.test(name)).join(" "),
    blank: page.classList.contains("pagedjs_blank_page"),
    text: (page.querySelector(".pagedjs_page_content") || page).textContent.replace(/\s+/g, " ").trim(),
  }));
  const references = Array.from(document.querySelectorAll(".pagedjs_page a[href^='#']"))
    .map((link) => {
      const name = Array.from(link.attributes).map((a) => a.name).find((n) => n.startsWith("data-target-counter-"));
      if (!name) return null;
      return `${link.getAttribute("href")} → ${numbers.get(`${name.slice(5)}=${link.getAttribute(name)}`)}`;
    })
    .filter(Boolean);
  return { pages, references };
}

// `expected` on one of the pages Paged.js has laid out (all of them laid out, when `whole`)
function onAPage({ expected, whole }) {
  if (whole && !document.documentElement.hasAttribute("data-preview-paged")) return false;
  return Array.from(document.querySelectorAll(".pagedjs_page")).some((page) =>
    page.textContent.includes(expected),
  );
}

try {
  const page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
  page.on("console", (message) => {
    if (["error", "warning"].includes(message.type())) result.console.push(message.text());
  });
  page.on("pageerror", (error) => result.console.push(`page error: ${error.message}`));

  let start = Date.now();
  await page.goto(plan.url, { waitUntil: "load" });
  await page.waitForFunction(onAPage, { expected: plan.title, whole: true }, { timeout: TIMEOUT, polling: 50 });
  result.first_render_s = (Date.now() - start) / 1000;
  result.pages = await page.locator(".pagedjs_page").count();
  result.title_page = await page.evaluate((title) => {
    const pages = Array.from(document.querySelectorAll(".pagedjs_page"));
    const index = pages.findIndex((p) => Array.from(p.querySelectorAll("h1, h2")).some((h) => h.textContent.includes(title)));
    return index < 0 ? null : { index, number: pages[index].dataset.pageNumber };
  }, plan.title);
  result.page_width = await page.evaluate(() => document.querySelector(".pagedjs_page").getBoundingClientRect().width);
  result.margin_boxes = await page.evaluate(() =>
    Array.from(document.querySelectorAll(".pagedjs_margin-bottom-right .pagedjs_margin-content, .pagedjs_margin-bottom-left .pagedjs_margin-content"))
      .map((box) => getComputedStyle(box, "::after").content)
      .filter((content) => content && content !== "none" && content !== '""')
      .slice(0, 8),
  );
  if (plan.screenshot) await page.screenshot({ path: plan.screenshot });

  // a save: the edited text on the pages, without a reload by hand, where the reader was
  result.scroll_before = await page.evaluate((index) => {
    document.querySelectorAll(".pagedjs_page")[index].scrollIntoView();
    return window.scrollY;
  }, result.title_page ? result.title_page.index : 0);
  const original = readFileSync(plan.edit.path, "utf-8");
  if (!original.includes(plan.edit.find)) throw new Error(`'${plan.edit.find}' is not in ${plan.edit.path}`);
  await page.evaluate(() => { window.notReloaded = true; });
  start = Date.now();
  writeFileSync(plan.edit.path, original.replace(plan.edit.find, plan.edit.replace));
  await page.waitForFunction(onAPage, { expected: plan.edit.expect, whole: false }, { timeout: TIMEOUT, polling: 20 });
  result.save_to_text_s = (Date.now() - start) / 1000;
  await page.waitForFunction(onAPage, { expected: plan.edit.expect, whole: true }, { timeout: TIMEOUT, polling: 20 });
  result.save_to_paged_s = (Date.now() - start) / 1000;
  result.scroll_kept = await page.evaluate(() => window.scrollY);
  result.pages_after_edit = await page.locator(".pagedjs_page").count();
  result.refresh = await page.evaluate(() => ({
    reloaded: window.notReloaded !== true,
    how: document.documentElement.getAttribute("data-preview-refresh"),
    in_page_ms: Number(document.documentElement.getAttribute("data-preview-refreshed-in")),
    timings_ms: document.documentElement.getAttribute("data-preview-timings"),
  }));
  if (plan.compare) {
    // the same version laid out whole by Paged.js in a second tab: the patched pages must match
    result.patched = await page.evaluate(snapshot);
    const fresh = await browser.newPage({ viewport: { width: 1200, height: 900 } });
    await fresh.goto(plan.url, { waitUntil: "load" });
    await fresh.waitForFunction(onAPage, { expected: plan.edit.expect, whole: true }, { timeout: TIMEOUT, polling: 50 });
    result.fresh = await fresh.evaluate(snapshot);
    await fresh.close();
  }

  // further saves, each measured like the first and, with `compare`, compared with a fresh tab
  result.more = [];
  for (const step of plan.more || []) {
    const text = readFileSync(step.path, "utf-8");
    if (!text.includes(step.find)) throw new Error(`'${step.find}' is not in ${step.path}`);
    await page.evaluate(() => { window.notReloaded = true; });
    const seen = {};
    start = Date.now();
    writeFileSync(step.path, text.replace(step.find, step.replace));
    await page.waitForFunction(onAPage, { expected: step.expect, whole: false }, { timeout: TIMEOUT, polling: 20 });
    seen.save_to_text_s = (Date.now() - start) / 1000;
    await page.waitForFunction(onAPage, { expected: step.expect, whole: true }, { timeout: TIMEOUT, polling: 20 });
    seen.save_to_paged_s = (Date.now() - start) / 1000;
    Object.assign(seen, await page.evaluate(() => ({
      reloaded: window.notReloaded !== true,
      how: document.documentElement.getAttribute("data-preview-refresh"),
      whole_again: document.documentElement.getAttribute("data-preview-relayout"),
      pages: document.querySelectorAll(".pagedjs_page").length,
    })));
    if (plan.compare) {
      seen.patched = await page.evaluate(snapshot);
      const fresh = await browser.newPage({ viewport: { width: 1200, height: 900 } });
      await fresh.goto(plan.url, { waitUntil: "load" });
      await fresh.waitForFunction(onAPage, { expected: step.expect, whole: true }, { timeout: TIMEOUT, polling: 50 });
      seen.fresh = await fresh.evaluate(snapshot);
      await fresh.close();
    }
    result.more.push(seen);
  }

  // a broken file: the overlay names it, with its line
  result.pages_before_broken = await page.locator(".pagedjs_page").count();
  const intact = readFileSync(plan.broken.path, "utf-8");
  start = Date.now();
  writeFileSync(plan.broken.path, plan.broken.content);
  const overlay = page.locator("#decade-report-overlay");
  await overlay.waitFor({ state: "visible", timeout: TIMEOUT });
  await page.waitForFunction(
    (where) => {
      const host = document.getElementById("decade-report-preview");
      const panel = host && host.shadowRoot.getElementById("decade-report-overlay");
      return panel && !panel.hidden && panel.textContent.includes(where);
    },
    plan.broken.where,
    { timeout: TIMEOUT, polling: 20 },
  );
  result.save_to_overlay_s = (Date.now() - start) / 1000;
  result.overlay_text = await overlay.innerText();
  result.still_paged = await page.locator(".pagedjs_page").count();

  // fixed again: the overlay goes
  start = Date.now();
  writeFileSync(plan.broken.path, intact);
  await overlay.waitFor({ state: "hidden", timeout: TIMEOUT });
  result.fix_to_gone_s = (Date.now() - start) / 1000;
  result.overlay_after_fix = await overlay.isVisible();
  await page.close();
} finally {
  await browser.close();
}
process.stdout.write(JSON.stringify(result, null, 1) + "\n");
