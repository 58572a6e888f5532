// coldstart serve: the live-reload client, injected into HTML pages by `coldstart serve`
// only, after idiomorph (vendored beside it: `Idiomorph` is in scope). It listens to the
// server's event stream (/__coldstart/events):
//   reload  files changed: {"paths": [URL paths]}. A page whose own file is listed (the
//           script tag's data-page) fetches itself and morphs its DOM in place; a page
//           not listed does nothing. A changed script the page runs, or a change to the
//           scripts of the page itself, reloads it (a morph cannot re-run scripts).
//   css     only stylesheets changed: re-fetch every <link rel=stylesheet>, no reload
//   error   the build failed: show an overlay (the last good page stays underneath)
// A morph keeps what the page changed since it loaded: what the reader typed or ticked,
// a <details> they opened, attributes and contents the page's scripts set (a demo's
// output). Scroll position and focus stay, since the elements stay.
(function () {
  "use strict";
  if (window.__coldstartLiveReload) return;
  window.__coldstartLiveReload = true;

  var SCROLL_KEY = "coldstart:scroll";
  var OVERLAY_ID = "coldstart-error-overlay";
  var OWN_PREFIX = "/__coldstart/";
  var tag = document.currentScript;
  // The URL path of this page's file; null on the "first build failed" page.
  var PAGE = (tag && tag.getAttribute("data-page")) || null;

  // What the page changed since it loaded, kept across morphs.
  var contentsSetByPage = new WeakSet(); // elements whose children a script changed
  var attributesSetByPage = new WeakMap(); // element -> { attribute name: true }
  var editedByReader = new WeakSet(); // form fields typed into, ticked or chosen
  var observer = new MutationObserver(record);
  observer.observe(document.documentElement, {
    subtree: true, childList: true, characterData: true, attributes: true,
  });
  ["input", "change"].forEach(function (type) {
    document.addEventListener(type, function (event) { editedByReader.add(event.target); }, true);
  });

  function record(mutations) {
    mutations.forEach(function (mutation) {
      var target = mutation.type === "characterData" ? mutation.target.parentElement : mutation.target;
      if (!target) return;
      if (mutation.type === "attributes") {
        var names = attributesSetByPage.get(target) || {};
        names[mutation.attributeName] = true;
        attributesSetByPage.set(target, names);
      } else if (target !== document.body && target !== document.head && target !== document.documentElement) {
        contentsSetByPage.add(target);
      }
    });
  }

  // Runs `change` (this client's own DOM work) without it counting as the page's.
  function quietly(change) {
    record(observer.takeRecords());
    try { return change(); } finally { observer.takeRecords(); }
  }

  // The scripts a document runs, as one comparable string (this client's own left out).
  function scriptsOf(doc) {
    return Array.prototype.filter.call(doc.querySelectorAll("script"), function (script) {
      var type = (script.getAttribute("type") || "").toLowerCase();
      var src = script.getAttribute("src") || "";
      return (!type || /javascript|ecmascript|module/.test(type)) && src.indexOf(OWN_PREFIX) !== 0;
    }).map(function (script) {
      return script.hasAttribute("src") ? "src " + script.getAttribute("src") : "inline " + script.textContent;
    }).join("\n");
  }
  var pageScripts = scriptsOf(document);

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

  // The decoded path of a same-origin URL, or null.
  function localPath(url) {
    var parsed = new URL(url, location.href);
    if (parsed.origin !== location.origin) return null;
    try { return decodeURIComponent(parsed.pathname); } catch (e) { return parsed.pathname; }
  }

  // href as written -> the cache-busted href it was swapped for, so a morph keeps it.
  var swappedStylesheets = {};

  function swapStylesheets() {
    var stamp = String(Date.now());
    var links = document.querySelectorAll('link[rel~="stylesheet"][href]');
    Array.prototype.forEach.call(links, function (old) {
      var url = new URL(old.href, location.href);
      if (url.origin !== location.origin) return;
      var written = old.getAttribute("data-coldstart-href") || old.getAttribute("href");
      url.searchParams.set("coldstart", stamp);
      var fresh = old.cloneNode();
      fresh.href = url.pathname + url.search + url.hash;
      fresh.setAttribute("data-coldstart-href", written);
      swappedStylesheets[written] = fresh.getAttribute("href");
      fresh.addEventListener("load", function () { quietly(function () { old.remove(); }); });
      fresh.addEventListener("error", function () { quietly(function () { fresh.remove(); }); });
      quietly(function () { old.after(fresh); });
    });
  }

  // Gives the stylesheet links of a freshly fetched page the hrefs they were swapped
  // for, so the morph sees them unchanged instead of loading them again.
  function keepSwappedStylesheets(doc) {
    Array.prototype.forEach.call(doc.querySelectorAll('link[rel~="stylesheet"][href]'), function (link) {
      var written = link.getAttribute("href");
      if (swappedStylesheets[written]) {
        link.setAttribute("href", swappedStylesheets[written]);
        link.setAttribute("data-coldstart-href", written);
      }
    });
  }

  var MORPH_OPTIONS = {
    head: { style: "merge" },
    callbacks: {
      beforeNodeMorphed: function (live) { return !contentsSetByPage.has(live); },
      beforeAttributeUpdated: function (name, live) {
        if (editedByReader.has(live) && (name === "value" || name === "checked" || name === "selected")) return false;
        var names = attributesSetByPage.get(live);
        return !(names && names[name]);
      },
    },
  };

  var refreshing = false;
  var refreshAgain = false;

  // Fetches this page anew and morphs the document into it; reloads instead when its
  // scripts changed or the fetch fails. A change arriving meanwhile refreshes once more.
  function refreshPage() {
    if (refreshing) { refreshAgain = true; return; }
    refreshing = true;
    fetch(location.href, { cache: "no-store" })
      .then(function (response) { return response.text(); })
      .then(function (html) {
        var fresh = new DOMParser().parseFromString(html, "text/html");
        if (scriptsOf(fresh) !== pageScripts) return reload();
        keepSwappedStylesheets(fresh);
        quietly(function () { Idiomorph.morph(document.documentElement, fresh.documentElement, MORPH_OPTIONS); });
        window.dispatchEvent(new CustomEvent("coldstart:morphed"));
      })
      .catch(reload)
      .then(function () {
        refreshing = false;
        if (refreshAgain) { refreshAgain = false; refreshPage(); }
      });
  }

  // Re-fetches the images of the page among `paths`, in place.
  function refreshImages(paths) {
    var stamp = String(Date.now());
    Array.prototype.forEach.call(document.images, function (image) {
      if (!image.getAttribute("src") || paths.indexOf(localPath(image.src)) < 0) return;
      var url = new URL(image.src);
      url.searchParams.set("coldstart", stamp);
      quietly(function () { image.src = url.href; });
    });
  }

  function onChange(paths) {
    hideOverlay();
    var runsChangedScript = Array.prototype.some.call(document.scripts, function (script) {
      return script.src && paths.indexOf(localPath(script.src)) >= 0;
    });
    if (!PAGE || runsChangedScript) return reload();
    if (paths.indexOf(PAGE) >= 0) refreshPage();
    if (paths.some(function (path) { return /\.css$/.test(path); })) swapStylesheets();
    refreshImages(paths);
  }

  function hideOverlay() {
    var overlay = document.getElementById(OVERLAY_ID);
    if (overlay) quietly(function () { overlay.remove(); });
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
    quietly(function () { document.body.appendChild(host); });
    dismiss.focus();
  }

  function connect() {
    var events = new EventSource("/__coldstart/events");
    events.addEventListener("reload", function (event) {
      var paths = null;
      try { paths = JSON.parse(event.data).paths; } catch (e) { /* unreadable: reload */ }
      if (Array.isArray(paths)) onChange(paths);
      else reload();
    });
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
