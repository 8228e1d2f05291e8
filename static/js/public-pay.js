// Hosted invoice page: show the fields of the chosen method and the total to be
// charged. Display only: the server recomputes the amount and the tip.
(function () {
  "use strict";
  var form = document.getElementById("pay-form");
  if (!form) { return; }
  var currency = form.dataset.currency;
  var balance = parseFloat(form.dataset.balance);
  var formatter;
  try {
    formatter = new Intl.NumberFormat("en-US", { style: "currency", currency: currency });
  } catch (e) {
    formatter = { format: function (v) { return v.toFixed(2) + " " + currency; } };
  }
  var digits = formatter.resolvedOptions ? formatter.resolvedOptions().maximumFractionDigits : 2;

  function round(value) {
    var f = Math.pow(10, digits);
    return Math.round((value + Number.EPSILON) * f) / f;
  }

  function amount() {
    var input = form.querySelector("[name=amount]");
    if (form.dataset.partial === "1" && input) {
      var v = parseFloat(input.value);
      return isNaN(v) ? 0 : v;
    }
    return balance;
  }

  function tip(base) {
    var chosen = form.querySelector("[name=tip_choice]:checked");
    if (!chosen || chosen.value === "none") { return 0; }
    if (chosen.value === "custom") {
      var v = parseFloat((form.querySelector("[name=tip_custom]") || {}).value);
      return isNaN(v) ? 0 : v;
    }
    return round(base * parseFloat(chosen.value) / 100);
  }

  function update() {
    var base = round(amount());
    var total = document.getElementById("pay-total");
    if (total) { total.textContent = formatter.format(round(base + tip(base))); }
    var method = form.querySelector("[name=method]:checked");
    var card = document.getElementById("card-fields");
    var ach = document.getElementById("ach-fields");
    if (card) { card.classList.toggle("hidden", !!method && method.value !== "card"); }
    if (ach) { ach.classList.toggle("hidden", !method || method.value !== "ach"); }
    var chosenTip = form.querySelector("[name=tip_choice]:checked");
    var custom = form.querySelector(".tip-custom");
    if (custom) { custom.classList.toggle("hidden", !chosenTip || chosenTip.value !== "custom"); }
  }

  form.addEventListener("input", update);
  form.addEventListener("change", update);
  form.addEventListener("submit", function () {
    // One submission per render; the one-time key protects the server side as well.
    var button = document.getElementById("pay-button");
    window.setTimeout(function () { if (button) { button.disabled = true; button.textContent = "Processing…"; } }, 0);
  });
  update();
})();
