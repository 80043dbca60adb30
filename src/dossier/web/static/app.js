// dossier dashboard: every page is a client of its JSON twin under /api.
// Article text and every value from the store are inserted as text nodes (never as
// markup): an article holding <script> shows the tag, it does not run it.
"use strict";

const SVGNS = "http://www.w3.org/2000/svg";
const TYPE_COLORS = {
  AGREE: "#1b9e77", CONSULT: "#66a61e", SUPPORT: "#a6d854", CONCEDE: "#8dd3c7",
  COOPERATE: "#2ca25f", AID: "#3182bd", RETREAT: "#9ecae1", REQUEST: "#756bb1",
  ACCUSE: "#e6ab02", REJECT: "#fdae6b", THREATEN: "#e6550d", PROTEST: "#d95f02",
  SANCTION: "#c51b8a", MOBILIZE: "#7570b3", COERCE: "#a50f15", ASSAULT: "#de2d26",
};
const FILTER_KEYS = ["q", "since", "until", "actor", "country", "type", "status", "language", "source", "kind", "unit", "story"];

// ------------------------------------------------------------------------- helpers

function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === null || value === undefined || value === false) continue;
    if (key === "class") node.className = value;
    else if (key.startsWith("on")) node.addEventListener(key.slice(2), value);
    else node.setAttribute(key, value === true ? "" : String(value));
  }
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

function svg(tag, attrs, ...children) {
  const node = document.createElementNS(SVGNS, tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === null || value === undefined) continue;
    if (key.startsWith("on")) node.addEventListener(key.slice(2), value);
    else node.setAttribute(key, String(value));
  }
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

function params() {
  return new URLSearchParams(window.location.search);
}

function apiQuery(extra) {
  const p = params();
  for (const [k, v] of Object.entries(extra || {})) {
    if (v === null) p.delete(k);
    else p.set(k, v);
  }
  const s = p.toString();
  return s ? "?" + s : "";
}

function go(mutate) {
  const p = params();
  mutate(p);
  p.delete("offset");
  const s = p.toString();
  window.location.assign(window.location.pathname + (s ? "?" + s : ""));
}

function addFilter(key, value) {
  go((p) => {
    if (["since", "until", "q", "story"].includes(key)) p.set(key, value);
    else if (!p.getAll(key).includes(value)) p.append(key, value);
  });
}

async function getJSON(url, options) {
  const response = await fetch(url, options);
  let body = null;
  try {
    body = await response.json();
  } catch (e) {
    body = { status: response.status, title: response.statusText, detail: "not JSON" };
  }
  if (!response.ok) {
    const error = new Error(body.detail || response.statusText);
    error.problem = body;
    throw error;
  }
  return body;
}

function showProblem(target, error) {
  const p = error.problem || { status: "", title: "Error", detail: String(error.message || error) };
  target.replaceChildren(
    el("div", { class: "problem", role: "alert" },
      el("strong", {}, `${p.status} ${p.title}`), " ", el("span", { class: "detail" }, p.detail)),
  );
}

function fmt(value) {
  if (value === null || value === undefined) return "";
  if (Array.isArray(value)) return value.map(fmt).join(", ");
  if (typeof value === "number") return Number.isInteger(value) ? value.toLocaleString("en") : value.toFixed(2);
  if (typeof value === "object") return value.name || JSON.stringify(value);
  return String(value);
}

function articleLink(id, text, hash) {
  return el("a", { href: `/articles/${encodeURIComponent(id)}${hash || ""}` }, text || id.slice(0, 12));
}

function partyNames(parties) {
  return (parties || []).map((p) => p.name).join(", ") || "?";
}

function badge(text, cls) {
  return el("span", { class: `badge ${cls || ""}` }, text);
}

function typeBadge(type) {
  const b = badge(type, "type");
  b.style.borderColor = TYPE_COLORS[type] || "#888";
  return b;
}

// ----------------------------------------------------------------- filters & pager

function initFilters() {
  const form = document.getElementById("filters");
  if (!form) return;
  const p = params();
  for (const name of ["q", "since", "until"]) {
    const input = form.elements[name];
    if (input) input.value = p.get(name) || "";
  }
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    go((q) => {
      for (const name of ["q", "since", "until"]) {
        const value = form.elements[name].value.trim();
        if (value) q.set(name, value);
        else q.delete(name);
      }
    });
  });
  document.getElementById("clear").addEventListener("click", () => {
    window.location.assign(window.location.pathname);
  });
  const active = document.getElementById("active");
  const chips = [];
  for (const key of FILTER_KEYS) {
    for (const value of p.getAll(key)) {
      chips.push(
        el("button", {
          type: "button", class: "chip", "aria-label": `Remove filter ${key} ${value}`,
          onclick: () => go((q) => {
            const rest = q.getAll(key).filter((v) => v !== value);
            q.delete(key);
            for (const v of rest) q.append(key, v);
          }),
        }, `${key}: ${value} ✕`),
      );
    }
  }
  if (chips.length) active.replaceChildren("Filters: ", ...chips);
}

