// Orientation sheet: a « Imprimer » button, shown only when JavaScript can print.
document.querySelectorAll(".sheet-toolbar__print").forEach((button) => {
  button.hidden = false;
  button.addEventListener("click", () => window.print());
});
