// Supervision dashboard: ECharts (vendored) fed from the page's JSON (no inline script: CSP).
(function () {
  var el = document.getElementById("dashboard-data");
  if (!el || !window.echarts) { return; }
  var f = JSON.parse(el.textContent);
  function bars(names, values, horizontal) {
    var cat = { type: "category", data: names, axisLabel: { interval: 0, width: 110, overflow: "truncate" } };
    var val = { type: "value", minInterval: 1 };
    return { grid: { left: horizontal ? 120 : 40, right: 16, top: 16, bottom: 30 }, tooltip: {},
      xAxis: horizontal ? val : cat, yAxis: horizontal ? cat : val,
      series: [{ type: "bar", data: values }] };
  }
  var months = ["1", "2", "3", "4", "5", "6", "7", "8", "9", "10", "11", "12"];
  var keys = Object.keys(f.visits_this_year);
  var options = {
    by_rule: bars(f.by_rule.map(function (r) { return r.name; }), f.by_rule.map(function (r) { return r.n; }), true),
    by_body: bars(f.by_body.map(function (r) { return r.name; }), f.by_body.map(function (r) { return r.n; }), true),
    by_township: bars(f.by_township.map(function (r) { return r.name; }), f.by_township.map(function (r) { return r.n; }), true),
    by_month: bars(months, f.by_month, false),
    visits: { tooltip: {}, legend: {}, grid: { left: 40, right: 16, top: 30, bottom: 30 },
      xAxis: { type: "category", data: keys }, yAxis: { type: "value", minInterval: 1 },
      series: [{ name: String(f.year - 1), type: "bar", data: keys.map(function (k) { return f.visits_last_year[k]; }) },
               { name: String(f.year), type: "bar", data: keys.map(function (k) { return f.visits_this_year[k]; }) }] }
  };
  document.querySelectorAll("[data-chart]").forEach(function (node) {
    var chart = echarts.init(node, null, { renderer: "canvas" });
    chart.setOption(options[node.getAttribute("data-chart")]);
    window.addEventListener("resize", function () { chart.resize(); });
  });
})();
