// Event form: show only the fields that apply (times unless all day, repetition details).
// Without JavaScript every field stays visible and the server checks them all the same.
(function () {
  "use strict";
  var form = document.querySelector(".event-form");
  if (!form) { return; }

  function box(id) {
    var input = document.getElementById(id);
    return input ? input.closest(".form-field") : null;
  }

  function show(id, visible) {
    var element = box(id);
    if (element) { element.hidden = !visible; }
  }

  var allDay = document.getElementById("all_day");
  var repeat = document.getElementById("repeat");

  function update() {
    var timed = !(allDay && allDay.checked);
    show("start_time", timed);
    show("end_time", timed);
    var kind = repeat ? repeat.value : "";
    var rule = kind === "weekly" || kind === "biweekly" || kind === "monthly-weekday";
    show("monthly_last", kind === "monthly-weekday");
    show("repeat_until", rule);
    show("repeat_count", rule);
    show("extra_dates", kind === "dates");
    show("excluded_dates", kind !== "");
  }

  if (allDay) { allDay.addEventListener("change", update); }
  if (repeat) { repeat.addEventListener("change", update); }
  update();
})();

// Clash warnings refreshed as dates, place and publics are chosen (the « Vérifier les dates »
// button does the same by posting the form).
(function () {
  "use strict";
  var form = document.querySelector(".event-form[data-clashes-url]");
  var slot = document.getElementById("clash-slot");
  if (!form || !slot || !window.fetch || !window.URLSearchParams) { return; }
  var watched = /^(start_date|start_time|end_date|end_time|all_day|repeat|monthly_last|repeat_until|repeat_count|extra_dates|excluded_dates|place|commune|publics)$/;
  var timer = null;

  function refresh() {
    var params = new URLSearchParams();
    new FormData(form).forEach(function (value, name) {
      if (typeof value === "string" && name !== "csrf_token") { params.append(name, value); }
    });
    var url = form.getAttribute("data-clashes-url");
    url += (url.indexOf("?") === -1 ? "?" : "&") + params.toString();
    fetch(url, { credentials: "same-origin", headers: { "Accept": "text/html" } })
      .then(function (response) { return response.ok ? response.text() : null; })
      .then(function (html) { if (html !== null) { slot.innerHTML = html; } })
      .catch(function () { /* the button still works */ });
  }

  form.addEventListener("change", function (event) {
    if (!event.target.name || !watched.test(event.target.name)) { return; }
    window.clearTimeout(timer);
    timer = window.setTimeout(refresh, 300);
  });
})();