function pager(data) {
  const { total, limit, offset } = data;
  const nav = el("nav", { class: "pager", "aria-label": "Pages of results" });
  const link = (label, to) =>
    el("a", { href: window.location.pathname + apiQuery({ offset: String(to) }) }, label);
  if (offset > 0) nav.append(link("← Previous", Math.max(0, offset - limit)), " ");
  nav.append(el("span", {}, total ? `${offset + 1}–${Math.min(offset + limit, total)} of ${total.toLocaleString("en")}` : "No results"));
  if (offset + limit < total) nav.append(" ", link("Next →", offset + limit));
  return nav;
}

// ------------------------------------------------------------------------- facets

function facetPanel(target, facets, labels) {
  target.replaceChildren();
  for (const [key, label] of Object.entries(labels)) {
    const values = facets[key] || [];
    if (!values.length) continue;
    const list = el("ul", {});
    for (const f of values) {
      const filterKey = key === "month" ? "since" : key;
      const value = key === "month" ? f.value : String(f.value);
      list.append(
        el("li", {},
          el("button", {
            type: "button", class: "facet", "data-facet": key, "data-value": value,
            onclick: () => (key === "month"
              ? go((p) => { p.set("since", value); p.set("until", value); })
              : addFilter(filterKey, value)),
          }, `${f.label || f.value}`, el("span", { class: "n" }, ` ${f.n}`)),
        ),
      );
    }
    target.append(el("section", { class: "facet-group" }, el("h2", {}, label), list));
  }
}

// ----------------------------------------------------------------------- timeline

function drawTimeline(target, rows) {
  target.replaceChildren();
  if (!rows.length) { target.append(el("p", { class: "empty" }, "No dated events.")); return; }
  const dayList = [...new Set(rows.map((r) => r.day))].sort();
  const first = new Date(dayList[0] + "T00:00:00Z");
  const last = new Date(dayList[dayList.length - 1] + "T00:00:00Z");
  const span = Math.round((last - first) / 86400000) + 1;
  // Past about a year, one bar per day is thinner than a pixel: bars become months, and
  // a month is a valid filter value (since=2022-03 is its first day, until= its last).
  const monthly = span > 400;
  const all = [];
  if (monthly) {
    let y = first.getUTCFullYear(), m = first.getUTCMonth();
    const end = last.getUTCFullYear() * 12 + last.getUTCMonth();
    while (y * 12 + m <= end) { all.push(`${y}-${String(m + 1).padStart(2, "0")}`); m += 1; if (m === 12) { m = 0; y += 1; } }
  } else {
    for (let i = 0; i < span; i++) all.push(new Date(first.getTime() + i * 86400000).toISOString().slice(0, 10));
  }
  const perDay = {};
  for (const r of rows) {
    const key = monthly ? r.day.slice(0, 7) : r.day;
    const bucket = (perDay[key] = perDay[key] || {});
    bucket[r.type] = (bucket[r.type] || 0) + r.n;
  }
  for (const key of Object.keys(perDay)) perDay[key] = Object.entries(perDay[key]).map(([type, n]) => ({ type, n }));
  const days = [all[0], all[all.length - 1]];
  const max = Math.max(...all.map((d) => (perDay[d] || []).reduce((s, r) => s + r.n, 0)), 1);
  const width = 900, height = 160, pad = 20;
  const bw = (width - pad) / all.length;
  const chart = svg("svg", { viewBox: `0 0 ${width} ${height + 20}`, role: "group", "aria-label": monthly ? "Events per month by type" : "Events per day by type", class: "timeline" });
  let brushStart = null;
  const brushRect = svg("rect", { class: "brush", y: 0, height, width: 0, x: 0 });
  const select = (a, b) => {
    const [since, until] = [a, b].sort();
    go((p) => { p.set("since", since); p.set("until", until); });
  };
  all.forEach((day, i) => {
    const stack = (perDay[day] || []).slice().sort((a, b) => a.type.localeCompare(b.type));
    const total = stack.reduce((s, r) => s + r.n, 0);
    const g = svg("g", {
      class: "day", tabindex: total ? 0 : -1, role: "button", "data-day": day,
      "aria-label": `${day}: ${total} events${stack.length ? " (" + stack.map((r) => `${r.type} ${r.n}`).join(", ") + ")" : ""}`,
    });
    g.append(svg("rect", { x: pad + i * bw, y: 0, width: Math.max(bw, 1), height, class: "hit" }));
    let y = height;
    for (const r of stack) {
      const h = (r.n / max) * (height - 4);
      y -= h;
      g.append(svg("rect", { x: pad + i * bw + 0.5, y, width: Math.max(bw - 1, 0.5), height: h, fill: TYPE_COLORS[r.type] || "#888" }));
    }
    g.append(svg("title", {}, g.getAttribute("aria-label")));
    g.addEventListener("mousedown", (e) => { e.preventDefault(); brushStart = { day, i }; brushRect.setAttribute("x", pad + i * bw); brushRect.setAttribute("width", bw); });
    g.addEventListener("mouseenter", () => {
      if (!brushStart) return;
      const lo = Math.min(brushStart.i, i), hi = Math.max(brushStart.i, i);
      brushRect.setAttribute("x", pad + lo * bw);
      brushRect.setAttribute("width", (hi - lo + 1) * bw);
    });
    g.addEventListener("mouseup", () => { if (brushStart) { const a = brushStart.day; brushStart = null; select(a, day); } });
    g.addEventListener("keydown", (e) => { if (e.key === "Enter" || e.key === " ") { e.preventDefault(); select(day, day); } });
    chart.append(g);
  });
  chart.append(brushRect);
  chart.append(svg("text", { x: pad, y: height + 15, class: "axis" }, days[0]));
  chart.append(svg("text", { x: width, y: height + 15, class: "axis", "text-anchor": "end" }, `${days[1]}${monthly ? " (bars are months)" : ""}`));
  chart.append(svg("text", { x: 0, y: 12, class: "axis" }, String(max)));
  target.append(chart);
  const legend = el("ul", { class: "legend", "aria-label": "Event types" });
  for (const type of [...new Set(rows.map((r) => r.type))].sort()) {
    const sw = el("span", { class: "swatch" }); sw.style.background = TYPE_COLORS[type] || "#888";
    legend.append(el("li", {}, el("button", { type: "button", class: "facet", onclick: () => addFilter("type", type) }, sw, type)));
  }
  target.append(legend);
}

