// galley serve's page (docs/preview.md): shows the pages of the last good render, swaps
// them in place when the event stream /events announces a new render (the scroll position
// stays), and shows the diagnostics, the boxes under the pointer, an edition's report and
// a layout switcher. Reads only the server's JSON: /diagnostics.json, /boxes.json,
// /report.json.
"use strict";

const $ = (id) => document.getElementById(id);
const SVG = "http://www.w3.org/2000/svg";
let status = null; // the last /diagnostics.json
let shown = -1; // the render whose pages are shown
let boxes = null; // the shown render's /boxes.json

// Fetches URL as JSON; null when it fails.
async function getJSON(url) {
  try {
    const r = await fetch(url, { cache: "no-store" });
    return r.ok ? await r.json() : null;
  } catch (e) {
    return null;
  }
}

// Makes an element NAME with CLASS and TEXT.
function el(name, cls, text) {
  const e = document.createElement(name);
  if (cls) e.className = cls;
  if (text !== undefined) e.textContent = text;
  return e;
}

// The query of a page image: the toggles, and the render as a cache breaker.
function pageQuery() {
  const g = $("guides").checked ? 1 : 0, b = $("bleed").checked ? 1 : 0;
  return `?guides=${g}&bleed=${b}&v=${shown}`;
}

// The figure of page N (from 1), made when missing.
function pageFigure(n) {
  let f = $("page-" + n);
  if (f) return f;
  f = el("figure", "page");
  f.id = "page-" + n;
  const img = el("img");
  img.alt = "page " + n;
  img.addEventListener("load", () => drawBoxes(f, n));
  f.append(img, document.createElementNS(SVG, "svg"), el("figcaption", "", String(n)));
  $("pages").append(f);
  return f;
}

// Loads page N's image for the current toggles; an old image stays until the new one is
// whole, so the page never collapses and the scroll position holds.
function loadPage(n) {
  const f = pageFigure(n), img = f.querySelector("img"), src = `/page/${n}.png` + pageQuery();
  if (!img.getAttribute("src")) {
    img.src = src;
    return;
  }
  const next = new Image();
  next.onload = () => { img.src = src; };
  next.src = src;
}

// Draws the boxes of page N over its figure F (when Boxes is on): one rectangle a box, in
// the page's points, the bleed around it when the image has it.
function drawBoxes(f, n) {
  const svg = f.querySelector("svg"), img = f.querySelector("img");
  svg.replaceChildren();
  const page = boxes && boxes.pages.find((p) => p.page === n);
  if (!page || !$("boxes").checked || !img.naturalWidth) return;
  const k = status.dpi / 72;
  const b = $("bleed").checked ? Math.max(0, (img.naturalWidth / k - page.width) / 2) : 0;
  svg.setAttribute("viewBox", `${-b} ${-b} ${page.width + 2 * b} ${page.height + 2 * b}`);
  svg.setAttribute("preserveAspectRatio", "none");
  const frame = document.createElementNS(SVG, "rect");
  frame.setAttribute("class", "frame");
  frame.setAttribute("visibility", "hidden");
  for (const box of boxes.boxes) {
    if (box.page !== n) continue;
    const r = document.createElementNS(SVG, "rect");
    r.setAttribute("class", "box " + box.kind);
    for (const a of ["x", "y", "width", "height"]) r.setAttribute(a, box[a]);
    r.addEventListener("mouseenter", () => showBox(box, frame));
    svg.append(r);
  }
  svg.append(frame);
}

// Shows BOX in the side panel (role, element, frame, text) and its frame on the page.
function showBox(box, frame) {
  const f = box.frame;
  for (const a of ["x", "y", "width", "height"]) frame.setAttribute(a, f[a]);
  frame.setAttribute("visibility", "visible");
  const dl = el("dl");
  const rows = [["role", box.role], ["element", box.element || "—"], ["kind", box.kind],
    ["frame", `${f.x}, ${f.y} · ${f.width} × ${f.height} pt`],
    ["box", `${box.x}, ${box.y} · ${box.width} × ${box.height} pt`]];
  if (box.article) rows.push(["article", box.article]);
  if (box.text !== undefined) rows.push(["text", box.text]);
  for (const [k, v] of rows) dl.append(el("dt", "", k), el("dd", "", v));
  $("hover").replaceChildren(dl);
}

