// Menu przedmiotowe on a narrow screen: folded behind a button in its heading,
// so that a phone shows the page's content first. Without JavaScript, or on a
// wide screen, the menu stays open. Nothing is stored.
(function () {
  "use strict";
  var nav = document.querySelector(".bip-menu");
  var list = document.getElementById("bip-menu-list");
  if (!nav || !list || !window.matchMedia) {
    return;
  }
  var heading = nav.querySelector(".bip-menu__heading");
  var label = heading.textContent;
  var button = document.createElement("button");
  button.type = "button";
  button.className = "bip-menu__toggle";
  button.setAttribute("aria-controls", list.id);
  button.textContent = label;
  var narrow = window.matchMedia("(max-width: 39.99em)");

  function show(open) {
    button.setAttribute("aria-expanded", String(open));
    list.hidden = !open;
  }

  function apply() {
    if (narrow.matches) {
      heading.textContent = "";
      heading.appendChild(button);
      show(false);
    } else {
      heading.textContent = label;
      list.hidden = false;
    }
  }

  button.addEventListener("click", function () {
    show(list.hidden);
  });
  narrow.addEventListener("change", apply);
  apply();
})();
