/* referralgraph map: draws the network in #rg-data with vis-network.
 *
 * Every user string (names, tooltips, legend, edge titles) reaches the page through
 * textContent or vis-network's canvas text and string titles, never through innerHTML.
 * The page state is exposed as window.__map for tests and for people who script maps.
 */
(function () {
  "use strict";

  var mark = function (name) { if (window.performance && performance.mark) { performance.mark(name); } };
  mark("rg-start");
  var D = JSON.parse(document.getElementById("rg-data").textContent);
  mark("rg-parsed");
  var N = D.nodes, E = D.edges, TIPS = D.tips, LEGEND = D.legend, DATES = D.dates;
  var n = N.x.length, m = E.from.length, T = DATES.length;
  var BIG = n > 3000;                 // no hover effects, edges hidden while dragging or zooming
  var LABELS = n <= 1500;             // labels for everyone below this; seekers and groups always
  var HIGHLIGHT = "#d62728";

  function byId(id) { return document.getElementById(id); }
  function el(tag, text, cls) {
    var e = document.createElement(tag);
    if (text !== undefined && text !== null) { e.textContent = String(text); }
    if (cls) { e.className = cls; }
    return e;
  }
  function rgba(hex, alpha) {
    var v = parseInt(hex.slice(1), 16);
    return "rgba(" + ((v >> 16) & 255) + "," + ((v >> 8) & 255) + "," + (v & 255) + "," + alpha + ")";
  }
  function darker(hex) {
    var v = parseInt(hex.slice(1), 16), f = 0.7;
    return "rgb(" + Math.round(((v >> 16) & 255) * f) + "," + Math.round(((v >> 8) & 255) * f) + "," +
      Math.round((v & 255) * f) + ")";
  }

  // ------------------------------------------------------------------ data sets
  // Items carry only what differs from the global options: vis-network's cost per item
  // grows with every option it has to merge (10^4 people are drawn in a few seconds).
  var EDGE = "#8d98a7", EDGE_FADED = "rgba(141,152,167,0.55)";
  function nodeColor(i) {
    var base = (LEGEND[N.color[i]] || { color: "#b8bcc2" }).color;
    return N.faded[i] === 1 ? { background: rgba(base, 0.35), border: rgba(base, 0.8) } : base;
  }
  var nodeItems = new Array(n);
  for (var i = 0; i < n; i++) {
    var kind = N.kind[i];
    var item = { id: i, x: N.x[i], y: N.y[i], size: N.size[i], color: nodeColor(i) };
    if (kind === 1) { item.shape = "star"; item.borderWidth = 2; item.font = { size: 16 }; }
    else if (kind === 2) { item.shape = "hexagon"; }
    if (N.faded[i] === 1) { item.shapeProperties = { borderDashes: [3, 3] }; }
    if (LABELS || kind !== 0) { item.label = N.name[i]; }
    nodeItems[i] = item;
  }
  if (LABELS) {  // neighbours on one layer whose names would collide: every second label a line lower
    var layers = {};
    for (var q = 0; q < n; q++) { if (N.kind[q] === 0) { (layers[N.y[q]] = layers[N.y[q]] || []).push(q); } }
    Object.keys(layers).forEach(function (y) {
      var row = layers[y].sort(function (a, b) { return N.x[a] - N.x[b]; }), lowered = false;
      for (var k = 1; k < row.length; k++) {
        var close = N.x[row[k]] - N.x[row[k - 1]] < 8 * Math.max(N.name[row[k]].length, N.name[row[k - 1]].length);
        lowered = close && !lowered;
        if (lowered) { nodeItems[row[k]].font = { vadjust: 18 }; }
      }
    });
  }
  var STATUS = ["", "suggested", "introduced", "met"], SUMMARY = TIPS.labels.indexOf("Summary");
  function edgeTitle(j) {  // the same text as edge_titles() in Python
    if (E.title) { return E.title[j]; }
    if (E.status[j] === 0) { return TIPS.columns[SUMMARY][E.to[j]]; }
    return N.name[E.from[j]] + " introduced " + N.name[E.to[j]] + ": " +
      (E.dateLabels[E.dateIndex[j]] || "date not recorded") + " (" + STATUS[E.status[j]] + ")";
  }
  var edgeItems = new Array(m);
  for (var j = 0; j < m; j++) {
    var e = { id: j, from: E.from[j], to: E.to[j], title: edgeTitle(j) };
    if (E.width[j] !== 1) { e.width = E.width[j]; }
    if (E.faded[j] === 1) { e.dashes = [6, 5]; e.color = { color: EDGE_FADED }; }
    edgeItems[j] = e;
  }
  var nodes = new vis.DataSet(nodeItems);
  var edges = new vis.DataSet(edgeItems);

  var options = {
    autoResize: true, width: "100%", height: "100%",
    physics: { enabled: false },
    layout: { improvedLayout: false, randomSeed: 1 },
    nodes: {
      shape: "dot", borderWidth: 1, physics: false,
      font: { size: 16, face: "system-ui, -apple-system, Segoe UI, Roboto, Helvetica, Arial, sans-serif",
              color: "#1f2a44", strokeWidth: 3, strokeColor: "#ffffff" },
      borderWidthSelected: 4,
      scaling: { label: { drawThreshold: 4 } }
    },
    edges: { smooth: false, physics: false, arrows: { to: { enabled: true, scaleFactor: 0.5 } }, selectionWidth: 2,
             color: { color: EDGE, highlight: HIGHLIGHT, hover: "#4b5563" },
             hoverWidth: 0.5, arrowStrikethrough: false },
    interaction: { hover: !BIG, tooltipDelay: 150, hideEdgesOnDrag: BIG, hideEdgesOnZoom: BIG,
                   selectConnectedEdges: false, multiselect: false, keyboard: false }
  };
  mark("rg-datasets");
  var container = byId("rg-map");
  var network = new vis.Network(container, { nodes: nodes, edges: edges }, options);
  mark("rg-network");
  if (n > 0) {  // fit, then zoom out a little so the header, legend and slider cover less of the network
    network.fit({ animation: false });
    network.moveTo({ scale: network.getScale() * 0.8, animation: false });
  }
  var ready = false;
  network.once("afterDrawing", function () {
    ready = true;
    mark("rg-drawn");
    window.__mapReady = true;
    document.documentElement.setAttribute("data-map-ready", "1");
  });

  // ------------------------------------------------------------------ header and legend
  byId("rg-subtitle").textContent = D.subtitle || "";
  (function legend() {
    var box = byId("rg-legend");
    box.appendChild(el("h2", D.legendTitle || "Colour"));
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
    if (E.faded.indexOf(1) >= 0 || N.faded.indexOf(1) >= 0) {
      var li = el("li");
      li.appendChild(el("span", null, "rg-dash"));
      li.appendChild(el("span", "Suggested, not met yet"));
      list.appendChild(li);
    }
    if (n > 0) { list.appendChild(el("li", D.sizeNote || "")); }
    box.appendChild(list);
    if (LEGEND.length === 0) { box.hidden = true; }
  })();

  // ------------------------------------------------------------------ tooltips (DOM text only)
  var tip = byId("rg-tooltip");
  function tipContent(i) {
    var frag = document.createDocumentFragment();
    frag.appendChild(el("strong", N.name[i]));
    var dl = el("dl");
    function line(label, value) {
      if (value === "" || value === null || value === undefined) { return; }
      dl.appendChild(el("dt", label));
      dl.appendChild(el("dd", value));
    }
    for (var k = 0; k < TIPS.labels.length; k++) {
      var label = TIPS.labels[k];
      line(label === "Summary" ? "" : label, TIPS.columns[k][i]);
      if (label === "Summary" && N.cid[i] && N.cid[i] !== N.name[i]) { line("Id", N.cid[i]); }
      if (label === "Generation" && N.kind[i] === 0 && N.parent[i] >= 0) {
        var p = N.parent[i];
        line("Introduced by", N.kind[p] === 1 ? "none: a direct contact of " + N.name[p] : N.name[p]);
      }
    }
    frag.appendChild(dl);
    return frag;
  }
  function showTip(i, x, y) {
    tip.replaceChildren(tipContent(i));
    tip.hidden = false;
    var w = tip.offsetWidth, h = tip.offsetHeight;
    var left = Math.min(x + 14, window.innerWidth - w - 8), top = Math.min(y + 14, window.innerHeight - h - 8);
    tip.style.left = Math.max(4, left) + "px";
    tip.style.top = Math.max(4, top) + "px";
    window.__map.tooltipFor = i;
  }
  function hideTip() { tip.hidden = true; window.__map.tooltipFor = null; }
  network.on("hoverNode", function (p) { showTip(p.node, p.pointer.DOM.x, p.pointer.DOM.y); });
  network.on("blurNode", hideTip);
  network.on("dragStart", hideTip);
  network.on("zoom", hideTip);

  // ------------------------------------------------------------------ path highlighting
  var childStart = null, childList = null, edgeOf = null;
  function buildLinks() {
    childStart = new Int32Array(n + 1);
    for (var i = 0; i < n; i++) { if (N.parent[i] >= 0) { childStart[N.parent[i] + 1]++; } }
    for (i = 0; i < n; i++) { childStart[i + 1] += childStart[i]; }
    childList = new Int32Array(childStart[n]);
    var fill = childStart.slice(0, n);
    for (i = 0; i < n; i++) { var p = N.parent[i]; if (p >= 0) { childList[fill[p]++] = i; } }
    edgeOf = new Map();
    for (var j = 0; j < m; j++) { edgeOf.set(E.from[j] * n + E.to[j], j); }
  }
  var selectionLine = byId("rg-selection");
  function highlight(i) {
    clearHighlight();
    if (childStart === null) { buildLinks(); }
    var path = [], seen = new Uint8Array(n), v = i;
    while (v >= 0 && !seen[v]) { seen[v] = 1; path.push(v); v = N.parent[v]; }
    var down = [], stack = [i];
    while (stack.length) {
      var u = stack.pop();
      for (var k = childStart[u]; k < childStart[u + 1]; k++) {
        var c = childList[k];
        if (!seen[c]) { seen[c] = 1; down.push(c); stack.push(c); }
      }
    }
    var ids = path.concat(down), edgeIds = [];
    for (var a = 0; a < ids.length; a++) {
      var w = ids[a], pw = N.parent[w];
      if (pw >= 0 && seen[pw]) { var e = edgeOf.get(pw * n + w); if (e !== undefined) { edgeIds.push(e); } }
    }
    nodes.update(ids.map(function (x) {
      var base = (LEGEND[N.color[x]] || { color: "#b8bcc2" }).color;
      return { id: x, borderWidth: 4, color: { background: base, border: HIGHLIGHT } };
    }));
    edges.update(edgeIds.map(function (x) { return { id: x, width: Math.max(2.5, E.width[x] + 1.5), color: { color: HIGHLIGHT } }; }));
    window.__map.highlighted = { node: i, nodes: ids, edges: edgeIds, path: path.slice().reverse() };
    var names = path.slice().reverse().map(function (x) { return N.name[x]; });
    selectionLine.textContent = names.join(" \u2192 ") +
      (down.length ? " \u00b7 led to " + down.length.toLocaleString("en") + (down.length === 1 ? " person" : " people") : "");
    return ids;
  }
  function clearHighlight() {
    var h = window.__map.highlighted;
    if (h) {
      nodes.update(h.nodes.map(function (x) {
        return { id: x, borderWidth: N.kind[x] === 1 ? 2 : 1, color: nodeColor(x) };
      }));
      edges.update(h.edges.map(function (x) {
        return { id: x, width: E.width[x], color: { color: E.faded[x] === 1 ? EDGE_FADED : EDGE } };
      }));
    }
    network.unselectAll();
    window.__map.highlighted = null;
    selectionLine.textContent = "";
  }
  network.on("click", function (p) {
    if (p.nodes.length) {
      highlight(p.nodes[0]);
      showTip(p.nodes[0], p.pointer.DOM.x, p.pointer.DOM.y);
    } else {
      clearHighlight();
      hideTip();
    }
  });
  document.addEventListener("keydown", function (ev) { if (ev.key === "Escape") { clearHighlight(); hideTip(); } });

  // ------------------------------------------------------------------ time-lapse
  var slider = byId("rg-slider"), dateLabel = byId("rg-date"), countLabel = byId("rg-count"), playButton = byId("rg-play");
  var nodeOrder = null, edgeOrder = null, current = T - 1, timer = null;
  function sortedBy(t, count) {
    var idx = new Array(count);
    for (var i = 0; i < count; i++) { idx[i] = i; }
    idx.sort(function (a, b) { return t[a] - t[b] || a - b; });
    return idx;
  }
  function upTo(order, t, value) {  // how many of `order` have t <= value
    var lo = 0, hi = order.length;
    while (lo < hi) { var mid = (lo + hi) >> 1; if (t[order[mid]] <= value) { lo = mid + 1; } else { hi = mid; } }
    return lo;
  }
  function visibleCount() { return T ? upTo(nodeOrder, N.t, current) : n; }
  function showDate() {
    dateLabel.textContent = current < 0 ? "start" : DATES[current];
    var c = visibleCount();
    countLabel.textContent = c.toLocaleString("en") + (c === 1 ? " node" : " nodes");
  }
  function setTime(value) {
    value = Math.max(-1, Math.min(T - 1, Math.round(Number(value))));
    if (!T || value === current) { return visibleCount(); }
    var a = upTo(nodeOrder, N.t, current), b = upTo(nodeOrder, N.t, value), k, changes = [];
    if (b > a) { for (k = a; k < b; k++) { changes.push({ id: nodeOrder[k], hidden: false }); } }
    else { for (k = b; k < a; k++) { changes.push({ id: nodeOrder[k], hidden: true }); } }
    var ea = upTo(edgeOrder, E.t, current), eb = upTo(edgeOrder, E.t, value), echanges = [];
    if (eb > ea) { for (k = ea; k < eb; k++) { echanges.push({ id: edgeOrder[k], hidden: false }); } }
    else { for (k = eb; k < ea; k++) { echanges.push({ id: edgeOrder[k], hidden: true }); } }
    current = value;
    if (changes.length) { nodes.update(changes); }
    if (echanges.length) { edges.update(echanges); }
    slider.value = String(value);
    showDate();
    return visibleCount();
  }
  function stop() { if (timer !== null) { clearInterval(timer); timer = null; } playButton.textContent = "\u25b6 Play"; }
  function play() {
    if (timer !== null) { stop(); return; }
    if (current >= T - 1) { setTime(-1); }
    var step = Math.max(1, Math.ceil(T / 150));
    playButton.textContent = "\u275a\u275a Pause";
    timer = setInterval(function () {
      setTime(Math.min(T - 1, current + step));
      if (current >= T - 1) { stop(); }
    }, 70);
  }
  if (T > 0) {
    nodeOrder = sortedBy(N.t, n);
    edgeOrder = sortedBy(E.t, m);
    slider.min = "-1";
    slider.max = String(T - 1);
    slider.value = String(T - 1);
    byId("rg-timeline").hidden = false;
    slider.addEventListener("input", function () { stop(); setTime(slider.value); });
    playButton.addEventListener("click", play);
    showDate();
  }

  // ------------------------------------------------------------------ search
  var message = byId("rg-message"), lowerNames = null, lowerIds = null;
  function find(query) {
    var q = String(query).trim().toLowerCase();
    if (!q) { return -1; }
    if (lowerNames === null) {
      lowerNames = N.name.map(function (s) { return String(s).toLowerCase(); });
      lowerIds = N.cid.map(function (s) { return String(s).toLowerCase(); });
    }
    var i, starts = -1, contains = -1;
    for (i = 0; i < n; i++) { if (lowerIds[i] === q) { return i; } }
    for (i = 0; i < n; i++) {
      var s = lowerNames[i];
      if (s === q) { return i; }
      if (starts < 0 && s.lastIndexOf(q, 0) === 0) { starts = i; }
      if (contains < 0 && s.indexOf(q) >= 0) { contains = i; }
    }
    return starts >= 0 ? starts : contains;
  }
  function search(query) {
    var i = find(query);
    if (i < 0) {
      message.textContent = String(query).trim() ? "No one on this map matches \u201c" + String(query).trim() + "\u201d." : "";
      return null;
    }
    message.textContent = "";
    if (T && N.t[i] > current) { stop(); setTime(T - 1); }
    network.focus(i, { scale: Math.max(network.getScale(), 1.2), animation: BIG ? false : { duration: 400 } });
    highlight(i);
    var pos = network.canvasToDOM(network.getPositions([i])[i]);
    showTip(i, pos.x, pos.y);
    return i;
  }
  byId("rg-search").addEventListener("submit", function (ev) {
    ev.preventDefault();
    search(byId("rg-search-input").value);
  });

  window.__map = {
    network: network, nodes: nodes, edges: edges, data: D,
    ready: function () { return ready; },
    visibleCount: visibleCount,
    hiddenCount: function () { return nodes.get({ filter: function (x) { return x.hidden === true; } }).length; },
    setTime: setTime, play: play, stop: stop,
    search: search, find: find, highlight: highlight, clearHighlight: clearHighlight,
    highlighted: null, tooltipFor: null
  };
})();
