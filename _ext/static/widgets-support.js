// Support for the widgets embedded in the book's static pages (loaded before embed.js).
//
// 1. The widget manager (@jupyter-widgets/html-manager 1.x) typesets widget labels with
//    MathJax 2's MathJax.Hub.Queue; the book loads MathJax 3, which has no Hub. This
//    small bridge forwards those calls to MathJax 3's typesetPromise.
// 2. Figures drawn inside a widget's output area come without alternative text; they
//    get one that points the reader to the static figure beside the panel.
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

  installHub();
  document.addEventListener("DOMContentLoaded", function () {
    installHub();
    describeImages(document);
    new MutationObserver(function () { describeImages(document); })
      .observe(document.body, { childList: true, subtree: true });
  });
})();
