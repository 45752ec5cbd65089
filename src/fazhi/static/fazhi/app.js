// No inline scripts (CSP): behaviour hangs off data attributes.
document.addEventListener("change", function (ev) {
  var form = ev.target.closest("form[data-autosubmit]");
  if (form && window.htmx) { htmx.trigger(form, "submit"); }
});
document.addEventListener("click", function (ev) {
  var btn = ev.target.closest("[data-confirm]");
  if (btn && !window.confirm(btn.getAttribute("data-confirm"))) { ev.preventDefault(); }
});

// --- on-site pages ------------------------------------------------------------------------
function fazhiCsrf() {
  try { return JSON.parse(document.body.getAttribute("hx-headers"))["X-CSRFToken"]; } catch (e) { return ""; }
}

// Location, when the phone gives it (forms with data-geo get latitude/longitude filled in).
(function () {
  var forms = document.querySelectorAll("form[data-geo]");
  if (!forms.length || !navigator.geolocation) { return; }
  navigator.geolocation.getCurrentPosition(function (pos) {
    forms.forEach(function (f) {
      var lat = f.querySelector("input[name=latitude]"), lng = f.querySelector("input[name=longitude]");
      if (lat && lng) { lat.value = pos.coords.latitude.toFixed(6); lng.value = pos.coords.longitude.toFixed(6); }
    });
    var shown = document.querySelector("[data-geo-status]");
    if (shown) { shown.textContent = shown.getAttribute("data-geo-ok"); }
  }, function () {}, { enableHighAccuracy: true, timeout: 10000, maximumAge: 60000 });
})();

// Checklist autosave: every answer is kept on the phone until the server confirms it, and
// re-sent every few seconds while the network is down; nothing typed is lost.
(function () {
  var box = document.querySelector("[data-autosave]");
  if (!box) { return; }
  var url = box.getAttribute("data-autosave"), key = "fazhi:answers:" + url, status = document.querySelector("[data-save-status]");
  function load() { try { return JSON.parse(localStorage.getItem(key)) || {}; } catch (e) { return {}; } }
  function store(p) { localStorage.setItem(key, JSON.stringify(p)); }
  function say(attr, cls) { if (status) { status.textContent = status.getAttribute(attr); status.className = "small " + cls; } }
  function read(seq) {
    var row = box.querySelector("[data-seq='" + seq + "']"), checked = row.querySelector("input[type=radio]:checked");
    return { seq: seq, answer: checked ? checked.value : "", note: row.querySelector("textarea, input[name=note]").value };
  }
  var busy = false;
  function flush() {
    var pending = load(), seqs = Object.keys(pending);
    if (busy || !seqs.length) { if (!seqs.length) { say("data-saved", "text-success"); } return; }
    busy = true; say("data-saving", "text-muted");
    var item = pending[seqs[0]], body = new URLSearchParams(item);
    fetch(url, { method: "POST", body: body, credentials: "same-origin", headers: { "X-CSRFToken": fazhiCsrf() } })
      .then(function (r) { return r.json().then(function (j) { return { ok: r.ok, j: j }; }); })
      .then(function (res) {
        var now = load();
        if (res.ok || res.j.message) { // saved, or refused for a reason retrying will not fix
          if (JSON.stringify(now[item.seq]) === JSON.stringify(item)) { delete now[item.seq]; store(now); }
          var row = box.querySelector("[data-seq='" + item.seq + "'] [data-line-error]");
          if (row) { row.textContent = res.ok ? "" : res.j.message; }
        }
        busy = false; flush();
      })
      .catch(function () { busy = false; say("data-offline", "text-danger"); });
  }
  // restore what was typed before a reload
  var saved = load();
  Object.keys(saved).forEach(function (seq) {
    var row = box.querySelector("[data-seq='" + seq + "']");
    if (!row) { return; }
    var r = row.querySelector("input[type=radio][value='" + saved[seq].answer + "']");
    if (r) { r.checked = true; }
    row.querySelector("textarea, input[name=note]").value = saved[seq].note;
  });
  box.addEventListener("change", function (ev) {
    var row = ev.target.closest("[data-seq]");
    if (!row) { return; }
    var item = read(row.getAttribute("data-seq")), hint = row.querySelector("[data-line-error]");
    if (item.answer === "fail" && !item.note.trim()) { // the server would refuse it: ask for the note first
      if (hint) { hint.textContent = box.getAttribute("data-note-needed"); }
      return;
    }
    if (hint) { hint.textContent = ""; }
    var p = load(); p[item.seq] = item; store(p); flush();
  });
  setInterval(flush, 5000);
  window.addEventListener("online", flush);
  flush();
})();

