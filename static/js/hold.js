// Hold the button: PUT /hold/presence on press and every 3 s while held, DELETE on release.
// Requests go one after another so a quick release can never overtake its own press.
(function () {
  var button = document.getElementById('hold-button');
  if (!button) return;
  var beat = null;
  var queue = Promise.resolve();

  function send(method) {
    queue = queue.then(function () {
      return fetch('/hold/presence', {
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
