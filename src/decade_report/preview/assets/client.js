// decade-report preview, in the page: the pages after a save (only the changed chapters laid out
// again when that is all that changed, else a reload), the problems over the page, the PDF link.
//
// Loaded before Paged.js (it reads window.PagedConfig when it loads). The preview's own elements
// live in a shadow root on a host beside <body>, outside what Paged.js lays out, so the report's
// CSS does not reach them and they do not reach the pages. Everything shown is set as text.
(function () {
  "use strict";

  const meta = document.querySelector('meta[name="decade-report-preview"]');
  const version = meta ? meta.getAttribute("content") : "";
  const SCROLL_KEY = "decade-report-preview-scroll";
  const root = document.documentElement;
  let reloading = false;

  root.setAttribute("data-preview-version", version);

  // ---- the preview's own elements: a status bar and the overlay of problems
  const host = document.createElement("div");
  host.id = "decade-report-preview";
  const shadow = host.attachShadow({ mode: "open" });
  const style = document.createElement("link");
  style.rel = "stylesheet";
  style.href = "/.preview/assets/overlay.css";
  shadow.appendChild(style);

  const bar = element("div", { class: "bar", role: "status" });
  const live = element("span", { class: "live" }, "Live preview");
  const composed = element("span", { class: "composed" });
  const pdfLink = element("a", { class: "pdf", href: "/.preview/report.pdf", target: "_blank", rel: "noopener" }, "PDF");
  const pdfStatus = element("span", { class: "pdf-status" });
  const pdfDetails = element("details", { class: "pdf-details", hidden: "" });
  const pdfSummary = element("summary", {}, "why");
  const pdfMessage = element("pre", {});
  pdfDetails.append(pdfSummary, pdfMessage);
  bar.append(live, composed, pdfLink, pdfStatus, pdfDetails);

  const overlay = element("section", {
    id: "decade-report-overlay", class: "overlay", role: "alert", "aria-labelledby": "overlay-title", hidden: "",
  });
  const title = element("h2", { id: "overlay-title" });
  const list = element("ol", { class: "problems" });
  const note = element("p", { class: "note" },
    "The page below is the report as it was before this save. Save a fix: this panel goes away by itself.");
  overlay.append(title, list, note);
  shadow.append(bar, overlay);
  root.appendChild(host);

  function element(name, attributes, text) {
    const made = document.createElement(name);
    for (const [key, value] of Object.entries(attributes)) made.setAttribute(key, value);
    if (text !== undefined) made.textContent = text;
    return made;
  }

  // ---- Paged.js: lay the report out in pages, and come back to where the reader was as soon as
  // the pages down to there exist (Paged.js adds them one per animation frame), not at the end
  let saved = null;
  try {
    saved = JSON.parse(sessionStorage.getItem(SCROLL_KEY) || "null");
    sessionStorage.removeItem(SCROLL_KEY);
  } catch (error) {
    saved = null;
  }

  function restore(force) {
    if (!saved || typeof saved.y !== "number") return;
    if (!force && root.scrollHeight < saved.y + window.innerHeight) return;
    window.scrollTo(saved.x || 0, saved.y);
    saved = null;
  }

  window.PagedConfig = {
    auto: true,
    before: function () {
      // The stylesheets Paged.js lays the page out with, taken out of the page as Paged.js does
      // (its removeStyles) and kept: a chapter laid out again alone needs the same ones.
      const own = "link[rel='stylesheet']:not([data-pagedjs-ignore], [media~='screen']), " +
        "style:not([data-pagedjs-inserted-styles], [data-pagedjs-ignore], [media~='screen'])";
      // (the custom properties are read while the CSS is still in the page: the computed style
      // is live, and empty of them once the stylesheets are taken out)
      const values = getComputedStyle(root);
      const sheets = Array.from(document.querySelectorAll(own));
      stylesheets = sheets.map((sheet) => {
        if (sheet.nodeName !== "STYLE") return sheet.href;
        return { [location.href]: window.decadeReportChapters.forPagedJs(sheet.textContent, values) };
      });
      for (const sheet of sheets) sheet.remove();
      counterSets = window.decadeReportChapters.pageCounterSets(stylesheets);
      window.PagedConfig.stylesheets = stylesheets;
      bodyClass = document.body.className;
      // Paged.js matches the CSS selectors of breaks and named pages against the body's content
      // only, without <body> itself: `.edition-screen .chapter { break-before: page }` matched
      // nothing and every chapter began on a right-hand page after a blank one. The content is
      // wrapped in an element with the body's classes, so such selectors match as in the PDF.
      const body = document.body;
      if (body.className && !body.querySelector(":scope > [data-preview-body]")) {
        const wrapper = document.createElement("div");
        wrapper.className = body.className;
        wrapper.setAttribute("data-preview-body", "");
        wrapper.append(...Array.from(body.childNodes));
        body.append(wrapper);
      }
      if (!window.Paged || !saved) return;
      class Restore extends window.Paged.Handler {
        afterPageLayout() {
          restore(false);
        }
      }
      window.Paged.registerHandlers(Restore);
    },
    after: function (flow) {
      shown = window.PagedPolyfill || null;
      window.decadeReportChapters.renumber(counterSets);
      root.setAttribute("data-preview-paged", String(flow && flow.total ? flow.total : 0));
      restore(true);
      update();
    },
  };

  // ---- after a save: only the chapters that changed laid out again (chapters.js), when the
  // server says that is all that changed; else the page is loaded again whole
  let current = version; // the version whose pages are on screen
  let latest = version; // the newest version the server announced
  let stylesheets = null;
  let counterSets = {}; // named page → the page number its first page is set to (chapters.js)
  let bodyClass = "";
  let shown = null; // the Previewer whose stylesheet styles the pages on screen
  let updating = false;
  let whole = 0; // the serial of the last background relayout asked for
  let sidesStale = false; // pages after a patched chapter may be on the wrong side until relayout

  async function update() {
    if (updating || reloading || !root.hasAttribute("data-preview-paged")) return;
    updating = true;
    try {
      while (latest && latest !== current && !reloading) {
        const started = performance.now();
        const response = await fetch(`/.preview/patch?since=${encodeURIComponent(current)}`, { cache: "no-store" });
        const answer = await response.json();
        const fetched = performance.now();
        const chapters = window.decadeReportChapters;
        if (answer.reload || !chapters || !stylesheets || !window.Paged) {
          reload();
          return;
        }
        root.removeAttribute("data-preview-paged");
        let odd = false;
        for (const part of answer.parts) {
          const result = await chapters.repaginate(part, stylesheets, bodyClass);
          if (!result.done) {
            reload();
            return;
          }
          odd = odd !== (Math.abs(result.delta) % 2 === 1);
        }
        const laid = performance.now();
        const count = chapters.renumber(counterSets);
        current = answer.version;
        root.setAttribute("data-preview-version", current);
        root.setAttribute("data-preview-refresh", `chapters: ${answer.parts.map((part) => part.id).join(" ")}`);
        const done = performance.now();
        root.setAttribute("data-preview-refreshed-in", String(Math.round(done - started)));
        // where the time went: asking the server, laying the chapters out, numbers and references
        root.setAttribute("data-preview-timings", [fetched - started, laid - fetched, done - laid].map(Math.round).join(" "));
        root.removeAttribute("data-preview-relayout");
        sidesStale = sidesStale || odd; // a relayout dropped for a newer save still owes its fix
        if (sidesStale) {
          root.setAttribute("data-preview-relayout", "running");
          relayout(current); // the later pages changed sides: the whole document, in the background
        } else {
          root.setAttribute("data-preview-paged", String(count));
        }
      }
    } catch (error) {
      reload(); // the server went away or answered nonsense: a reload shows what there is
    } finally {
      updating = false;
    }
  }

  async function relayout(wanted) {
    const serial = ++whole;
    try {
      const response = await fetch("/", { cache: "no-store" });
      const page = new DOMParser().parseFromString(await response.text(), "text/html");
      const meta = page.querySelector('meta[name="decade-report-preview"]');
      if (!meta || meta.getAttribute("content") !== wanted || serial !== whole) return;
      const stillWanted = () => serial === whole && current === wanted && !updating;
      const result = await window.decadeReportChapters.relayoutWhole(
        page.body.innerHTML, stylesheets, bodyClass, stillWanted, shown,
      );
      shown = result.previewer;
      if (result.count) {
        sidesStale = false;
        root.setAttribute("data-preview-relayout", "done");
        window.decadeReportChapters.renumber(counterSets);
        root.setAttribute("data-preview-paged", String(result.count));
      }
    } catch (error) {
      if (serial === whole && current === wanted) reload(); // the server went away meanwhile
    }
  }

  function reload() {
    if (reloading) return;
    reloading = true;
    try {
      sessionStorage.setItem(SCROLL_KEY, JSON.stringify({ x: window.scrollX, y: window.scrollY }));
    } catch (error) {
      // private browsing: the page opens at its top
    }
    location.reload();
  }

  // ---- what the server says after each save
  function show(state) {
    root.setAttribute("data-preview-latest", state.version);
    composed.textContent = state.refreshed_in ? `composed in ${state.refreshed_in.toFixed(2)} s` : "";
    showProblems(state.problems);
    showPdf(state.pdf || {});
    if (!state.problems.length && state.version) {
      latest = state.version;
      if (latest !== current) {
        if (!current) reload();
        else update();
      }
    }
  }

  function showProblems(problems) {
    list.replaceChildren();
    if (!problems.length) {
      overlay.hidden = true;
      root.removeAttribute("data-preview-problems");
      return;
    }
    title.textContent = problems.length === 1 ? "1 problem" : `${problems.length} problems`;
    for (const problem of problems) {
      const item = element("li", {});
      item.append(element("code", { class: "where" }, problem.where), " ");
      item.append(element("span", { class: "message" }, problem.message));
      if (problem.hint) item.append(element("span", { class: "hint" }, problem.hint));
      list.append(item);
    }
    overlay.hidden = false;
    root.setAttribute("data-preview-problems", String(problems.length));
  }

  function showPdf(pdf) {
    const texts = {
      waiting: "waiting for the first build",
      building: pdf.url ? "(previous) · rebuilding…" : "building…",
      ready: pdf.built_in ? `built in ${pdf.built_in} s` : "ready",
      failed: pdf.url ? "(previous) · the new build failed" : "the build failed",
    };
    if (!pdf.status) {  // started with --no-pdf
      pdfLink.hidden = pdfStatus.hidden = pdfDetails.hidden = true;
      return;
    }
    pdfLink.hidden = !pdf.url;
    pdfStatus.textContent = pdf.url ? texts[pdf.status] || "" : `PDF ${texts[pdf.status] || ""}`;
    pdfDetails.hidden = pdf.status !== "failed" || !pdf.message;
    pdfMessage.textContent = pdf.message || "";
    root.setAttribute("data-preview-pdf", pdf.status || "");
  }

  const events = new EventSource("/.preview/events");
  events.addEventListener("state", (event) => show(JSON.parse(event.data)));
  events.addEventListener("open", () => {
    live.textContent = "Live preview";
    live.classList.remove("gone");
  });
  events.addEventListener("error", () => {
    live.textContent = "Preview stopped — reconnecting";
    live.classList.add("gone");
  });
})();
