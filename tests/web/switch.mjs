// Opens a page of the web edition in Debian's chromium (driven by playwright-core), clicks the
// language switcher's link to LANG like a reader, and prints what the browser then shows as JSON:
// {url, lang, dir, current, links: [{hreflang, href, name}]} — then clicks back to the page's
// first language from there and adds {back: {url, lang}}.
//
//   node switch.mjs URL LANG
import { launch } from "./browser.mjs";

const [url, language] = process.argv.slice(2);
if (!url || !language) {
  console.error("usage: node switch.mjs URL LANG");
  process.exit(2);
}
const browser = await launch();
const seen = (page) =>
  page.evaluate(() => ({
    url: location.href,
    lang: document.documentElement.lang,
    dir: document.documentElement.dir,
    current: document.querySelector(".language-switcher [aria-current]")?.textContent ?? null,
    links: [...document.querySelectorAll(".language-switcher a")].map((a) => ({
      hreflang: a.getAttribute("hreflang"),
      href: a.getAttribute("href"),
      name: a.textContent,
    })),
  }));
try {
  const page = await browser.newPage();
  await page.goto(url, { waitUntil: "load" });
  const first = await seen(page);
  await Promise.all([
    page.waitForNavigation({ waitUntil: "load" }),
    page.click(`.language-switcher a[hreflang="${language}"]`),
  ]);
  const there = await seen(page);
  await Promise.all([
    page.waitForNavigation({ waitUntil: "load" }),
    page.click(`.language-switcher a[hreflang="${first.lang}"]`),
  ]);
  const back = await seen(page);
  console.log(JSON.stringify({ ...there, back: { url: back.url, lang: back.lang } }));
} finally {
  await browser.close();
}
