/* coldstart demo widgets: makes every `{% demo %}` section live.
   Sends the text area's content to the widget's function (`data-demo-url`, on the
   page's own origin unless the site configures `functions.base_url`) and shows the
   answer: output, HTTP status, the duration the server measured
   (X-Duration-Seconds) and the round trip. No framework, no other requests.
   Loaded once per page by the first widget; loading it twice does nothing. */
(function () {
  "use strict";
  if (window.coldstartDemos) {
    return;
  }
  window.coldstartDemos = true;

  /* What each status means for the reader (the body follows when it helps). */
  var EXPLANATIONS = {
    403: "Refused: functions only run for pages their own server serves.",
    404: "Nothing answers at this address. A published site needs its host to forward /function/* to the OpenFaaS gateway.",
    405: "The function does not accept this method.",
    408: "Timed out: the function ran past its exec_timeout, and its processes were killed.",
    413: "Too large: the input is over the function's request size limit.",
    429: "Busy: the function is already running as many calls as its max_inflight allows. Try again in a moment.",
    500: "The function failed (it exited with an error); its output is below.",
    502: "Too much output: the function wrote more than the output limit, so it was stopped and its output cut.",
    503: "The functions runtime is stopping.",
  };

  function milliseconds(value) {
    return value < 10 ? value.toFixed(1) + " ms" : Math.round(value) + " ms";
  }

  function setup(widget) {
    var input = widget.querySelector(".demo-input");
    var button = widget.querySelector(".demo-run");
    var hint = widget.querySelector(".demo-hint");
    var result = widget.querySelector(".demo-result");
    var status = widget.querySelector(".demo-status");
    var output = widget.querySelector(".demo-output code");
    var recorded = widget.dataset.demoRecorded === "true";
    var running = false;

    function show(text, failed) {
      status.textContent = text;
      result.classList.toggle("demo-failed", failed);
    }

    function run() {
      if (running) {
        return;
      }
      running = true;
      button.setAttribute("aria-disabled", "true");
      widget.setAttribute("aria-busy", "true");
      show("Running…", false);

      var url = widget.dataset.demoUrl;
      var method = widget.dataset.demoMethod || "POST";
      var init = { method: method, cache: "no-store", headers: {} };
      if (method === "GET" || method === "HEAD") {
        var query = input.value.trim();
        if (query) {
          url += (url.indexOf("?") < 0 ? "?" : "&") + query;
        }
      } else {
        init.body = input.value;
        init.headers["Content-Type"] = widget.dataset.demoContentType || "text/plain";
      }

      var started = performance.now();
      fetch(url, init)
        .then(function (response) {
          return response.text().then(function (body) {
            var roundTrip = performance.now() - started;
            var server = parseFloat(response.headers.get("X-Duration-Seconds"));
            var parts = ["HTTP " + response.status + (response.statusText ? " " + response.statusText : "")];
            if (!isNaN(server)) {
              parts.push(milliseconds(server * 1000) + " in the function");
            }
            parts.push(milliseconds(roundTrip) + " round trip");
            var line = parts.join(" · ");
            var ok = response.ok;
            if (!ok) {
              line = (EXPLANATIONS[response.status] || "The call failed.") + " " + line;
            }
            var missing = response.status === 404 || response.status === 405;
            if (missing && recorded) {
              line += ". The output below was recorded at build time.";
            } else {
              output.textContent = body;
            }
            widget.dataset.demoStatus = String(response.status);
            show(line, !ok);
          });
        })
        .catch(function (error) {
          widget.dataset.demoStatus = "network";
          show(
            "Network failure: " + url + " could not be reached (" + error.message + ")." +
              (recorded ? " The output below was recorded at build time." : ""),
            true
          );
        })
        .then(function () {
          running = false;
          button.removeAttribute("aria-disabled");
          widget.removeAttribute("aria-busy");
        });
    }

    button.hidden = false;
    hint.hidden = false;
    button.addEventListener("click", run);
    input.addEventListener("keydown", function (event) {
      if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
        event.preventDefault();
        run();
      }
    });
  }

  Array.prototype.forEach.call(document.querySelectorAll(".demo[data-demo-url]"), setup);
})();
