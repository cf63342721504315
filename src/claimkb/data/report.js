(function () {
  var box = document.getElementById("filters");
  var items = document.querySelectorAll(".finding");
  function show(check, button) {
    items.forEach(function (el) {
      el.style.display = (check === "all" || el.dataset.check === check) ? "" : "none";
    });
    box.querySelectorAll("button").forEach(function (b) { b.classList.remove("on"); });
    button.classList.add("on");
  }
  var checks = ["all"];
  items.forEach(function (el) {
    if (checks.indexOf(el.dataset.check) < 0) { checks.push(el.dataset.check); }
  });
  checks.forEach(function (check) {
    var b = document.createElement("button");
    b.type = "button"; b.className = "filter"; b.textContent = check;
    b.addEventListener("click", function () { show(check, b); });
    box.appendChild(b);
  });
  if (box.firstChild) { box.firstChild.classList.add("on"); }
  document.body.dataset.rendered = "yes";
})();
