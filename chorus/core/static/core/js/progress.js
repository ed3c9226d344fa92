// Work done by a task in the admin (delivery bundles, sealed exports): poll the status URL of
// each <progress data-progress-status="…" data-progress-id="bundle-12"> and update the bar,
// its state (#<id>-state) and its count (#<id>-count); reload the page when one is ready,
// failed or stuck, to show the link, the error or the button to try again.
(function () {
  "use strict";
  var bars = Array.prototype.slice.call(document.querySelectorAll("progress[data-progress-status]"));
  if (!bars.length) {
    return;
  }
  var INTERVAL_MS = 2000;

  function poll(bar) {
    fetch(bar.getAttribute("data-progress-status"), {
      credentials: "same-origin",
      headers: { Accept: "application/json" },
    })
      .then(function (response) {
        if (!response.ok) {
          throw new Error(response.status);
        }
        return response.json();
      })
      .then(function (status) {
        var id = bar.getAttribute("data-progress-id");
        bar.max = Math.max(status.total, 1);
        bar.value = status.done;
        bar.textContent = status.percent + "%";
        var state = document.getElementById(id + "-state");
        if (state) {
          state.textContent = status.state_label;
        }
        var count = document.getElementById(id + "-count");
        if (count) {
          count.textContent = count.textContent.replace(/\d+(\D+)\d+/, status.done + "$1" + status.total);
        }
        // Finished, or stuck (no progress for a while): reload to show the link, the error
        // or the button to try again (once: after the reload the button is there).
        if (status.finished || (status.stale && !document.getElementById(id + "-retry"))) {
          window.location.reload();
        } else {
          window.setTimeout(function () { poll(bar); }, INTERVAL_MS);
        }
      })
      .catch(function () {
        window.setTimeout(function () { poll(bar); }, INTERVAL_MS * 3);
      });
  }

  bars.forEach(function (bar) { poll(bar); });
})();
