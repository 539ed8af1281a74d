// A scroll box marked data-newest-last (a poker table's action log) shows its newest items: it opens
// scrolled to the end, and an item pushed while the reader is at the end scrolls into view. A
// reader who scrolled up to read older lines is left where they are. Without this the log opened
// on its oldest line and new actions arrived out of sight (an outside review).
(function () {
  function atEnd(box) {
    return box.scrollHeight - box.scrollTop - box.clientHeight < 40;
  }
  function toEnd(box) {
    box.scrollTop = box.scrollHeight;
  }
  document.querySelectorAll('[data-newest-last]').forEach(toEnd);
  var following = new WeakMap();
  document.addEventListener('htmx:sseBeforeMessage', function (e) {
    var box = e.target;
    if (box && box.hasAttribute && box.hasAttribute('data-newest-last')) following.set(box, atEnd(box));
  });
  document.addEventListener('htmx:sseMessage', function (e) {
    var box = e.target;
    if (box && box.hasAttribute && box.hasAttribute('data-newest-last') && following.get(box)) toEnd(box);
  });
})();
