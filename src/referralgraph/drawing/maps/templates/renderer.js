/* referralgraph map renderer: the one WebGL2 drawing layer of the map page.
 *
 * The page script (map.js) talks to the renderer only through the adapter below,
 * so replacing the renderer means replacing this one file:
 *
 *   var r = RGRenderer.create(container, graph)   graph: typed arrays (see docs/maps.md)
 *   r.setTime(t)                 show nodes/edges whose time index is <= t (one uniform: instant at 10^5)
 *   r.setNodeFlags(flags)        Uint8Array per node: 1 hidden (collapsed), 2 highlighted, 4 marked
 *   r.setEdgeFlags(flags)        Uint8Array per edge: 1 hidden, 2 highlighted
 *   r.fit(), r.focus(i, scale, ms), r.scale(), r.toScreen(i) -> {x, y}, r.nodeAt(x, y), r.edgeAt(x, y)
 *   r.on(name, fn)               "click" (i, x, y, event), "hover", "leave", "view", "firstframe", "background",
 *                                "areaselect" (indices, additive) after a box (shift-drag) or lasso drag
 *   r.setDragMode(mode)          "pan" (default), "box" or "lasso": what a plain drag does
 *   r.setColors(rgba), r.setSizes(size)   new per-node colours (Uint8Array, 4 per node) or radii
 *   r.exportPNG() -> data URL    the current view (nodes, edges and labels) as a PNG
 *   r.labelsShown() -> indices   the labels drawn in the last frame (never overlapping)
 *
 * Nodes are instanced quads (circle, star, hexagon in the fragment shader), edges
 * instanced quads with an arrow head; labels go on a 2D canvas above, placed greedily
 * in importance order where they do not collide with one already placed. Picking is on
 * the CPU (a uniform grid), so no pixel is read back from the GPU after the first frame.
 * Every string is drawn with fillText: no user text ever becomes markup.
 */
