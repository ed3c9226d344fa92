// Thank-you page of a letter campaign: when a supporter opens a letter in their own mail
// program, tell the site so that the campaign's results count it per target. Only the
// campaign and target travel (a signed token); the mail link works the same without this.
(function () {
  "use strict";
  var csrf = document.querySelector("input[name=csrfmiddlewaretoken]");
  Array.prototype.forEach.call(document.querySelectorAll("a[data-count-url]"), function (link) {
    link.addEventListener("click", function () {
      if (!csrf || !navigator.sendBeacon) {
        return;
      }
      var data = new FormData();
      data.append("csrfmiddlewaretoken", csrf.value);
      data.append("token", link.getAttribute("data-count-token"));
      navigator.sendBeacon(link.getAttribute("data-count-url"), data);
    });
  });
})();
