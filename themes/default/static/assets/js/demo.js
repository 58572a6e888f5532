/* coldstart demo widgets: makes every `{% demo %}` section live.
   Sends the text area's content to the widget's function (`data-demo-url`, on the
   page's own origin unless the site configures `functions.base_url`) and shows the
   answer: stdout and stderr (X-Coldstart-Stderr) apart, HTTP status, cold or warm
   (X-Coldstart-Start), time to first byte, the duration the server measured
   (X-Duration-Seconds), the round trip, the exit status, and the last runs. On a
   static host with no gateway, the recording stays and the widget says why.
   No framework, no other requests.
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
    504: "Timed out: the function ran past its exec_timeout, and its processes were killed.",
    413: "Too large: the input is over the function's request size limit.",
    429: "Busy: the function is already running as many calls as its max_inflight allows. Try again in a moment.",
    500: "The function failed; what it wrote to stdout is below, and its stderr apart.",
    502: "Too much output: the function wrote more than the output limit, so it was stopped and its output cut.",
    503: "The functions runtime is stopping.",
  };

  function milliseconds(value) {
    return value < 10 ? value.toFixed(1) + " ms" : Math.round(value) + " ms";
  }

  /* Whether an answer came from a function (coldstart, a watchdog or the gateway's
     limiter) rather than from a static host with nothing behind /function/. */
  function fromFunction(response) {
    return response.headers.has("X-Duration-Seconds") || response.headers.has("X-OpenFaaS-Internal");
  }

  function decoded(header) {
    try {
      return header ? decodeURIComponent(header) : "";
    } catch (error) {
      return header;
    }
  }

  function setup(widget) {
    var input = widget.querySelector(".demo-input");
    var button = widget.querySelector(".demo-run");
    var hint = widget.querySelector(".demo-hint");
    var badge = widget.querySelector(".demo-badge");
    var result = widget.querySelector(".demo-result");
    var status = widget.querySelector(".demo-status");
    var facts = widget.querySelector(".demo-facts");
    var output = widget.querySelector(".demo-output code");
    var stderrLabel = widget.querySelector(".demo-stderr-label");
    var stderrPane = widget.querySelector(".demo-stderr");
    var history = widget.querySelector(".demo-history");
    var recorded = widget.dataset.demoRecorded === "true";
    var running = false;

    function show(text, failed) {
      status.textContent = text;
      result.classList.toggle("demo-failed", failed);
    }

    function showFacts(items) {
      facts.textContent = "";
      items.forEach(function (item) {
        var li = document.createElement("li");
        li.textContent = item[1];
        if (item[0]) {
          li.className = item[0];
        }
        facts.appendChild(li);
      });
    }

    function showStderr(text) {
      stderrPane.querySelector("code").textContent = text;
      stderrPane.hidden = !text;
      stderrLabel.hidden = !text;
    }

    function remember(line) {
      var li = document.createElement("li");
      li.textContent = line;
      history.insertBefore(li, history.firstChild);
      while (history.children.length > 5) {
        history.removeChild(history.lastChild);
      }
      history.hidden = false;
    }

    /* No function answered (a static host): keep the recording, say why. */
    function noGateway(what) {
      widget.dataset.demoStatus = "no-gateway";
      widget.dataset.demoLive = "false";
      badge.textContent = "Recorded demo";
      button.hidden = true;
      hint.hidden = true;
      show(
        "Live runs need the dev server (coldstart serve) or an OpenFaaS gateway behind /function/; " +
          what + "." + (recorded ? " The output below was recorded when the site was built." : ""),
        !recorded
      );
    }

    function answered(response, body, started, firstByte) {
      var roundTrip = performance.now() - started;
      if (!fromFunction(response)) {
        if (recorded) {
          return noGateway("this host answered HTTP " + response.status + " instead");
        }
        output.textContent = "";
      }
      var server = parseFloat(response.headers.get("X-Duration-Seconds"));
      var start = response.headers.get("X-Coldstart-Start");
      var exit = response.headers.get("X-Coldstart-Exit");
      var parts = ["HTTP " + response.status + (response.statusText ? " " + response.statusText : "")];
      if (!isNaN(server)) {
        parts.push(milliseconds(server * 1000) + " in the function");
      }
      parts.push(milliseconds(roundTrip) + " round trip");
      var line = parts.join(" · ");
      if (!response.ok) {
        line = (EXPLANATIONS[response.status] || "The call failed.") + " " + line;
      }
      var items = [];
      if (start) {
        items.push(["demo-start-" + start, start === "cold" ? "cold start" : "warm"]);
      }
      items.push(["", milliseconds(firstByte - started) + " to first byte"]);
      if (!isNaN(server)) {
        items.push(["", milliseconds(server * 1000) + " in the function"]);
      }
      items.push(["", milliseconds(roundTrip) + " round trip"]);
      if (exit) {
        items.push(["", exit]);
      }
      showFacts(items);
      output.textContent = fromFunction(response) ? body : "";
      showStderr(decoded(response.headers.get("X-Coldstart-Stderr")));
      remember(
        (start || "run") + " · HTTP " + response.status + " · " +
          (isNaN(server) ? "" : milliseconds(server * 1000) + " in fn · ") +
          milliseconds(roundTrip) + " round trip"
      );
      widget.dataset.demoStatus = String(response.status);
      show(line, !response.ok);
    }

    function run() {
      if (running || widget.dataset.demoLive === "false") {
        return Promise.resolve();
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
      return fetch(url, init)
        .then(function (response) {
          var firstByte = performance.now();
          return response.text().then(function (body) {
            answered(response, body, started, firstByte);
          });
        })
        .catch(function (error) {
          if (recorded) {
            return noGateway(url + " could not be reached (" + error.message + ")");
          }
          widget.dataset.demoStatus = "network";
          show("Network failure: " + url + " could not be reached (" + error.message + ").", true);
        })
        .then(function () {
          running = false;
          button.removeAttribute("aria-disabled");
          widget.removeAttribute("aria-busy");
        });
    }

    widget.coldstartRun = run;
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

  /* {% demo a b c %}: one button runs the first widget's input through every
     function of the group, one after the other, so their timings compare. */
  function setupComparison(group) {
    var widgets = Array.prototype.slice.call(group.querySelectorAll(".demo[data-demo-url]"));
    var actions = document.createElement("p");
    actions.className = "demo-actions";
    var button = document.createElement("button");
    button.type = "button";
    button.className = "demo-run demo-run-all";
    button.textContent = "Run all with the first input";
    button.addEventListener("click", function () {
      var text = widgets[0].querySelector(".demo-input").value;
      widgets.reduce(function (previous, widget) {
        widget.querySelector(".demo-input").value = text;
        return previous.then(function () {
          return widget.coldstartRun();
        });
      }, Promise.resolve());
    });
    actions.appendChild(button);
    group.insertBefore(actions, group.firstChild);
  }

  Array.prototype.forEach.call(document.querySelectorAll(".demo[data-demo-url]"), setup);
  Array.prototype.forEach.call(document.querySelectorAll(".demo-compare"), setupComparison);
})();
