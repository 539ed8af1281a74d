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

  var refused = false;

  function send(method) {
    queue = queue.then(function () {
      if (refused) return null;
      return fetch('/hold/presence?page=' + page, {
        method: method, credentials: 'same-origin', keepalive: method === 'DELETE',
        headers: { 'pac4jCsrfToken': window.switchboardCsrf() }
      })
        .then(function (response) {
          // A refusal (signed out in another tab, so this page's token is stale) is final: the
          // button lets go and says why, instead of looking held while nobody is counted. A busy
          // server (429, 5xx) is asked again at the next beat.
          if (method !== 'PUT' || response.status < 400 || response.status >= 500 || response.status === 429) return null;
          var plain = (response.headers.get('Content-Type') || '').indexOf('text/plain') === 0;
          return response.text().then(function (text) { refuse(plain && text.length < 300 ? text.trim() : ''); });
        })
        .catch(function () { /* the next heartbeat, or the server's cleanup, settles it */ });
    });
  }

  function refuse(why) {
    refused = true;
    gesture.release();
    button.disabled = true;
    var problem = document.getElementById('hold-problem');
    problem.textContent = 'Your hold is not counted' + (why ? ': ' + why : '.') + ' Reload the page to hold again.';
    problem.hidden = false;
  }

  var gesture = window.switchboardPressAndHold(button, function () {
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
