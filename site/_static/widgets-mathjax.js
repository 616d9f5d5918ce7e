// ipywidgets' renderer typesets widget labels with MathJax 2's API (MathJax.Hub.Queue), and
// throws under the MathJax 3 this site loads; hand those calls to MathJax 3. Loaded deferred,
// after MathJax, on every page (it does nothing where MathJax is absent).
if (window.MathJax && !window.MathJax.Hub) {
  window.MathJax.Hub = {
    Queue: function (job) {
      var element = Array.isArray(job) ? job[2] : null;
      if (element && window.MathJax.typesetPromise) window.MathJax.typesetPromise([element]);
    },
  };
}
