/* SPARQL editor: load an example, run the query with fetch() against /sparql, show a table,
   offer CSV/JSON downloads of the same query. Without JavaScript the form posts to /sparql directly. */
(function () {
  "use strict";
  var form = document.getElementById("sparql-form");
  if (!form) return;
  var textarea = document.getElementById("query");
  var status = document.getElementById("sparql-status");
  var tableBox = document.getElementById("sparql-table");
  var downloads = document.getElementById("downloads");
  var ID = "https://cancu.vn/id/", PAGED = /^(doc|agency|clause|section|place)\//;
  var examples = {};
  try { examples = JSON.parse(document.getElementById("examples-data").textContent || "{}"); } catch (e) { examples = {}; }

  var formatField = document.getElementById("format-field");
  if (formatField) formatField.hidden = true;  // with JavaScript the results show here, with download links
  var select = document.getElementById("mau");
  var loadButton = document.getElementById("load-example");
  if (select) {
    if (loadButton) loadButton.hidden = true;
    select.addEventListener("change", function () {
      if (examples[select.value]) { textarea.value = examples[select.value]; status.textContent = "Đã nạp truy vấn mẫu."; }
    });
  }

  function downloadUrl(format) { return "/sparql?" + new URLSearchParams({ query: textarea.value, format: format }).toString(); }

  function cell(term) {
    var td = document.createElement("td");
    if (!term) return td;
    if (term.type === "uri") {
      var inside = term.value.indexOf(ID) === 0 && PAGED.test(term.value.slice(ID.length)), node;
      if (inside) {                 // a node of our graph: open the page that shows it
        node = document.createElement("a");
        node.href = "/xem?iri=" + encodeURIComponent(term.value);
        node.textContent = "id:" + term.value.slice(ID.length);
      } else {                      // a vocabulary term: shown, not followed
        node = document.createElement("span");
        node.textContent = term.value;
      }
      node.title = term.value;
      td.appendChild(node);
    } else {
      td.textContent = term.value;
      if (term["xml:lang"]) td.lang = term["xml:lang"];
    }
    return td;
  }

  function showTable(data) {
    tableBox.textContent = "";
    if (typeof data.boolean === "boolean") { status.textContent = "Kết quả: " + (data.boolean ? "đúng" : "sai"); return; }
    var vars = (data.head && data.head.vars) || [], rows = (data.results && data.results.bindings) || [];
    status.textContent = rows.length + " dòng kết quả.";
    var wrap = document.createElement("div"); wrap.className = "table-scroll";
    var table = document.createElement("table"), thead = document.createElement("thead"), tr = document.createElement("tr");
    vars.forEach(function (v) { var th = document.createElement("th"); th.scope = "col"; th.textContent = v; tr.appendChild(th); });
    thead.appendChild(tr); table.appendChild(thead);
    var tbody = document.createElement("tbody");
    rows.slice(0, 2000).forEach(function (row) {
      var r = document.createElement("tr");
      vars.forEach(function (v) { r.appendChild(cell(row[v])); });
      tbody.appendChild(r);
    });
    table.appendChild(tbody); wrap.appendChild(table); tableBox.appendChild(wrap);
    if (rows.length > 2000) status.textContent += " Hiển thị 2000 dòng đầu; tải CSV để xem đủ.";
  }

  form.addEventListener("submit", function (ev) {
    ev.preventDefault();
    status.textContent = "Đang chạy…";
    tableBox.textContent = "";
    var body = new URLSearchParams({ query: textarea.value });
    fetch("/sparql", {
      method: "POST",
      headers: { "Accept": "application/sparql-results+json", "Content-Type": "application/x-www-form-urlencoded" },
      body: body.toString()
    }).then(function (r) {
      return r.text().then(function (text) {
        var data = null;
        try { data = JSON.parse(text); } catch (e) { data = null; }
        if (!r.ok) throw new Error((data && (data.error || data.message)) || ("HTTP " + r.status));
        return data;
      });
    }).then(function (data) {
      showTable(data || {});
      document.getElementById("dl-csv").href = downloadUrl("csv");
      document.getElementById("dl-json").href = downloadUrl("json");
      downloads.hidden = false;
    }).catch(function (err) {
      status.textContent = "Lỗi: " + err.message;
      downloads.hidden = true;
    });
  });
}());
