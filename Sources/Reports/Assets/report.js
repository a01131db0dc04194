// The report's interactive map and list. Plain JavaScript, no library, no request: everything it
// reads is the JSON in <script id="data"> and the SVG map of the page. A unit is an index i into
// every column of the data, in the order of the priority list, and the i-th path of the map.
(function () {
  'use strict';
  var root = document.documentElement;
  root.classList.remove('nojs');
  var D = JSON.parse(document.getElementById('data').textContent);
  var S = D.strings, N = D.n, KEYS = '0123456789abcdefghijklmnopqrstuvwxyz';
  var svg = document.getElementById('map');
  var paths = svg ? document.getElementById('units').children : [];
  var PAGE = 50;

  function $(id) { return document.getElementById(id); }
  function esc(s) {
    return String(s).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
  }
  function num(v, places) { return v === null || v === undefined ? '–' : Number(v).toFixed(places); }
  function readable(v) {
    if (v === null || v === undefined) return '–';
    if (Math.abs(v) >= 1000) return Math.round(v).toLocaleString('en-US');
    return String(Number(v.toPrecision(4)));
  }
  function parentName(i) {
    var p = D.parent[i];
    return p < 0 ? '' : (D.parents[p][1] || D.parents[p][0]);
  }
  function className(i) { return D.cls[i] < 0 ? '–' : D.classes[D.cls[i]]; }
  function interval(i) {
    if (!D.unc || D.unc.p05[i] === null) return '';
    return D.unc.p05[i] + '–' + D.unc.p95[i] + ' (median ' + D.unc.p50[i] + ')';
  }
  function fold(s) {
    return String(s).normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase();
  }

  // ---- Map layers -------------------------------------------------------------------------
  var layer = 0;
  function layerValue(l, i) {
    var src = l.src;
    if (src === 'score') return D.score[i];
    if (src === 'cls') return D.cls[i] < 0 ? null : D.classes[D.cls[i]];
    if (src === 'psel') return D.unc ? D.unc.psel[i] : null;
    if (src.indexOf('crit:') === 0) return D.crit[+src.slice(5)].v[i];
    return null;
  }
  function legendHTML(l) {
    var h = '', k;
    for (k = l.colours.length - 1; k >= 0; k--) {
      var label;
      if (l.names) label = l.names[k];
      else {
        var from = k === 0 ? l.min : l.breaks[k - 1], to = k === l.breaks.length ? l.max : l.breaks[k];
        // A class of one value (many units at 0) reads as that value, and the class after it as
        // starting above it, not as two ranges that both start at 0.
        var before = k === 0 ? null : (k === 1 ? l.min : l.breaks[k - 2]);
        if (from === to) label = num(from, 2);
        else if (before === from) label = '> ' + num(from, 2) + ' – ' + num(to, 2);
        else label = num(from, 2) + ' – ' + num(to, 2);
      }
      h += '<li><span class="sw" style="background:' + l.colours[k] + '"></span>' + esc(label) + '</li>';
    }
    if (l.k.indexOf('.') >= 0) h += '<li><span class="sw nodata"></span>no data</li>';
    return h;
  }
  function setLayer(index) {
    layer = index;
    var l = D.layers[index], css = '', k;
    for (k = 0; k < l.colours.length; k++) css += '#units .k' + KEYS[k] + '{fill:' + l.colours[k] + '}';
    $('mapcolours').textContent = css;
    for (var i = 0; i < paths.length; i++) {
      var c = l.k.charAt(i);
      paths[i].setAttribute('class', (c === '.' ? 'n' : 'k' + c) + (D.sel[i] ? ' s' : '') + (i === highlighted ? ' hl' : ''));
    }
    $('legend').innerHTML = legendHTML(l);
    $('maptitle').textContent = l.title;
  }

  // ---- Zoom and pan -----------------------------------------------------------------------
  var home = svg ? svg.getAttribute('viewBox').split(' ').map(Number) : [0, 0, 1, 1];
  var vb = home.slice();
  function applyView() { svg.setAttribute('viewBox', vb.map(function (v) { return Math.round(v); }).join(' ')); }
  function toMap(evt) {
    var r = svg.getBoundingClientRect();
    var s = Math.max(vb[2] / r.width, vb[3] / r.height);
    var cx = r.left + r.width / 2, cy = r.top + r.height / 2;
    return { x: vb[0] + vb[2] / 2 + (evt.clientX - cx) * s, y: vb[1] + vb[3] / 2 + (evt.clientY - cy) * s, s: s };
  }
  function zoom(factor, at) {
    var w = Math.min(home[2] * 2, Math.max(home[2] / 400, vb[2] * factor));
    var f = w / vb[2];
    var cx = at ? at.x : vb[0] + vb[2] / 2, cy = at ? at.y : vb[1] + vb[3] / 2;
    vb = [cx - (cx - vb[0]) * f, cy - (cy - vb[1]) * f, vb[2] * f, vb[3] * f];
    applyView();
  }
  var highlighted = -1;
  function findOnMap(i) {
    if (!svg) return false;
    if (highlighted >= 0) paths[highlighted].classList.remove('hl');
    highlighted = i;
    var p = paths[i];
    if (!p.getAttribute('d')) { $('mapnote').textContent = D.name[i] + ' has no shape to draw.'; return false; }
    p.classList.add('hl');
    var b = p.getBBox();
    var size = Math.max(b.width, b.height, home[2] / 40) * 4;
    vb = [b.x + b.width / 2 - size / 2, b.y + b.height / 2 - size / 2 * home[3] / home[2], size, size * home[3] / home[2]];
    applyView();
    $('mapnote').textContent = 'Showing ' + D.name[i] + '.';
    return true;
  }

  // ---- Tooltip and card -------------------------------------------------------------------
  function tooltipHTML(i) {
    var l = D.layers[layer], h = '<b>' + esc(D.name[i]) + '</b> <small>' + esc(D.id[i]) + '</small>';
    var p = parentName(i);
    if (p) h += '<br>' + esc(p);
    h += '<br>rank ' + (D.rank[i] === null ? '–' : D.rank[i]) + ' · score ' + num(D.score[i], 2) + ' · class ' + esc(className(i));
    if (interval(i)) h += '<br>rank interval ' + interval(i);
    if (l.src !== 'score' && l.src !== 'cls') {
      var v = layerValue(l, i);
      h += '<br>' + esc(l.title.split(':')[0]) + ': ' + (typeof v === 'number' ? num(v, l.src === 'psel' ? 3 : 2) : '–');
    }
    return h;
  }
  function row(cells, cls) {
    return '<tr' + (cls ? ' class="' + cls + '"' : '') + '>' + cells.map(function (c) { return '<td>' + c + '</td>'; }).join('') + '</tr>';
  }
  function table(head, rows) {
    return '<table><thead><tr>' + head.map(function (c) { return '<th>' + esc(c) + '</th>'; }).join('') + '</tr></thead><tbody>' + rows.join('') + '</tbody></table>';
  }
  function strings(list) { return (list || []).map(function (k) { return esc(S[k]); }); }
  var current = -1;
  function openCard(i) {
    current = i;
    var h = '<button type="button" class="close" aria-label="Close">×</button>';
    h += '<h3>' + (D.rank[i] === null ? '' : D.rank[i] + '. ') + esc(D.name[i]) + ' <small>' + esc(D.id[i]) + '</small></h3>';
    var p = parentName(i);
    h += '<p class="facts-line">' + (p ? esc(p) + ' · ' : '') + 'score ' + num(D.score[i], 3) + ' · class ' + esc(className(i));
    if (D.rip[i] !== null) h += ' · #' + D.rip[i] + ' in ' + esc(p || 'its parent');
    h += '</p>';
    if (D.unc && D.unc.p05[i] !== null) {
      h += '<p>Rank over ' + D.unc.runs + ' uncertainty runs: ' + interval(i) + '; selected in ' +
        (D.unc.psel[i] === null ? '–' : Math.round(D.unc.psel[i] * 100) + '%') + ' of them.</p>';
    }
    h += '<p class="selection"><b>' + (D.sel[i] ? 'Selected' : 'Not selected') + '</b>' + (S[D.reason[i]] ? ': ' + esc(S[D.reason[i]]) : '') + '</p>';
    h += '<h4>Criteria</h4>' + table(['criterion', 'value (0–10)', 'adds to the score'], D.crit.map(function (c) {
      return row([esc(c.name) + (c.title ? '<br><small>' + esc(c.title) + '</small>' : ''), num(c.v[i], 2), num(c.c[i], 2)]);
    }));
    var drivers = D.drivers[i];
    h += '<h4>Indicators</h4>' + table(['criterion', 'indicator', 'value', 'scaled (0–10)', 'adds to the score'], D.ind.map(function (ind, k) {
      var raw = ind.fact !== undefined ? D.facts[ind.fact].v[i] : ind.raw[i];
      var driver = drivers.indexOf(k) >= 0;
      return row([esc(ind.crit), esc(ind.name) + (driver ? ' <b class="driver">driver</b>' : ''), readable(raw), num(ind.norm[i], 2), num(ind.contrib[i], 2)], driver ? 'drv' : '');
    }));
    if (drivers.length) h += '<p>Top drivers: ' + drivers.map(function (k) { return esc(D.ind[k].name); }).join(', ') + '.</p>';
    h += '<h4>Facts from the layers</h4>' + table(['fact', 'how', 'value'], D.facts.map(function (f) {
      return row([esc(f.name), '<code>' + esc(f.desc) + '</code>', readable(f.v[i])]);
    }));
    var rows = D.rows[i];
    if (rows) h += '<h4>The rows behind the drivers</h4><ul>' + rows.map(function (r) { return '<li>' + esc(r) + '</li>'; }).join('') + '</ul>';
    else h += '<p class="note">The input rows behind each fact (file and line) are in fact_rows.csv' +
      (D.rank[i] !== null && D.rank[i] <= D.explainedRowsRank ? '.' : '; the report cites them for the first ' + D.explainedRowsRank + ' units.') + '</p>';
    var excl = strings(D.excl[i]);
    if (excl.length) h += '<h4>' + (D.rank[i] === null ? 'Not ranked' : 'Ranked by override despite') + '</h4><ul><li>' + excl.join('</li><li>') + '</li></ul>';
    else h += '<p>Gates: passed every gate of the rules.</p>';
    if (D.override[i] !== undefined) h += '<p>Override: ' + esc(S[D.override[i]]) + '</p>';
    var miss = strings(D.missing[i]);
    if (miss.length) h += '<h4>Missing data</h4><ul><li>' + miss.join('</li><li>') + '</li></ul>';
    var flags = strings(D.flags[i]);
    if (flags.length) h += '<p>Flags: ' + flags.join('; ') + '</p>';
    if (D.cost[i] !== undefined) h += '<p>Cost: ' + readable(D.cost[i]) + '</p>';
    var card = $('card');
    card.innerHTML = h;
    card.hidden = false;
    card.querySelector('.close').addEventListener('click', function () { card.hidden = true; current = -1; });
  }

  // ---- The list ---------------------------------------------------------------------------
  var columns = [
    { label: 'rank', get: function (i) { return D.rank[i]; }, show: function (i) { return D.rank[i] === null ? '–' : D.rank[i]; } },
    { label: 'unit', get: function (i) { return fold(D.name[i]); }, show: function (i) { return esc(D.name[i]) + ' <small>' + esc(D.id[i]) + '</small>'; } },
    { label: 'parent', get: function (i) { return fold(parentName(i)); }, show: function (i) { return esc(parentName(i)); } },
    { label: 'score', get: function (i) { return D.score[i]; }, show: function (i) { return num(D.score[i], 2); } },
    { label: 'class', get: function (i) { return D.cls[i] < 0 ? null : D.cls[i]; }, show: function (i) { return esc(className(i)); }, lowFirst: true }
  ];
  D.crit.forEach(function (c) {
    columns.push({ label: c.name, get: function (i) { return c.v[i]; }, show: function (i) { return num(c.v[i], 2); } });
  });
  if (D.unc) {
    columns.push({ label: 'rank interval', get: function (i) { return D.unc.p50[i]; }, show: function (i) { return D.unc.p05[i] === null ? '–' : D.unc.p05[i] + '–' + D.unc.p95[i]; }, lowFirst: true });
    columns.push({ label: 'p(selected)', get: function (i) { return D.unc.psel[i]; }, show: function (i) { return num(D.unc.psel[i], 2); } });
  }
  columns.push({ label: 'selected', get: function (i) { return D.sel[i]; }, show: function (i) { return D.sel[i] ? 'yes' : ''; } });

  var sortColumn = 0, sortDescending = false, page = 0, shown = [];
  function compare(a, b) {
    var c = columns[sortColumn], x = c.get(a), y = c.get(b);
    // Missing values last whichever way the column is sorted; ties in list order.
    if (x === null || x === undefined) return (y === null || y === undefined) ? a - b : 1;
    if (y === null || y === undefined) return -1;
    var r = x < y ? -1 : x > y ? 1 : 0;
    if (sortDescending) r = -r;
    return r || a - b;
  }
  function applyList() {
    var parent = $('f-parent').value, cls = $('f-class').value, sel = $('f-selected').value, q = fold($('f-search').value.trim());
    shown = [];
    for (var i = 0; i < N; i++) {
      if (parent !== '' && String(D.parent[i]) !== parent) continue;
      if (cls !== '' && String(D.cls[i]) !== cls) continue;
      if (sel !== '' && String(D.sel[i]) !== sel) continue;
      if (q && fold(D.name[i]).indexOf(q) < 0 && fold(D.id[i]).indexOf(q) < 0) continue;
      shown.push(i);
    }
    // The list's own order (rank, then the units not ranked) needs no sort.
    if (sortColumn !== 0 || sortDescending) shown.sort(compare);
    page = 0;
    renderList();
  }
  function renderList() {
    var pages = Math.max(1, Math.ceil(shown.length / PAGE));
    page = Math.min(page, pages - 1);
    var from = page * PAGE, to = Math.min(shown.length, from + PAGE), h = '';
    for (var r = from; r < to; r++) {
      var i = shown[r];
      h += '<tr data-i="' + i + '"' + (D.sel[i] ? ' class="sel"' : '') + '>' +
        columns.map(function (c) { return '<td>' + c.show(i) + '</td>'; }).join('') + '</tr>';
    }
    $('list-body').innerHTML = h;
    $('list-count').textContent = shown.length === 0 ? 'No unit matches.' :
      'Units ' + (from + 1) + '–' + to + ' of ' + shown.length + (shown.length < N ? ' (of ' + N + ')' : '');
    $('list-prev').disabled = page === 0;
    $('list-next').disabled = page >= pages - 1;
    var ths = $('list-head').children;
    for (var k = 0; k < ths.length; k++) {
      ths[k].setAttribute('aria-sort', k === sortColumn ? (sortDescending ? 'descending' : 'ascending') : 'none');
    }
  }
  function setupList() {
    $('list-head').innerHTML = columns.map(function (c, k) {
      return '<th><button type="button" data-k="' + k + '">' + esc(c.label) + '</button></th>';
    }).join('');
    $('list-head').addEventListener('click', function (e) {
      var b = e.target.closest('button');
      if (!b) return;
      var k = +b.getAttribute('data-k');
      if (k === sortColumn) sortDescending = !sortDescending;
      else { sortColumn = k; sortDescending = !columns[k].lowFirst && k !== 0 && k !== 1 && k !== 2; }
      if (sortColumn === 0 && !sortDescending) applyList(); else { shown.sort(compare); page = 0; renderList(); }
    });
    var parents = D.parents.map(function (p, k) { return { k: k, name: p[1] || p[0], id: p[0] }; });
    parents.sort(function (a, b) { return fold(a.name) < fold(b.name) ? -1 : fold(a.name) > fold(b.name) ? 1 : a.k - b.k; });
    $('f-parent').innerHTML = '<option value="">all</option>' + parents.map(function (p) {
      return '<option value="' + p.k + '">' + esc(p.name) + (p.name !== p.id ? ' (' + esc(p.id) + ')' : '') + '</option>';
    }).join('');
    $('f-class').innerHTML = '<option value="">all</option>' + D.classes.map(function (c, k) {
      return '<option value="' + k + '">' + esc(c) + '</option>';
    }).join('');
    ['f-parent', 'f-class', 'f-selected'].forEach(function (id) { $(id).addEventListener('change', applyList); });
    $('f-search').addEventListener('input', applyList);
    $('list-prev').addEventListener('click', function () { page--; renderList(); });
    $('list-next').addEventListener('click', function () { page++; renderList(); });
    $('list-body').addEventListener('click', function (e) {
      var tr = e.target.closest('tr');
      if (!tr) return;
      var i = +tr.getAttribute('data-i');
      openCard(i);
      findOnMap(i);
      var m = $('mapbox');
      if (m && m.scrollIntoView) m.scrollIntoView({ block: 'start' });
    });
    applyList();
  }

  // ---- Map events -------------------------------------------------------------------------
  function setupMap() {
    if (!svg) return;
    for (var i = 0; i < paths.length; i++) paths[i]._i = i;
    var select = $('layer');
    select.innerHTML = D.layers.map(function (l, k) { return '<option value="' + k + '">' + esc(l.title) + '</option>'; }).join('');
    select.addEventListener('change', function () { setLayer(+select.value); });
    var tip = $('tooltip');
    svg.addEventListener('mousemove', function (e) {
      var t = e.target;
      if (t._i === undefined || drag) { tip.hidden = true; return; }
      tip.innerHTML = tooltipHTML(t._i);
      tip.hidden = false;
      var box = $('mapbox').getBoundingClientRect();
      tip.style.left = Math.min(e.clientX - box.left + 14, box.width - 260) + 'px';
      tip.style.top = (e.clientY - box.top + 14) + 'px';
    });
    svg.addEventListener('mouseleave', function () { tip.hidden = true; });
    var drag = null, moved = false;
    svg.addEventListener('pointerdown', function (e) {
      drag = { x: e.clientX, y: e.clientY, vb: vb.slice(), s: toMap(e).s };
      moved = false;
    });
    window.addEventListener('pointermove', function (e) {
      if (!drag) return;
      var dx = e.clientX - drag.x, dy = e.clientY - drag.y;
      if (Math.abs(dx) + Math.abs(dy) > 3) moved = true;
      if (!moved) return;
      vb = [drag.vb[0] - dx * drag.s, drag.vb[1] - dy * drag.s, drag.vb[2], drag.vb[3]];
      applyView();
    });
    window.addEventListener('pointerup', function () { drag = null; });
    svg.addEventListener('click', function (e) {
      if (moved) { moved = false; return; }
      if (e.target._i !== undefined) openCard(e.target._i);
    });
    svg.addEventListener('wheel', function (e) {
      e.preventDefault();
      zoom(e.deltaY < 0 ? 1 / 1.25 : 1.25, toMap(e));
    }, { passive: false });
    $('zoom-in').addEventListener('click', function () { zoom(1 / 1.5); });
    $('zoom-out').addEventListener('click', function () { zoom(1.5); });
    $('zoom-home').addEventListener('click', function () { vb = home.slice(); applyView(); });
  }

  setupMap();
  setupList();

  // ---- Self-test: `report.html#selftest` plays a planner's clicks and writes what it saw into
  // the page, for the browser test (headless Chromium, --dump-dom). ------------------------------
  if (location.hash === '#selftest') {
    var out = { units: N, errors: [] };
    try {
      out.rowsShown = $('list-body').rows.length;
      out.firstRowCells = Array.prototype.map.call($('list-body').rows[0].cells, function (c) { return c.textContent; });
      $('list-body').rows[0].cells[1].click();
      out.cardHidden = $('card').hidden;
      out.cardTitle = $('card').querySelector('h3').textContent;
      out.cardCriteria = Array.prototype.map.call($('card').querySelectorAll('table')[0].tBodies[0].rows, function (r) {
        return [r.cells[0].firstChild.textContent, r.cells[1].textContent];
      });
      out.cardSelection = $('card').querySelector('.selection').textContent;
      out.highlighted = highlighted;
      out.viewBoxAfterFind = svg ? svg.getAttribute('viewBox') : null;
      var firstParent = D.parent[+$('list-body').rows[0].getAttribute('data-i')];
      $('f-parent').value = String(firstParent);
      $('f-parent').dispatchEvent(new Event('change'));
      out.filterParent = firstParent < 0 ? null : D.parents[firstParent][0];
      out.filterCount = $('list-count').textContent;
      out.filteredRowParents = Array.prototype.map.call($('list-body').rows, function (r) { return r.cells[2].textContent; });
      $('f-parent').value = '';
      $('f-search').value = D.id[N - 1];
      $('f-search').dispatchEvent(new Event('input'));
      out.searchFor = D.id[N - 1];
      out.searchRows = Array.prototype.map.call($('list-body').rows, function (r) { return r.getAttribute('data-i'); });
      $('f-search').value = '';
      $('f-search').dispatchEvent(new Event('input'));
      // Sorting by score, lowest first, then highest first.
      var scoreButton = $('list-head').querySelector('button[data-k="3"]');
      scoreButton.click();
      out.sortScoreFirst = $('list-body').rows[0].cells[3].textContent;
      scoreButton.click();
      out.sortScoreSecond = $('list-body').rows[0].cells[3].textContent;
      out.layers = D.layers.map(function (l, k) {
        setLayer(k);
        return { key: l.key, legendItems: $('legend').children.length, caption: $('maptitle').textContent, firstPathClass: paths.length ? paths[0].getAttribute('class') : null };
      });
      setLayer(0);
      out.resources = performance.getEntriesByType('resource').map(function (r) { return r.name; });
      var external = [];
      Array.prototype.forEach.call(document.querySelectorAll('*'), function (e) {
        ['src', 'href', 'action', 'data', 'poster', 'srcset', 'xlink:href'].forEach(function (a) {
          var v = e.getAttribute(a);
          if (v && !/^#|^data:/.test(v)) external.push(e.tagName + ' ' + a + '=' + v);
        });
      });
      out.externalReferences = external;
    } catch (err) {
      out.errors.push(String(err && err.stack || err));
    }
    var pre = document.createElement('pre');
    pre.id = 'selftest-result';
    pre.textContent = JSON.stringify(out);
    document.body.appendChild(pre);
  }
})();
