// coldstart serve: the live-reload client, injected into HTML pages by `coldstart serve`
// only. It listens to the server's event stream (/__coldstart/events):
//   reload  a page or asset changed: reload, keeping the scroll position
//   css     only stylesheets changed: re-fetch every <link rel=stylesheet>, no reload
//   error   the build failed: show an overlay (the last good page stays underneath)
(function () {
  "use strict";
  if (window.__coldstartLiveReload) return;
  window.__coldstartLiveReload = true;

  var SCROLL_KEY = "coldstart:scroll";
  var OVERLAY_ID = "coldstart-error-overlay";

  function restoreScroll() {
    var saved;
    try { saved = JSON.parse(sessionStorage.getItem(SCROLL_KEY) || "null"); } catch (e) { saved = null; }
    sessionStorage.removeItem(SCROLL_KEY);
    if (saved && saved.path === location.pathname) window.scrollTo(saved.x, saved.y);
  }

  function reload() {
    try {
      sessionStorage.setItem(SCROLL_KEY, JSON.stringify({ path: location.pathname, x: window.scrollX, y: window.scrollY }));
    } catch (e) { /* storage disabled: reload without keeping the position */ }
    location.reload();
  }

  function swapStylesheets() {
    var stamp = String(Date.now());
    var links = document.querySelectorAll('link[rel~="stylesheet"][href]');
    Array.prototype.forEach.call(links, function (old) {
      var url = new URL(old.href, location.href);
      if (url.origin !== location.origin) return;
      url.searchParams.set("coldstart", stamp);
      var fresh = old.cloneNode();
      fresh.href = url.pathname + url.search + url.hash;
      fresh.addEventListener("load", function () { old.remove(); });
      fresh.addEventListener("error", function () { fresh.remove(); });
      old.after(fresh);
    });
  }

  function hideOverlay() {
    var overlay = document.getElementById(OVERLAY_ID);
    if (overlay) overlay.remove();
  }

  function element(tag, style, text) {
    var node = document.createElement(tag);
    if (style) node.setAttribute("style", style);
    if (text) node.textContent = text;
    return node;
  }

  function showOverlay(failure) {
    hideOverlay();
    var host = element("div");
    host.id = OVERLAY_ID;
    var root = host.attachShadow ? host.attachShadow({ mode: "open" }) : host;
    var backdrop = element("div",
      "position:fixed;inset:0;z-index:2147483647;background:rgba(0,0,0,.55);display:flex;" +
      "align-items:flex-start;justify-content:center;padding:5vh 1em;overflow:auto;font:16px/1.5 system-ui,sans-serif");
    var dialog = element("div",
      "background:#fff;color:#111;max-width:60em;width:100%;border-top:6px solid #c00;border-radius:6px;" +
      "padding:1.25em 1.5em;box-shadow:0 10px 40px rgba(0,0,0,.4)");
    dialog.setAttribute("role", "alertdialog");
    dialog.setAttribute("aria-modal", "true");
    dialog.setAttribute("aria-labelledby", "coldstart-error-title");
    dialog.setAttribute("aria-describedby", "coldstart-error-message");
    var title = element("h2", "margin:0 0 .5em;font-size:1.25em;color:#a00", "Build failed");
    title.id = "coldstart-error-title";
    dialog.appendChild(title);
    if (failure.file) {
      var where = failure.file + (failure.line ? ":" + failure.line + (failure.column ? ":" + failure.column : "") : "");
      dialog.appendChild(element("p", "margin:0 0 .5em;font-family:ui-monospace,monospace;font-weight:bold", where));
    }
    var message = element("p", "margin:0 0 .75em;white-space:pre-wrap", failure.message);
    message.id = "coldstart-error-message";
    dialog.appendChild(message);
    if (failure.snippet) {
      dialog.appendChild(element("pre",
        "margin:0 0 .75em;padding:.75em;background:#f4f4f4;color:#111;overflow:auto;font:14px/1.4 ui-monospace,monospace",
        failure.snippet));
    }
    dialog.appendChild(element("p", "margin:0 0 1em;color:#444",
      "The last good version of the site is still being served. Fix the error and save: this overlay goes away by itself."));
    var dismiss = element("button",
      "font:inherit;padding:.35em 1em;border:1px solid #888;border-radius:4px;background:#eee;color:#111;cursor:pointer",
      "Dismiss");
    dismiss.type = "button";
    dismiss.addEventListener("click", hideOverlay);
    dialog.appendChild(dismiss);
    backdrop.appendChild(dialog);
    root.appendChild(backdrop);
    host.addEventListener("keydown", function (event) { if (event.key === "Escape") hideOverlay(); });
    document.body.appendChild(host);
    dismiss.focus();
  }

  function connect() {
    var events = new EventSource("/__coldstart/events");
    events.addEventListener("reload", reload);
    events.addEventListener("css", function () { hideOverlay(); swapStylesheets(); });
    events.addEventListener("error", function (event) {
      // A MessageEvent carries a build failure; a plain Event is the connection itself
      // failing, which EventSource retries by itself.
      if (event.data) showOverlay(JSON.parse(event.data));
    });
  }

  if (document.readyState === "complete") restoreScroll();
  else window.addEventListener("load", restoreScroll);
  connect();
})();