// Drafts of longer forms (the result): kept on the phone until the page says it was saved.
(function () {
  document.querySelectorAll("[data-draft-clear]").forEach(function (el) { localStorage.removeItem("fazhi:draft:" + el.getAttribute("data-draft-clear")); });
  document.querySelectorAll("form[data-draft]").forEach(function (form) {
    var key = "fazhi:draft:" + form.getAttribute("data-draft"), data;
    try { data = JSON.parse(localStorage.getItem(key)) || {}; } catch (e) { data = {}; }
    Object.keys(data).forEach(function (name) {
      var el = form.elements[name];
      if (el && el.type !== "hidden" && el.type !== "file" && !el.value) { el.value = data[name]; }
    });
    form.addEventListener("input", function () {
      var out = {};
      Array.prototype.forEach.call(form.elements, function (el) {
        if (el.name && el.type !== "hidden" && el.type !== "file" && el.type !== "submit") { out[el.name] = el.value; }
      });
      localStorage.setItem(key, JSON.stringify(out));
    });
  });
})();

// Signature pads: draw with a finger; the PNG goes into the form's hidden field. A dot or a tap is
// no signature (the server refuses a near-empty drawing too): the field stays empty until the
// strokes are long enough, and a pad that must be signed stops its form from being sent empty.
(function () {
  var MIN_STROKE = 40; // CSS pixels of line drawn, in all
  document.querySelectorAll("canvas[data-signature]").forEach(function (canvas) {
    var ctx = canvas.getContext("2d"), drawing = false, length = 0, last = null;
    var name = canvas.getAttribute("data-signature");
    var input = document.getElementById(name);
    var empty = document.querySelector("[data-signature-empty='" + name + "']");
    function fit() { var w = canvas.clientWidth; canvas.width = w; canvas.height = Math.round(w / 2.5); ctx.lineWidth = 2.5; ctx.lineCap = "round"; }
    fit();
    function at(ev) { var r = canvas.getBoundingClientRect(); return [ev.clientX - r.left, ev.clientY - r.top]; }
    canvas.addEventListener("pointerdown", function (ev) { drawing = true; last = at(ev); ctx.beginPath(); ctx.moveTo(last[0], last[1]); canvas.setPointerCapture(ev.pointerId); });
    canvas.addEventListener("pointermove", function (ev) {
      if (!drawing) { return; }
      var p = at(ev); length += Math.hypot(p[0] - last[0], p[1] - last[1]); last = p;
      ctx.lineTo(p[0], p[1]); ctx.stroke();
    });
    canvas.addEventListener("pointerup", function () {
      drawing = false;
      if (length >= MIN_STROKE) { input.value = canvas.toDataURL("image/png"); if (empty) { empty.hidden = true; } }
    });
    var clear = document.querySelector("[data-signature-clear='" + name + "']");
    if (clear) { clear.addEventListener("click", function () { ctx.clearRect(0, 0, canvas.width, canvas.height); length = 0; input.value = ""; }); }
    var form = canvas.closest("form");
    var required = canvas.hasAttribute("data-signature-required");
    var unless = canvas.getAttribute("data-signature-unless");
    if (form && (required || unless)) {
      form.addEventListener("submit", function (ev) {
        var other = unless ? form.querySelector("[name='" + unless + "']") : null;
        if (input.value || (other && other.value.trim())) { return; }
        ev.preventDefault();
        if (empty) { empty.hidden = false; }
        canvas.scrollIntoView({ block: "center" });
      });
    }
  });
})();
document.addEventListener("click", function (ev) { if (ev.target.closest("[data-print]")) { window.print(); } });

// 大字版 (适老化): larger type and spacing, kept per browser; the button says whether it is on.
(function () {
  var KEY = "fazhi:large-text", root = document.documentElement;
  function get() { try { return localStorage.getItem(KEY) === "1"; } catch (e) { return false; } }
  function apply(on) {
    root.classList.toggle("large-text", on);
    document.querySelectorAll("[data-large-text-toggle]").forEach(function (b) { b.setAttribute("aria-pressed", on ? "true" : "false"); });
  }
  apply(get());
  document.addEventListener("click", function (ev) {
    var btn = ev.target.closest("[data-large-text-toggle]");
    if (!btn) { return; }
    var on = !root.classList.contains("large-text");
    try { localStorage.setItem(KEY, on ? "1" : "0"); } catch (e) { /* private mode: this page only */ }
    apply(on);
  });
})();
