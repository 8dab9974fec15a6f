// kyclink's cut-off explorer: what a cut-off accepts, from the counts per cut-off embedded
// in the page (window.KYCLINK_DATA). Offline, no library, nothing fetched.
(function () {
  "use strict";
  var data = window.KYCLINK_DATA;
  var root = document.getElementById("explorer");
  if (!data || !root || !data.scores.length) { return; }
  var select = root.querySelector("[data-testid=cutoff-score]");
  var input = root.querySelector("[data-testid=cutoff-input]");
  var slider = root.querySelector("[data-testid=cutoff-slider]");
  var SVG = "http://www.w3.org/2000/svg";
  var score = null;

  function figure(name, text) {
    var element = root.querySelector("[data-testid=figure-" + name + "]");
    if (element) { element.textContent = text; }
  }
  function row(name, shown) {
    var element = root.querySelector("[data-row=" + name + "]");
    if (element) { element.hidden = !shown; }
  }
  // Rates are shown as percentages with two decimals (the README says so).
  function percent(x) { return x === null || isNaN(x) ? "-" : (100 * x).toFixed(2) + "%"; }
  function number(x) {
    var decimals = x > 0.9999 && x < 1 ? 6 : 4;
    var text = x.toFixed(decimals);
    if (text.indexOf(".") >= 0) { text = text.replace(/0+$/, "").replace(/\.$/, ""); }
    return text === "-0" ? "0" : text;
  }
  function sum(values) { var s = 0; for (var i = 0; i < values.length; i++) { s += values[i]; } return s; }

  // Cumulative counts from the highest cut-off down: index i accepts cut-offs[0..=i].
  function prepare(s) {
    var n = s.cutoffs.length, acc = { rows: [], owners: [], probability: [] };
    var r = 0, o = 0, p = 0;
    for (var i = 0; i < n; i++) {
      r += s.rows[i]; acc.rows.push(r);
      if (s.owners) { o += s.owners[i]; acc.owners.push(o); }
      if (s.probability) { p += s.probability[i]; acc.probability.push(p); }
    }
    s.acc = acc;
    s.total = r;
    s.totalOwners = s.owners ? o : null;
    s.totalProbability = s.probability ? p : null;
    if (s.kinds) {
      s.kindAcc = s.kinds.map(function (counts) {
        var c = 0; return counts.map(function (x) { c += x; return c; });
      });
    }
    return s;
  }

  // The index of the lowest table cut-off at or above `value` (cut-offs are highest first):
  // a typed cut-off between two of them accepts what the higher one does.
  function indexAtOrAbove(value) {
    var cutoffs = score.cutoffs, best = 0;
    for (var i = 0; i < cutoffs.length; i++) { if (cutoffs[i] >= value - 1e-12) { best = i; } }
    return best;
  }

  function show(index) {
    var s = score, cutoff = s.cutoffs[index];
    var accepted = s.acc.rows[index];
    figure("cutoff", number(cutoff));
    figure("accepted", String(accepted));
    figure("match-rate", percent(s.total ? accepted / s.total : null));
    var labelled = s.owners !== null && s.owners !== undefined;
    ["precision", "recall", "f1", "false-positive-rate", "kinds"].forEach(function (name) { row(name, labelled); });
    if (labelled) {
      var tp = s.acc.owners[index], owners = s.totalOwners, others = s.total - owners;
      figure("precision", percent(accepted ? tp / accepted : null));
      figure("recall", percent(owners ? tp / owners : null));
      figure("f1", percent(accepted + owners ? (2 * tp) / (accepted + owners) : null));
      figure("false-positive-rate", percent(others ? (accepted - tp) / others : null));
      kindTable(index);
    }
    var estimates = s.probability !== null && s.probability !== undefined;
    row("estimated-fdr", estimates); row("estimated-fnr", estimates);
    if (estimates) {
      var ap = s.acc.probability[index];
      figure("estimated-fdr", percent(accepted ? (accepted - ap) / accepted : null));
      figure("estimated-fnr", percent(s.totalProbability ? (s.totalProbability - ap) / s.totalProbability : null));
    }
    slider.value = String(s.cutoffs.length - 1 - index);
    histogram(index);
    errors(index);
  }

  function kindTable(index) {
    var body = root.querySelector("[data-testid=figure-kinds]");
    if (!body) { return; }
    while (body.firstChild) { body.removeChild(body.firstChild); }
    if (!score.kindAcc) { return; }
    data.kinds.forEach(function (kind, k) {
      var all = score.kindAcc[k][score.kindAcc[k].length - 1];
      if (!all) { return; }
      var tr = document.createElement("tr");
      [kind, String(score.kindAcc[k][index]) + " of " + all, percent(score.kindAcc[k][index] / all)].forEach(function (text, i) {
        var td = document.createElement("td");
        td.textContent = text;
        if (i === 0) { td.className = "text"; }
        tr.appendChild(td);
      });
      body.appendChild(tr);
    });
  }

  function element(name, attributes, parent) {
    var e = document.createElementNS(SVG, name);
    Object.keys(attributes).forEach(function (k) { e.setAttribute(k, attributes[k]); });
    if (parent) { parent.appendChild(e); }
    return e;
  }
  function text(parent, x, y, content, anchor) {
    var t = element("text", { x: x, y: y, "font-size": 11, "text-anchor": anchor || "middle", fill: "#333" }, parent);
    t.textContent = content;
    return t;
  }

  var W = 640, H = 260, L = 56, R = 12, T = 12, B = 36;

  function axisScale(s) {
    var low = Math.min.apply(null, s.axis), high = Math.max.apply(null, s.axis);
    if (high <= low) { high = low + 1; }
    return { low: low, high: high, x: function (v) { return L + ((v - low) / (high - low)) * (W - L - R); } };
  }

  // Requests per score on the score's axis; with labels owners and other people apart.
  function histogram(index) {
    var svg = root.querySelector("[data-testid=explorer-histogram]");
    while (svg.firstChild) { svg.removeChild(svg.firstChild); }
    var s = score, scale = axisScale(s), bins = 40, width = (scale.high - scale.low) / bins || 1;
    var owners = [], others = [];
    for (var b = 0; b <= bins; b++) { owners.push(0); others.push(0); }
    for (var i = 0; i < s.cutoffs.length; i++) {
      var bin = Math.min(bins, Math.floor((s.axis[i] - scale.low) / width));
      var o = s.owners ? s.owners[i] : 0;
      owners[bin] += s.owners ? o : s.rows[i];
      others[bin] += s.owners ? s.rows[i] - o : 0;
    }
    var highest = Math.max(1, Math.max.apply(null, owners), Math.max.apply(null, others));
    var y = function (v) { return H - B - (v / highest) * (H - B - T); };
    element("line", { x1: L, y1: H - B, x2: W - R, y2: H - B, stroke: "#999" }, svg);
    element("line", { x1: L, y1: T, x2: L, y2: H - B, stroke: "#999" }, svg);
    var barWidth = Math.max(1, (W - L - R) / (bins + 1) - 1);
    for (var k = 0; k <= bins; k++) {
      var x = scale.x(scale.low + k * width);
      if (owners[k]) { element("rect", { x: x, y: y(owners[k]), width: barWidth, height: H - B - y(owners[k]), fill: "#4c78a8", opacity: 0.7 }, svg); }
      if (others[k]) { element("rect", { x: x, y: y(others[k]), width: barWidth, height: H - B - y(others[k]), fill: "#e45756", opacity: 0.6 }, svg); }
    }
    var cx = scale.x(s.axis[index]);
    element("line", { x1: cx, y1: T, x2: cx, y2: H - B, stroke: "#222", "stroke-width": 2, "stroke-dasharray": "4 3" }, svg);
    text(svg, L, H - B + 14, number(scale.low));
    text(svg, W - R, H - B + 14, number(scale.high));
    text(svg, (L + W - R) / 2, H - 6, s.axisLabel);
    text(svg, L - 6, T + 8, String(highest), "end");
    text(svg, L - 6, H - B, "0", "end");
    var legend = root.querySelector("[data-testid=histogram-legend]");
    legend.textContent = s.owners ? "blue: owners; red: other people; dashed: the cut-off" : "requests; dashed: the cut-off";
  }

  // The error rate on a log scale, where 0.99 and 0.999 are a decade apart: with labels the
  // share of accepted requests that were not the owner's (1 - precision), from the model its
  // estimate. The cut-off dashed.
  function errors(index) {
    var svg = root.querySelector("[data-testid=explorer-errors]");
    while (svg.firstChild) { svg.removeChild(svg.firstChild); }
    var s = score, scale = axisScale(s), lines = [];
    if (s.owners) {
      lines.push({ color: "#4c78a8", name: "false-discovery rate (labels)", values: s.acc.rows.map(function (a, i) { return a ? (a - s.acc.owners[i]) / a : null; }) });
    }
    if (s.probability) {
      lines.push({ color: "#f58518", name: "estimated false-discovery rate (model)", values: s.acc.rows.map(function (a, i) { return a ? (a - s.acc.probability[i]) / a : null; }) });
    }
    var legend = root.querySelector("[data-testid=errors-legend]");
    svg.parentNode.hidden = !lines.length;
    if (!lines.length) { return; }
    var floor = 1e-5, decades = 5;
    var y = function (v) { var l = Math.log10(Math.max(floor, v)); return T + ((0 - l) / decades) * (H - B - T); };
    for (var d = 0; d <= decades; d++) {
      var value = Math.pow(10, -d), yy = y(value);
      element("line", { x1: L, y1: yy, x2: W - R, y2: yy, stroke: "#ddd" }, svg);
      text(svg, L - 6, yy + 4, d === 0 ? "100%" : (100 * value).toFixed(Math.max(0, d - 2)) + "%", "end");
    }
    lines.forEach(function (line) {
      var points = [];
      for (var i = s.cutoffs.length - 1; i >= 0; i--) {
        if (line.values[i] !== null) { points.push(scale.x(s.axis[i]).toFixed(1) + "," + y(line.values[i]).toFixed(1)); }
      }
      element("polyline", { points: points.join(" "), fill: "none", stroke: line.color, "stroke-width": 2 }, svg);
    });
    var cx = scale.x(s.axis[index]);
    element("line", { x1: cx, y1: T, x2: cx, y2: H - B, stroke: "#222", "stroke-width": 2, "stroke-dasharray": "4 3" }, svg);
    text(svg, (L + W - R) / 2, H - 6, s.axisLabel);
    legend.textContent = lines.map(function (l) { return (l.color === "#4c78a8" ? "blue: " : "orange: ") + l.name; }).join("; ") + "; log scale";
  }

  function choose(column, cutoff) {
    score = data.scores.filter(function (s) { return s.column === column; })[0] || data.scores[0];
    if (!score.acc) { prepare(score); }
    select.value = score.column;
    slider.min = "0";
    slider.max = String(score.cutoffs.length - 1);
    var start = cutoff === undefined ? (score.defaultCutoff === null ? score.cutoffs[0] : score.defaultCutoff) : cutoff;
    var index = indexAtOrAbove(start);
    input.value = number(score.cutoffs[index]);
    show(index);
  }

  select.addEventListener("change", function () { choose(select.value); });
  input.addEventListener("input", function () {
    var value = parseFloat(input.value);
    if (!isNaN(value)) { show(indexAtOrAbove(value)); }
  });
  slider.addEventListener("input", function () {
    var index = score.cutoffs.length - 1 - parseInt(slider.value, 10);
    input.value = number(score.cutoffs[index]);
    show(index);
  });
  root.hidden = false;
  choose(select.value);
})();