// ---------------------------------------------------------------------------- map

let countryShapes = null;

async function drawMap(target, data) {
  target.replaceChildren();
  if (!countryShapes) countryShapes = await getJSON("/static/countries.json");
  const k = 960 / 360;
  const project = (lon, lat) => [(lon + 180) * k, (90 - lat) * k];
  const counts = Object.fromEntries(data.countries.map((c) => [c.country, c.n]));
  const max = Math.max(1, ...data.countries.map((c) => c.n));
  const map = svg("svg", { viewBox: "0 0 960 480", class: "map", role: "group", "aria-label": "Map of events" });
  const land = svg("g", {});
  for (const shape of countryShapes) {
    const n = counts[shape.iso3] || 0;
    const share = n ? 0.15 + 0.85 * Math.sqrt(n / max) : 0;
    const path = svg("path", {
      d: shape.d, class: n ? "country has" : "country", "data-iso3": shape.iso3 || "",
      tabindex: n ? 0 : null, role: n ? "button" : null,
      "aria-label": n ? `${shape.name}: ${n} events` : null,
    });
    if (n) {
      path.style.fill = `rgba(49, 130, 189, ${share.toFixed(3)})`;
      const pick = () => addFilter("country", shape.iso3);
      path.addEventListener("click", pick);
      path.addEventListener("keydown", (e) => { if (e.key === "Enter") pick(); });
    }
    path.append(svg("title", {}, `${shape.name}${n ? ": " + n + " events" : ""}`));
    land.append(path);
  }
  map.append(land);
  const pmax = Math.max(1, ...data.points.map((p) => p.n));
  for (const p of data.points) {
    const [x, y] = project(p.lon, p.lat);
    const c = svg("circle", { cx: x.toFixed(1), cy: y.toFixed(1), r: (2 + 8 * Math.sqrt(p.n / pmax)).toFixed(1), class: `point precision-${p.precision}` });
    c.append(svg("title", {}, `${p.name || "?"} (${p.country || "?"}), ${p.precision}: ${p.n} events`));
    map.append(c);
  }
  target.append(map);
  target.append(el("p", { class: "hint" }, `${data.points.length} places; ${data.unplaced} events without coordinates.`));
}

// ------------------------------------------------------------------------ network

