// Click-to-load video: nothing is requested from the video host until the reader presses Play.
(function () {
  "use strict";
  document.querySelectorAll("[data-video-embed]").forEach(function (figure) {
    var button = figure.querySelector(".video__play");
    if (!button) return;
    button.hidden = false;
    button.addEventListener("click", function () {
      var frame = document.createElement("iframe");
      frame.src = figure.getAttribute("data-video-embed");
      frame.title = figure.getAttribute("data-video-title") || "";
      frame.allow = "autoplay; encrypted-media; picture-in-picture; fullscreen";
      frame.allowFullscreen = true;
      frame.referrerPolicy = "strict-origin-when-cross-origin";
      var holder = figure.querySelector(".video__frame");
      holder.replaceChildren(frame);
      frame.focus();
    });
  });
})();
