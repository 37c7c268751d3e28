/* Redraws each space banner from its opening and closing instants, so a page
   built days ago still tells the truth. A snapshot build (pinned clock) carries
   data-now and keeps that instant. Duration wording follows Translator.duration
   in generator/render/i18n.py: the largest whole unit. */
(function () {
  "use strict";
  var STATES = ["upcoming", "open", "closing-soon", "closed"];

  function duration(banner, ms) {
    var seconds = Math.max(Math.floor(ms / 1000), 0);
    var units = [["day", 86400], ["hour", 3600], ["minute", 60]];
    for (var i = 0; i < units.length; i++) {
      var name = units[i][0], size = units[i][1];
      if (seconds >= size || name === "minute") {
        var count = Math.floor(seconds / size);
        var word = banner.getAttribute("data-unit-" + (count === 1 ? name : name + "s"));
        return count + " " + word;
      }
    }
  }

  function stateAt(banner, now) {
    var opens = Date.parse(banner.getAttribute("data-opens"));
    var closes = Date.parse(banner.getAttribute("data-closes"));
    var soon = Number(banner.getAttribute("data-soon")) * 1000;
    if (now < opens) return "upcoming";
    if (now >= closes) return "closed";
    return closes - now <= soon ? "closing-soon" : "open";
  }

  function redraw(banner) {
    var pinned = banner.getAttribute("data-now");
    var now = pinned ? Date.parse(pinned) : Date.now();
    var state = stateAt(banner, now);
    var text = banner.getAttribute("data-text-" + state)
      .replace("{remaining}", duration(banner, Date.parse(banner.getAttribute("data-closes")) - now))
      .replace("{until_open}", duration(banner, Date.parse(banner.getAttribute("data-opens")) - now));
    STATES.forEach(function (s) { banner.classList.remove("spaces-banner--" + s); });
    banner.classList.add("spaces-banner--" + state);
    banner.setAttribute("data-state", state);
    banner.querySelector(".spaces-banner__label").textContent =
      banner.getAttribute("data-label-" + state);
    banner.querySelector(".spaces-banner__text").textContent = text;
  }

  function redrawAll() {
    document.querySelectorAll(".spaces-banner").forEach(redraw);
  }

  redrawAll();
  // mkdocs-material's instant navigation swaps pages without a reload.
  if (window.document$ && window.document$.subscribe) window.document$.subscribe(redrawAll);
  setInterval(redrawAll, 30000);
})();
