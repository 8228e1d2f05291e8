/* Line items editor for invoice and quote forms (a Django formset).
 *
 * Markup: [data-line-items][data-prefix] holds the management form, [data-item-list]
 * with [data-item-row] rows, a <template data-empty-item> (formset.empty_form, with
 * __prefix__ in names and ids) and [data-item-actions], where the "Add" button goes.
 * Without JavaScript the rendered rows work as they are, with "Remove" checkboxes.
 * With it: "Add an item" clones the template and raises TOTAL_FORMS; "Remove" ticks the
 * row's DELETE box and hides the row (the server drops deleted rows). No inline script.
 */
(function () {
  "use strict";

  function setUp(editor) {
    var prefix = editor.getAttribute("data-prefix");
    var total = editor.querySelector("#id_" + prefix + "-TOTAL_FORMS");
    var list = editor.querySelector("[data-item-list]");
    var template = editor.querySelector("template[data-empty-item]");
    var actions = editor.querySelector("[data-item-actions]");
    var hint = editor.querySelector("[data-no-js-hint]");
    if (!total || !list || !template || !actions) { return; }
    // Built here, not in the HTML: without JavaScript it would do nothing.
    var addButton = document.createElement("button");
    addButton.type = "button";
    addButton.className = "btn";
    addButton.textContent = "Add an item";
    actions.insertBefore(addButton, actions.firstChild);

    function hide(element) { element.style.display = "none"; }

    function renumber() {
      var visible = 0;
      list.querySelectorAll("[data-item-row]").forEach(function (row) {
        if (row.style.display === "none") { return; }
        visible += 1;
        var legend = row.querySelector("legend");
        if (legend) { legend.textContent = "Item " + visible; }
      });
    }

    function enhanceRow(row) {
      var box = row.querySelector("[data-remove-box]");
      if (!box || box.getAttribute("data-enhanced")) { return; }
      var checkbox = box.querySelector("input[type=checkbox]");
      if (!checkbox) { return; }
      box.setAttribute("data-enhanced", "1");
      if (checkbox.checked) { hide(row); return; }
      hide(box);
      var button = document.createElement("button");
      button.type = "button";
      button.className = "btn btn-small item-remove-button";
      button.textContent = "Remove item";
      button.addEventListener("click", function () {
        checkbox.checked = true;
        hide(row);
        renumber();
        addButton.focus();
      });
      box.insertAdjacentElement("afterend", button);
    }

    function addRow() {
      var index = parseInt(total.value, 10) || 0;
      var html = template.innerHTML.replace(/__prefix__/g, String(index));
      var holder = document.createElement("div");
      holder.innerHTML = html;
      var row = holder.querySelector("[data-item-row]");
      if (!row) { return; }
      list.appendChild(row);
      total.value = String(index + 1);
      enhanceRow(row);
      renumber();
      var first = row.querySelector("input, select, textarea");
      if (first) { first.focus(); }
    }

    list.querySelectorAll("[data-item-row]").forEach(enhanceRow);
    renumber();
    if (hint) { hide(hint); }
    addButton.addEventListener("click", addRow);
  }

  function init() {
    document.querySelectorAll("[data-line-items]").forEach(setUp);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