function drawNetwork(target, data) {
  target.replaceChildren();
  const nodes = data.nodes.slice(0, 60);
  if (!nodes.length) { target.append(el("p", { class: "empty" }, "No actor → recipient events.")); return; }
  const index = Object.fromEntries(nodes.map((n, i) => [n.id, i]));
  const edges = data.edges.filter((e) => e.source in index && e.target in index);
  const W = 480, H = 360;
  const pos = nodes.map((n, i) => {
    const a = (2 * Math.PI * i) / nodes.length;
    return { x: W / 2 + (W / 3) * Math.cos(a), y: H / 2 + (H / 3) * Math.sin(a), vx: 0, vy: 0 };
  });
  // A fixed number of force steps from a circle: the same data always gives the same picture.
  for (let step = 0; step < 200; step++) {
    for (let i = 0; i < pos.length; i++) {
      for (let j = i + 1; j < pos.length; j++) {
        const dx = pos[j].x - pos[i].x, dy = pos[j].y - pos[i].y;
        const d2 = Math.max(dx * dx + dy * dy, 25);
        const f = 5000 / d2;
        const d = Math.sqrt(d2);
        pos[i].vx -= (f * dx) / d; pos[i].vy -= (f * dy) / d;
        pos[j].vx += (f * dx) / d; pos[j].vy += (f * dy) / d;
      }
    }
    for (const e of edges) {
      const a = pos[index[e.source]], b = pos[index[e.target]];
      const dx = b.x - a.x, dy = b.y - a.y;
      const d = Math.max(Math.sqrt(dx * dx + dy * dy), 1);
      const f = (d - 150) * 0.004;
      a.vx += (f * dx) / d; a.vy += (f * dy) / d;
      b.vx -= (f * dx) / d; b.vy -= (f * dy) / d;
    }
    for (const p of pos) {
      p.vx += (W / 2 - p.x) * 0.002; p.vy += (H / 2 - p.y) * 0.002;
      p.x = Math.min(W - 30, Math.max(30, p.x + p.vx * 0.5));
      p.y = Math.min(H - 15, Math.max(15, p.y + p.vy * 0.5));
      p.vx *= 0.6; p.vy *= 0.6;
    }
  }
  const maxW = Math.max(1, ...edges.map((e) => e.weight));
  const graph = svg("svg", { viewBox: `0 0 ${W} ${H}`, class: "network", role: "group", "aria-label": "Actor network" });
  graph.append(svg("defs", {}, svg("marker", { id: "arrow", viewBox: "0 0 10 10", refX: 22, refY: 5, markerWidth: 8, markerHeight: 8, markerUnits: "userSpaceOnUse", orient: "auto" }, svg("path", { d: "M0,0L10,5L0,10Z", fill: "#999" }))));
  for (const e of edges) {
    const a = pos[index[e.source]], b = pos[index[e.target]];
    const line = svg("line", {
      x1: a.x.toFixed(1), y1: a.y.toFixed(1), x2: b.x.toFixed(1), y2: b.y.toFixed(1),
      stroke: TYPE_COLORS[e.type] || "#999", "stroke-width": (0.5 + 4 * (e.weight / maxW)).toFixed(2),
      "marker-end": "url(#arrow)", class: "edge",
    });
    line.append(svg("title", {}, `${nodes[index[e.source]].name} → ${nodes[index[e.target]].name}: ${e.type} × ${e.weight}`));
    graph.append(line);
  }
  const nmax = Math.max(1, ...nodes.map((n) => n.weight));
  nodes.forEach((n, i) => {
    const p = pos[i];
    const value = n.id.startsWith("name:") ? n.name : n.id;
    const pick = () => addFilter("actor", value);
    const g = svg("g", { class: "node", tabindex: 0, role: "button", "data-actor": value, "aria-label": `${n.name}: ${n.weight} events; filter by this actor`, onclick: pick });
    g.addEventListener("keydown", (e) => { if (e.key === "Enter" || e.key === " ") { e.preventDefault(); pick(); } });
    g.append(svg("circle", { cx: p.x.toFixed(1), cy: p.y.toFixed(1), r: (4 + 8 * Math.sqrt(n.weight / nmax)).toFixed(1) }));
    g.append(svg("text", { x: (p.x + 8).toFixed(1), y: (p.y - 8).toFixed(1) }, n.name));
    graph.append(g);
  });
  target.append(graph);
}

// ------------------------------------------------------------------------- events

