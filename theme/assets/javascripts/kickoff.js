/* Click-to-load for the kick-off video. The page ships a plain link; with script
   the play button and its privacy note appear, and only a click creates the
   player's iframe, so no video host is contacted before the reader asks. */
(function () {
  "use strict";

  function load(box) {
    var src = box.getAttribute("data-embed");
    if (!src || src.indexOf("https://") !== 0) return;
    var frame = document.createElement("iframe");
    frame.src = src + (src.indexOf("?") < 0 ? "?" : "&") + "autoplay=1";
    frame.title = box.getAttribute("data-title") || "";
    frame.setAttribute("allow", "autoplay; encrypted-media; picture-in-picture");
    frame.setAttribute("allowfullscreen", "");
    frame.setAttribute("referrerpolicy", "strict-origin-when-cross-origin");
    frame.className = "spaces-video__frame";
    var button = box.querySelector(".spaces-video__play");
    box.insertBefore(frame, button);
    if (button) button.remove();
    frame.focus();
  }

  function init(root) {
    var boxes = root.querySelectorAll(".spaces-video[data-embed]");
    for (var i = 0; i < boxes.length; i++) {
      var box = boxes[i];
      var button = box.querySelector(".spaces-video__play");
      var note = box.querySelector(".spaces-video__note");
      if (!button || button.getAttribute("data-ready")) continue;
      button.setAttribute("data-ready", "1");
      button.hidden = false;
      if (note) note.hidden = false;
      button.addEventListener("click", load.bind(null, box));
    }
  }

  // mkdocs-material's instant navigation swaps pages without a reload.
  if (window.document$ && window.document$.subscribe) {
    window.document$.subscribe(function () { init(document); });
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", function () { init(document); });
  } else {
    init(document);
  }
})();
