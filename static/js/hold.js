// Hold the button: PUT /hold/presence on press and every 3 s while held, DELETE on release.
// Requests go one after another so a quick release can never overtake its own press.
(function () {
  var button = document.getElementById('hold-button');
  if (!button) return;
  var beat = null;
  var queue = Promise.resolve();
  // This page's own id: the hold is the visitor's, and letting go here must not end it while
  // another tab of the same visitor still holds.
  var page = Math.random().toString(36).slice(2, 12) + Date.now().toString(36);

  function send(method) {
    queue = queue.then(function () {
      return fetch('/hold/presence?page=' + page, {
        method: method, credentials: 'same-origin', keepalive: method === 'DELETE',
        headers: { 'pac4jCsrfToken': window.switchboardCsrf() }
      })
        .catch(function () { /* the next heartbeat, or the server's cleanup, settles it */ });
    });
  }

  window.switchboardPressAndHold(button, function () {
    button.classList.add('held');
    button.setAttribute('aria-pressed', 'true');
    send('PUT');
    beat = setInterval(function () { send('PUT'); }, 3000);
  }, function () {
    clearInterval(beat);
    beat = null;
    button.classList.remove('held');
    button.setAttribute('aria-pressed', 'false');
    send('DELETE');
  });
})();