function eventItem(e) {
  const ev = (e.evidence || [])[0];
  return el("li", { class: "event" },
    el("div", { class: "line" },
      el("span", { class: "day" }, e.day || "undated"), " ", typeBadge(e.type), " ",
      badge(e.status, `status-${e.status}`), " ",
      el("span", { class: "parties" }, partyNames(e.actors), e.recipients.length ? " → " + partyNames(e.recipients) : ""),
      e.location ? el("span", { class: "where" }, ` in ${e.location.name} (${e.location.precision || "?"})`) : null,
    ),
    ev ? el("blockquote", { class: "evidence" }, ev.sentence) : null,
    el("div", { class: "meta" },
      articleLink(e.article_id, e.article.title || e.article_id.slice(0, 12), `#ev-${e.event_idx}`),
      ` · ${e.article.source || "?"} · ${e.article.language || "?"} · confidence ${fmt(e.confidence)}`,
      e.quantities.length ? ` · ${e.quantities.map((q) => q.text).join("; ")}` : "",
    ),
  );
}

async function eventsPage(app) {
  const q = apiQuery({ offset: null, limit: null });
  const parts = {
    facets: document.getElementById("facets"),
    timeline: document.getElementById("timeline"),
    map: document.getElementById("map"),
    network: document.getElementById("network"),
    list: document.getElementById("list"),
  };
  const guard = (target, promise, draw) =>
    promise.then(draw).catch((error) => showProblem(target, error));
  await Promise.all([
    guard(parts.list, getJSON("/api/events" + apiQuery()), (data) => {
      parts.list.replaceChildren(pager(data), el("ol", { class: "events" }, data.rows.map(eventItem)), pager(data));
    }),
    guard(parts.facets, getJSON("/api/facets" + q), (data) =>
      facetPanel(parts.facets, data, { type: "Type", status: "Status", country: "Country", actor: "Actor", language: "Language", source: "Source", month: "Month" })),
    guard(parts.timeline, getJSON("/api/timeline" + q), (data) => drawTimeline(parts.timeline, data.rows)),
    guard(parts.map, getJSON("/api/map" + q), (data) => drawMap(parts.map, data)),
    guard(parts.network, getJSON("/api/network" + q), (data) => drawNetwork(parts.network, data)),
  ]);
  app.setAttribute("data-ready", "true");
}

// -------------------------------------------------------------------------- tables

const TABLES = {
  articles: [["title", (r) => articleLink(r.id, r.title || r.id.slice(0, 12))], ["source"], ["language"], ["published"], ["events"], ["quotes"], ["figures"]],
  actors: [["name", (r) => el("button", { type: "button", class: "link", onclick: () => window.location.assign("/events?actor=" + encodeURIComponent(r.actor_id.startsWith("name:") ? r.name : r.actor_id)) }, r.name)], ["kind"], ["country"], ["sector"], ["articles"], ["mentions"], ["events_as_actor"], ["events_as_recipient"]],
  quotes: [["day"], ["speaker"], ["text", (r) => articleLink(r.article_id, r.text, `#q-${r.quote_idx}`)], ["cue"], ["kind"], ["source"], ["language"]],
  figures: [["text", (r) => articleLink(r.article_id, r.text, `#f-${r.figure_idx}`)], ["value"], ["unit"], ["kind"], ["qualifier"], ["event_type"], ["source"], ["published"]],
  stories: [["label", (r) => el("a", { href: `/stories/${encodeURIComponent(r.story_id)}` }, r.label || r.story_id)], ["first_day"], ["last_day"], ["languages"], ["article_count"], ["source_count"], ["canonical_events"], ["contradictions"]],
  "canonical-events": [["date"], ["type", (r) => typeBadge(r.type)], ["status"], ["statuses"], ["actors", (r) => partyNames(r.actors)], ["recipients", (r) => partyNames(r.recipients)], ["location_name"], ["article_count"], ["independent_source_count"], ["story_id", (r) => r.story_id ? el("a", { href: `/stories/${encodeURIComponent(r.story_id)}` }, "story") : ""]],
};

function table(columns, rows) {
  return el("table", {},
    el("thead", {}, el("tr", {}, columns.map(([name]) => el("th", { scope: "col" }, name.replace(/_/g, " "))))),
    el("tbody", {}, rows.map((r) => el("tr", {}, columns.map(([name, cell]) => el("td", {}, cell ? cell(r) : fmt(r[name])))))),
  );
}

async function tablePage(app, name) {
  const list = document.getElementById("list");
  try {
    const data = await getJSON(app.dataset.api + apiQuery());
    list.replaceChildren(pager(data), table(TABLES[name], data.rows), pager(data));
  } catch (error) { showProblem(list, error); }
  app.setAttribute("data-ready", "true");
}

