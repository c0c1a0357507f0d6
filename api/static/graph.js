/* Đồ thị: a small force-directed layout on <canvas>, no library. Data from /do-thi.json.
   Drag a node to move it, drag the background to pan, wheel or +/- to zoom, click a node to open its page. */
(function () {
  "use strict";
  var box = document.getElementById("graph-box");
  if (!box) return;
  var canvas = box.querySelector("canvas");
  var tip = box.querySelector(".graph-tip");
  var status = document.getElementById("graph-status");
  var ctx = canvas.getContext("2d");
  var COLORS = { document: "#1f4e79", decision: "#c46a0a", agency: "#3a7bd5", commune: "#2f8a4a" };
  var KIND_NAMES = { document: "Văn bản", decision: "Văn bản được dẫn", agency: "Cơ quan", commune: "Xã" };
  var EDGE_LENGTH = { basis: 90, cites: 110, assigns: 80, in_charge: 60, mentions: 120 };
  var nodes = [], edges = [], byId = {}, hidden = {}, view = { x: 0, y: 0, k: 1 };
  var alpha = 1, running = false, hover = null, dragging = null, panning = null, moved = false, query = "";
  var width = 0, height = 0, dpr = 1;

  function seeded(seed) { return function () { seed = (seed * 1664525 + 1013904223) % 4294967296; return seed / 4294967296; }; }

  function resize() {
    var r = box.getBoundingClientRect();
    dpr = window.devicePixelRatio || 1;
    width = r.width; height = r.height;
    canvas.width = Math.round(width * dpr); canvas.height = Math.round(height * dpr);
    draw();
  }

  function radius(n) { return n.kind === "document" ? 11 : Math.min(4 + Math.sqrt(n.degree) * 1.6, 12); }
  function visible(n) { return !hidden[n.kind]; }

  function init(data) {
    var rand = seeded(7), order = { document: 0, decision: 1, agency: 2, commune: 3 };
    nodes = data.nodes.map(function (n, i) {
      var ring = [0, 260, 200, 320][order[n.kind]], a = rand() * Math.PI * 2, r = ring * (0.6 + rand() * 0.5);
      return Object.assign({}, n, { x: Math.cos(a) * r, y: Math.sin(a) * r, vx: 0, vy: 0, links: [] });
    });
    nodes.forEach(function (n) { byId[n.id] = n; });
    edges = data.edges.filter(function (e) { return byId[e.source] && byId[e.target]; }).map(function (e) {
      var s = byId[e.source], t = byId[e.target];
      s.links.push(t); t.links.push(s);
      return { s: s, t: t, kind: e.kind, weight: e.weight };
    });
    status.textContent = nodes.length + " nút, " + edges.length + " liên kết. Bấm vào một nút để mở trang của nó.";
    for (var i = 0; i < 300 && alpha > 0.02; i++) tick();  // settle before the first picture
    fit(); draw();
    canvas.dataset.ready = "1";
    // for tests and the console: where a node is drawn, in page pixels
    window.cancuGraph = {
      count: function () { return nodes.length; },
      locate: function (id) {
        var n = byId[id], r = canvas.getBoundingClientRect();
        return n ? { x: r.left + view.x + n.x * view.k, y: r.top + view.y + n.y * view.k, url: n.url } : null;
      }
    };
  }

  function tick() {
    var i, j, a, b, dx, dy, d2, d, f, shown = nodes.filter(visible);
    for (i = 0; i < shown.length; i++) {            // repulsion
      a = shown[i];
      for (j = i + 1; j < shown.length; j++) {
        b = shown[j]; dx = b.x - a.x; dy = b.y - a.y; d2 = dx * dx + dy * dy + 0.01;
        if (d2 > 250000) continue;
        f = 1400 * alpha / d2; d = Math.sqrt(d2);
        a.vx -= dx / d * f; a.vy -= dy / d * f; b.vx += dx / d * f; b.vy += dy / d * f;
      }
    }
    edges.forEach(function (e) {                     // springs
      if (!visible(e.s) || !visible(e.t)) return;
      dx = e.t.x - e.s.x; dy = e.t.y - e.s.y; d = Math.sqrt(dx * dx + dy * dy) || 1;
      f = (d - (EDGE_LENGTH[e.kind] || 100)) * 0.04 * alpha;
      e.s.vx += dx / d * f; e.s.vy += dy / d * f; e.t.vx -= dx / d * f; e.t.vy -= dy / d * f;
    });
    shown.forEach(function (n) {                     // gravity, damping
      n.vx -= n.x * 0.004 * alpha; n.vy -= n.y * 0.004 * alpha;
      if (n === dragging) { n.vx = n.vy = 0; return; }
      n.vx *= 0.6; n.vy *= 0.6; n.x += n.vx; n.y += n.vy;
    });
    alpha *= 0.985;
  }

  function start() { alpha = Math.max(alpha, 0.3); if (!running) { running = true; requestAnimationFrame(loop); } }
  function loop() {
    tick(); draw();
    if (alpha > 0.01 || dragging) requestAnimationFrame(loop); else running = false;
  }

  function fit() {
    var shown = nodes.filter(visible);
    if (!shown.length) return;
    var minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity;
    shown.forEach(function (n) { minX = Math.min(minX, n.x); maxX = Math.max(maxX, n.x); minY = Math.min(minY, n.y); maxY = Math.max(maxY, n.y); });
    var k = Math.min(width / (maxX - minX + 120), height / (maxY - minY + 120), 2.5);
    view.k = isFinite(k) && k > 0 ? k : 1;
    view.x = width / 2 - (minX + maxX) / 2 * view.k; view.y = height / 2 - (minY + maxY) / 2 * view.k;
  }

  function matches(n) { return query && n.label.toLowerCase().indexOf(query) !== -1; }

  function draw() {
    if (!width) return;
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    ctx.clearRect(0, 0, width, height);
    ctx.save(); ctx.translate(view.x, view.y); ctx.scale(view.k, view.k);
    var focus = hover || dragging, near = {};
    if (focus) { near[focus.id] = true; focus.links.forEach(function (m) { near[m.id] = true; }); }
    edges.forEach(function (e) {
      if (!visible(e.s) || !visible(e.t)) return;
      var lit = focus && (e.s === focus || e.t === focus);
      ctx.strokeStyle = lit ? "rgba(28,33,38,.75)" : e.kind === "basis" ? "rgba(196,106,10,.35)" : "rgba(90,100,110,.18)";
      ctx.lineWidth = (lit ? 1.8 : 1) / view.k * Math.min(1 + Math.log(e.weight), 2.5);
      ctx.beginPath(); ctx.moveTo(e.s.x, e.s.y); ctx.lineTo(e.t.x, e.t.y); ctx.stroke();
    });
    nodes.forEach(function (n) {
      if (!visible(n)) return;
      var dim = (focus && !near[n.id]) || (query && !matches(n));
      ctx.globalAlpha = dim ? 0.25 : 1;
      ctx.fillStyle = COLORS[n.kind] || "#555";
      ctx.beginPath(); ctx.arc(n.x, n.y, radius(n), 0, Math.PI * 2); ctx.fill();
      ctx.lineWidth = 1.5 / view.k; ctx.strokeStyle = matches(n) ? "#c2410c" : "#ffffff"; ctx.stroke();
    });
    ctx.globalAlpha = 1;
    ctx.font = (12 / view.k) + "px system-ui, -apple-system, 'Segoe UI', Roboto, 'Noto Sans', sans-serif";
    ctx.textBaseline = "middle";
    nodes.forEach(function (n) {
      if (!visible(n)) return;
      var show = n.kind === "document" || view.k > 1.6 || (focus && near[n.id]) || matches(n);
      if (!show) return;
      var label = n.label.length > 48 ? n.label.slice(0, 47) + "…" : n.label, x = n.x + radius(n) + 3 / view.k;
      ctx.lineWidth = 3 / view.k; ctx.strokeStyle = "rgba(255,255,255,.9)"; ctx.strokeText(label, x, n.y);
      ctx.fillStyle = "#1c2126"; ctx.fillText(label, x, n.y);
    });
    ctx.restore();
  }

  function toWorld(ev) {
    var r = canvas.getBoundingClientRect();
    return { x: (ev.clientX - r.left - view.x) / view.k, y: (ev.clientY - r.top - view.y) / view.k, sx: ev.clientX - r.left, sy: ev.clientY - r.top };
  }
  function pick(p) {
    var best = null, bestD = Infinity;
    nodes.forEach(function (n) {
      if (!visible(n)) return;
      var dx = n.x - p.x, dy = n.y - p.y, d = dx * dx + dy * dy, r = radius(n) + 4 / view.k;
      if (d < r * r && d < bestD) { best = n; bestD = d; }
    });
    return best;
  }
  function showTip(n, p) {
    if (!n) { tip.style.display = "none"; return; }
    tip.textContent = KIND_NAMES[n.kind] + ": " + n.label + (n.title ? " — " + n.title.slice(0, 140) : "");
    tip.style.display = "block";
    tip.style.left = Math.min(p.sx + 14, width - 260) + "px"; tip.style.top = (p.sy + 14) + "px";
  }

  canvas.addEventListener("pointerdown", function (ev) {
    var p = toWorld(ev), n = pick(p); moved = false;
    canvas.setPointerCapture(ev.pointerId);
    if (n) { dragging = n; start(); } else { panning = { x: ev.clientX - view.x, y: ev.clientY - view.y }; }
  });
  canvas.addEventListener("pointermove", function (ev) {
    var p = toWorld(ev);
    if (dragging) { dragging.x = p.x; dragging.y = p.y; moved = true; alpha = Math.max(alpha, 0.3); return; }
    if (panning) { view.x = ev.clientX - panning.x; view.y = ev.clientY - panning.y; moved = true; draw(); return; }
    var n = pick(p);
    if (n !== hover) { hover = n; canvas.style.cursor = n ? "pointer" : "grab"; draw(); }
    showTip(n, p);
  });
  canvas.addEventListener("pointerup", function (ev) {
    var n = dragging;
    dragging = null; panning = null;
    if (n && !moved && n.url) window.location.href = n.url;
  });
  canvas.addEventListener("pointerleave", function () { hover = null; showTip(null); draw(); });
  canvas.addEventListener("wheel", function (ev) {
    ev.preventDefault();
    zoomAt(ev.deltaY < 0 ? 1.15 : 1 / 1.15, toWorld(ev));
  }, { passive: false });
  function zoomAt(factor, p) {
    var k = Math.max(0.2, Math.min(6, view.k * factor));
    view.x = p.sx - p.x * k; view.y = p.sy - p.y * k; view.k = k; draw();
  }
  canvas.addEventListener("keydown", function (ev) {
    var step = 40, center = { sx: width / 2, sy: height / 2, x: (width / 2 - view.x) / view.k, y: (height / 2 - view.y) / view.k };
    if (ev.key === "+" || ev.key === "=") zoomAt(1.2, center);
    else if (ev.key === "-") zoomAt(1 / 1.2, center);
    else if (ev.key === "ArrowLeft") view.x += step; else if (ev.key === "ArrowRight") view.x -= step;
    else if (ev.key === "ArrowUp") view.y += step; else if (ev.key === "ArrowDown") view.y -= step;
    else if (ev.key === "0") fit();
    else return;
    ev.preventDefault(); draw();
  });

  document.querySelectorAll("input[data-kind]").forEach(function (input) {
    input.addEventListener("change", function () { hidden[input.dataset.kind] = !input.checked; start(); });
  });
  var search = document.getElementById("graph-search");
  if (search) {
    search.addEventListener("input", function () { query = search.value.trim().toLowerCase(); draw(); });
    search.addEventListener("keydown", function (ev) {
      if (ev.key !== "Enter") return;
      ev.preventDefault();
      var hit = nodes.filter(function (n) { return visible(n) && matches(n); })[0];
      if (hit) window.location.href = hit.url;
    });
  }
  var reset = document.getElementById("graph-fit");
  if (reset) reset.addEventListener("click", function () { fit(); draw(); });

  window.addEventListener("resize", resize);
  resize();
  fetch(box.dataset.src, { headers: { Accept: "application/json" } })
    .then(function (r) { if (!r.ok) throw new Error(r.status); return r.json(); })
    .then(init)
    .catch(function () { status.textContent = "Không tải được dữ liệu đồ thị; xem danh sách bên dưới."; });
}());
