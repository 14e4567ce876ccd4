/* A small Jalali (Solar Hijri) date picker for every <input class="jalali-date">.
 *
 * No dependencies and no inline script, so it runs under a strict CSP. The calendar
 * arithmetic follows the jalaali-js algorithm (Borkowski's break years, MIT licence),
 * the same one the server uses through jdatetime. Typing stays possible: the picker only
 * helps, and the server parses whatever digits the user typed.
 *
 * Keyboard: Alt+ArrowDown or the button opens it; arrows move by day/week; PageUp/PageDown
 * by month; Enter picks; Escape closes and returns focus to the input.
 */
(function () {
  "use strict";

  var BREAKS = [-61, 9, 38, 199, 426, 686, 756, 818, 1111, 1181, 1210, 1635, 2060, 2097,
    2192, 2262, 2324, 2394, 2456, 3178];
  var MONTHS = ["فروردین", "اردیبهشت", "خرداد", "تیر", "مرداد", "شهریور", "مهر", "آبان",
    "آذر", "دی", "بهمن", "اسفند"];
  var WEEKDAYS = ["ش", "ی", "د", "س", "چ", "پ", "ج"];
  var WEEKDAY_NAMES = ["شنبه", "یکشنبه", "دوشنبه", "سه‌شنبه", "چهارشنبه", "پنجشنبه", "جمعه"];
  var FA = "۰۱۲۳۴۵۶۷۸۹";

  function div(a, b) { return ~~(a / b); }
  function mod(a, b) { return a - ~~(a / b) * b; }

  function jalCal(jy) {
    var gy = jy + 621, leapJ = -14, jp = BREAKS[0], jm, jump = 0, leap, leapG, march, n, i;
    for (i = 1; i < BREAKS.length; i += 1) {
      jm = BREAKS[i];
      jump = jm - jp;
      if (jy < jm) { break; }
      leapJ = leapJ + div(jump, 33) * 8 + div(mod(jump, 33), 4);
      jp = jm;
    }
    n = jy - jp;
    leapJ = leapJ + div(n, 33) * 8 + div(mod(n, 33) + 3, 4);
    if (mod(jump, 33) === 4 && jump - n === 4) { leapJ += 1; }
    leapG = div(gy, 4) - div((div(gy, 100) + 1) * 3, 4) - 150;
    march = 20 + leapJ - leapG;
    if (jump - n < 6) { n = n - jump + div(jump + 4, 33) * 33; }
    leap = mod(mod(n + 1, 33) - 1, 4);
    if (leap === -1) { leap = 4; }
    return { leap: leap, gy: gy, march: march };
  }

  function g2d(gy, gm, gd) {
    var d = div((gy + div(gm - 8, 6) + 100100) * 1461, 4) + div(153 * mod(gm + 9, 12) + 2, 5) +
      gd - 34840408;
    return d - div(div(gy + 100100 + div(gm - 8, 6), 100) * 3, 4) + 752;
  }

  function d2g(jdn) {
    var j = 4 * jdn + 139361631;
    j = j + div(div(4 * jdn + 183187720, 146097) * 3, 4) * 4 - 3908;
    var i = div(mod(j, 1461), 4) * 5 + 308;
    var gd = div(mod(i, 153), 5) + 1;
    var gm = mod(div(i, 153), 12) + 1;
    var gy = div(j, 1461) - 100100 + div(8 - gm, 6);
    return { gy: gy, gm: gm, gd: gd };
  }

  function j2d(jy, jm, jd) {
    var r = jalCal(jy);
    return g2d(r.gy, 3, r.march) + (jm - 1) * 31 - div(jm, 7) * (jm - 7) + jd - 1;
  }

  function d2j(jdn) {
    var gy = d2g(jdn).gy, jy = gy - 621, r = jalCal(jy), k = jdn - g2d(gy, 3, r.march);
    if (k >= 0) {
      if (k <= 185) { return { jy: jy, jm: 1 + div(k, 31), jd: mod(k, 31) + 1 }; }
      k -= 186;
    } else {
      jy -= 1;
      k += 179;
      if (r.leap === 1) { k += 1; }
    }
    return { jy: jy, jm: 7 + div(k, 30), jd: mod(k, 30) + 1 };
  }

  function monthLength(jy, jm) {
    if (jm <= 6) { return 31; }
    if (jm <= 11) { return 30; }
    return jalCal(jy).leap === 0 ? 30 : 29;
  }

  // Column of a day in a Saturday-first week (0 = Saturday ... 6 = Friday).
  function weekColumn(jdn) { return mod(jdn + 2, 7); }

  function toFa(value) {
    return String(value).replace(/[0-9]/g, function (d) { return FA[+d]; });
  }
  function toLatin(value) {
    return String(value)
      .replace(/[۰-۹]/g, function (d) { return String(d.charCodeAt(0) - 0x06F0); })
      .replace(/[٠-٩]/g, function (d) { return String(d.charCodeAt(0) - 0x0660); });
  }
  function pad(n) { return n < 10 ? "0" + n : String(n); }
  function format(j) { return toFa(j.jy + "/" + pad(j.jm) + "/" + pad(j.jd)); }

  function parse(text) {
    var m = toLatin(text || "").match(/^\s*(\d{4})\s*[\/\-.]\s*(\d{1,2})\s*[\/\-.]\s*(\d{1,2})\s*$/);
    if (!m) { return null; }
    var jy = +m[1], jm = +m[2], jd = +m[3];
    if (jm < 1 || jm > 12 || jd < 1 || jd > monthLength(jy, jm)) { return null; }
    return j2d(jy, jm, jd);
  }

  function todayJdn() {
    var now = new Date();
    return g2d(now.getFullYear(), now.getMonth() + 1, now.getDate());
  }

  var picker = null, current = null, shownJdn = 0, focusJdn = 0, idCounter = 0;

  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (key) { node.setAttribute(key, attrs[key]); });
    if (text !== undefined) { node.textContent = text; }
    return node;
  }

  function close(returnFocus) {
    if (!picker || picker.hidden) { return; }
    picker.hidden = true;
    if (current) {
      current.setAttribute("aria-expanded", "false");
      if (returnFocus) { current.focus(); }
    }
  }

  function choose(jdn) {
    current.value = format(d2j(jdn));
    current.dispatchEvent(new Event("input", { bubbles: true }));
    current.dispatchEvent(new Event("change", { bubbles: true }));
    close(true);
  }

  function render() {
    var j = d2j(focusJdn), first = j2d(j.jy, j.jm, 1), length = monthLength(j.jy, j.jm);
    var selected = parse(current.value), today = todayJdn();
    picker.textContent = "";
    var head = el("div", { "class": "jdp__head" });
    var prev = el("button", { type: "button", "aria-label": "ماه قبل" }, "‹");
    var next = el("button", { type: "button", "aria-label": "ماه بعد" }, "›");
    var title = el("span", { "class": "jdp__title", "aria-live": "polite" },
      MONTHS[j.jm - 1] + " " + toFa(j.jy));
    prev.addEventListener("click", function () { moveMonth(-1); });
    next.addEventListener("click", function () { moveMonth(1); });
    head.append(prev, title, next);
    var table = el("table", { role: "grid", "aria-label": title.textContent });
    var row = el("tr");
    WEEKDAYS.forEach(function (name, i) { row.append(el("th", { scope: "col", abbr: WEEKDAY_NAMES[i] }, name)); });
    table.append(el("thead"));
    table.tHead.append(row);
    var body = el("tbody");
    row = el("tr");
    for (var blank = 0; blank < weekColumn(first); blank += 1) { row.append(el("td")); }
    for (var day = 1; day <= length; day += 1) {
      var jdn = first + day - 1;
      if (weekColumn(jdn) === 0 && row.childNodes.length) { body.append(row); row = el("tr"); }
      var button = el("button", {
        type: "button",
        tabindex: jdn === focusJdn ? "0" : "-1",
        "data-jdn": String(jdn),
        "aria-label": toFa(day) + " " + MONTHS[j.jm - 1] + " " + toFa(j.jy),
        "aria-selected": jdn === selected ? "true" : "false"
      }, toFa(day));
      if (jdn === today) { button.className = "jdp__today"; }
      var cell = el("td");
      cell.append(button);
      row.append(cell);
    }
    body.append(row);
    table.append(body);
    var foot = el("div", { "class": "jdp__foot" });
    var todayButton = el("button", { type: "button" }, "امروز");
    var clearButton = el("button", { type: "button" }, "پاک کردن");
    todayButton.addEventListener("click", function () { choose(today); });
    clearButton.addEventListener("click", function () {
      current.value = "";
      close(true);
    });
    foot.append(todayButton, clearButton);
    picker.append(head, table, foot);
    shownJdn = first;
  }

  function focusDay() {
    var button = picker.querySelector('[data-jdn="' + focusJdn + '"]');
    if (button) { button.focus(); }
  }

  function moveMonth(delta) {
    var j = d2j(focusJdn), jm = j.jm + delta, jy = j.jy;
    if (jm < 1) { jm = 12; jy -= 1; }
    if (jm > 12) { jm = 1; jy += 1; }
    focusJdn = j2d(jy, jm, Math.min(j.jd, monthLength(jy, jm)));
    render();
    focusDay();
  }

  function moveDay(delta) {
    var before = d2j(focusJdn);
    focusJdn += delta;
    var after = d2j(focusJdn);
    if (after.jm !== before.jm || after.jy !== before.jy) { render(); }
    else {
      picker.querySelectorAll("td button").forEach(function (b) {
        b.setAttribute("tabindex", b.getAttribute("data-jdn") === String(focusJdn) ? "0" : "-1");
      });
    }
    focusDay();
  }

  function ensurePicker() {
    if (picker) { return; }
    picker = el("div", { "class": "jdp", role: "dialog", "aria-modal": "false", "aria-label": "انتخاب تاریخ" });
    picker.hidden = true;
    document.body.append(picker);
    picker.addEventListener("click", function (event) {
      var target = event.target.closest("button[data-jdn]");
      if (target) { choose(+target.getAttribute("data-jdn")); }
    });
    picker.addEventListener("keydown", function (event) {
      // In RTL, the arrow pointing right goes back in time.
      var keys = { ArrowRight: -1, ArrowLeft: 1, ArrowUp: -7, ArrowDown: 7 };
      if (event.key in keys && event.target.matches("button[data-jdn]")) {
        event.preventDefault();
        moveDay(keys[event.key]);
      } else if (event.key === "PageUp" || event.key === "PageDown") {
        event.preventDefault();
        moveMonth(event.key === "PageUp" ? -1 : 1);
      } else if (event.key === "Escape") {
        event.preventDefault();
        close(true);
      }
    });
    document.addEventListener("mousedown", function (event) {
      if (!picker.hidden && !picker.contains(event.target) && event.target !== current &&
          !(event.target.closest && event.target.closest(".jdp-toggle"))) {
        close(false);
      }
    });
  }

  function open(input, moveFocus) {
    ensurePicker();
    current = input;
    focusJdn = parse(input.value) || todayJdn();
    render();
    var rect = input.getBoundingClientRect();
    picker.style.top = (window.scrollY + rect.bottom + 4) + "px";
    var left = window.scrollX + rect.right - picker.offsetWidth;
    picker.hidden = false;
    left = window.scrollX + rect.right - picker.offsetWidth;
    picker.style.left = Math.max(4, left) + "px";
    input.setAttribute("aria-expanded", "true");
    input.setAttribute("aria-controls", picker.id || (picker.id = "jdp-" + (++idCounter)));
    if (moveFocus) { focusDay(); }
  }

  function attach(input) {
    if (input.dataset.jdpAttached) { return; }
    input.dataset.jdpAttached = "1";
    input.setAttribute("aria-haspopup", "dialog");
    input.setAttribute("aria-expanded", "false");
    var toggle = el("button", { type: "button", "class": "button button--quiet jdp-toggle", "aria-label": "باز کردن تقویم" }, "تقویم");
    input.insertAdjacentElement("afterend", toggle);
    toggle.addEventListener("click", function () {
      if (picker && !picker.hidden && current === input) { close(true); } else { open(input, true); }
    });
    input.addEventListener("focus", function () { open(input, false); });
    input.addEventListener("keydown", function (event) {
      if (event.key === "ArrowDown" && (event.altKey || !picker || picker.hidden)) {
        event.preventDefault();
        open(input, true);
      } else if (event.key === "Escape") {
        close(false);
      } else if (event.key === "Tab") {
        close(false);
      }
    });
    input.addEventListener("input", function () {
      if (picker && !picker.hidden && current === input) {
        var jdn = parse(input.value);
        if (jdn) { focusJdn = jdn; render(); }
      }
    });
  }

  function scan(root) {
    (root || document).querySelectorAll("input.jalali-date").forEach(attach);
  }

  // Exposed for tests and for pages that add inputs without htmx.
  window.peygirJalali = { j2d: j2d, d2j: d2j, d2g: d2g, g2d: g2d, format: format, parse: parse, scan: scan };

  document.addEventListener("DOMContentLoaded", function () { scan(document); });
  document.addEventListener("htmx:load", function (event) { scan(event.target); });
})();