function contradictionBlock(c) {
  const values = new Set(c.values.map((v) => v.reported ?? v.value));
  return el("section", { class: "contradiction", "aria-label": `Disagreement on ${c.subject}` },
    el("h3", {}, `${c.subject} (${c.kind}) — ${values.size} different values`),
    el("ul", {}, c.values.map((v) =>
      el("li", { class: "conflict" },
        el("strong", {}, v.reported ?? `${fmt(v.value)} ${v.unit || ""}`), ` — ${v.source || "unknown source"} (${v.language || "?"}, ${v.published || "undated"}) `,
        v.article_id ? articleLink(v.article_id, "evidence", v.start !== null ? `#span-${v.start}-${v.end}` : "") : null,
      ))),
  );
}

async function contradictionsPage(app) {
  const list = document.getElementById("list");
  try {
    const data = await getJSON("/api/contradictions" + apiQuery());
    list.replaceChildren(pager(data), ...data.rows.map(contradictionBlock), pager(data));
  } catch (error) { showProblem(list, error); }
  app.setAttribute("data-ready", "true");
}

async function searchPage(app) {
  const list = document.getElementById("list");
  const q = params().get("q");
  if (!q) {
    list.replaceChildren(el("p", { class: "empty" }, "Type words to search the articles (case and accents do not matter; \"quotes\" keep a phrase)."));
    app.setAttribute("data-ready", "true");
    return;
  }
  try {
    const data = await getJSON("/api/search" + apiQuery());
    facetPanel(document.getElementById("facets"), data.facets, { language: "Language", source: "Source" });
    list.replaceChildren(pager(data), el("ol", { class: "results" }, data.rows.map((r) =>
      el("li", { class: "result" },
        el("h2", {}, articleLink(r.article_id, r.title || r.article_id.slice(0, 12))),
        el("p", { class: "snippet" }, r.snippet || ""),
        el("p", { class: "meta" }, `${r.source || "?"} · ${r.language || "?"} · ${r.published || "undated"} · score ${r.score}`),
      ))), pager(data));
  } catch (error) { showProblem(list, error); }
  app.setAttribute("data-ready", "true");
}

// -------------------------------------------------------------------------- story

async function storyPage(app) {
  const list = document.getElementById("list");
  try {
    const data = await getJSON(app.dataset.api);
    const s = data.story;
    const byId = Object.fromEntries(data.articles.map((a) => [a.article_id, a]));
    const sources = el("div", { class: "sources", role: "list", "aria-label": "Sources side by side" }, data.articles.map((a) =>
      el("article", { class: `source-card${a.copy_of ? " copy" : ""}`, role: "listitem", lang: a.language || null },
        el("h3", {}, articleLink(a.article_id, a.title || a.article_id.slice(0, 12))),
        el("p", {}, badge(a.language || "?", "lang"), ` ${a.source || "unknown source"} · ${a.published || "undated"}`),
        a.copy_of
          ? el("p", { class: "copyrel" }, `${a.relation} of `, articleLink(a.copy_of, (byId[a.copy_of] || {}).source || a.copy_of.slice(0, 12)), ` (similarity ${fmt(a.copy_similarity)})`)
          : el("p", { class: "copyrel original" }, "original"),
        a.signals ? el("p", { class: "signals" }, `${a.signals} source signals`) : null,
      )));
    const canon = el("ol", { class: "canonical" }, data.canonical_events.map((c) =>
      el("li", {},
        el("div", { class: "line" }, typeBadge(c.type), " ", badge(c.status || "?", `status-${c.status}`),
          c.statuses.length > 1 ? el("span", { class: "conflict" }, ` statuses differ: ${c.statuses.join(", ")}`) : "",
          ` ${partyNames(c.actors)} → ${partyNames(c.recipients)} · ${c.location_name || ""} ${c.date || ""} · ${c.article_count} articles, ${c.independent_source_count} independent sources`),
        el("ul", { class: "evidence-list" }, c.evidence.map((v) =>
          el("li", { lang: v.language || null }, badge(v.language || "?", "lang"), ` ${v.source || "unknown source"}: `,
            v.sentence ? articleLink(v.article_id, v.sentence, v.start !== null ? `#span-${v.start}-${v.end}` : "") : "(no evidence)"))),
      )));
    list.replaceChildren(
      el("p", { class: "meta" }, `${s.first_day || "?"} – ${s.last_day || "?"} · ${s.article_count} articles · ${s.source_count} sources · languages: ${(s.languages || []).join(", ")}`),
      el("h2", {}, "Sources"), sources,
      el("h2", {}, "Contradictions"),
      data.contradictions.length ? el("div", {}, data.contradictions.map(contradictionBlock)) : el("p", { class: "empty" }, "None found."),
      el("h2", {}, "Canonical events"), canon,
    );
  } catch (error) { showProblem(list, error); }
  app.setAttribute("data-ready", "true");
}

