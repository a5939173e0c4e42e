/* referralgraph map: draws the network in #rg-data with the WebGL renderer (renderer.js).
 *
 * The data block is the payload documented in docs/maps.md: numeric columns are base64
 * typed arrays, text columns are lists or string tables. Every user string (names,
 * tooltips, legend, edge titles, the side panel) reaches the page through textContent
 * or the renderer's fillText, never through innerHTML. The page state is exposed as
 * window.__map for tests and for people who script maps; window.__mapReady is set once
 * the first frame has really been drawn.
 */
(function () {
  "use strict";

  var mark = function (name) { if (window.performance && performance.mark) { performance.mark(name); } };
  mark("rg-start");
  var D = JSON.parse(document.getElementById("rg-data").textContent);
  var TYPES = { float32: Float32Array, uint8: Uint8Array, uint16: Uint16Array, int32: Int32Array, uint32: Uint32Array };
  function inflate(block) {  // base64 -> bytes -> zlib inflate (the browser's DecompressionStream)
    var bin = atob(block.b64), bytes = new Uint8Array(bin.length);
    for (var i = 0; i < bin.length; i++) { bytes[i] = bin.charCodeAt(i); }
    if (typeof DecompressionStream === "undefined") {
      return Promise.reject(new Error("this browser cannot read the map's data (no DecompressionStream)"));
    }
    var stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream(block.encoding));
    return new Response(stream).arrayBuffer();
  }
  inflate(D.binary).then(function (buffer) { main(buffer); }, function (err) {
    var msg = document.getElementById("rg-message");
    msg.textContent = "The map cannot be drawn: " + err.message;
  });

  function main(buffer) {
  function view(ref) { return new TYPES[ref.dtype](buffer, ref.offset, ref.length); }
  function decodeAll(obj) {
    Object.keys(obj).forEach(function (k) { if (obj[k] && obj[k].dtype !== undefined) { obj[k] = view(obj[k]); } });
  }
  decodeAll(D.nodes);
  decodeAll(D.edges);
  if (D.edges.title) { D.edges.title.index = view(D.edges.title.index); }
  D.tips.forEach(function (t) { t.index = view(t.index); });
  mark("rg-parsed");
  var N = D.nodes, E = D.edges, TIPS = D.tips, LEGEND = D.legend, DATES = D.dates;
  var n = N.x.length, m = E.from.length, T = DATES.length;
  var STATUS = D.statusNames;
  var HIGHLIGHT = "#d62728";

  function byId(id) { return document.getElementById(id); }
  function el(tag, text, cls) {
    var e = document.createElement(tag);
    if (text !== undefined && text !== null) { e.textContent = String(text); }
    if (cls) { e.className = cls; }
    return e;
  }
  function rgb(hex) { var v = parseInt(hex.slice(1), 16); return [(v >> 16) & 255, (v >> 8) & 255, v & 255]; }
  function tip(k, i) { var t = TIPS[k]; return t.values[t.index[i]]; }
  var TIP_INDEX = {};
  TIPS.forEach(function (t, k) { TIP_INDEX[t.label] = k; });
  function tipByLabel(label, i) { return TIP_INDEX[label] === undefined ? "" : tip(TIP_INDEX[label], i); }

  // ------------------------------------------------------------------ the renderer's columns
  var color = new Uint8Array(4 * n), shape = new Uint8Array(n);
  var palette = LEGEND.map(function (e) { return rgb(e.color); });
  for (var i = 0; i < n; i++) {
    var c = palette[N.color[i]] || [184, 188, 194];
    var a = N.faded[i] === 1 ? 0.45 : 1;
    color[4 * i] = c[0]; color[4 * i + 1] = c[1]; color[4 * i + 2] = c[2]; color[4 * i + 3] = Math.round(255 * a);
    shape[i] = N.kind[i];
  }
  var edgeColor = new Uint8Array(4 * m), dashed = new Uint8Array(m);
  for (var j = 0; j < m; j++) {
    var faded = E.faded[j] === 1;
    edgeColor[4 * j] = 141; edgeColor[4 * j + 1] = 152; edgeColor[4 * j + 2] = 167;
    edgeColor[4 * j + 3] = faded ? 120 : (m > 20000 ? 150 : 210);
    dashed[j] = faded ? 1 : 0;
  }
  var container = byId("rg-map");
  var R = window.RGRenderer.create(container, {
    x: N.x, y: N.y, size: N.size, color: color, shape: shape, nodeT: N.t, label: N.name, labelOrder: N.label_order,
    src: E.from, dst: E.to, edgeColor: edgeColor, edgeWidth: E.width, edgeT: E.t, edgeDashed: dashed
  });
  mark("rg-renderer");
  var ready = false;
  R.on("firstframe", function () {
    ready = true;
    mark("rg-drawn");
    window.__mapReady = true;
    document.documentElement.setAttribute("data-map-ready", "1");
  });

  // ------------------------------------------------------------------ header and legend
  byId("rg-subtitle").textContent = D.subtitle || "";
  var legendBox = byId("rg-legend");
  (function legend() {
    legendBox.appendChild(el("h2", D.legendTitle || "Colour"));
    var list = el("ul");
    LEGEND.forEach(function (entry, k) {
      var li = el("li");
      var sw = el("span", null, "rg-swatch" + (entry.label === "Seeker" && k === 0 ? " rg-star" : ""));
      sw.style.background = entry.color;
      li.appendChild(sw);
      li.appendChild(el("span", entry.label));
      li.appendChild(el("span", "(" + Number(entry.count).toLocaleString("en") + ")", "rg-count"));
      list.appendChild(li);
    });
    var anyFaded = false;
    for (var q = 0; q < m && !anyFaded; q++) { anyFaded = E.faded[q] === 1; }
    for (q = 0; q < n && !anyFaded; q++) { anyFaded = N.faded[q] === 1; }
    if (anyFaded) {
      var li = el("li");
      li.appendChild(el("span", null, "rg-dash"));
      li.appendChild(el("span", "Suggested, not met yet"));
      list.appendChild(li);
    }
    if (n > 0) { list.appendChild(el("li", D.sizeNote || "")); }
    legendBox.appendChild(list);
    if (LEGEND.length === 0) { legendBox.hidden = true; }
  })();

  // ------------------------------------------------------------------ texts (the same as MapPayload in Python)
  function edgeTitle(j) {
    if (E.title) { return E.title.values[E.title.index[j]]; }
    if (E.status[j] === 0) { return tipByLabel("Summary", E.to[j]); }
    return N.name[E.from[j]] + " introduced " + N.name[E.to[j]] + ": " +
      (E.date[j] >= 0 ? D.edgeDates[E.date[j]] : "date not recorded") + " (" + STATUS[E.status[j]] + ")";
  }
  function detailLines(i) {  // [label, value] pairs; label "" = a line without a label
    var out = [], summary = tipByLabel("Summary", i);
    if (summary) { out.push(["", summary]); }
    if (N.cid[i] && N.cid[i] !== N.name[i]) { out.push(["Id", N.cid[i]]); }
    for (var k = 0; k < TIPS.length; k++) {
      var label = TIPS[k].label, value = tip(k, i);
      if (label === "Summary") { continue; }
      if (value !== "") { out.push([label, value]); }
      if (label === "Generation" && N.kind[i] === 0 && N.parent[i] >= 0) {
        var p = N.parent[i];
        out.push(["Introduced by", N.kind[p] === 1 ? "none: a direct contact of " + N.name[p] : N.name[p]]);
      }
    }
    return out;
  }

  // ------------------------------------------------------------------ tooltips (DOM text only)
  var tipBox = byId("rg-tooltip");
  function place(x, y) {
    tipBox.hidden = false;
    var w = tipBox.offsetWidth, h = tipBox.offsetHeight;
    var left = Math.min(x + 14, window.innerWidth - w - 8), top = Math.min(y + 14, window.innerHeight - h - 8);
    tipBox.style.left = Math.max(4, left) + "px";
    tipBox.style.top = Math.max(4, top) + "px";
  }
  function showTip(i, x, y) {
    var frag = document.createDocumentFragment();
    frag.appendChild(el("strong", N.name[i]));
    var dl = el("dl");
    detailLines(i).forEach(function (pair) { dl.appendChild(el("dt", pair[0])); dl.appendChild(el("dd", pair[1])); });
    frag.appendChild(dl);
    tipBox.replaceChildren(frag);
    place(x, y);
    API.tooltipFor = i;
    API.edgeTooltipFor = null;
  }
  function showEdgeTip(j, x, y) {
    tipBox.replaceChildren(el("span", edgeTitle(j)));
    place(x, y);
    API.edgeTooltipFor = j;
    API.tooltipFor = null;
  }
  function hideTip() { tipBox.hidden = true; API.tooltipFor = null; API.edgeTooltipFor = null; }
  R.on("hover", function (i, x, y) { showTip(i, x, y); });
  R.on("leave", function () { if (API.tooltipFor !== null) { hideTip(); } });
  R.on("edgehover", function (j, x, y) { showEdgeTip(j, x, y); });
  R.on("edgeleave", function () { if (API.edgeTooltipFor !== null) { hideTip(); } });

  // ------------------------------------------------------------------ structure: children lists, edges by child
  var childStart = null, childList = null, edgeOfChild = null;
  function buildLinks() {
    childStart = new Int32Array(n + 1);
    for (var i = 0; i < n; i++) { if (N.parent[i] >= 0) { childStart[N.parent[i] + 1]++; } }
    for (i = 0; i < n; i++) { childStart[i + 1] += childStart[i]; }
    childList = new Int32Array(childStart[n]);
    var fill = childStart.slice(0, n);
    for (i = 0; i < n; i++) { var p = N.parent[i]; if (p >= 0) { childList[fill[p]++] = i; } }
    edgeOfChild = new Int32Array(n).fill(-1);
    for (var j = 0; j < m; j++) {
      var t = E.to[j];
      if (N.parent[t] === E.from[j]) { edgeOfChild[t] = j; }
    }
  }
  function below(i) {  // everyone drawn below i (its subtree without i)
    if (childStart === null) { buildLinks(); }
    var out = [], stack = [i], seen = new Uint8Array(n);
    seen[i] = 1;
    while (stack.length) {
      var u = stack.pop();
      for (var k = childStart[u]; k < childStart[u + 1]; k++) {
        var c = childList[k];
        if (!seen[c]) { seen[c] = 1; out.push(c); stack.push(c); }
      }
    }
    return out;
  }
  function chain(i) {  // i, its introducer, ..., the seeker
    var path = [], guard = new Uint8Array(n), v = i;
    while (v >= 0 && !guard[v]) { guard[v] = 1; path.push(v); v = N.parent[v]; }
    return path;
  }

  // ------------------------------------------------------------------ flags: collapse and highlight
  var collapsed = new Uint8Array(n), hiddenBy = new Int32Array(n), nodeFlags = new Uint8Array(n), edgeFlags = new Uint8Array(m);
  var highlighted = { nodes: [], edges: [] };
  function applyFlags() {
    for (var i = 0; i < n; i++) { nodeFlags[i] = (hiddenBy[i] > 0 ? 1 : 0) | (collapsed[i] ? 4 : 0); }
    for (var j = 0; j < m; j++) { edgeFlags[j] = (hiddenBy[E.from[j]] > 0 || hiddenBy[E.to[j]] > 0) ? 1 : 0; }
    highlighted.nodes.forEach(function (x) { nodeFlags[x] |= 2; });
    highlighted.edges.forEach(function (x) { edgeFlags[x] |= 2; });
    R.setNodeFlags(nodeFlags);
    R.setEdgeFlags(edgeFlags);
  }
  function collapse(i) {
    if (collapsed[i]) { return 0; }
    var sub = below(i);
    if (!sub.length) { return 0; }
    collapsed[i] = 1;
    sub.forEach(function (x) { hiddenBy[x]++; });
    applyFlags();
    return sub.length;
  }
  function expand(i) {
    if (!collapsed[i]) { return 0; }
    var sub = below(i);
    collapsed[i] = 0;
    sub.forEach(function (x) { hiddenBy[x] = Math.max(0, hiddenBy[x] - 1); });
    applyFlags();
    return sub.length;
  }
  function hiddenCount() {
    var c = 0;
    for (var i = 0; i < n; i++) { if (!R.isVisible(i)) { c++; } }
    return c;
  }

  var selectionLine = byId("rg-selection");
  function highlight(i) {
    if (childStart === null) { buildLinks(); }
    var path = chain(i), down = below(i), ids = path.concat(down), edgeIds = [];
    var on = new Uint8Array(n);
    ids.forEach(function (x) { on[x] = 1; });
    ids.forEach(function (x) { var p = N.parent[x]; if (p >= 0 && on[p] && edgeOfChild[x] >= 0) { edgeIds.push(edgeOfChild[x]); } });
    highlighted = { nodes: ids, edges: edgeIds };
    applyFlags();
    API.highlighted = { node: i, nodes: ids, edges: edgeIds, path: path.slice().reverse() };
    var names = path.slice().reverse().map(function (x) { return N.name[x]; });
    selectionLine.textContent = names.join(" \u2192 ") +
      (down.length ? " \u00b7 led to " + down.length.toLocaleString("en") + (down.length === 1 ? " person" : " people") : "");
    return ids;
  }
  function clearHighlight() {
    highlighted = { nodes: [], edges: [] };
    applyFlags();
    API.highlighted = null;
    selectionLine.textContent = "";
  }

  // ------------------------------------------------------------------ side panel
  var panel = byId("rg-panel"), collapseButton = byId("rg-collapse");
  function openPanel(i) {
    byId("rg-panel-name").textContent = N.name[i];
    var kindWord = N.kind[i] === 1 ? "Seeker" : (N.kind[i] === 2 ? "Group" : "Generation " + N.gen[i]);
    byId("rg-panel-summary").textContent = kindWord;
    var ol = byId("rg-panel-chain");
    ol.replaceChildren();
    chain(i).reverse().forEach(function (x) {
      var li = el("li"), b = el("button", N.name[x]);
      b.type = "button";
      b.addEventListener("click", function () { select(x, true); });
      li.appendChild(b);
      ol.appendChild(li);
    });
    var sub = below(i), direct = childStart[i + 1] - childStart[i];
    var led = tipByLabel("Led to", i);
    byId("rg-panel-led").textContent = led || (sub.length ? sub.length.toLocaleString("en") + (sub.length === 1 ? " person" : " people") +
      " (" + direct.toLocaleString("en") + " introduced directly)" : "No one yet.");
    collapseButton.hidden = sub.length === 0;
    collapseButton.textContent = collapsed[i] ? "Expand branch (" + sub.length.toLocaleString("en") + ")" : "Collapse branch";
    var next = tipByLabel("Next step", i);
    byId("rg-panel-next").textContent = next || "Nothing due for this person.";
    var dl = byId("rg-panel-details");
    dl.replaceChildren();
    detailLines(i).forEach(function (pair) { dl.appendChild(el("dt", pair[0])); dl.appendChild(el("dd", pair[1])); });
    panel.hidden = false;
    legendBox.hidden = true;
    API.panelFor = i;
  }
  function closePanel() {
    panel.hidden = true;
    legendBox.hidden = LEGEND.length === 0;
    API.panelFor = null;
  }
  collapseButton.addEventListener("click", function () {
    var i = API.panelFor;
    if (i === null) { return; }
    if (collapsed[i]) { expand(i); } else { collapse(i); }
    highlight(i);
    openPanel(i);
  });
  byId("rg-panel-close").addEventListener("click", function () { closePanel(); clearHighlight(); });

  function select(i, center) {
    if (T && N.t[i] > current) { stop(); setTime(T - 1); }
    var v = i, anc = N.parent[i];
    while (anc >= 0) { if (collapsed[anc]) { expand(anc); } anc = N.parent[anc]; }  // make i visible
    if (center) { R.focus(v, Math.max(R.scale(), 1.2), n > 20000 ? 0 : 400); }
    highlight(i);
    openPanel(i);
  }
  R.on("click", function (i, x, y) { select(i, false); showTip(i, x, y); });
  R.on("background", function () { clearHighlight(); hideTip(); closePanel(); });
  document.addEventListener("keydown", function (ev) { if (ev.key === "Escape") { clearHighlight(); hideTip(); closePanel(); } });

  // ------------------------------------------------------------------ time-lapse (one uniform: instant at 10^5)
  var slider = byId("rg-slider"), dateLabel = byId("rg-date"), countLabel = byId("rg-count"), playButton = byId("rg-play");
  var current = T - 1, timer = null, byTime = null;
  function visibleCount() {
    if (!T) { return n - hiddenCountCollapsed(); }
    var c = 0;
    for (var k = -1; k <= current; k++) { c += byTime[k + 1]; }
    return c - hiddenCountCollapsed(current);
  }
  function hiddenCountCollapsed(upto) {
    var c = 0;
    for (var i = 0; i < n; i++) { if (hiddenBy[i] > 0 && (upto === undefined || N.t[i] <= upto)) { c++; } }
    return c;
  }
  function showDate() {
    dateLabel.textContent = current < 0 ? "start" : DATES[current];
    var c = visibleCount();
    countLabel.textContent = c.toLocaleString("en") + (c === 1 ? " person" : " people") + " by this date";
  }
  function setTime(value) {
    value = Math.max(-1, Math.min(T - 1, Math.round(Number(value))));
    if (!T) { return visibleCount(); }
    current = value;
    R.setTime(value);
    slider.value = String(value);
    showDate();
    return visibleCount();
  }
  function stop() { if (timer !== null) { clearInterval(timer); timer = null; } playButton.textContent = "\u25b6 Play"; }
  function play() {  // the whole date range in at most 12 s, whatever the number of dates or the speed of drawing
    if (timer !== null) { stop(); return; }
    if (current >= T - 1) { setTime(-1); }
    var from = current, start = performance.now(), duration = Math.min(12000, Math.max(1500, (T - from) * 250));
    playButton.textContent = "\u275a\u275a Pause";
    timer = setInterval(function () {
      var k = Math.min(1, (performance.now() - start) / duration);
      var next = Math.max(current, Math.round(from + (T - 1 - from) * k));
      if (next !== current) { setTime(next); }
      if (current >= T - 1) { stop(); }
    }, 60);
  }
  if (T > 0) {
    byTime = new Int32Array(T + 1);
    for (var q = 0; q < n; q++) { byTime[N.t[q] + 1]++; }
    slider.min = "-1";
    slider.max = String(T - 1);
    slider.value = String(T - 1);
    byId("rg-timeline").hidden = false;
    slider.addEventListener("input", function () { stop(); setTime(slider.value); });
    playButton.addEventListener("click", play);
    showDate();
  }

  // ------------------------------------------------------------------ search
  var message = byId("rg-message"), folded = null, lastQuery = null, lastHits = [], turn = 0;
  function matches(query) {  // the name matcher of referralgraph.model.names (templates/names.js)
    if (folded === null) { folded = { names: RGNames.foldAll(N.name), ids: RGNames.foldAll(N.cid) }; }
    return RGNames.find(query, N.cid, N.name, folded).codes;
  }
  function find(query) {
    var hits = matches(query);
    return hits.length ? hits[0] : -1;
  }
  function search(query) {
    var q = String(query).trim();
    var hits = q === lastQuery ? lastHits : matches(q);
    turn = q === lastQuery && hits.length ? (turn + 1) % hits.length : 0;
    lastQuery = q;
    lastHits = hits;
    if (!hits.length) {
      message.textContent = q ? "No one on this map matches \u201c" + q + "\u201d." : "";
      return null;
    }
    var i = hits[turn];
    message.textContent = hits.length > 1 ? hits.length + " people match \u201c" + q + "\u201d: showing " +
      (turn + 1) + " of " + hits.length + " (Find again for the next)." : "";
    select(i, true);
    var p = R.toScreen(i);
    var dest = { x: container.clientWidth / 2, y: container.clientHeight / 2 };
    showTip(i, n > 20000 ? p.x : dest.x, n > 20000 ? p.y : dest.y);
    return i;
  }
  byId("rg-search").addEventListener("submit", function (ev) {
    ev.preventDefault();
    search(byId("rg-search-input").value);
  });

  // ------------------------------------------------------------------ fit and export
  byId("rg-fit").addEventListener("click", function () { R.fit(); });
  function exportPNG() { return R.exportPNG(); }
  byId("rg-export").addEventListener("click", function () {
    var url = exportPNG(), a = document.createElement("a");
    a.href = url;
    a.download = (document.title || "map").replace(/[^\w.-]+/g, "-").slice(0, 80) + ".png";
    document.body.appendChild(a);
    a.click();
    a.remove();
  });

  var API = window.__map = {
    renderer: R, data: D,
    ready: function () { return ready; },
    visibleCount: visibleCount, hiddenCount: hiddenCount,
    setTime: setTime, play: play, stop: stop, playing: function () { return timer !== null; },
    search: search, find: find, matches: matches, highlight: highlight, clearHighlight: clearHighlight, select: select,
    collapse: collapse, expand: expand, isCollapsed: function (i) { return collapsed[i] === 1; },
    openPanel: openPanel, closePanel: closePanel,
    edgeTitle: edgeTitle, edgeTitles: function () { var o = []; for (var j = 0; j < m; j++) { o.push(edgeTitle(j)); } return o; },
    detailLines: detailLines, exportPNG: exportPNG,
    labels: function () { return R.labelsShown(); },
    nodePoint: function (i) { return R.toScreen(i); },
    highlighted: null, tooltipFor: null, edgeTooltipFor: null, panelFor: null
  };
  }
})();
