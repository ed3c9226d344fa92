// An action page may come from a cache, the same for every visitor (docs/architecture.md,
// "Cached action pages and CSRF"). Two things on it are made fresh here:
// - its counts, read again every 4 seconds while the page is in view;
// - the form's token, stamped when the page was made: a new one, with a key of its own, is
//   taken when the visitor starts filling in the form; its time is when this browser showed
//   the form (never earlier than the page was made), so the time they take is their own.
// Without script the page works as it is: the counts as of when it was made, the form as sent.
(function () {
  "use strict";
  if (!window.fetch) {
    return;
  }
  // With the proxy keeping the counts a second, a new action shows within 5 s.
  var REFRESH_MS = 4000;
  var shownAt = Date.now();

  function getJSON(url) {
    return fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } }).then(
      function (response) {
        return response.ok ? response.json() : null;
      }
    );
  }

  var counts = document.querySelector("[data-live-counts]");
  if (counts) {
    var url = counts.getAttribute("data-live-counts");
    window.setInterval(function () {
      if (document.hidden) {
        return;
      }
      getJSON(url)
        .then(function (data) {
          if (!data || typeof data.html !== "string") {
            return;
          }
          var holder = document.createElement("template");
          holder.innerHTML = data.html.trim();
          var fresh = holder.content.firstElementChild;
          if (fresh) {
            counts.replaceWith(fresh);
            counts = fresh;
          }
        })
        .catch(function () {});
    }, REFRESH_MS);
  }

  Array.prototype.forEach.call(document.querySelectorAll("form[data-token-url]"), function (form) {
    var taken = false;
    form.addEventListener("focusin", function () {
      if (taken) {
        return;
      }
      taken = true;
      var field = form.querySelector("input[name=form_token]");
      if (!field) {
        return;
      }
      // The time since the form was shown counts as filling it in, as it did before caching.
      var query = "?shown=" + Math.floor((Date.now() - shownAt) / 1000) + "&from=" + encodeURIComponent(field.value);
      getJSON(form.getAttribute("data-token-url") + query)
        .then(function (data) {
          if (data && data.token) {
            field.value = data.token;
          }
        })
        .catch(function () {});
    });
  });
})();
