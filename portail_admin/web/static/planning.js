// Planning cell menu: opens on click, tap, right-click or keyboard (Enter/Space) on a cell.
// Without JavaScript each cell is a link to a page offering the same actions.
(function () {
  "use strict";
  var grid = document.getElementById("planning-grid");
  if (!grid) { return; }
  var actionForm = document.getElementById("cell-action");
  var withdrawForm = document.getElementById("cell-withdraw");
  var menu = null;
  var opener = null;

  function closeMenu(restoreFocus) {
    if (menu) { menu.remove(); menu = null; }
    if (restoreFocus && opener) { opener.focus(); }
    opener = null;
  }

  function item(label, onChoose) {
    var button = document.createElement("button");
    button.type = "button";
    button.setAttribute("role", "menuitem");
    button.textContent = label;
    button.addEventListener("click", onChoose);
    return button;
  }

  function submitAction(cell, kind) {
    actionForm.elements.service_id.value = cell.dataset.service;
    actionForm.elements.day.value = cell.dataset.day;
    actionForm.elements.kind.value = kind;
    actionForm.submit();
  }

  function openMenu(cell) {
    closeMenu(false);
    opener = cell;
    menu = document.createElement("div");
    menu.className = "cell-menu";
    menu.setAttribute("role", "menu");
    menu.setAttribute("aria-label", cell.dataset.label);
    var title = document.createElement("p");
    title.className = "cell-menu-title";
    title.textContent = cell.dataset.label;
    menu.appendChild(title);
    if (cell.dataset.reserve === "1") {
      menu.appendChild(item(cell.dataset.reserveLabel, function () { submitAction(cell, "reservation"); }));
    }
    if (cell.dataset.absence === "1") {
      if (cell.dataset.billed === "1") {
        var notice = document.createElement("p");
        notice.className = "cell-menu-notice";
        notice.id = "cell-menu-notice";
        notice.textContent = grid.dataset.billedNotice;
        menu.appendChild(notice);
      }
      var absence = item(cell.dataset.absenceLabel, function () { submitAction(cell, "absence"); });
      if (cell.dataset.billed === "1") { absence.setAttribute("aria-describedby", "cell-menu-notice"); }
      menu.appendChild(absence);
    }
    if (cell.dataset.withdraw) {
      menu.appendChild(item("Annuler ma demande", function () {
        withdrawForm.action = withdrawForm.dataset.base.replace(/\/0\/annuler$/, "/" + cell.dataset.withdraw + "/annuler");
        withdrawForm.submit();
      }));
    }
    menu.appendChild(item("Fermer", function () { closeMenu(true); }));
    place(cell);
  }

  // A cell that takes no request says why when tapped (its reason is also in its text for
  // screen readers); it is no action, so it is not in the tab order.
  function openInfo(cell) {
    closeMenu(false);
    opener = null;
    menu = document.createElement("div");
    menu.className = "cell-menu cell-info";
    menu.setAttribute("role", "status");
    var title = document.createElement("p");
    title.className = "cell-menu-title";
    title.textContent = cell.dataset.label;
    menu.appendChild(title);
    var reason = document.createElement("p");
    reason.className = "cell-menu-reason";
    reason.id = "cell-menu-reason";
    reason.textContent = cell.dataset.reason;
    menu.appendChild(reason);
    var close = item("Fermer", function () { closeMenu(false); });
    close.removeAttribute("role");
    menu.appendChild(close);
    place(cell);
  }

  function place(cell) {
    document.body.appendChild(menu);
    var rect = cell.getBoundingClientRect();
    var left = Math.min(window.scrollX + rect.left, window.scrollX + document.documentElement.clientWidth - menu.offsetWidth - 8);
    menu.style.left = Math.max(8, left) + "px";
    menu.style.top = (window.scrollY + rect.bottom + 4) + "px";
    var first = menu.querySelector("button");
    if (first) { first.focus(); }
  }

  // One tab stop for the whole grid (today's cell, else the first); arrows move between the
  // cells that take a request, Enter or Space opens the menu.
  var cells = Array.prototype.slice.call(grid.querySelectorAll("a.cell"));
  function setTabStop(target) {
    cells.forEach(function (c) { c.tabIndex = c === target ? 0 : -1; });
  }
  if (cells.length) { setTabStop(grid.querySelector("td.today a.cell") || cells[0]); }
  grid.addEventListener("focusin", function (event) {
    var cell = event.target.closest("a.cell");
    if (cell) { setTabStop(cell); }
  });

  function neighbour(cell, dRow, dCol) {
    var td = cell.parentElement;
    var tr = td.parentElement;
    var rows = Array.prototype.slice.call(grid.tBodies[0].rows);
    var i, found;
    if (dCol) {
      for (i = td.cellIndex + dCol; i >= 0 && i < tr.cells.length; i += dCol) {
        found = tr.cells[i].querySelector("a.cell");
        if (found) { return found; }
      }
    }
    if (dRow) {
      for (i = rows.indexOf(tr) + dRow; i >= 0 && i < rows.length; i += dRow) {
        var other = rows[i].cells[td.cellIndex];
        found = other && other.querySelector("a.cell");
        if (found) { return found; }
      }
    }
    return null;
  }
  var ARROWS = { ArrowLeft: [0, -1], ArrowRight: [0, 1], ArrowUp: [-1, 0], ArrowDown: [1, 0] };

  var today = grid.querySelector("th.today");
  var wrap = grid.closest(".table-wrap");
  if (today && wrap && wrap.scrollWidth > wrap.clientWidth) {
    var head = grid.querySelector("thead .rowhead");
    var stuck = head ? head.offsetWidth : 0;
    wrap.scrollLeft = Math.max(0, today.offsetLeft - stuck - today.offsetWidth);
  }

  grid.addEventListener("click", function (event) {
    var locked = event.target.closest("span.cell[data-reason]");
    if (locked) { openInfo(locked); return; }
    var cell = event.target.closest("a.cell");
    if (!cell) { return; }
    event.preventDefault();
    openMenu(cell);
  });
  grid.addEventListener("contextmenu", function (event) {
    var cell = event.target.closest("a.cell");
    if (!cell) { return; }
    event.preventDefault();
    openMenu(cell);
  });
  grid.addEventListener("keydown", function (event) {
    // Enter already clicks a link; Space does too here, as on a button.
    var cell = event.target.closest("a.cell");
    if (!cell) { return; }
    if (event.key === " " || event.key === "Spacebar") {
      event.preventDefault();
      openMenu(cell);
    } else if (ARROWS[event.key]) {
      event.preventDefault();
      var next = neighbour(cell, ARROWS[event.key][0], ARROWS[event.key][1]);
      if (next) {
        next.focus();
        next.scrollIntoView({ block: "nearest", inline: "nearest" });
      }
    }
  });
  document.addEventListener("keydown", function (event) {
    if (!menu) { return; }
    var items = Array.prototype.slice.call(menu.querySelectorAll("button"));
    var index = items.indexOf(document.activeElement);
    if (event.key === "Escape") { event.preventDefault(); closeMenu(true); }
    else if (event.key === "ArrowDown") { event.preventDefault(); items[(index + 1) % items.length].focus(); }
    else if (event.key === "ArrowUp") { event.preventDefault(); items[(index - 1 + items.length) % items.length].focus(); }
    else if (event.key === "Tab") { closeMenu(false); }
  });
  document.addEventListener("click", function (event) {
    if (menu && !menu.contains(event.target) && !event.target.closest("a.cell, span.cell[data-reason]")) { closeMenu(false); }
  });
})();
