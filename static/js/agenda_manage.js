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
