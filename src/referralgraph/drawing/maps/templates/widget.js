/* referralgraph notebook widget (anywidget): the page's map (RG_EXPORTS.RGMap, from map.js) in a notebook cell.
 *
 * The payload arrives once (trait _data); afterwards only small traits move:
 * page -> Python: _picked (selected node positions), hovered (an id), date (the time-lapse);
 * Python -> page: _highlight, _picked, _filter (one byte per node), _colors, _sizes, _focus, date, drag_mode.
 * Every string reaches the page through textContent or the renderer's fillText; the markup
 * (_markup) is the page's own template with nothing of the user's in it.
 */
function b64bytes(text) {
  var bin = atob(text), out = new Uint8Array(bin.length);
  for (var i = 0; i < bin.length; i++) { out[i] = bin.charCodeAt(i); }
  return out;
}

async function render({ model, el }) {
  var root = document.createElement("div");
  root.className = "rg-root rg-widget";
  root.style.height = model.get("height") + "px";
  root.style.width = "100%";
  root.style.border = "1px solid #d8dbe0";
  root.style.borderRadius = "6px";
  root.tabIndex = -1;
  root.innerHTML = model.get("_markup");  // our template only: the title is set below as text
  root.querySelector("#rg-title").textContent = model.get("_title");
  root.querySelector("#rg-map").setAttribute("aria-label", model.get("_title"));
  el.appendChild(root);
  var data = model.get("_data"), cid = data.nodes.cid, name = data.nodes.name;
  var applying = false, lastHover = null;
  function save(key, value) { model.set(key, value); model.save_changes(); }
  var host = {
    onSelect: function (nodes) { if (!applying) { save("_picked", nodes); } },
    onHover: function (i) {
      var v = i >= 0 ? (cid[i] || name[i]) : "";
      if (v !== lastHover) { lastHover = v; save("hovered", v); }
    },
    onTime: function (date) { if (!applying) { save("date", date === "start" ? "start" : date); } }
  };
  var api = await RG_EXPORTS.RGMap.mount(root, data, host);
  function quietly(fn) { applying = true; try { fn(); } finally { applying = false; } }
  var apply = {
    _colors: function () {
      var c = model.get("_colors");
      if (c && c.b64) { api.setColors(b64bytes(c.b64), c.legend, c.title); }
    },
    _sizes: function () {
      var s = model.get("_sizes");
      if (s && s.b64) { api.setSizes(new Float32Array(b64bytes(s.b64).buffer), s.note); }
    },
    _filter: function () {
      var f = model.get("_filter");
      api.setFilter(f && f.b64 ? b64bytes(f.b64) : null, f && f.label);
    },
    _highlight: function () { api.highlightNodes(model.get("_highlight") || []); },
    _picked: function () { quietly(function () { api.setPicked(model.get("_picked") || [], false, true); }); },
    _focus: function () { var f = model.get("_focus"); if (f && f.node !== undefined) { api.focusNode(f.node); } },
    date: function () { quietly(function () { var d = model.get("date"); api.setDate(d === "start" ? "0000" : d); }); },
    drag_mode: function () { api.setDragMode(model.get("drag_mode")); }
  };
  var handlers = [];
  Object.keys(apply).forEach(function (key) {
    var fn = function () { apply[key](); };
    model.on("change:" + key, fn);
    handlers.push([key, fn]);
  });
  ["_colors", "_sizes", "_filter", "_highlight", "_picked", "drag_mode"].forEach(function (key) { apply[key](); });
  if (model.get("date")) { apply.date(); }
  var entry = { api: api, root: root, model: model };
  (window.__rgWidgets = window.__rgWidgets || []).push(entry);  // for tests and people who script notebooks
  return function () {
    handlers.forEach(function (h) { model.off("change:" + h[0], h[1]); });
    api.renderer.destroy();
    var k = window.__rgWidgets.indexOf(entry);
    if (k >= 0) { window.__rgWidgets.splice(k, 1); }
  };
}

export default { render: render };
