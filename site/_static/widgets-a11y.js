// ipywidgets 8 draws a slider's handle (noUiSlider, role="slider") without an accessible name:
// its visible description sits in a separate <label>. Give each handle that label's text as
// aria-label, for widgets rendered now and later (the renderer draws them after load).
(function () {
  function name(root) {
    root.querySelectorAll('.widget-slider [role="slider"]:not([aria-label])').forEach(function (h) {
      var label = h.closest('.widget-slider').querySelector('.widget-label');
      var text = label ? label.textContent.trim() : '';
      if (text) h.setAttribute('aria-label', text);
    });
  }
  new MutationObserver(function () { name(document); })
    .observe(document.documentElement, { childList: true, subtree: true });
  document.addEventListener('DOMContentLoaded', function () { name(document); });
})();
