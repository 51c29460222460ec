// decade-report preview, in the page: a changed chapter laid out again alone, its pages swapped in.
//
// Paged.js lays out the whole document in one pass (seconds for 70 pages, far more for 240). After
// a save that changed only some chapters (the server tells which: preview/parts.py), each is laid
// out by a Paged.js Previewer of its own, on a hidden sheet, with the stylesheets the page was laid
// out with, and its new pages take the place of its old ones:
//
// * the page side: a chapter that began on a left-hand page must begin on one again, so the
//   fragment then starts with an empty page (dropped afterwards); if the chapter's first page
//   still lands on the other side (a `break-before: right` of its own), the page is reloaded;
// * fonts: the fragment is laid out without the stylesheets' @font-face rules. The document's
//   own stylesheet declares them and they are loaded; declared again, every face (all the
//   bundled fonts, used or not) would be loaded again before Paged.js starts (about a second);
// * page numbers are CSS counters over all sheets in document order (Paged.js counts
//   `.pagedjs_page` elements), so the moved pages show the right numbers by themselves; the pages'
//   ids and data-page-number are renumbered, and the page count is set again;
// * running strings (chapter title, label) are set on each page by the chapter's own headings;
// * page references (`target-counter(attr(href), page)`: the contents, lists of figures, "see
//   page N") are computed again for every page, as Paged.js does, with the variables of the
//   document's own stylesheet (the fragment's stylesheet is removed with its Previewer);
// * when the chapter's page count changed by an odd number, every later page changed side, so
//   the whole document is laid out again in the background and replaces the pages when done
//   (`needsWhole`); the reader sees the edited chapter at once and the exact pages a moment later.
(function () {
  "use strict";

  const TARGET = /counter\((target-counter-[0-9a-f-]+)/;
  let references = 0; // page references this script named (Paged.js names its own with UUIDs)

  // the pages holding the part with this id (a chapter: its first fragment keeps the id, the
  // others carry its data-ref in data-split-from)
  function pagesOf(area, id) {
    const first = area.querySelector(`[id="${CSS.escape(id)}"]`);
    const ref = first && first.getAttribute("data-ref");
    if (!ref) return [];
    const selector = `[data-ref="${CSS.escape(ref)}"]`;
    return Array.from(area.querySelectorAll(".pagedjs_page")).filter((page) => page.querySelector(selector));
  }

  // the stylesheets without their @font-face rules (a block holds no nested braces)
  function withoutFonts(stylesheets) {
    return stylesheets.map((sheet) =>
      typeof sheet === "string"
        ? sheet
        : Object.fromEntries(Object.entries(sheet).map(([url, text]) => [url, text.replace(/@font-face\s*\{[^}]*\}/g, "")])),
    );
  }

  function hiddenSheet() {
    const holder = document.createElement("div");
    holder.setAttribute("data-preview-holder", "");
    holder.setAttribute("aria-hidden", "true");
    // laid out (Paged.js measures), but neither seen nor in the way
    holder.style.cssText = "position:absolute;left:0;top:0;visibility:hidden;pointer-events:none;z-index:-1";
    document.body.append(holder);
    return holder;
  }

  function wrapped(html, bodyClass, spacers) {
    const template = document.createElement("template");
    template.innerHTML = html;
    const wrapper = document.createElement("div");
    wrapper.className = bodyClass;
    wrapper.setAttribute("data-preview-body", "");
    for (let index = 0; index < spacers; index++) {
      const spacer = document.createElement("div");
      spacer.setAttribute("data-preview-spacer", "");
      spacer.style.cssText = "break-after:page;height:1px";
      wrapper.append(spacer);
    }
    wrapper.append(template.content);
    const fragment = document.createDocumentFragment();
    fragment.append(wrapper);
    return fragment;
  }

  // Lay out one part alone and put its pages in place of its old ones: {done, delta (pages
  // added)}. Not done when the part is not on the pages, or its first page would change side:
  // the caller reloads the page.
  async function repaginate(part, stylesheets, bodyClass) {
    const area = document.querySelector(".pagedjs_pages");
    const old = area ? pagesOf(area, part.id) : [];
    if (!old.length) return { done: false };
    const left = old[0].classList.contains("pagedjs_left_page");
    const holder = hiddenSheet();
    const previewer = new window.Paged.Previewer();
    try {
      await previewer.preview(wrapped(part.html, bodyClass, left ? 1 : 0), withoutFonts(stylesheets), holder);
      const laid = holder.querySelector(".pagedjs_pages");
      const fresh = laid ? pagesOf(laid, part.id) : [];
      if (!fresh.length || fresh[0].classList.contains("pagedjs_left_page") !== left) return { done: false };
      for (const page of fresh) page.classList.remove("pagedjs_first_page");
      old[0].before(...fresh);
      for (const page of old) page.remove();
      return { done: true, delta: fresh.length - old.length };
    } finally {
      holder.remove();
      previewer.polisher.destroy();
    }
  }

  // The number each page shows, the way Paged.js's TargetCounters reads it: page counters reset
  // and incremented by the pages' computed styles.
  function pageNumbers(area) {
    const numbers = new Map();
    let number = 0;
    for (const page of area.querySelectorAll(".pagedjs_page")) {
      const styles = getComputedStyle(page);
      const reset = styles.counterReset.replace("page", "").trim();
      const increment = styles.counterIncrement.replace("page", "").trim();
      if (reset !== "none" && reset !== "") number = parseInt(reset, 10);
      if (increment !== "none" && increment !== "") number += parseInt(increment, 10);
      numbers.set(page, number);
    }
    return numbers;
  }

  // Three pieces of print CSS Paged.js 0.4.3 does not read, supplied here:
  //
  // * `leader()` (dot leaders to page numbers in the contents): unknown to the browser, which
  //   dropped the whole `content` declaration, so the contents showed no page numbers at all.
  //   A leader becomes a space: no dots, but the numbers are there.
  // * `var()` in @page rules: Paged.js computes the page margins from the declarations' text, and
  //   `margin: var(--margin-top) …` fell back to its default inch on every side (a narrower text
  //   column: more pages than the PDF). The custom properties are resolved into the @page rules
  //   from the page's computed style before Paged.js reads them.
  // * `counter-set: page N` in `@page :nth(1 of NAME)` (the first chapter is page 1): ignored by
  //   Paged.js, so the pages were numbered from the cover. The first page of each such named page
  //   gets `counter-reset: page N-1` (its own increment then makes it N); page references are
  //   computed after it (renumber).
  function atPageBlocks(text) {
    const blocks = [];
    const start = /@page\b/g;
    let found;
    while ((found = start.exec(text))) {
      let index = text.indexOf("{", found.index);
      if (index < 0) break;
      let depth = 0;
      for (; index < text.length; index++) {
        if (text[index] === "{") depth++;
        else if (text[index] === "}" && --depth === 0) break;
      }
      blocks.push([found.index, index + 1]);
      start.lastIndex = index + 1;
    }
    return blocks;
  }

  function forPagedJs(text, values) {
    text = text.replace(/leader\(\s*(?:dotted|solid|space|"[^"]*"|'[^']*')\s*\)/g, '"\\2003"');
    let out = "";
    let position = 0;
    for (const [from, to] of atPageBlocks(text)) {
      const block = text.slice(from, to).replace(/var\((--[\w-]+)\)/g, (whole, name) => {
        const value = values.getPropertyValue(name).trim();
        return value || whole;
      });
      out += text.slice(position, from) + block;
      position = to;
    }
    return out + text.slice(position);
  }

  function pageCounterSets(stylesheets) {
    const sets = {};
    for (const sheet of stylesheets) {
      if (typeof sheet === "string") continue;
      for (const text of Object.values(sheet)) {
        for (const [from, to] of atPageBlocks(text)) {
          const block = text.slice(from, to);
          const named = block.match(/^@page\s*:nth\(\s*1\s+of\s+([\w-]+)\s*\)/);
          const set = block.match(/counter-set\s*:\s*page\s+(-?\d+)/);
          if (named && set) sets[named[1]] = parseInt(set[1], 10);
        }
      }
    }
    return sets;
  }

  // ids and data-page-number in order again, the page count, the page counters set by @page
  // rules, and every page reference computed against the pages as they are now
  function renumber(counterSets) {
    const area = document.querySelector(".pagedjs_pages");
    const pages = Array.from(area.querySelectorAll(".pagedjs_page"));
    pages.forEach((page, index) => {
      page.id = `page-${index + 1}`;
      page.dataset.pageNumber = String(index + 1);
    });
    for (const [name, number] of Object.entries(counterSets || {})) {
      for (const page of area.querySelectorAll(`.pagedjs_${CSS.escape(name)}_first_page`)) {
        page.style.setProperty("counter-reset", `page ${number - 1}`);
      }
    }
    area.style.setProperty("--pagedjs-page-count", String(pages.length));
    retarget(area);
    return pages.length;
  }

  function styleRules() {
    const rules = [];
    for (const sheet of document.styleSheets) {
      let list;
      try {
        list = sheet.cssRules;
      } catch (error) {
        continue;
      }
      for (const rule of list) if (rule instanceof CSSStyleRule) rules.push([sheet, rule]);
    }
    return rules;
  }

  function retarget(area) {
    const rules = styleRules();
    const resets = new Map(); // "[data-VAR=\"ID\"]::after" → its rule
    const users = []; // [selector without pseudo-element, pseudo, variable]
    for (const [sheet, rule] of rules) {
      const reset = rule.selectorText.match(/^\[data-(target-counter-[0-9a-f-]+)="([^"]+)"\]/);
      if (reset) {
        resets.set(rule.selectorText, rule);
        continue;
      }
      const used = (rule.style.getPropertyValue("content") || "").match(TARGET);
      if (!used) continue;
      for (const selector of rule.selectorText.split(",")) {
        const [query, pseudo] = selector.trim().split(/::?(?=after|before)/);
        users.push([query, pseudo ? `::${pseudo}` : "", used[1], sheet]);
      }
    }
    if (!users.length) return;
    const numbers = pageNumbers(area);
    for (const [query, pseudo, variable, sheet] of users) {
      let elements;
      try {
        elements = area.querySelectorAll(query);
      } catch (error) {
        continue;
      }
      for (const element of elements) {
        const href = element.getAttribute("href") || "";
        if (!href.startsWith("#")) continue;
        const target = area.querySelector(`[id="${CSS.escape(decodeURIComponent(href.slice(1)))}"]`);
        const page = target && target.closest(".pagedjs_page");
        if (!page) continue;
        let key = element.getAttribute(`data-${variable}`);
        if (!key) {
          key = `preview-${++references}`;
          element.setAttribute(`data-${variable}`, key);
        }
        const selector = `[data-${variable}="${key}"]${pseudo}`;
        const value = `${variable} ${numbers.get(page)}`;
        const rule = resets.get(selector);
        if (rule) {
          if (rule.style.getPropertyValue("counter-reset") !== value) rule.style.setProperty("counter-reset", value);
        } else {
          sheet.insertRule(`${selector} { counter-reset: ${value}; }`, sheet.cssRules.length);
        }
      }
    }
  }

  // The whole document laid out again on a hidden sheet; its pages replace the shown ones when
  // done (and `stillWanted()` says so). Resolves to the new page count, or 0 when dropped.
  async function relayoutWhole(html, stylesheets, bodyClass, stillWanted, shown) {
    const holder = hiddenSheet();
    const previewer = new window.Paged.Previewer();
    let kept = false;
    try {
      await previewer.preview(wrapped(html, bodyClass, 0), stylesheets, holder);
      const laid = holder.querySelector(".pagedjs_pages");
      const area = document.querySelector(".pagedjs_pages");
      if (!laid || !area || !stillWanted()) return { count: 0, previewer: shown };
      const y = window.scrollY;
      area.replaceWith(laid);
      window.scrollTo(window.scrollX, y);
      kept = true;
      if (shown) shown.polisher.destroy();
      return { count: laid.querySelectorAll(".pagedjs_page").length, previewer };
    } finally {
      holder.remove();
      if (!kept) previewer.polisher.destroy();
    }
  }

  window.decadeReportChapters = { repaginate, renumber, relayoutWhole, forPagedJs, pageCounterSets };
})();
