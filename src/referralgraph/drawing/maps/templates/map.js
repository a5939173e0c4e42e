/* referralgraph map: draws a payload with the WebGL renderer (renderer.js).
 *
 * The data is the payload documented in docs/maps.md: numeric columns are base64
 * typed arrays, text columns are lists or string tables. Every user string (names,
 * tooltips, legend, edge titles, the side panel) reaches the page through textContent
 * or the renderer's fillText, never through innerHTML.
 *
 * RGMap.mount(root, data, host) draws into the map markup found under root (the page's
 * document, or a notebook widget's element) and resolves to the map's API. The page
 * mounts #rg-data on the document and exposes the API as window.__map for tests and for
 * people who script maps; window.__mapReady is set once the first frame has really been
 * drawn. The notebook widget (widget.js) mounts its model's payload and passes host
 * callbacks: onSelect(nodes), onHover(node), onTime(date).
 */
(function () {
  "use strict";

  var mark = function (name) { if (window.performance && performance.mark) { performance.mark(name); } };
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
  function mount(root, data, host) {
    host = host || {};
    mark("rg-start");
    return inflate(data.binary).then(function (buffer) { return main(root, data, buffer, host); }, function (err) {
      var msg = root.querySelector("#rg-message");
      if (msg) { msg.textContent = "The map cannot be drawn: " + err.message; }
      throw err;
    });
  }

  function main(root, data, buffer, host) {
  function view(ref) { return new TYPES[ref.dtype](buffer, ref.offset, ref.length); }
  function decoded(obj) {  // a copy with every column reference replaced by its typed array (data is not changed)
    var out = {};
    Object.keys(obj).forEach(function (k) { out[k] = obj[k] && obj[k].dtype !== undefined ? view(obj[k]) : obj[k]; });
    return out;
  }
  var D = Object.assign({}, data, { nodes: decoded(data.nodes), edges: decoded(data.edges) });
  if (D.edges.title) { D.edges.title = Object.assign({}, D.edges.title, { index: view(D.edges.title.index) }); }
  D.tips = data.tips.map(function (t) { return Object.assign({}, t, { index: view(t.index) }); });
  D.legend = data.legend.slice();
  mark("rg-parsed");
  var N = D.nodes, E = D.edges, TIPS = D.tips, LEGEND = D.legend, DATES = D.dates;
  var n = N.x.length, m = E.from.length, T = DATES.length;
  var STATUS = D.statusNames, UNITS = D.units || ["person", "people"], ON_DEMAND = D.edgesOnDemand === true;
  var HIGHLIGHT = "#d62728";

  var inPage = root.nodeType === 9;  // the document itself: the standalone page
  function byId(id) { return root.querySelector("#" + id); }
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
  var shape = new Uint8Array(n);
  function paint(codes, legendItems) {  // per-node RGBA from colour codes into the legend
    var out = new Uint8Array(4 * n), palette = legendItems.map(function (e) { return rgb(e.color); });
    for (var i = 0; i < n; i++) {
      var c = palette[codes[i]] || [184, 188, 194];
      var a = N.faded[i] === 1 ? 0.45 : 1;
      out[4 * i] = c[0]; out[4 * i + 1] = c[1]; out[4 * i + 2] = c[2]; out[4 * i + 3] = Math.round(255 * a);
    }
    return out;
  }
  var color = paint(N.color, LEGEND);
  for (var i = 0; i < n; i++) { shape[i] = N.kind[i]; }
  var edgeColor = new Uint8Array(4 * m), dashed = new Uint8Array(m);
  for (var j = 0; j < m; j++) {
    var faded = E.faded[j] === 1;
    edgeColor[4 * j] = 141; edgeColor[4 * j + 1] = 152; edgeColor[4 * j + 2] = 167;
    edgeColor[4 * j + 3] = faded ? 120 : (m > 20000 ? 150 : 210);
    dashed[j] = faded ? 1 : 0;
  }
  var container = byId("rg-map");
  var R = (typeof RG_EXPORTS !== "undefined" ? RG_EXPORTS : window).RGRenderer.create(container, {
    x: N.x, y: N.y, size: N.size, color: color, shape: shape, nodeT: N.t, label: N.name, labelOrder: N.label_order,
    src: E.from, dst: E.to, edgeColor: edgeColor, edgeWidth: E.width, edgeT: E.t, edgeDashed: dashed
  });
  mark("rg-renderer");
  var ready = false;
  var drawn = new Promise(function (resolve) {
    R.on("firstframe", function () {
      ready = true;
      mark("rg-drawn");
      if (inPage) {
        window.__mapReady = true;
        document.documentElement.setAttribute("data-map-ready", "1");
      } else {
        container.setAttribute("data-map-ready", "1");
      }
      resolve();
    });
  });

  // ------------------------------------------------------------------ header and legend
  byId("rg-subtitle").textContent = D.subtitle || "";
  var legendBox = byId("rg-legend");
  function legend() {
    legendBox.replaceChildren();
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
    legendBox.hidden = LEGEND.length === 0 || (API && API.panelFor !== null);
  }
  var API = null;
  legend();

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
    var W = inPage ? window.innerWidth : container.clientWidth, H = inPage ? window.innerHeight : container.clientHeight;
    var left = Math.min(x + 14, W - w - 8), top = Math.min(y + 14, H - h - 8);
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
  R.on("hover", function (i, x, y) { showTip(i, x, y); if (host.onHover) { host.onHover(i); } });
  R.on("leave", function () {
    if (API.tooltipFor !== null) { hideTip(); }
    if (host.onHover) { host.onHover(-1); }
  });
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
  var filtered = new Uint8Array(n), picked = new Uint8Array(n);  // left out by a filter; selected (click, box, lasso)
  var highlighted = { nodes: [], edges: [] };
  function gone(i) { return hiddenBy[i] > 0 || filtered[i] === 1; }
  function applyFlags() {
    for (var i = 0; i < n; i++) { nodeFlags[i] = (gone(i) ? 1 : 0) | (collapsed[i] ? 4 : 0) | (picked[i] ? 8 : 0); }
    for (var j = 0; j < m; j++) { edgeFlags[j] = (gone(E.from[j]) || gone(E.to[j])) ? 1 : 0; }
    highlighted.nodes.forEach(function (x) { nodeFlags[x] |= 2; });
    if (ON_DEMAND) {  // a cohort's shared-contact links: only those of the selected or highlighted seekers
      for (j = 0; j < m; j++) { if (!((nodeFlags[E.from[j]] | nodeFlags[E.to[j]]) & 10)) { edgeFlags[j] |= 1; } }
    }
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
    var path = chain(i), down = below(i), edgeIds = [];
    // a big branch in red would fill the screen: past 200 people, the chain and the direct introductions only
    var ids = path.concat(down.length > 200 ? Array.prototype.slice.call(childList, childStart[i], childStart[i + 1]) : down);
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
    panelOpportunities(i);
    var next = tipByLabel("Next step", i);
    byId("rg-panel-next").textContent = next || "Nothing due for this person.";
    var dl = byId("rg-panel-details");
    dl.replaceChildren();
    detailLines(i).forEach(function (pair) { dl.appendChild(el("dt", pair[0])); dl.appendChild(el("dd", pair[1])); });
    panel.hidden = false;
    legendBox.hidden = true;
    API.panelFor = i;
  }
  // ------------------------------------------------------------------ opportunities (issue 24): paths and the panel
  var OPPS = D.opportunities || [], oppsOf = null, pathMode = "";
  function opportunitiesOf(i) {  // the opportunities whose chain (seeker ... contact) runs through drawn node i
    if (oppsOf === null) {
      oppsOf = {};
      OPPS.forEach(function (o, k) {
        o.chain.forEach(function (x) { (oppsOf[x] = oppsOf[x] || []).push(k); });
        if (o.chain.indexOf(o.seeker) < 0 && o.seeker >= 0) { (oppsOf[o.seeker] = oppsOf[o.seeker] || []).push(k); }
      });
    }
    return oppsOf[i] || [];
  }
  function chainText(o) {  // the people from the first contact to the one it came through
    var names = o.chain.filter(function (x) { return N.kind[x] !== 1; }).map(function (x) { return N.name[x]; });
    return names.length ? names.join(" \u2192 ") : "through no one in the network's trees";
  }
  function panelOpportunities(i) {
    var ks = opportunitiesOf(i), ul = byId("rg-panel-opps");
    ul.replaceChildren();
    ks.forEach(function (k) {
      var o = OPPS[k], li = el("li"), b = el("button", "Show path");
      li.appendChild(el("span", o.text, "rg-opp"));
      li.appendChild(el("span", chainText(o), "rg-opp-chain"));
      b.type = "button";
      b.addEventListener("click", function () { highlightNodes(o.chain); });
      if (o.chain.length) { li.appendChild(b); }
      ul.appendChild(li);
    });
    ul.hidden = ks.length === 0;
    byId("rg-panel-opps-head").hidden = ks.length === 0;
  }
  function showPaths(mode) {  // "" none, "interview" interviews and beyond, "any" every opportunity
    pathMode = mode || "";
    var sel = byId("rg-paths");
    if (sel) { sel.value = pathMode; }
    if (!pathMode) { highlightNodes([]); return 0; }
    var on = new Uint8Array(n), list = [];
    OPPS.forEach(function (o) {
      if (pathMode === "interview" && o.rank < INTERVIEW_RANK) { return; }
      o.chain.forEach(function (x) { if (!on[x]) { on[x] = 1; list.push(x); } });
    });
    highlightNodes(list);
    return list.length;
  }
  var INTERVIEW_RANK = D.interviewRank === undefined ? 3 : D.interviewRank;
  if (OPPS.length && byId("rg-paths")) {
    byId("rg-paths-box").hidden = false;
    byId("rg-paths").addEventListener("change", function (ev) { showPaths(ev.target.value); });
  }
  function closePanel() {
    panel.hidden = true;
    API.panelFor = null;
    legendBox.hidden = LEGEND.length === 0;
  }
  collapseButton.addEventListener("click", function () {
    var i = API.panelFor;
    if (i === null) { return; }
    if (collapsed[i]) { expand(i); } else { collapse(i); }
    highlight(i);
    openPanel(i);
  });
  byId("rg-panel-close").addEventListener("click", function () { closePanel(); clearHighlight(); });

  function showFound(i) {  // zoom to the person's chain back to the seeker and their introductions, clear of the overlays
    if (childStart === null) { buildLinks(); }
    var path = chain(i), x0 = N.x[i], x1 = N.x[i], y0 = N.y[i], y1 = N.y[i], r = N.size[i];
    function grow(v) { x0 = Math.min(x0, N.x[v]); x1 = Math.max(x1, N.x[v]); y0 = Math.min(y0, N.y[v]); y1 = Math.max(y1, N.y[v]); r = Math.max(r, N.size[v]); }
    path.slice(0, 6).forEach(grow);  // up to five introducers up (a long chain would shrink the person to a dot)
    for (var k = childStart[i]; k < childStart[i + 1] && k < childStart[i] + 40; k++) { grow(childList[k]); }
    R.fitBox(x0 - r - 60, y0 - r - 30, x1 + r + 60, y1 + r + 30, n > 20000 ? 0 : 400, 1.6);
  }
  function select(i, center) {
    if (T && N.t[i] > current) { stop(); setTime(T - 1); }
    var anc = N.parent[i];
    while (anc >= 0) { if (collapsed[anc]) { expand(anc); } anc = N.parent[anc]; }  // make i visible
    highlight(i);
    openPanel(i);
    if (center) { showFound(i); }
  }
  // ------------------------------------------------------------------ the selection: click, shift-click, box, lasso
  var pickedLine = byId("rg-picked");
  function pickedList() { var out = []; for (var i = 0; i < n; i++) { if (picked[i]) { out.push(i); } } return out; }
  function setPicked(list, additive, quiet) {
    if (!additive) { picked.fill(0); }
    list.forEach(function (i) { if (i >= 0 && i < n) { picked[i] = 1; } });
    return pickedChanged(quiet);
  }
  function pickedChanged(quiet) {
    applyFlags();
    var now = pickedList();
    if (pickedLine) {
      pickedLine.textContent = now.length > 1 ? now.length.toLocaleString("en") + " selected (shift-click adds or removes one; shift-drag draws a box)" : "";
    }
    if (!quiet && host.onSelect) { host.onSelect(now); }
    return now;
  }
  R.on("click", function (i, x, y, ev) {
    if (ev && (ev.shiftKey || ev.ctrlKey || ev.metaKey)) {  // add to or remove from the selection
      picked[i] = picked[i] ? 0 : 1;
      pickedChanged();
      showTip(i, x, y);
      return;
    }
    setPicked([i], false);
    select(i, false);
    showTip(i, x, y);
  });
  R.on("areaselect", function (list, additive) { setPicked(list, additive); });
  R.on("background", function () {
    clearHighlight(); hideTip(); closePanel();
    if (pickedList().length) { setPicked([], false); }
  });
  (inPage ? document : root).addEventListener("keydown", function (ev) { if (ev.key === "Escape") { clearHighlight(); hideTip(); closePanel(); } });

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
    for (var i = 0; i < n; i++) { if (gone(i) && (upto === undefined || N.t[i] <= upto)) { c++; } }
    return c;
  }
  function showDate() {
    dateLabel.textContent = current < 0 ? "start" : DATES[current];
    var c = visibleCount();
    countLabel.textContent = c.toLocaleString("en") + " " + (c === 1 ? UNITS[0] : UNITS[1]) + " by this date";
  }
  function setTime(value) {
    value = Math.max(-1, Math.min(T - 1, Math.round(Number(value))));
    if (!T) { return visibleCount(); }
    current = value;
    R.setTime(value);
    slider.value = String(value);
    showDate();
    if (host.onTime) { host.onTime(current < 0 ? "start" : DATES[current]); }
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
    hideTip();  // the side panel has the details; a tooltip would cover the chain just found
    select(i, true);
    return i;
  }
  byId("rg-search").addEventListener("submit", function (ev) {
    ev.preventDefault();
    search(byId("rg-search-input").value);
  });

  // ------------------------------------------------------------------ fit and export
  byId("rg-fit").addEventListener("click", function () { R.fit(); });
  var dragButtons = [["rg-box", "box"], ["rg-lasso", "lasso"]];
  function syncDragButtons() {
    dragButtons.forEach(function (b) {
      var e = byId(b[0]);
      if (e) { e.setAttribute("aria-pressed", R.dragMode() === b[1] ? "true" : "false"); }
    });
  }
  dragButtons.forEach(function (b) {
    var e = byId(b[0]);
    if (e) { e.addEventListener("click", function () { R.setDragMode(R.dragMode() === b[1] ? "pan" : b[1]); syncDragButtons(); }); }
  });
  function exportPNG() { return R.exportPNG(); }
  byId("rg-export").addEventListener("click", function () {
    var url = exportPNG(), a = document.createElement("a");
    a.href = url;
    a.download = (document.title || "map").replace(/[^\w.-]+/g, "-").slice(0, 80) + ".png";
    document.body.appendChild(a);
    a.click();
    a.remove();
  });

  // ------------------------------------------------------------------ from Python (the notebook widget) or a script
  var filterLine = byId("rg-filtered");
  function setFilter(mask, note) {  // mask: one byte per node, 1 = shown; null shows everyone
    var shown = 0;
    for (var i = 0; i < n; i++) { filtered[i] = mask && !mask[i] && N.kind[i] !== 1 ? 1 : 0; if (!filtered[i]) { shown++; } }
    applyFlags();
    if (T) { showDate(); }
    if (filterLine) { filterLine.textContent = mask ? (note || "Filter") + ": showing " + shown.toLocaleString("en") + " of " + n.toLocaleString("en") : ""; }
    return shown;
  }
  function highlightNodes(list) {  // these people (and the introductions between them) in red
    if (childStart === null) { buildLinks(); }
    var on = new Uint8Array(n), edgeIds = [];
    list.forEach(function (x) { on[x] = 1; });
    list.forEach(function (x) { if (N.parent[x] >= 0 && on[N.parent[x]] && edgeOfChild[x] >= 0) { edgeIds.push(edgeOfChild[x]); } });
    highlighted = { nodes: list.slice(), edges: edgeIds };
    applyFlags();
    API.highlighted = list.length ? { node: null, nodes: list.slice(), edges: edgeIds, path: [] } : null;
    selectionLine.textContent = list.length ? list.length.toLocaleString("en") + " " + (list.length === 1 ? UNITS[0] : UNITS[1]) + " highlighted" : "";
    return list.length;
  }
  function setColors(codes, legendItems, title) {
    LEGEND = legendItems.slice();
    D.legend = LEGEND;
    if (title !== undefined) { D.legendTitle = title; }
    R.setColors(paint(codes, LEGEND));
    legend();
  }
  function setSizes(size, note) {
    R.setSizes(size);
    if (note !== undefined) { D.sizeNote = note; }
    legend();
  }
  function setDate(date) {  // the time-lapse at a date (YYYY-MM-DD): everyone who joined by then
    if (!T) { return visibleCount(); }
    if (date === "" || date === null || date === undefined) { return setTime(T - 1); }
    var k = -1;
    for (var q = 0; q < T; q++) { if (DATES[q] <= String(date)) { k = q; } }
    return setTime(k);
  }
  function focusNode(i) {
    if (i < 0 || i >= n) { return; }
    if (filtered[i]) { return; }
    select(i, true);
  }

  API = {
    renderer: R, data: D, drawn: drawn,
    setPicked: setPicked, selected: pickedList, setFilter: setFilter, highlightNodes: highlightNodes,
    setColors: setColors, setSizes: setSizes, setDate: setDate, focusNode: focusNode,
    setDragMode: function (mode) { R.setDragMode(mode); syncDragButtons(); },
    date: function () { return T ? (current < 0 ? "start" : DATES[current]) : ""; },
    ready: function () { return ready; },
    visibleCount: visibleCount, hiddenCount: hiddenCount,
    setTime: setTime, play: play, stop: stop, playing: function () { return timer !== null; },
    search: search, find: find, matches: matches, highlight: highlight, clearHighlight: clearHighlight, select: select,
    collapse: collapse, expand: expand, isCollapsed: function (i) { return collapsed[i] === 1; },
    openPanel: openPanel, closePanel: closePanel, showPaths: showPaths, opportunitiesOf: opportunitiesOf,
    pathMode: function () { return pathMode; },
    edgeTitle: edgeTitle, edgeTitles: function () { var o = []; for (var j = 0; j < m; j++) { o.push(edgeTitle(j)); } return o; },
    detailLines: detailLines, exportPNG: exportPNG,
    labels: function () { return R.labelsShown(); },
    nodePoint: function (i) { return R.toScreen(i); },
    highlighted: null, tooltipFor: null, edgeTooltipFor: null, panelFor: null
  };
  if (ON_DEMAND) { applyFlags(); }
  R.setInsets(function () {  // fit and search keep people clear of the header, the legend and the time-lapse
    var c = container.getBoundingClientRect(), out = { top: 0, right: 0, bottom: 0, left: 0 };
    var head = byId("rg-header").getBoundingClientRect();
    out.top = Math.max(0, head.bottom - c.top + 8);
    var side = !panel.hidden ? panel : (!legendBox.hidden ? legendBox : null);
    if (side) { out.right = Math.max(0, c.right - side.getBoundingClientRect().left + 8); }
    var tl = byId("rg-timeline");
    if (!tl.hidden) { out.bottom = Math.max(0, c.bottom - tl.getBoundingClientRect().top + 8); }
    return out;
  });
  R.fit();
  if (inPage) { window.__map = API; }
  return API;
  }

  var scope = typeof RG_EXPORTS !== "undefined" ? RG_EXPORTS : window;
  scope.RGMap = { mount: mount };
  if (typeof RG_EXPORTS === "undefined" && document.getElementById("rg-data")) {  // the standalone page
    mount(document, JSON.parse(document.getElementById("rg-data").textContent), {});
  }
})();
