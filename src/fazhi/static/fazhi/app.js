// No inline scripts (CSP): behaviour hangs off data attributes.
document.addEventListener("change", function (ev) {
  var form = ev.target.closest("form[data-autosubmit]");
  if (form && window.htmx) { htmx.trigger(form, "submit"); }
});
document.addEventListener("click", function (ev) {
  var btn = ev.target.closest("[data-confirm]");
  if (btn && !window.confirm(btn.getAttribute("data-confirm"))) { ev.preventDefault(); }
});