// ------------------------------------------------------------------------ article

const KINDS = [["entity", "Entities"], ["event", "Event evidence"], ["trigger", "Triggers"], ["quote", "Quotes"], ["time", "Times"], ["figure", "Figures"], ["target", "Linked span"]];

function spansOf(record, target) {
  const spans = [];
  record.entities.forEach((e, i) => e.mentions.forEach((m) => spans.push({ kind: "entity", start: m.start, end: m.end, label: `${e.name} (${e.kind}${e.country ? ", " + e.country : ""})`, id: `ent-${i}` })));
  record.events.forEach((e, i) => e.evidence.forEach((v) => {
    spans.push({ kind: "event", start: v.start, end: v.end, label: `${e.type} (${e.status})`, id: `ev-${i}` });
    if (v.trigger_start !== null && v.trigger_start !== undefined) spans.push({ kind: "trigger", start: v.trigger_start, end: v.trigger_end, label: `trigger of ${e.type}`, id: `tr-${i}` });
  }));
  record.quotes.forEach((q, i) => spans.push({ kind: "quote", start: q.start, end: q.end, label: `quote${q.speaker ? " by " + q.speaker.name : ""}`, id: `q-${i}` }));
  record.times.forEach((t, i) => spans.push({ kind: "time", start: t.start, end: t.end, label: `${t.value || "?"} (${t.precision})`, id: `t-${i}` }));
  record.quantities.forEach((q, i) => spans.push({ kind: "figure", start: q.start, end: q.end, label: `${q.value ?? "?"} ${q.unit || ""} (${q.kind})`, id: `f-${i}` }));
  if (target) spans.push({ kind: "target", start: target[0], end: target[1], label: "linked from another page", id: `span-${target[0]}-${target[1]}` });
  return spans.filter((s) => s.start >= 0 && s.end > s.start && s.end <= record.text.length);
}

function highlightedText(record, target) {
  const text = record.text;
  const spans = spansOf(record, target);
  const cuts = new Set([0, text.length]);
  for (const s of spans) { cuts.add(s.start); cuts.add(s.end); }
  const points = [...cuts].sort((a, b) => a - b);
  const body = el("div", { class: "text", id: "article-text" });
  const anchored = new Set();
  for (let i = 0; i < points.length - 1; i++) {
    const a = points[i], b = points[i + 1];
    const piece = text.slice(a, b);
    const active = spans.filter((s) => s.start <= a && s.end >= b);
    if (!active.length) { body.append(document.createTextNode(piece)); continue; }
    const node = el("mark", {
      class: active.map((s) => `hl-${s.kind}`).join(" "),
      title: active.map((s) => s.label).join(" · "),
      "data-kinds": active.map((s) => s.kind).join(" "),
    }, piece);
    for (const s of active) {
      if (s.start === a && !anchored.has(s.id)) { anchored.add(s.id); node.id = node.id || s.id; node.setAttribute("data-anchors", ((node.getAttribute("data-anchors") || "") + " " + s.id).trim()); }
    }
    body.append(node);
  }
  return body;
}

