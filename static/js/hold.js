// Hold the button: PUT /hold/presence on press and every 3 s while held, DELETE on release.
// Requests go one after another so a quick release can never overtake its own press.
(function () {
  var button = document.getElementById('hold-button');
  if (!button) return;
  var beat = null;
  var queue = Promise.resolve();

  function send(method) {
    queue = queue.then(function () {
      var token = document.querySelector('meta[name="csrf-token"]');
      return fetch('/hold/presence', {
        method: method, credentials: 'same-origin', keepalive: method === 'DELETE',
        headers: { 'pac4jCsrfToken': token ? token.getAttribute('content') : '' }
      })
        .catch(function () { /* the next heartbeat, or the server's cleanup, settles it */ });
    });
  }

  function press(e) {
    if (e) e.preventDefault();
    if (beat) return;
    button.classList.add('held');
    button.setAttribute('aria-pressed', 'true');
    send('PUT');
    beat = setInterval(function () { send('PUT'); }, 3000);
  }

  function release() {
    if (!beat) return;
    clearInterval(beat);
    beat = null;
    button.classList.remove('held');
    button.setAttribute('aria-pressed', 'false');
    send('DELETE');
  }

  button.addEventListener('pointerdown', function (e) {
    if (button.setPointerCapture) button.setPointerCapture(e.pointerId);
    press(e);
  });
  ['pointerup', 'pointercancel', 'lostpointercapture'].forEach(function (type) {
    button.addEventListener(type, release);
  });
  button.addEventListener('keydown', function (e) {
    if ((e.key === ' ' || e.key === 'Enter') && !e.repeat) press(e);
  });
  button.addEventListener('keyup', function (e) {
    if (e.key === ' ' || e.key === 'Enter') release();
  });
  button.addEventListener('blur', release);
  button.addEventListener('contextmenu', function (e) { e.preventDefault(); });
  window.addEventListener('pagehide', release);
})();
