/* Draw the dashboards' charts with the self-hosted Chart.js: data comes from the
   json_script blocks next to each canvas, labels are already Jalali, and every number on
   axes and in tooltips is written with Persian digits. No inline script (strict CSP). */
(function () {
  "use strict";
  var numbers = new Intl.NumberFormat("fa-IR");
  // Axis ticks of rials read better as «۲۰۹ میلیارد» than as twelve digits.
  var compact = new Intl.NumberFormat("fa-IR", { notation: "compact" });
  var COLORS = ["#1f6f8b", "#99c24d", "#f2a541", "#c0504d", "#7d5ba6", "#8c8c8c", "#2e8b57", "#d17a22"];

  function fa(value) {
    return typeof value === "number" ? numbers.format(value) : value;
  }

  function draw(canvas) {
    var source = document.getElementById(canvas.dataset.chart);
    if (!source || !window.Chart) { return; }
    var spec = JSON.parse(source.textContent);
    var line = spec.kind === "line";
    var horizontal = spec.horizontal && !line;
    var suffix = spec.percent ? "٪" : "";
    var datasets = spec.datasets.map(function (set, index) {
      var color = set.color || COLORS[index % COLORS.length];
      return {
        label: set.label,
        data: set.data,
        backgroundColor: color,
        borderColor: color,
        borderWidth: line ? 2 : 0,
        tension: 0.2
      };
    });
    var valueAxis = {
      stacked: spec.stacked,
      beginAtZero: true,
      max: spec.percent ? 100 : undefined,
      ticks: {
        precision: 0,
        callback: function (value) {
          return (Math.abs(value) >= 1e6 ? compact.format(value) : fa(value)) + suffix;
        }
      }
    };
    var labelAxis = { stacked: spec.stacked, offset: true, ticks: { autoSkip: !horizontal } };
    var scales = horizontal
      ? { x: Object.assign(valueAxis, { reverse: true }), y: Object.assign(labelAxis, { position: "right" }) }
      : { x: Object.assign(labelAxis, { reverse: true }), y: Object.assign(valueAxis, { position: "right" }) };
    new window.Chart(canvas, {
      type: line ? "line" : "bar",
      data: { labels: spec.labels, datasets: datasets },
      options: {
        indexAxis: horizontal ? "y" : "x",
        responsive: true,
        maintainAspectRatio: false,
        animation: false,
        locale: "fa-IR",
        scales: scales,
        plugins: {
          legend: { rtl: true, textDirection: "rtl", position: "top", align: "start" },
          tooltip: {
            rtl: true,
            textDirection: "rtl",
            callbacks: {
              label: function (context) {
                var value = horizontal ? context.parsed.x : context.parsed.y;
                return context.dataset.label + ": " + fa(value) + suffix;
              }
            }
          }
        }
      }
    });
    canvas.dataset.drawn = "true";
  }

  function start() {
    if (!window.Chart) { return; }
    window.Chart.defaults.font.family = '"Vazirmatn FD", "Vazirmatn", Tahoma, sans-serif';
    document.querySelectorAll("canvas[data-chart]").forEach(draw);
  }

  var ready = document.fonts && document.fonts.ready ? document.fonts.ready : Promise.resolve();
  ready.then(start, start);
}());