(function () {
  "use strict";

  var NODE_VS = "#version 300 es\n" +
    "in vec2 a_pos; in float a_size; in vec4 a_color; in float a_shape; in float a_t; in float a_flags;\n" +
    "uniform vec2 u_center; uniform float u_scale; uniform vec2 u_half; uniform float u_time; uniform float u_minpx;\n" +
    "out vec2 v_uv; out vec4 v_color; out float v_shape; out float v_flags; out float v_px;\n" +
    "const vec2 C[6] = vec2[6](vec2(-1.,-1.), vec2(1.,-1.), vec2(1.,1.), vec2(-1.,-1.), vec2(1.,1.), vec2(-1.,1.));\n" +
    "void main() {\n" +
    "  float f = a_flags; float hidden = mod(f, 2.);\n" +
    "  if (hidden > 0.5 || a_t > u_time) { gl_Position = vec4(2., 2., 2., 1.); return; }\n" +
    "  float px = max(a_size * u_scale, u_minpx) + 1.5; if (mod(floor(f / 8.), 2.) > 0.5) { px = max(px, 7.); }\n" +
    "  vec2 c = C[gl_VertexID];\n" +
    "  vec2 s = (a_pos - u_center) * u_scale + c * px;\n" +
    "  gl_Position = vec4(s.x / u_half.x, -s.y / u_half.y, 0., 1.);\n" +
    "  v_uv = c; v_color = a_color; v_shape = a_shape; v_flags = f; v_px = px;\n" +
    "}\n";
  var NODE_FS = "#version 300 es\nprecision mediump float;\n" +
    "in vec2 v_uv; in vec4 v_color; in float v_shape; in float v_flags; in float v_px; out vec4 o;\n" +
    "uniform vec4 u_hl; uniform vec4 u_sel;\n" +
    "void main() {\n" +
    "  float r = length(v_uv); float d;\n" +
    "  if (v_shape > 1.5) { vec2 q = abs(v_uv); d = max(q.x * 0.866 + q.y * 0.5, q.y) / 0.9; }\n" +
    "  else if (v_shape > 0.5) { float a = atan(v_uv.y, v_uv.x) + 1.5708; float k = cos(3.14159 / 5.);\n" +
    "    float w = 0.5 + 0.5 * cos(5. * a); d = r / mix(0.5, 1.0, pow(w, 1.5)); }\n" +
    "  else { d = r; }\n" +
    "  float edge = 1.5 / v_px; float inner = 1. - edge;\n" +
    "  if (d > inner + edge * 0.5) discard;\n" +
    "  bool hl = mod(floor(v_flags / 2.), 2.) > 0.5; bool marked = mod(floor(v_flags / 4.), 2.) > 0.5;\n" +
    "  bool sel = mod(floor(v_flags / 8.), 2.) > 0.5;\n" +
    "  float ring = (sel ? 4.5 : (hl ? 3.5 : (marked ? 2.5 : 1.0))) / v_px;\n" +
    "  vec4 fill = v_color; vec4 border = vec4(v_color.rgb * 0.6, 1.);\n" +
    "  if (sel) { border = u_sel; } else if (hl) { border = u_hl; } else if (marked) { border = vec4(0.12, 0.16, 0.27, 1.); }\n" +
    "  o = d > inner - ring ? border : fill;\n" +
    "  o.rgb *= o.a;\n" +
    "}\n";
  var EDGE_VS = "#version 300 es\n" +
    "in vec2 a_src; in vec2 a_dst; in vec4 a_color; in float a_width; in float a_t; in float a_flags; in float a_rdst;\n" +
    "uniform vec2 u_center; uniform float u_scale; uniform vec2 u_half; uniform float u_time; uniform float u_arrow; uniform float u_minpx;\n" +
    "uniform vec4 u_hl;\n" +
    "out vec4 v_color; out float v_along; out float v_dash;\n" +
    "void main() {\n" +
    "  float f = a_flags;\n" +
    "  if (mod(f, 2.) > 0.5 || a_t > u_time) { gl_Position = vec4(2., 2., 2., 1.); return; }\n" +
    "  bool hl = mod(floor(f / 2.), 2.) > 0.5; v_dash = mod(floor(f / 4.), 2.);\n" +
    "  vec2 a = (a_src - u_center) * u_scale; vec2 b = (a_dst - u_center) * u_scale;\n" +
    "  vec2 d = b - a; float len = length(d); vec2 u = len > 0. ? d / len : vec2(1., 0.); vec2 nrm = vec2(-u.y, u.x);\n" +
    "  float w = (hl ? max(2.5, a_width + 1.5) : a_width) * 0.5 + 0.35;\n" +
    "  float head = u_arrow * min(7., len * 0.3); float rt = max(a_rdst * u_scale, u_minpx) + 1.;\n" +
    "  vec2 tip = b - u * rt; vec2 end = tip - u * head; vec2 p; int id = gl_VertexID;\n" +
    "  if (id < 6) { float t = (id == 1 || id == 2 || id == 4) ? 1. : 0.; float s = (id == 2 || id == 4 || id == 5) ? 1. : -1.;\n" +
    "    p = mix(a, end, t) + nrm * w * s; v_along = t * length(end - a); }\n" +
    "  else if (id == 6) { p = tip; v_along = 0.; } else { float s = id == 7 ? 1. : -1.; p = end + nrm * head * 0.55 * s; v_along = 0.; }\n" +
    "  if (id >= 6) { v_dash = 0.; }\n" +
    "  gl_Position = vec4(p.x / u_half.x, -p.y / u_half.y, 0., 1.);\n" +
    "  v_color = hl ? u_hl : a_color;\n" +
    "}\n";
  var EDGE_FS = "#version 300 es\nprecision mediump float;\n" +
    "in vec4 v_color; in float v_along; in float v_dash; out vec4 o;\n" +
    "void main() { if (v_dash > 0.5 && mod(v_along, 11.) > 6.) discard; o = v_color; o.rgb *= o.a; }\n";

  function compile(gl, vs, fs) {
    var p = gl.createProgram();
    [[gl.VERTEX_SHADER, vs], [gl.FRAGMENT_SHADER, fs]].forEach(function (pair) {
      var s = gl.createShader(pair[0]);
      gl.shaderSource(s, pair[1]);
      gl.compileShader(s);
      if (!gl.getShaderParameter(s, gl.COMPILE_STATUS)) { throw new Error("shader: " + gl.getShaderInfoLog(s)); }
      gl.attachShader(p, s);
    });
    gl.linkProgram(p);
    if (!gl.getProgramParameter(p, gl.LINK_STATUS)) { throw new Error("program: " + gl.getProgramInfoLog(p)); }
    return p;
  }

  function create(container, G) {
    var n = G.x.length, m = G.src.length, sizes = new Float32Array(G.size);
    var glCanvas = document.createElement("canvas"), labelCanvas = document.createElement("canvas");
    [glCanvas, labelCanvas].forEach(function (c) {
      c.style.position = "absolute"; c.style.left = "0"; c.style.top = "0"; c.style.width = "100%"; c.style.height = "100%";
      container.appendChild(c);
    });
    labelCanvas.style.pointerEvents = "none";
    var gl = glCanvas.getContext("webgl2", { antialias: false, premultipliedAlpha: true, alpha: false });
    if (!gl) { throw new Error("this browser has no WebGL2: the map cannot be drawn"); }
    var ctx = labelCanvas.getContext("2d");
    var handlers = {};
    function emit(name, a, b, c, d) { (handlers[name] || []).forEach(function (fn) { fn(a, b, c, d); }); }

    // ---------------------------------------------------------------- GPU buffers
    var nodeProg = compile(gl, NODE_VS, NODE_FS), edgeProg = compile(gl, EDGE_VS, EDGE_FS);
    function buffer(data) {
      var b = gl.createBuffer();
      gl.bindBuffer(gl.ARRAY_BUFFER, b);
      gl.bufferData(gl.ARRAY_BUFFER, data, gl.STATIC_DRAW);
      return b;
    }
    function attrib(prog, name, buf, size, type, normalized, stride, offset) {
      var loc = gl.getAttribLocation(prog, name);
      if (loc < 0) { return; }
      gl.bindBuffer(gl.ARRAY_BUFFER, buf);
      gl.enableVertexAttribArray(loc);
      gl.vertexAttribPointer(loc, size, type, normalized, stride || 0, offset || 0);
      gl.vertexAttribDivisor(loc, 1);
    }
    var pos = new Float32Array(2 * n);
    for (var i = 0; i < n; i++) { pos[2 * i] = G.x[i]; pos[2 * i + 1] = G.y[i]; }
    var nodeT = new Float32Array(G.nodeT), edgeT = new Float32Array(G.edgeT);
    var nodeFlags = new Uint8Array(n), edgeFlags = new Uint8Array(m);
    var shapes = new Uint8Array(G.shape);
    var nodeVao = gl.createVertexArray();
    gl.bindVertexArray(nodeVao);
    attrib(nodeProg, "a_pos", buffer(pos), 2, gl.FLOAT, false);
    var sizeBuf = buffer(sizes), colorBuf = buffer(G.color);
    attrib(nodeProg, "a_size", sizeBuf, 1, gl.FLOAT, false);
    attrib(nodeProg, "a_color", colorBuf, 4, gl.UNSIGNED_BYTE, true);
    attrib(nodeProg, "a_shape", buffer(shapes), 1, gl.UNSIGNED_BYTE, false);
    attrib(nodeProg, "a_t", buffer(nodeT), 1, gl.FLOAT, false);
    var nodeFlagBuf = buffer(nodeFlags);
    attrib(nodeProg, "a_flags", nodeFlagBuf, 1, gl.UNSIGNED_BYTE, false);
    var seg = new Float32Array(4 * m), rdst = new Float32Array(m), eFlagInit = new Uint8Array(m);
    for (var j = 0; j < m; j++) {
      var s = G.src[j], t = G.dst[j];
      seg[4 * j] = G.x[s]; seg[4 * j + 1] = G.y[s]; seg[4 * j + 2] = G.x[t]; seg[4 * j + 3] = G.y[t];
      rdst[j] = sizes[t];
    }
    var edgeVao = gl.createVertexArray();
    gl.bindVertexArray(edgeVao);
    var segBuf = buffer(seg);
    attrib(edgeProg, "a_src", segBuf, 2, gl.FLOAT, false, 16, 0);
    attrib(edgeProg, "a_dst", segBuf, 2, gl.FLOAT, false, 16, 8);
    attrib(edgeProg, "a_color", buffer(G.edgeColor), 4, gl.UNSIGNED_BYTE, true);
    attrib(edgeProg, "a_width", buffer(G.edgeWidth), 1, gl.FLOAT, false);
    attrib(edgeProg, "a_t", buffer(edgeT), 1, gl.FLOAT, false);
    var rdstBuf = buffer(rdst);
    attrib(edgeProg, "a_rdst", rdstBuf, 1, gl.FLOAT, false);
    var dashed = G.edgeDashed;
    for (j = 0; j < m; j++) { eFlagInit[j] = dashed[j] ? 4 : 0; }
    var edgeFlagBuf = buffer(eFlagInit);
    attrib(edgeProg, "a_flags", edgeFlagBuf, 1, gl.UNSIGNED_BYTE, false);
    gl.bindVertexArray(null);
    function uniforms(prog) {
      var u = {};
      ["u_center", "u_scale", "u_half", "u_time", "u_minpx", "u_arrow", "u_hl", "u_sel"].forEach(function (k) { u[k] = gl.getUniformLocation(prog, k); });
      return u;
    }
    var nodeU = uniforms(nodeProg), edgeU = uniforms(edgeProg);

    // ---------------------------------------------------------------- camera
    var view = { cx: 0, cy: 0, scale: 1 }, W = 1, H = 1, dpr = 1, time = 1e9;
    var xmin = Infinity, xmax = -Infinity, ymin = Infinity, ymax = -Infinity, maxSize = 1;
    for (i = 0; i < n; i++) {
      var x = G.x[i], y = G.y[i];
      if (x < xmin) { xmin = x; } if (x > xmax) { xmax = x; }
      if (y < ymin) { ymin = y; } if (y > ymax) { ymax = y; }
      if (sizes[i] > maxSize) { maxSize = sizes[i]; }
    }
    if (!n) { xmin = ymin = -1; xmax = ymax = 1; }
    function resize() {
      dpr = window.devicePixelRatio || 1;
      W = Math.max(1, container.clientWidth); H = Math.max(1, container.clientHeight);
      [glCanvas, labelCanvas].forEach(function (c) { c.width = Math.round(W * dpr); c.height = Math.round(H * dpr); });
    }
    var insetsFn = null;
    function insets() {  // the screen the overlays (header, legend, time-lapse) leave free, in CSS pixels
      var z = { top: 0, right: 0, bottom: 0, left: 0 };
      if (!insetsFn) { return z; }
      var k = insetsFn();
      if (W - k.left - k.right < W * 0.4 || H - k.top - k.bottom < H * 0.35) { return z; }  // too little left: ignore
      return k;
    }
    function boxView(x0, y0, x1, y1, margin, maxScale) {  // the view that shows this world box in the free screen
      var k = insets(), w = Math.max(x1 - x0, 1), h = Math.max(y1 - y0, 1);
      var scale = Math.min((W - k.left - k.right) / w, (H - k.top - k.bottom) / h) * margin;
      if (!isFinite(scale) || scale <= 0) { scale = 1; }
      if (maxScale) { scale = Math.min(scale, maxScale); }
      return { cx: (x0 + x1) / 2 - (k.left - k.right) / 2 / scale, cy: (y0 + y1) / 2 - (k.top - k.bottom) / 2 / scale, scale: scale };
    }
    function fit(margin) {
      margin = margin === undefined ? 0.92 : margin;
      var v = boxView(xmin - maxSize, ymin - maxSize, xmax + maxSize, ymax + maxSize, margin);
      view.cx = v.cx; view.cy = v.cy; view.scale = v.scale;
      request();
    }
    function fitBox(x0, y0, x1, y1, ms, maxScale) {  // animate to a box (a found person's chain)
      var target = boxView(x0, y0, x1, y1, 0.9, maxScale);
      if (!ms) { view.cx = target.cx; view.cy = target.cy; view.scale = target.scale; request(); return; }
      anim = { from: { cx: view.cx, cy: view.cy, scale: view.scale }, to: target, start: performance.now(), ms: ms };
      request();
    }
    function toScreen(i) { return { x: (G.x[i] - view.cx) * view.scale + W / 2, y: (G.y[i] - view.cy) * view.scale + H / 2 }; }
    function toWorld(px, py) { return { x: (px - W / 2) / view.scale + view.cx, y: (py - H / 2) / view.scale + view.cy }; }
    var anim = null;
    function focus(i, scale, ms) {
      var target = { cx: G.x[i], cy: G.y[i], scale: scale || view.scale };
      if (!ms) { view.cx = target.cx; view.cy = target.cy; view.scale = target.scale; request(); return; }
      anim = { from: { cx: view.cx, cy: view.cy, scale: view.scale }, to: target, start: performance.now(), ms: ms };
      request();
    }

    // ---------------------------------------------------------------- picking (CPU grid)
    var GRID = Math.max(1, Math.ceil(Math.sqrt(n / 4)));
    var cellW = (xmax - xmin) / GRID || 1, cellH = (ymax - ymin) / GRID || 1;
    var cellStart = new Int32Array(GRID * GRID + 1), cellItems = new Int32Array(n);
    function cellOf(x, y) {
      var cx = Math.min(GRID - 1, Math.max(0, Math.floor((x - xmin) / cellW)));
      var cy = Math.min(GRID - 1, Math.max(0, Math.floor((y - ymin) / cellH)));
      return cy * GRID + cx;
    }
    (function () {
      var cells = new Int32Array(n);
      for (var i = 0; i < n; i++) { cells[i] = cellOf(G.x[i], G.y[i]); cellStart[cells[i] + 1]++; }
      for (var k = 0; k < GRID * GRID; k++) { cellStart[k + 1] += cellStart[k]; }
      var fill = cellStart.slice(0, GRID * GRID);
      for (i = 0; i < n; i++) { cellItems[fill[cells[i]]++] = i; }
    })();
    function visible(i) { return !(nodeFlags[i] & 1) && nodeT[i] <= time; }
    function nodeAt(px, py) {
      if (!n) { return -1; }
      var w = toWorld(px, py), slack = 5 / view.scale, reach = maxSize + slack;
      var c0 = Math.max(0, Math.floor((w.x - reach - xmin) / cellW)), c1 = Math.min(GRID - 1, Math.floor((w.x + reach - xmin) / cellW));
      var r0 = Math.max(0, Math.floor((w.y - reach - ymin) / cellH)), r1 = Math.min(GRID - 1, Math.floor((w.y + reach - ymin) / cellH));
      var best = -1, bestD = Infinity;
      for (var r = r0; r <= r1; r++) {
        for (var c = c0; c <= c1; c++) {
          var k = r * GRID + c;
          for (var q = cellStart[k]; q < cellStart[k + 1]; q++) {
            var i = cellItems[q];
            if (!visible(i)) { continue; }
            var dx = G.x[i] - w.x, dy = G.y[i] - w.y, d = Math.sqrt(dx * dx + dy * dy);
            var rad = Math.max(sizes[i], 4 / view.scale) + 2 / view.scale;
            if (d <= rad && d - rad < bestD) { best = i; bestD = d - rad; }
          }
        }
      }
      return best;
    }
    function edgeAt(px, py) {
      var w = toWorld(px, py), tol = 4 / view.scale, best = -1, bestD = tol;
      for (var j = 0; j < m; j++) {
        if ((edgeFlags[j] & 1) || edgeT[j] > time) { continue; }
        var ax = seg[4 * j], ay = seg[4 * j + 1], bx = seg[4 * j + 2], by = seg[4 * j + 3];
        if (w.x < Math.min(ax, bx) - tol || w.x > Math.max(ax, bx) + tol || w.y < Math.min(ay, by) - tol || w.y > Math.max(ay, by) + tol) { continue; }
        var dx = bx - ax, dy = by - ay, l2 = dx * dx + dy * dy;
        var t = l2 > 0 ? Math.max(0, Math.min(1, ((w.x - ax) * dx + (w.y - ay) * dy) / l2)) : 0;
        var ex = ax + t * dx - w.x, ey = ay + t * dy - w.y, d = Math.sqrt(ex * ex + ey * ey);
        if (d < bestD) { bestD = d; best = j; }
      }
      return best;
    }

    // ---------------------------------------------------------------- labels (never overlapping)
    var order = G.labelOrder, labelText = G.label, shown = [], boxes = [];
    var FONT = "12px system-ui, -apple-system, 'Segoe UI', Roboto, Helvetica, Arial, sans-serif";
    var BOLD = "600 13px system-ui, -apple-system, 'Segoe UI', Roboto, Helvetica, Arial, sans-serif";
    var widths = new Float32Array(n).fill(-1);
    function drawLabels() {
      ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
      ctx.clearRect(0, 0, W, H);
      shown = [];
      boxes = [];
      if (!n) { return; }
      var cell = 40, cols = Math.ceil(W / cell) + 1, grid = new Map(), budget = 6000, placedMax = Math.max(40, Math.floor(W * H / 2500));
      ctx.textBaseline = "middle";
      ctx.lineJoin = "round";
      function put(box, owner) {
        var c0 = Math.floor(box[0] / cell), c1 = Math.floor(box[2] / cell), r0 = Math.floor(box[1] / cell), r1 = Math.floor(box[3] / cell);
        for (var gy = r0; gy <= r1; gy++) {
          for (var gx = c0; gx <= c1; gx++) {
            var key = gy * cols + gx, l = grid.get(key);
            if (!l) { grid.set(key, [box]); } else { l.push(box); }
          }
        }
        box[4] = owner;
      }
      function collides(x0, y0, x1, y1, i, strong) {
        var c0 = Math.floor(x0 / cell), c1 = Math.floor(x1 / cell), r0 = Math.floor(y0 / cell), r1 = Math.floor(y1 / cell);
        for (var gy = r0; gy <= r1; gy++) {
          for (var gx = c0; gx <= c1; gx++) {
            var list = grid.get(gy * cols + gx);
            if (!list) { continue; }
            for (var q = 0; q < list.length; q++) {
              var b = list[q];
              if (b[4] === i || (strong && b[4] >= 0 && G.shape[b[4]] === 0)) { continue; }  // its own node; seekers' names may cover people, not seekers
              if (x0 < b[2] && x1 > b[0] && y0 < b[3] && y1 > b[1]) { return true; }
            }
          }
        }
        return false;
      }
      // people on screen are obstacles too (when there are few enough to tell apart): a name never covers a node
      var onScreen = [];
      for (var v = 0; v < n && onScreen.length <= 4000; v++) {
        if (!visible(v)) { continue; }
        var vx = (G.x[v] - view.cx) * view.scale + W / 2, vy = (G.y[v] - view.cy) * view.scale + H / 2;
        if (vx > -20 && vy > -20 && vx < W + 20 && vy < H + 20) { onScreen.push(v); }
      }
      if (onScreen.length <= 4000) {
        onScreen.forEach(function (v) {
          var vr = Math.max(sizes[v] * view.scale, 2), vx = (G.x[v] - view.cx) * view.scale + W / 2, vy = (G.y[v] - view.cy) * view.scale + H / 2;
          put([vx - vr, vy - vr, vx + vr, vy + vr], v);
        });
      }
      for (var k = 0; k < order.length && budget > 0 && shown.length < placedMax; k++) {
        var i = order[k];
        if (!visible(i)) { continue; }
        var sx = (G.x[i] - view.cx) * view.scale + W / 2, sy = (G.y[i] - view.cy) * view.scale + H / 2;
        if (sx < -50 || sy < -20 || sx > W + 50 || sy > H + 20) { continue; }
        budget--;
        var strong = G.shape[i] !== 0;
        var r = Math.max(sizes[i] * view.scale, 1.5);
        if (!strong && r < 2.5 && view.scale * 40 < 12) { continue; }  // too far out for ordinary names
        var text = labelText[i];
        if (!text) { continue; }
        if (widths[i] < 0) { ctx.font = strong ? BOLD : FONT; widths[i] = ctx.measureText(text).width; }
        var w = Math.min(widths[i], 220), h = strong ? 16 : 14, x0 = 0, y0 = 0, x1 = 0, y1 = 0, hit = true;
        // where the name may go: right of the node, then left, then (seekers and groups) above and below
        var spots = strong ? 4 : 2;
        for (var spot = 0; spot < spots && hit; spot++) {
          if (spot === 0) { x0 = sx + r + 3; y0 = sy - h / 2; }
          else if (spot === 1) { x0 = sx - r - 3 - w - 4; y0 = sy - h / 2; }
          else if (spot === 2) { x0 = sx - (w + 4) / 2; y0 = sy - r - 2 - h; }
          else { x0 = sx - (w + 4) / 2; y0 = sy + r + 2; }
          x1 = x0 + w + 4; y1 = y0 + h;
          hit = collides(x0, y0, x1, y1, i, strong);
        }
        if (hit) { continue; }
        put([x0, y0, x1, y1], -1 - i);
        shown.push(i);
        boxes.push([x0, y0, x1, y1]);
        ctx.font = strong ? BOLD : FONT;
        ctx.lineWidth = 3;
        ctx.strokeStyle = "rgba(255,255,255,0.92)";
        var clipped = widths[i] > 220 ? clip(text, 220) : text;
        ctx.strokeText(clipped, x0 + 2, (y0 + y1) / 2);
        ctx.fillStyle = "#1f2a44";
        ctx.fillText(clipped, x0 + 2, (y0 + y1) / 2);
      }
    }
    function drawGesture() {  // the box or lasso being dragged, on the label layer
      if (!gesture || gesture.points.length < 2) { return; }
      ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
      ctx.beginPath();
      var p = gesture.points;
      if (gesture.kind === "box") {
        var a = p[0], b = p[p.length - 1];
        ctx.rect(Math.min(a[0], b[0]), Math.min(a[1], b[1]), Math.abs(b[0] - a[0]), Math.abs(b[1] - a[1]));
      } else {
        ctx.moveTo(p[0][0], p[0][1]);
        for (var k = 1; k < p.length; k++) { ctx.lineTo(p[k][0], p[k][1]); }
        ctx.closePath();
      }
      ctx.fillStyle = "rgba(31, 42, 68, 0.08)";
      ctx.fill();
      ctx.lineWidth = 1.5;
      ctx.setLineDash([5, 4]);
      ctx.strokeStyle = "#1f2a44";
      ctx.stroke();
      ctx.setLineDash([]);
    }
    function inside(points, kind) {  // visible nodes inside a box or lasso drawn in screen pixels
      var out = [], i, s;
      if (kind === "box") {
        var a = toWorld(points[0][0], points[0][1]), b = toWorld(points[points.length - 1][0], points[points.length - 1][1]);
        var x0 = Math.min(a.x, b.x), x1 = Math.max(a.x, b.x), y0 = Math.min(a.y, b.y), y1 = Math.max(a.y, b.y);
        for (i = 0; i < n; i++) { if (visible(i) && G.x[i] >= x0 && G.x[i] <= x1 && G.y[i] >= y0 && G.y[i] <= y1) { out.push(i); } }
        return out;
      }
      var poly = points.map(function (q) { var w = toWorld(q[0], q[1]); return [w.x, w.y]; }), L = poly.length;
      var bx0 = Infinity, bx1 = -Infinity, by0 = Infinity, by1 = -Infinity;
      poly.forEach(function (q) { bx0 = Math.min(bx0, q[0]); bx1 = Math.max(bx1, q[0]); by0 = Math.min(by0, q[1]); by1 = Math.max(by1, q[1]); });
      for (i = 0; i < n; i++) {
        var x = G.x[i], y = G.y[i];
        if (!visible(i) || x < bx0 || x > bx1 || y < by0 || y > by1) { continue; }
        var odd = false;
        for (s = 0; s < L; s++) {  // even-odd rule
          var p = poly[s], q = poly[(s + 1) % L];
          if ((p[1] > y) !== (q[1] > y) && x < (q[0] - p[0]) * (y - p[1]) / (q[1] - p[1]) + p[0]) { odd = !odd; }
        }
        if (odd) { out.push(i); }
      }
      return out;
    }
    function clip(text, max) {
      var lo = 0, hi = text.length;
      while (lo < hi) { var mid = (lo + hi + 1) >> 1; if (ctx.measureText(text.slice(0, mid) + "\u2026").width <= max) { lo = mid; } else { hi = mid - 1; } }
      return text.slice(0, lo) + "\u2026";
    }

    // ---------------------------------------------------------------- drawing
    var pending = false, firstDone = false, hl = [0.84, 0.15, 0.16, 1.0], selColor = [0.07, 0.07, 0.07, 1.0];
    function draw() {
      gl.viewport(0, 0, glCanvas.width, glCanvas.height);
      gl.clearColor(1, 1, 1, 1);
      gl.clear(gl.COLOR_BUFFER_BIT);
      gl.enable(gl.BLEND);
      gl.blendFunc(gl.ONE, gl.ONE_MINUS_SRC_ALPHA);
      var minpx = n > 20000 ? 1.2 : 2.0;
      [[edgeProg, edgeU, edgeVao, 9, m], [nodeProg, nodeU, nodeVao, 6, n]].forEach(function (p) {
        if (!p[4]) { return; }
        gl.useProgram(p[0]);
        var u = p[1];
        gl.uniform2f(u.u_center, view.cx, view.cy);
        gl.uniform1f(u.u_scale, view.scale);
        gl.uniform2f(u.u_half, W / 2, H / 2);
        gl.uniform1f(u.u_time, time);
        gl.uniform1f(u.u_minpx, minpx);
        if (u.u_arrow) { gl.uniform1f(u.u_arrow, m <= 5000 || view.scale * 40 > 16 ? 1 : 0); }
        gl.uniform4f(u.u_hl, hl[0], hl[1], hl[2], hl[3]);
        if (u.u_sel) { gl.uniform4f(u.u_sel, selColor[0], selColor[1], selColor[2], selColor[3]); }
        gl.bindVertexArray(p[2]);
        gl.drawArraysInstanced(gl.TRIANGLES, 0, p[3], p[4]);
      });
      gl.bindVertexArray(null);
      drawLabels();
      drawGesture();
    }
    function frame(now) {
      pending = false;
      if (anim) {
        var k = Math.min(1, (now - anim.start) / anim.ms), e = k < 0.5 ? 2 * k * k : 1 - Math.pow(-2 * k + 2, 2) / 2;
        view.cx = anim.from.cx + (anim.to.cx - anim.from.cx) * e;
        view.cy = anim.from.cy + (anim.to.cy - anim.from.cy) * e;
        view.scale = anim.from.scale * Math.pow(anim.to.scale / anim.from.scale, e);
        if (k >= 1) { anim = null; } else { request(); }
      }
      draw();
      if (!firstDone) {
        firstDone = true;
        var px = new Uint8Array(4);
        gl.readPixels(0, 0, 1, 1, gl.RGBA, gl.UNSIGNED_BYTE, px);  // waits until the GPU has really drawn the frame
        emit("firstframe");
      }
      emit("view");
    }
    function request() { if (!pending) { pending = true; requestAnimationFrame(frame); } }

    // ---------------------------------------------------------------- interaction
    var drag = null, hovered = -1, moved = false, gesture = null, dragMode = "pan";
    glCanvas.addEventListener("pointerdown", function (ev) {
      var rect = glCanvas.getBoundingClientRect(), px = ev.clientX - rect.left, py = ev.clientY - rect.top;
      drag = { x: ev.clientX, y: ev.clientY, cx: view.cx, cy: view.cy };
      moved = false;
      var kind = ev.shiftKey ? "box" : (ev.altKey ? "lasso" : (dragMode === "pan" ? null : dragMode));
      gesture = kind ? { kind: kind, points: [[px, py]], additive: ev.ctrlKey || ev.metaKey } : null;
      glCanvas.setPointerCapture(ev.pointerId);
    });
    glCanvas.addEventListener("pointermove", function (ev) {
      var rect = glCanvas.getBoundingClientRect(), px = ev.clientX - rect.left, py = ev.clientY - rect.top;
      if (drag && gesture) {
        if (Math.abs(ev.clientX - drag.x) + Math.abs(ev.clientY - drag.y) > 3) { moved = true; }
        if (gesture.kind === "box") { gesture.points[1] = [px, py]; } else { gesture.points.push([px, py]); }
        emit("leave"); request();
        return;
      }
      if (drag) {
        var dx = ev.clientX - drag.x, dy = ev.clientY - drag.y;
        if (Math.abs(dx) + Math.abs(dy) > 3) { moved = true; }
        if (moved) {
          anim = null;
          view.cx = drag.cx - dx / view.scale; view.cy = drag.cy - dy / view.scale;
          emit("leave"); request();
        }
        return;
      }
      var i = nodeAt(px, py);
      if (i !== hovered) {
        if (hovered >= 0 || i < 0) { emit("leave"); }
        hovered = i;
      }
      if (i >= 0) { emit("hover", i, px, py); glCanvas.style.cursor = "pointer"; return; }
      glCanvas.style.cursor = "default";
      var j = m <= 200000 ? edgeAt(px, py) : -1;
      if (j >= 0) { emit("edgehover", j, px, py); } else { emit("edgeleave"); }
    });
    glCanvas.addEventListener("pointerup", function (ev) {
      var rect = glCanvas.getBoundingClientRect(), px = ev.clientX - rect.left, py = ev.clientY - rect.top;
      var wasDrag = moved, g = gesture;
      drag = null;
      gesture = null;
      if (g && wasDrag) {
        if (g.kind === "box") { g.points[1] = [px, py]; } else { g.points.push([px, py]); }
        emit("areaselect", inside(g.points, g.kind), g.additive);
        request();
        return;
      }
      if (wasDrag) { return; }
      var i = nodeAt(px, py);
      if (i >= 0) { emit("click", i, px, py, ev); } else { emit("background", px, py); }
    });
    glCanvas.addEventListener("pointerleave", function () { if (!drag) { hovered = -1; emit("leave"); emit("edgeleave"); } });
    glCanvas.addEventListener("wheel", function (ev) {
      ev.preventDefault();
      anim = null;
      var rect = glCanvas.getBoundingClientRect(), px = ev.clientX - rect.left, py = ev.clientY - rect.top;
      var before = toWorld(px, py), f = Math.exp(-ev.deltaY * (ev.deltaMode === 1 ? 0.05 : 0.0015));
      view.scale = Math.min(50, Math.max(1e-4, view.scale * f));
      view.cx = before.x - (px - W / 2) / view.scale;
      view.cy = before.y - (py - H / 2) / view.scale;
      emit("leave"); request();
    }, { passive: false });
    window.addEventListener("resize", function () { resize(); request(); });
    var observer = null;
    if (typeof ResizeObserver !== "undefined") {  // a notebook cell changes size without the window resizing
      observer = new ResizeObserver(function () {
        var w = Math.max(1, container.clientWidth), h = Math.max(1, container.clientHeight);
        if (w !== W || h !== H) { var first = W <= 1 || H <= 1; resize(); if (first) { fit(); } request(); }
      });
      observer.observe(container);
    }

    resize();
    fit();

    return {
      n: n, m: m,
      on: function (name, fn) { (handlers[name] = handlers[name] || []).push(fn); },
      setTime: function (t) { time = t; request(); },
      setNodeFlags: function (flags) { nodeFlags = flags; gl.bindBuffer(gl.ARRAY_BUFFER, nodeFlagBuf); gl.bufferSubData(gl.ARRAY_BUFFER, 0, flags); request(); },
      setEdgeFlags: function (flags) {
        for (var j = 0; j < m; j++) { flags[j] = (flags[j] & 3) | (dashed[j] ? 4 : 0); }
        edgeFlags = flags; gl.bindBuffer(gl.ARRAY_BUFFER, edgeFlagBuf); gl.bufferSubData(gl.ARRAY_BUFFER, 0, flags); request();
      },
      nodeFlags: function () { return nodeFlags; },
      edgeFlags: function () { return edgeFlags; },
      setDragMode: function (mode) { dragMode = mode === "box" || mode === "lasso" ? mode : "pan"; },
      dragMode: function () { return dragMode; },
      setColors: function (rgba) { gl.bindBuffer(gl.ARRAY_BUFFER, colorBuf); gl.bufferSubData(gl.ARRAY_BUFFER, 0, rgba); request(); },
      setSizes: function (size) {
        sizes.set(size);
        maxSize = 1;
        for (var i = 0; i < n; i++) { if (sizes[i] > maxSize) { maxSize = sizes[i]; } }
        for (var j = 0; j < m; j++) { rdst[j] = sizes[G.dst[j]]; }
        gl.bindBuffer(gl.ARRAY_BUFFER, sizeBuf); gl.bufferSubData(gl.ARRAY_BUFFER, 0, sizes);
        gl.bindBuffer(gl.ARRAY_BUFFER, rdstBuf); gl.bufferSubData(gl.ARRAY_BUFFER, 0, rdst);
        request();
      },
      destroy: function () { if (observer) { observer.disconnect(); } },
      fit: fit, focus: focus, fitBox: fitBox, setInsets: function (fn) { insetsFn = fn; },
      insets: insets, toScreen: toScreen, toWorld: toWorld, nodeAt: nodeAt, edgeAt: edgeAt,
      scale: function () { return view.scale; },
      setScale: function (s) { view.scale = s; request(); },
      isVisible: visible,
      redraw: request,
      labelsShown: function () { return shown.slice(); },
      labelBoxes: function () { return boxes.map(function (b, k) { return { node: shown[k], box: b.slice(0, 4) }; }); },
      exportPNG: function () {
        draw();  // the WebGL picture is only readable in the task that drew it
        var out = document.createElement("canvas");
        out.width = glCanvas.width; out.height = glCanvas.height;
        var o = out.getContext("2d");
        o.drawImage(glCanvas, 0, 0);
        o.drawImage(labelCanvas, 0, 0);
        return out.toDataURL("image/png");
      }
    };
  }

  // the page: a global; the notebook widget's ES module declares RG_EXPORTS and keeps it there
  (typeof RG_EXPORTS !== "undefined" ? RG_EXPORTS : window).RGRenderer = { create: create };
})();