function articleView(record, extra) {
  const hash = window.location.hash.match(/^#span-(\d+)-(\d+)$/);
  const target = hash ? [Number(hash[1]), Number(hash[2])] : null;
  const legend = el("fieldset", { class: "legend-toggles" }, el("legend", {}, "Highlight"),
    KINDS.map(([kind, label]) => {
      const id = `toggle-${kind}`;
      return el("span", { class: "toggle" },
        el("input", { type: "checkbox", id, checked: true, onchange: (e) => document.getElementById("article-text").classList.toggle(`hide-${kind}`, !e.target.checked) }),
        el("label", { for: id, class: `hl-${kind}` }, label));
    }));
  const events = el("ol", { class: "events" }, record.events.map((e, i) =>
    el("li", { class: "event" },
      el("a", { href: `#ev-${i}`, class: "jump" }, typeBadge(e.type), " ", badge(e.status, `status-${e.status}`), ` ${partyNames(e.actors)} → ${partyNames(e.recipients)}`),
      e.location ? ` in ${e.location.name}` : "", e.date ? ` on ${e.date}` : "",
      extra && extra.canonical && extra.canonical[String(i)] ? el("span", { class: "meta" }, ` · canonical ${extra.canonical[String(i)].slice(0, 14)}`) : "",
      e.quantities.length ? el("div", { class: "meta" }, e.quantities.map((q) => `${q.text} = ${q.value ?? "?"} ${q.unit || ""}`).join("; ")) : "",
    )));
  const quotes = el("ol", { class: "quotes" }, record.quotes.map((q, i) =>
    el("li", {}, el("a", { href: `#q-${i}`, class: "jump" }, `“${q.text}”`), ` — ${q.speaker ? q.speaker.name : "?"}${q.cue ? " (" + q.cue + ")" : ""}`)));
  const side = el("aside", { class: "record", "aria-label": "Extracted facts" },
    el("h2", {}, `Events (${record.events.length})`), events,
    el("h2", {}, `Quotes (${record.quotes.length})`), quotes,
    el("h2", {}, `Entities (${record.entities.length})`),
    el("ul", {}, record.entities.map((e, i) => el("li", {}, el("a", { href: `#ent-${i}`, class: "jump" }, e.name), ` ${e.kind}${e.country ? " · " + e.country : ""}${e.wikidata ? " · " + e.wikidata : ""}`))),
    el("h2", {}, `Times (${record.times.length}) and figures (${record.quantities.length})`),
    el("ul", {}, record.times.map((t) => el("li", {}, `${t.text} → ${t.value || "?"}`)), record.quantities.map((q) => el("li", {}, `${q.text} → ${q.value ?? "?"} ${q.unit || ""}`))),
    record.removed.length ? el("details", {}, el("summary", {}, `Removed while cleaning (${record.removed.length})`), el("ul", {}, record.removed.map((r) => el("li", {}, `${r.reason}: ${r.text}`)))) : null,
    record.warnings.length ? el("details", {}, el("summary", {}, `Warnings (${record.warnings.length})`), el("ul", {}, record.warnings.map((w) => el("li", {}, w)))) : null,
  );
  const meta = el("p", { class: "meta" },
    `${record.source || "?"} · ${record.language || "?"} · ${record.published || "undated"}`,
    record.url ? [" · ", el("a", { href: record.url, rel: "noopener noreferrer nofollow" }, "original")] : "",
  );
  const relations = el("div", { class: "relations" });
  if (extra) {
    if (extra.story) relations.append(el("p", {}, "Story: ", el("a", { href: `/stories/${encodeURIComponent(extra.story.story_id)}` }, extra.story.label || extra.story.story_id)));
    if (extra.copy_of) relations.append(el("p", { class: "copyrel" }, `${extra.copy_of.relation} of `, articleLink(extra.copy_of.article_id, extra.copy_of.title || extra.copy_of.source)));
    if (extra.copies.length) relations.append(el("p", {}, "Copied by: ", extra.copies.map((c, i) => [i ? ", " : "", articleLink(c.article_id, c.source || c.article_id.slice(0, 12)), ` (${c.relation})`])));
    if (extra.signals.length) relations.append(el("ul", { class: "signals" }, extra.signals.map((s) => el("li", {}, `${s.signal}: ${s.detail || ""}`))));
  }
  return el("div", { class: "article-view" }, meta, relations, legend, el("div", { class: "split" }, highlightedText(record, target), side));
}

async function articlePage(app) {
  const list = document.getElementById("list");
  try {
    const data = await getJSON(app.dataset.api);
    list.replaceChildren(articleView(data.article, data));
    if (window.location.hash) {
      const node = document.getElementById(window.location.hash.slice(1));
      if (node) { node.scrollIntoView({ block: "center" }); node.classList.add("focus"); }
    }
  } catch (error) { showProblem(list, error); }
  app.setAttribute("data-ready", "true");
}

async function analyzePage(app) {
  const form = document.getElementById("analyze-form");
  const result = document.getElementById("result");
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const body = { text: form.elements.text.value };
    if (form.elements.published.value.trim()) body.published = form.elements.published.value.trim();
    if (form.elements.language.value) body.language = form.elements.language.value;
    result.replaceChildren(el("p", { class: "hint" }, "Analysing…"));
    try {
      const record = await getJSON("/api/analyze", { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) });
      result.replaceChildren(articleView(record, null));
    } catch (error) { showProblem(result, error); }
    result.setAttribute("data-done", "true");
  });
  app.setAttribute("data-ready", "true");
}

// ------------------------------------------------------------------------- router

document.addEventListener("DOMContentLoaded", () => {
  const app = document.getElementById("app");
  if (!app) return;
  initFilters();
  const page = app.dataset.page;
  const pages = {
    events: eventsPage, search: searchPage, story: storyPage, article: articlePage,
    analyze: analyzePage, contradictions: contradictionsPage,
  };
  (pages[page] || ((a) => tablePage(a, page)))(app);
});