// Shows the diagnostics of the last render and whether it failed.
function showStatus() {
  const s = status, state = $("state");
  state.textContent = s.ok
    ? `render ${s.render}: ${s.pages} page${s.pages === 1 ? "" : "s"} in ${Math.round(s.ms)} ms`
    : `render ${s.render} failed; ` + (s.good ? `showing render ${s.good}` : "no pages yet");
  state.className = "state " + (s.ok ? "ok" : "bad");
  $("title").textContent = s.article;
  $("counts").textContent = `(${s.errors} errors, ${s.warnings} warnings)`;
  const list = $("diagnostics");
  list.replaceChildren(...s.diagnostics.map((d) => el("li", d.severity, d.text)));
  const failed = $("failed");
  failed.hidden = s.ok;
  const first = s.diagnostics.find((d) => d.severity === "error");
  failed.textContent = s.ok ? "" : "The last render failed" +
    (s.good ? "; the pages are the last good ones.\n" : ".\n") + (first ? first.text : s.status);
  const sel = $("layout"), names = [""].concat(s.layouts);
  if (s.layout && !names.includes(s.layout)) names.push(s.layout);
  sel.replaceChildren(...names.map((n) => {
    const whose = s.edition ? "the edition's" : "the article's";
    const own = boxes && !s.layout ? `(${whose}: ${boxes.layout})` : `(${whose})`;
    const o = el("option", "", n || own);
    o.value = n;
    return o;
  }));
  sel.value = s.layout || "";
}

// Shows an edition's report: each article placed, its slot, lines, jump and overset.
async function showReport() {
  const box = $("edition");
  box.hidden = !status.edition;
  if (!status.edition) return;
  const report = await getJSON("/report.json"), body = $("report").tBodies[0];
  body.replaceChildren();
  for (const p of (report && report.pages) || []) {
    for (const a of p.articles || []) {
      const tr = el("tr", a.overset ? "overset" : "");
      const s = a.slot || {};
      const name = String(a.article).split("/").pop().replace(/\.json$/, "");
      const cells = [p.page, name, `c${s.column}+${s.span} r${s.row}+${s.rows}`,
        a.lines, a.jump_page || "", a.overset ? `${a.overset.lines} lines` : ""];
      tr.append(...cells.map((c) => el("td", "", String(c))));
      body.append(tr);
    }
  }
}

// Shows the state S (a /diagnostics.json) and a new good render's pages in place.
async function show(s) {
  status = s;
  showStatus();
  document.body.dataset.render = String(s.render);
  if (!s.good || s.good === shown) return;
  shown = s.good;
  for (let n = 1; n <= s.pages; n++) loadPage(n);
  for (let n = s.pages + 1; $("page-" + n); n++) $("page-" + n).remove();
  boxes = await getJSON("/boxes.json");
  showStatus();
  document.querySelectorAll("figure.page").forEach((f) => drawBoxes(f, Number(f.id.slice(5))));
  showReport();
}

// Reads the server's state anew and shows it.
async function refresh() {
  const s = await getJSON("/diagnostics.json");
  if (s) show(s);
}

// Reloads every page for the toggles.
function reloadPages() {
  if (!status) return;
  for (let n = 1; n <= status.pages; n++) loadPage(n);
}

// The toggles are kept in the address's fragment (#show=guides,boxes; not an element's id,
// which would scroll to it), so a reload or a bookmark keeps them.
const TOGGLES = ["guides", "bleed", "boxes"];
const SHOW = /^#show=([a-z,]*)$/.exec(location.hash);
for (const t of SHOW ? SHOW[1].split(",") : []) if (TOGGLES.includes(t)) $(t).checked = true;
function keepToggles() {
  const on = TOGGLES.filter((t) => $(t).checked);
  history.replaceState(null, "", on.length ? "#show=" + on.join(",") : location.pathname);
}
$("guides").addEventListener("change", () => { keepToggles(); reloadPages(); });
$("bleed").addEventListener("change", () => { keepToggles(); reloadPages(); });
$("boxes").addEventListener("change", () => {
  keepToggles();
  document.querySelectorAll("figure.page").forEach((f) => drawBoxes(f, Number(f.id.slice(5))));
});
$("layout").addEventListener("change", (e) => {
  fetch("/layout?name=" + encodeURIComponent(e.target.value));
});
const events = new EventSource("/events");
events.addEventListener("render", refresh);
events.addEventListener("error", () => { $("state").textContent = "reconnecting…"; });
// The state the server put in /state.js: the first pages go into the document at once.
if (window.galleyStatus) show(window.galleyStatus);
else refresh();
