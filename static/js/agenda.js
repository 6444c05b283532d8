/* Agenda pages: a "Copier" button next to each read-only address (progressive enhancement:
   without JavaScript the field can still be selected and copied by hand). */
(function () {
  "use strict";

  function copyText(field) {
    if (navigator.clipboard && window.isSecureContext) {
      return navigator.clipboard.writeText(field.value);
    }
    // Plain http (a local test server): the older way still works.
    field.focus();
    field.select();
    return document.execCommand("copy") ? Promise.resolve() : Promise.reject(new Error("copy"));
  }

  function enhance(field) {
    var row = field.parentNode;
    var button = document.createElement("button");
    button.type = "button";
    button.className = "button button--secondary copy-field__button";
    button.textContent = "Copier";
    button.setAttribute("aria-describedby", field.id);
    var status = document.createElement("p");
    status.className = "copy-field__status";
    status.setAttribute("role", "status");
    row.appendChild(button);
    row.parentNode.appendChild(status);
    field.addEventListener("focus", function () { field.select(); });
    button.addEventListener("click", function () {
      copyText(field).then(
        function () { status.textContent = field.getAttribute("data-copy") || "Adresse copiée."; },
        function () {
          field.focus();
          field.select();
          status.textContent = "Copie impossible : l'adresse est sélectionnée, copiez-la avec Ctrl+C.";
        }
      );
    });
  }

  function init() {
    var fields = document.querySelectorAll("[data-copy]");
    for (var i = 0; i < fields.length; i += 1) { enhance(fields[i]); }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
