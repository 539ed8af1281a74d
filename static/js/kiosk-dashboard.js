// The wall screen's connection indicator: green while the stream delivers (the server sends a
// tick at least every 10 s), amber while it reconnects, red once the data is older than 30 s.
(function () {
  var STALE = 30000;
  var last = Date.now();
  function set(state, text) {
    var dot = document.getElementById('connection');
    if (!dot) return;
    dot.setAttribute('data-conn', state);
    dot.textContent = text;
  }
  function stale() { return Date.now() - last > STALE; }
  // Green while connected with data under 30 s old; a failed retry never turns a red (stale)
  // wall back to amber, so it does not flicker between the two while the server is away.
  set('connecting', 'Connecting');
  document.addEventListener('htmx:sseMessage', function () {
    last = Date.now();
    set('live', 'Live');
  });
  document.addEventListener('htmx:sseOpen', function () {
    if (!stale()) set('live', 'Live');
  });
  document.addEventListener('htmx:sseError', function () {
    if (!stale()) set('reconnecting', 'Reconnecting');
  });
  setInterval(function () {
    if (stale()) set('stale', 'Data older than 30 s');
  }, 1000);
})();
