// Support for the widgets embedded in the book's static pages (loaded before embed.js).
//
// 1. The widget manager (@jupyter-widgets/html-manager 1.x) typesets widget labels with
//    MathJax 2's MathJax.Hub.Queue; the book loads MathJax 3, which has no Hub. This
//    small bridge forwards those calls to MathJax 3's typesetPromise.
// 2. Figures drawn inside a widget's output area come without alternative text; they
//    get one that points the reader to the static figure beside the panel.
// 3. Markdown shown inside a widget's output area (a table of weights, say) writes its
//    formulas between dollar signs, as Jupyter does; the book's MathJax only knows
//    \( \) and \[ \], so those formulas are rewritten and typeset.
// 4. No kernel runs behind a static page, so moving a control changes nothing: each
//    panel gets a caption that says where to run it live, and its controls are dimmed
//    and disabled (the panel's figure, in its output area, stays as it is).
(function () {
  "use strict";

  function installHub() {
    var mj = window.MathJax;
    if (!mj || mj.Hub || !mj.startup) {
      return;
    }
    mj.Hub = {
      Queue: function (job) {
        var element = Array.isArray(job) ? job[2] : null;
        if (!element) {
          return;
        }
        mj.startup.promise
          .then(function () { return mj.typesetPromise([element]); })
          .catch(function (err) { console.warn("MathJax in a widget:", err); });
      },
    };
  }

  var ALT = "Figura del panel interactivo en su estado inicial; la figura estática " +
    "que lo acompaña describe qué muestra.";

  function describeImages(root) {
    var images = root.querySelectorAll(".jupyter-widgets img:not([alt])");
    images.forEach(function (img) { img.setAttribute("alt", ALT); });
  }

  var DOLLARS = /\$\$([^$]+)\$\$|\$([^$\n]+)\$/g;

  function typesetMarkdown(root, attempt) {
    var mj = window.MathJax;
    if (!mj || !mj.typesetPromise) {  // MathJax still loading: try again shortly
      if ((attempt || 0) < 100) {
        setTimeout(function () { typesetMarkdown(root, (attempt || 0) + 1); }, 100);
      }
      return;
    }
    root.querySelectorAll(".jupyter-widgets .jp-RenderedMarkdown:not([data-book-typeset])")
      .forEach(function (el) {
        el.setAttribute("data-book-typeset", "");
        var walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
        var texts = [];
        while (walker.nextNode()) {
          if (!walker.currentNode.parentElement.closest("code, pre")) {
            texts.push(walker.currentNode);
          }
        }
        texts.forEach(function (node) {
          node.nodeValue = node.nodeValue.replace(DOLLARS, function (m, display, inline) {
            return display !== undefined ? "\\[" + display + "\\]" : "\\(" + inline + "\\)";
          });
        });
        mj.startup.promise
          .then(function () { return mj.typesetPromise([el]); })
          .catch(function (err) { console.warn("MathJax in a widget:", err); });
      });
  }

  var NOTE = "Controles inactivos en esta página estática (también con Live Code): " +
    "abre el capítulo en Binder, Colab o JupyterLab (botón <i class=\"fas fa-rocket\" " +
    "aria-hidden=\"true\"></i> arriba) para moverlos.";
  var INACTIVE_TITLE = "Control inactivo en esta página estática";
  var panels = 0;

  // Each embedded panel is a .widget-subarea that embed.js inserts before its view script
  // and fills asynchronously, so this runs again on every change of the page. Only
  // attributes mark what is done: they survive thebe copying the panel's HTML.
  function markInactive(root) {
    root.querySelectorAll(".widget-subarea").forEach(function (panel) {
      if (!panel.hasAttribute("data-book-static")) {
        var note = document.createElement("p");
        note.className = "book-widget-note";
        note.id = "book-widget-note-" + ++panels;
        note.setAttribute("role", "note");
        note.innerHTML = NOTE;
        panel.parentNode.insertBefore(note, panel);
        panel.setAttribute("data-book-static", note.id);
      }
      // controls: widgets that are neither boxes nor output areas, nor inside one
      panel.querySelectorAll(".jupyter-widgets:not(.widget-container):not(.widget-output)")
        .forEach(function (control) {
          if (control.parentElement.closest(".widget-output")) {
            return;
          }
          control.classList.add("book-inactive");
          control.setAttribute("aria-disabled", "true");
          control.setAttribute("aria-describedby", panel.getAttribute("data-book-static"));
          control.title = INACTIVE_TITLE;
          // out of the keyboard's reach too: no focus, no typing in a slider's readout
          control.querySelectorAll("input, select, textarea, button").forEach(function (el) {
            el.disabled = true;
          });
          control.querySelectorAll("[tabindex]").forEach(function (el) {
            el.setAttribute("tabindex", "-1");
          });
          control.querySelectorAll("[contenteditable]").forEach(function (el) {
            el.setAttribute("contenteditable", "false");
          });
        });
    });
  }

  function support(root) {
    describeImages(root);
    typesetMarkdown(root);
    markInactive(root);
  }

  installHub();
  document.addEventListener("DOMContentLoaded", function () {
    installHub();
    support(document);
    new MutationObserver(function () { support(document); })
      .observe(document.body, { childList: true, subtree: true });
  });
})();
