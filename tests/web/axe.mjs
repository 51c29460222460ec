// Runs axe-core on a page in Debian's chromium (headless, driven by playwright-core) at each width,
// and prints {width: [violation]} as JSON on stdout.
//
//   node axe.mjs URL WIDTH [WIDTH …]
//
// The page's Content-Security-Policy forbids every script, so axe is not added to the page as a
// <script>: its source is evaluated through the DevTools protocol (Runtime.evaluate), which a
// page's policy does not govern, and the page stays exactly as published.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { launch } from "./browser.mjs";

const require = createRequire(import.meta.url);
const AXE = readFileSync(require.resolve("axe-core/axe.min.js"), "utf-8");
const TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"];
const [url, ...widths] = process.argv.slice(2);
if (!url || widths.length === 0) {
  console.error("usage: node axe.mjs URL WIDTH [WIDTH …]");
  process.exit(2);
}
const browser = await launch();
const results = {};
try {
  for (const width of widths.map(Number)) {
    const page = await browser.newPage({ viewport: { width, height: 900 } });
    await page.goto(url, { waitUntil: "load" });
    await page.evaluate(() => document.fonts.ready);
    const session = await page.context().newCDPSession(page);
    const injected = await session.send("Runtime.evaluate", { expression: AXE });
    if (injected.exceptionDetails) throw new Error(`axe did not load: ${injected.exceptionDetails.text}`);
    const found = await page.evaluate(
      (tags) => window.axe.run(document, { runOnly: { type: "tag", values: tags }, resultTypes: ["violations"] }),
      TAGS,
    );
    results[width] = {
      axe: found.testEngine.version,
      passed: found.passes.map((rule) => rule.id),
      violations: found.violations.map((v) => ({
        id: v.id,
        impact: v.impact,
        help: v.help,
        helpUrl: v.helpUrl,
        nodes: v.nodes.map((n) => ({ target: n.target.join(" "), html: n.html.slice(0, 200), summary: n.failureSummary })),
      })),
    };
    await page.close();
  }
} finally {
  await browser.close();
}
process.stdout.write(JSON.stringify(results, null, 1) + "\n");
