/* Đồ thị: start from one node and expand neighbours on demand; a small force layout on <canvas>, no library.
   Data: /do-thi.json?nut=ID (the node, a bounded number of its neighbours, and each node's links).
   Click a node to select it and show its neighbours; the panel opens its page. Filters by relation and
   kind apply at once and to later expansions; "Nhóm theo văn bản" draws each document with the nodes only
   it links to. Drag a node to move it, drag the background to pan, wheel or +/- to zoom; keys [ ] choose
   a node, Enter expands it, O opens its page. */
(function () {
  "use strict";
  var box = document.getElementById("graph-box");
  if (!box) return;
  var canvas = box.querySelector("canvas"), ctx = canvas.getContext("2d");
  var tip = box.querySelector(".graph-tip"), panel = document.getElementById("graph-panel");
  var status = document.getElementById("graph-status"), tools = document.querySelector(".graph-tools");
  var COLORS = { document: "#1f4e79", decision: "#c46a0a", agency: "#3a7bd5", commune: "#2f8a4a" };
  var KIND_NAMES = { document: "Văn bản trong kho", decision: "Văn bản được dẫn", agency: "Cơ quan", commune: "Xã" };
  var KIND_ORDER = { document: 0, decision: 1, agency: 2, commune: 3 };
  var EDGES = {   // colour, dash, rest length
    basis: ["#c46a0a", [], 95], implements: ["#7b3fb0", [], 95], amends: ["#a07800", [7, 3], 110],
    replaces: ["#b03024", [7, 3], 110], repeals: ["#b03024", [2, 3], 110], considered: ["#7f8c8d", [2, 4], 110],
    cites: ["#8d99a3", [], 120], assigns: ["#3a7bd5", [], 85], in_charge: ["#2f8a4a", [], 70],
    mentions: ["#2f8a4a", [3, 3], 110]
  };
  var RELATION_NAMES = {};
  document.querySelectorAll("input[data-relation]").forEach(function (i) {
    RELATION_NAMES[i.dataset.relation] = i.parentNode.textContent.trim();
  });
  var limit = parseInt(box.dataset.limit, 10) || 25, GROUP_RADIUS = 170;
  var nodes = {}, order = [], relOn = {}, kindOn = {}, grouping = true;
  var view = { x: 0, y: 0, k: 1 }, alpha = 0, running = false, width = 0, height = 0, dpr = 1;
  var hover = null, selected = null, dragging = null, panning = null, moved = false, loading = 0;

  Object.keys(EDGES).forEach(function (r) { relOn[r] = true; });
  Object.keys(COLORS).forEach(function (k) { kindOn[k] = true; });

  // ------------------------------------------------------------------ data
  function query(ids) {
    var params = new URLSearchParams();
    ids.forEach(function (id) { params.append("nut", id); });
    Object.keys(relOn).forEach(function (r) { if (relOn[r]) params.append("quan_he", r); });
    Object.keys(kindOn).forEach(function (k) { if (kindOn[k]) params.append("loai", k); });
    params.set("gioi_han", String(limit));
    return box.dataset.src + "?" + params.toString();
  }

  function load(ids, parent) {
    loading++;
    canvas.dataset.ready = "0";
    setStatus("Đang tải…");
    return fetch(query(ids), { headers: { Accept: "application/json" } })
      .then(function (r) { if (!r.ok) throw new Error(r.status); return r.json(); })
      .then(function (data) { merge(data, parent); })
      .catch(function () { setStatus("Không tải được dữ liệu đồ thị; xem danh sách bên dưới."); })
      .then(function () {
        loading--;
        if (!loading) { settle(); canvas.dataset.ready = "1"; }
      });
  }

  function merge(data, parent) {
    var from = parent || (data.start && data.start[0]) || null;  // who brought the new nodes into view
    var origin = parent && nodes[parent], fresh = data.nodes.filter(function (n) { return !nodes[n.id]; });
    fresh.forEach(function (n, i) {
      var a = (i / Math.max(fresh.length, 1)) * Math.PI * 2, r = origin ? 90 + 25 * (i % 3) : 0;
      nodes[n.id] = {
        id: n.id, kind: n.kind, label: n.label, url: n.url, title: n.title || "", degree: n.degree,
        adj: n.adj || [], x: (origin ? origin.x : 0) + Math.cos(a) * r, y: (origin ? origin.y : 0) + Math.sin(a) * r,
        vx: 0, vy: 0, parent: n.id === from ? null : from
      };
      order.push(n.id);
    });
    data.nodes.forEach(function (n) { if (nodes[n.id] && n.adj) nodes[n.id].adj = n.adj; });
    if (origin) origin.expanded = true;
    if (!parent && data.start && data.start[0] && nodes[data.start[0]]) { selected = nodes[data.start[0]]; selected.expanded = true; }
    alpha = 1;
  }

  // what is drawn: shown nodes of the chosen kinds; links between them through the chosen relations
  function visible(n) { return n && kindOn[n.kind]; }
  function shownNodes() { return order.map(function (id) { return nodes[id]; }).filter(visible); }
  function links() {
    var out = [], seen = {};
    shownNodes().forEach(function (n) {
      n.adj.forEach(function (pair) {
        var m = nodes[pair[0]], rel = pair[1];
        if (!visible(m) || !relOn[rel]) return;
        var key = n.id < m.id ? n.id + "|" + m.id + "|" + rel : m.id + "|" + n.id + "|" + rel;
        if (seen[key]) return;
        seen[key] = true;
        out.push({ s: n, t: m, kind: rel });
      });
    });
    return out;
  }
  function hiddenCount(n) {
    var c = 0, seen = {};
    n.adj.forEach(function (pair) {
      var m = nodes[pair[0]];
      if (seen[pair[0]] || !relOn[pair[1]] || (m && visible(m))) return;
      if (m && !kindOn[m.kind]) return;
      seen[pair[0]] = true; c++;
    });
    return c;
  }

  // a node belongs to the group of the document that brought it into view (when still linked), else of
  // the one shown document that links to it; documents head their groups
  function groups(edges) {
    var owners = {};
    edges.forEach(function (e) {
      [[e.s, e.t], [e.t, e.s]].forEach(function (p) {
        if (p[0].kind === "document" && p[1].kind !== "document") (owners[p[1].id] = owners[p[1].id] || {})[p[0].id] = true;
      });
    });
    var out = {};
    Object.keys(owners).forEach(function (id) {
      var n = nodes[id], docs = Object.keys(owners[id]);
      var head = n.parent && owners[id][n.parent] ? n.parent : docs.length === 1 ? docs[0] : null;
      if (head) (out[head] = out[head] || []).push(n);
    });
    return out;
  }

  // ------------------------------------------------------------------ layout
  function radius(n) { return n.kind === "document" ? 10 : n.kind === "decision" ? 8 : 6; }

  function tick(shown, edges, byGroup) {
    var i, j, a, b, dx, dy, d2, d, f, min;
    for (i = 0; i < shown.length; i++) {              // repulsion and collision
      a = shown[i];
      for (j = i + 1; j < shown.length; j++) {
        b = shown[j]; dx = b.x - a.x; dy = b.y - a.y; d2 = dx * dx + dy * dy + 0.01;
        if (d2 > 160000) continue;
        d = Math.sqrt(d2); f = 1800 * alpha / d2;
        min = radius(a) + radius(b) + 14;
        if (d < min) f += (min - d) * 0.5;            // never on top of each other
        a.vx -= dx / d * f; a.vy -= dy / d * f; b.vx += dx / d * f; b.vy += dy / d * f;
      }
    }
    var hub = {};                                     // links per node: a hub's spokes are longer
    edges.forEach(function (e) { hub[e.s.id] = (hub[e.s.id] || 0) + 1; hub[e.t.id] = (hub[e.t.id] || 0) + 1; });
    edges.forEach(function (e) {                      // springs
      dx = e.t.x - e.s.x; dy = e.t.y - e.s.y; d = Math.sqrt(dx * dx + dy * dy) || 1;
      var rest = EDGES[e.kind][2] * (1 + 0.12 * Math.sqrt(Math.max(hub[e.s.id], hub[e.t.id])));
      f = (d - rest) * 0.03 * alpha;
      e.s.vx += dx / d * f; e.s.vy += dy / d * f; e.t.vx -= dx / d * f; e.t.vy -= dy / d * f;
    });
    if (grouping) {                                   // a document's own nodes stay around it
      Object.keys(byGroup).forEach(function (docId) {
        var doc = nodes[docId];
        byGroup[docId].forEach(function (m) {
          m.vx += (doc.x - m.x) * 0.04 * alpha; m.vy += (doc.y - m.y) * 0.04 * alpha;
        });
      });
    }
    shown.forEach(function (n) {                      // gravity, damping
      n.vx -= n.x * 0.002 * alpha; n.vy -= n.y * 0.002 * alpha;
      if (n === dragging) { n.vx = n.vy = 0; return; }
      n.vx *= 0.55; n.vy *= 0.55; n.x += n.vx; n.y += n.vy;
    });
    alpha *= 0.98;
  }

  function settle() {
    var shown = shownNodes(), edges = links(), byGroup = groups(edges);
    for (var i = 0; i < 400 && alpha > 0.01; i++) tick(shown, edges, byGroup);
    for (i = 0; i < 120; i++) separate(shown);
    fit(); draw(); describe();
  }

  function separate(shown) {                          // a last pass so no two nodes overlap
    for (var i = 0; i < shown.length; i++) {
      for (var j = i + 1; j < shown.length; j++) {
        var a = shown[i], b = shown[j], dx = b.x - a.x, dy = b.y - a.y, d = Math.sqrt(dx * dx + dy * dy);
        if (d < 0.01) { dx = Math.cos(i + j); dy = Math.sin(i + j); d = 1; }  // on the same spot: part them
        var min = radius(a) + radius(b) + 6;
        if (d < min) { var push = (min - d) / 2; a.x -= dx / d * push; a.y -= dy / d * push; b.x += dx / d * push; b.y += dy / d * push; }
      }
    }
  }

  function start() { alpha = Math.max(alpha, 0.3); if (!running) { running = true; requestAnimationFrame(loop); } }
  function loop() {
    var shown = shownNodes(), edges = links();
    tick(shown, edges, groups(edges)); draw();
    if (alpha > 0.01 || dragging) requestAnimationFrame(loop); else { running = false; separate(shown); draw(); }
  }

  function fit() {
    var shown = shownNodes();
    if (!shown.length) return;
    var minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity;
    shown.forEach(function (n) { minX = Math.min(minX, n.x); maxX = Math.max(maxX, n.x); minY = Math.min(minY, n.y); maxY = Math.max(maxY, n.y); });
    var k = Math.min(width / (maxX - minX + 220), height / (maxY - minY + 120), 1.8);
    view.k = isFinite(k) && k > 0 ? Math.max(k, 0.25) : 1;
    view.x = width / 2 - (minX + maxX) / 2 * view.k; view.y = height / 2 - (minY + maxY) / 2 * view.k;
  }

  // ------------------------------------------------------------------ drawing
  function resize() {
    var r = box.getBoundingClientRect();
    dpr = window.devicePixelRatio || 1; width = r.width; height = r.height;
    canvas.width = Math.round(width * dpr); canvas.height = Math.round(height * dpr);
    draw();
  }

  function draw() {
    if (!width) return;
    var shown = shownNodes(), edges = links(), byGroup = grouping ? groups(edges) : {};
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    ctx.clearRect(0, 0, width, height);
    ctx.save(); ctx.translate(view.x, view.y); ctx.scale(view.k, view.k);
    var focus = hover || selected, near = {};
    if (focus) { near[focus.id] = true; edges.forEach(function (e) { if (e.s === focus) near[e.t.id] = true; if (e.t === focus) near[e.s.id] = true; }); }
    Object.keys(byGroup).forEach(function (docId) {  // the document's own nodes on a soft disc
      var doc = nodes[docId], members = byGroup[docId].concat([doc]), r = 0;
      if (!visible(doc)) return;
      members.forEach(function (m) {                  // members pulled far off by other links stay outside
        var d = Math.hypot(m.x - doc.x, m.y - doc.y) + radius(m) + 10;
        if (d <= GROUP_RADIUS) r = Math.max(r, d);
      });
      if (r < radius(doc) + 12) return;
      ctx.beginPath(); ctx.arc(doc.x, doc.y, r, 0, Math.PI * 2);
      ctx.fillStyle = "rgba(31,78,121,.06)"; ctx.fill();
      ctx.lineWidth = 1 / view.k; ctx.strokeStyle = "rgba(31,78,121,.25)"; ctx.stroke();
    });
    edges.forEach(function (e) {
      var style = EDGES[e.kind], lit = focus && (e.s === focus || e.t === focus);
      ctx.globalAlpha = focus && !lit ? 0.25 : 0.8;
      ctx.strokeStyle = style[0]; ctx.setLineDash(style[1].map(function (v) { return v / view.k; }));
      ctx.lineWidth = (lit ? 2.2 : 1.2) / view.k;
      ctx.beginPath(); ctx.moveTo(e.s.x, e.s.y); ctx.lineTo(e.t.x, e.t.y); ctx.stroke();
    });
    ctx.setLineDash([]);
    shown.forEach(function (n) {
      ctx.globalAlpha = focus && !near[n.id] ? 0.35 : 1;
      ctx.fillStyle = COLORS[n.kind];
      ctx.beginPath();
      if (n.kind === "decision") ctx.rect(n.x - radius(n), n.y - radius(n), radius(n) * 2, radius(n) * 2);
      else ctx.arc(n.x, n.y, radius(n), 0, Math.PI * 2);
      ctx.fill();
      ctx.lineWidth = (n === selected ? 3 : 1.5) / view.k; ctx.strokeStyle = n === selected ? "#c2410c" : "#fff"; ctx.stroke();
      var more = hiddenCount(n);
      if (more) {                                     // "+12": neighbours not shown yet
        ctx.font = "bold " + (10 / view.k) + "px system-ui, sans-serif"; ctx.textBaseline = "middle";
        ctx.fillStyle = "#c2410c"; ctx.fillText("+" + more, n.x + radius(n) * 0.7, n.y - radius(n) - 5 / view.k);
      }
    });
    ctx.globalAlpha = 1;
    drawLabels(shown, focus, near);
    ctx.restore();
  }

  // labels: most important first, skipped where they would cover another one
  function drawLabels(shown, focus, near) {
    var placed = [], size = 12 / view.k;
    ctx.font = size + "px system-ui, -apple-system, 'Segoe UI', Roboto, 'Noto Sans', sans-serif";
    ctx.textBaseline = "middle";
    var ranked = shown.slice().sort(function (a, b) {
      return (b === focus) - (a === focus) || (near[b.id] ? 1 : 0) - (near[a.id] ? 1 : 0) ||
        KIND_ORDER[a.kind] - KIND_ORDER[b.kind] || b.degree - a.degree;
    });
    ranked.forEach(function (n) {
      var text = n.label.length > 42 ? n.label.slice(0, 41) + "…" : n.label;
      var w = ctx.measureText(text).width, x = n.x + radius(n) + 4 / view.k, y = n.y;
      var rect = [x, y - size * 0.6, x + w, y + size * 0.6];
      if (placed.some(function (p) { return rect[0] < p[2] && rect[2] > p[0] && rect[1] < p[3] && rect[3] > p[1]; })) return;
      placed.push(rect);
      ctx.lineWidth = 3 / view.k; ctx.strokeStyle = "rgba(255,255,255,.92)"; ctx.strokeText(text, x, y);
      ctx.fillStyle = "#1c2126"; ctx.fillText(text, x, y);
    });
    labelled = placed.length;
  }
  var labelled = 0;

  // ------------------------------------------------------------------ panel and status
  function setStatus(text) { if (status) status.textContent = text; }

  function describe() {
    var shown = shownNodes(), edges = links();
    setStatus(shown.length + " nút, " + edges.length + " liên kết đang hiện. Bấm một nút để hiện các nút nối với nó.");
    if (!selected || !panel) { if (panel) panel.hidden = true; return; }
    var n = selected, more = hiddenCount(n);
    panel.hidden = false;
    panel.textContent = "";
    var kind = document.createElement("p"); kind.className = "small muted"; kind.textContent = KIND_NAMES[n.kind];
    var title = document.createElement("p"); title.className = "panel-title"; title.textContent = n.label;
    panel.appendChild(kind); panel.appendChild(title);
    if (n.title) { var t = document.createElement("p"); t.className = "small"; t.textContent = n.title.slice(0, 200); panel.appendChild(t); }
    var counts = {};
    n.adj.forEach(function (p) { counts[p[1]] = (counts[p[1]] || 0) + 1; });
    var ul = document.createElement("ul"); ul.className = "plain-list small";
    Object.keys(counts).forEach(function (rel) {
      var li = document.createElement("li"); li.textContent = (RELATION_NAMES[rel] || rel) + ": " + counts[rel]; ul.appendChild(li);
    });
    panel.appendChild(ul);
    var open = document.createElement("a"); open.href = n.url; open.textContent = "Mở trang"; open.className = "button";
    panel.appendChild(open);
    if (more) {
      var grow = document.createElement("button"); grow.type = "button"; grow.className = "secondary";
      grow.textContent = "Hiện thêm " + more + " nút"; grow.addEventListener("click", function () { expand(n.id); });
      panel.appendChild(grow);
    }
  }

  function expand(id) {
    var n = nodes[id];
    if (!n) return Promise.resolve();
    selected = n;
    return load([id], id);
  }

  // ------------------------------------------------------------------ pointer and keys
  function toWorld(ev) {
    var r = canvas.getBoundingClientRect();
    return { x: (ev.clientX - r.left - view.x) / view.k, y: (ev.clientY - r.top - view.y) / view.k, sx: ev.clientX - r.left, sy: ev.clientY - r.top };
  }
  function pick(p) {
    var best = null, bestD = Infinity;
    shownNodes().forEach(function (n) {
      var dx = n.x - p.x, dy = n.y - p.y, d = dx * dx + dy * dy, r = radius(n) + 4 / view.k;
      if (d < r * r && d < bestD) { best = n; bestD = d; }
    });
    return best;
  }
  function showTip(n, p) {
    if (!n) { tip.style.display = "none"; return; }
    var more = hiddenCount(n);
    tip.textContent = KIND_NAMES[n.kind] + ": " + n.label + (n.title ? " — " + n.title.slice(0, 140) : "") +
      (more ? " (bấm để hiện thêm " + more + " nút)" : "");
    tip.style.display = "block";
    tip.style.left = Math.min(p.sx + 14, width - 260) + "px"; tip.style.top = (p.sy + 14) + "px";
  }

  canvas.addEventListener("pointerdown", function (ev) {
    var p = toWorld(ev), n = pick(p); moved = false;
    canvas.setPointerCapture(ev.pointerId);
    if (n) { dragging = n; } else { panning = { x: ev.clientX - view.x, y: ev.clientY - view.y }; }
  });
  canvas.addEventListener("pointermove", function (ev) {
    var p = toWorld(ev);
    if (dragging) { dragging.x = p.x; dragging.y = p.y; moved = true; start(); return; }
    if (panning) { view.x = ev.clientX - panning.x; view.y = ev.clientY - panning.y; moved = true; draw(); return; }
    var n = pick(p);
    if (n !== hover) { hover = n; canvas.style.cursor = n ? "pointer" : "grab"; draw(); }
    showTip(n, p);
  });
  canvas.addEventListener("pointerup", function () {
    var n = dragging;
    dragging = null; panning = null;
    if (n && !moved) {
      selected = n;
      if (hiddenCount(n)) expand(n.id); else { draw(); describe(); }
    }
  });
  canvas.addEventListener("pointerleave", function () { hover = null; showTip(null); draw(); });
  canvas.addEventListener("wheel", function (ev) {
    ev.preventDefault();
    zoomAt(ev.deltaY < 0 ? 1.15 : 1 / 1.15, toWorld(ev));
  }, { passive: false });
  function zoomAt(factor, p) {
    var k = Math.max(0.15, Math.min(6, view.k * factor));
    view.x = p.sx - p.x * k; view.y = p.sy - p.y * k; view.k = k; draw();
  }
  canvas.addEventListener("keydown", function (ev) {
    var step = 40, center = { sx: width / 2, sy: height / 2, x: (width / 2 - view.x) / view.k, y: (height / 2 - view.y) / view.k };
    var shown = shownNodes(), at = selected ? shown.indexOf(selected) : -1;
    if (ev.key === "+" || ev.key === "=") zoomAt(1.2, center);
    else if (ev.key === "-") zoomAt(1 / 1.2, center);
    else if (ev.key === "ArrowLeft") view.x += step; else if (ev.key === "ArrowRight") view.x -= step;
    else if (ev.key === "ArrowUp") view.y += step; else if (ev.key === "ArrowDown") view.y -= step;
    else if (ev.key === "0") fit();
    else if (ev.key === "]" || ev.key === "[") { if (shown.length) selected = shown[(at + (ev.key === "]" ? 1 : shown.length - 1)) % shown.length]; describe(); }
    else if (ev.key === "Enter" && selected) { expand(selected.id); }
    else if ((ev.key === "o" || ev.key === "O") && selected) { window.location.href = selected.url; }
    else return;
    ev.preventDefault(); draw();
  });

  // ------------------------------------------------------------------ tools
  document.querySelectorAll("input[data-relation]").forEach(function (input) {
    input.addEventListener("change", function () { relOn[input.dataset.relation] = input.checked; start(); describe(); });
  });
  document.querySelectorAll("input[data-kind]").forEach(function (input) {
    input.addEventListener("change", function () { kindOn[input.dataset.kind] = input.checked; start(); describe(); });
  });
  var group = document.getElementById("graph-group");
  if (group) group.addEventListener("change", function () { grouping = group.checked; start(); });
  var fitButton = document.getElementById("graph-fit");
  if (fitButton) fitButton.addEventListener("click", function () { fit(); draw(); });
  var reset = document.getElementById("graph-reset");
  if (reset) reset.addEventListener("click", function () { restart(box.dataset.start); });

  function restart(id) {
    nodes = {}; order = []; selected = null;
    return load([id], null);
  }

  // suggestions for the start box, from the graph's own labels
  var input = document.getElementById("graph-q"), list = document.getElementById("graph-suggest"), timer = null;
  if (input && list && box.dataset.find) {
    input.addEventListener("input", function () {
      clearTimeout(timer);
      var q = input.value.trim();
      if (q.length < 2) return;
      timer = setTimeout(function () {
        fetch(box.dataset.find + "?q=" + encodeURIComponent(q), { headers: { Accept: "application/json" } })
          .then(function (r) { return r.ok ? r.json() : { nodes: [] }; })
          .then(function (data) {
            list.textContent = "";
            data.nodes.slice(0, 12).forEach(function (n) {
              var o = document.createElement("option"); o.value = n.label; o.label = KIND_NAMES[n.kind]; list.appendChild(o);
            });
          });
      }, 200);
    });
  }

  // for tests and the console
  window.cancuGraph = {
    count: function () { return shownNodes().length; },
    edges: function () { return links().length; },
    shown: function () { return shownNodes().map(function (n) { return n.id; }); },
    locate: function (id) {
      var n = nodes[id], r = canvas.getBoundingClientRect();
      return n ? { x: r.left + view.x + n.x * view.k, y: r.top + view.y + n.y * view.k, url: n.url } : null;
    },
    expand: function (id) { return expand(id).then(function () { return shownNodes().length; }); },
    hidden: function (id) { return nodes[id] ? hiddenCount(nodes[id]) : null; },
    overlaps: function () {     // pairs of drawn nodes closer than their radii (screen pixels)
      var shown = shownNodes(), c = 0;
      for (var i = 0; i < shown.length; i++) for (var j = i + 1; j < shown.length; j++) {
        var a = shown[i], b = shown[j];
        if (Math.hypot(a.x - b.x, a.y - b.y) < radius(a) + radius(b)) c++;
      }
      return c;
    },
    labels: function () { return labelled; },
    groups: function () { var g = groups(links()), out = {}; Object.keys(g).forEach(function (k) { out[k] = g[k].length; }); return out; }
  };

  if (tools) tools.hidden = false;
  window.addEventListener("resize", function () { resize(); });
  resize();
  restart(box.dataset.start);
}());
