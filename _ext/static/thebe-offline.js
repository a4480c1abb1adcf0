// «Live Code» that fails fast, with a message in Spanish, when there is no connection.
//
// sphinx-thebe loads thebe from a CDN when the reader picks «Live Code» and thebe then
// asks mybinder.org for a kernel. Offline, the button used to say "Loading thebe from
// CDN..." forever. Here the script's error event, a "failed" status of thebe, or 10 s
// without news (thebe not loaded, or Binder not answering) replace that status with a
// message that says where else to run the chapter. If news arrive later (a slow
// network), sphinx-thebe's own status takes the button back.
(function () {
  "use strict";

  var TIMEOUT_MS = 10000;
  var FAILURE = "No se pudo conectar con Binder (¿sin conexión?). Abre el capítulo en " +
    "JupyterLab o Colab, o descárgalo (botón <i class=\"fas fa-download\" " +
    "aria-hidden=\"true\"></i> arriba).";
  var timer = null;
  var statuses = 0;  // thebe status events since the last click on «Live Code»

  function button() {
    return document.querySelector(".thebe-launch-button");
  }

  function fail() {
    clearTimeout(timer);
    var el = button();
    if (!el) {
      return;
    }
    el.classList.add("book-thebe-failed");
    // sphinx-thebe writes its status into .loading-text: keep it, hidden, for later news
    el.innerHTML = "<span class=\"book-thebe-failure\" role=\"alert\">" + FAILURE +
      "</span><span class=\"loading-text\" hidden></span>";
  }

  function recover() {
    var el = button();
    if (el && el.classList.contains("book-thebe-failed")) {
      el.classList.remove("book-thebe-failed");
      el.querySelectorAll(".book-thebe-failure").forEach(function (s) { s.remove(); });
      el.querySelectorAll(".loading-text").forEach(function (s) { s.hidden = false; });
    }
  }

  function wait() {
    clearTimeout(timer);
    timer = setTimeout(fail, TIMEOUT_MS);
  }

  // Thebe's first status is its own request to Binder (or to a saved session): wait for
  // the answer. Binder's first answer stops the clock, since a build may take minutes.
  function onStatus(evt, data) {
    statuses += 1;
    if (data.status === "failed") {
      fail();
    } else if (statuses === 1 && data.status !== "ready") {
      recover();
      wait();
    } else {
      clearTimeout(timer);
      recover();
    }
  }

  function isThebe(script) {
    var url = typeof THEBE_JS_URL === "string" ? THEBE_JS_URL : null;  // sphinx-thebe's
    return script.tagName === "SCRIPT" && (url ? script.src === url : /\/thebe@/.test(
      script.src));
  }

  // sphinx-thebe appends thebe's <script> to <head> and listens only for its load event.
  var hooked = false;
  new MutationObserver(function (records) {
    records.forEach(function (record) {
      record.addedNodes.forEach(function (node) {
        if (!isThebe(node)) {
          return;
        }
        node.addEventListener("error", fail);
        node.addEventListener("load", function () {
          if (window.thebelab && !hooked) {
            hooked = true;
            window.thebelab.on("status", onStatus);
          }
          wait();  // for thebe's first status
        });
      });
    });
  }).observe(document.head, { childList: true });

  // The «Live Code» item of the launch menu (or a thebe button): start the clock before
  // its onclick runs (capture), then put its loading text in Spanish (bubble).
  var LAUNCHERS = ".btn-launch-thebe, .thebe-launch-button[onclick]";
  function launcher(evt) {
    return evt.target instanceof Element && evt.target.closest(LAUNCHERS);
  }
  document.addEventListener("click", function (evt) {
    if (launcher(evt)) {
      statuses = 0;
      recover();
      if (typeof window.thebelab === "undefined") {
        wait();
      }
    }
  }, true);
  document.addEventListener("click", function (evt) {
    var el = button();
    if (launcher(evt) && el && typeof window.thebelab === "undefined") {
      el.textContent = "Cargando Live Code…";
    }
  });
})();
