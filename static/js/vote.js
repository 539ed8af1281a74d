// Hold-to-vote: pressing an option starts a hold on the server (POST .../holds); after 3 s the
// page asks the server to count it (POST .../votes). The server checks the time itself, so
// this timer only decides when to ask. Letting go early ends the hold (DELETE .../holds/{id}).
(function () {
  var section = document.querySelector('section.poll[data-poll]');
  if (!section) return;
  var poll = section.getAttribute('data-poll');
  var box = document.getElementById('my-vote');
  var active = null; // { button, hold, timer, cancelled }
  var voted = false;

  function headers(form) {
    var h = { 'pac4jCsrfToken': window.switchboardCsrf ? window.switchboardCsrf() : '' };
    if (form) h['Content-Type'] = 'application/x-www-form-urlencoded';
    return h;
  }

  var UNREACHABLE = 'Could not reach the server: this vote was not counted. Check your connection, then hold again.';

  function say(text) {
    box.textContent = '';
    var p = document.createElement('p');
    p.className = 'error';
    p.setAttribute('role', 'alert');
    p.textContent = text;
    box.appendChild(p);
  }

  function show(response) {
    return response.text().then(function (html) {
      // The vote's own fragment is HTML; a refusal (409, 429, 503) is plain text, shown as text.
      var type = response.headers.get('Content-Type') || '';
      if (type.indexOf('text/html') === 0) box.innerHTML = html;
      else say(html.trim() || 'The server refused this vote (' + response.status + '). Reload the page and try again.');
      if (response.ok) {
        voted = true;
        // The focused option is disabled with the rest: focus moves to what the vote says, not to
        // <body> (the next Tab would start again at the top of the page).
        var focused = document.activeElement && document.activeElement.classList.contains('vote-option');
        document.querySelectorAll('.vote-option').forEach(function (b) { b.disabled = true; });
        if (focused) {
          box.setAttribute('tabindex', '-1');
          box.focus();
        }
      }
    });
  }

  function press(button) {
    if (active) return;
    var current = active = { button: button, hold: null, timer: null, cancelled: false };
    button.classList.add('holding');
    fetch('/polls/' + poll + '/holds', { method: 'POST', credentials: 'same-origin', headers: headers(true),
      body: 'option=' + encodeURIComponent(button.getAttribute('data-option')) })
      .then(function (response) {
        if (response.status !== 201) { release(); return show(response); }
        return response.json().then(function (body) {
          current.hold = body.hold;
          if (current.cancelled) { letGo(current); return; }
          // A little past the server's 3 s, so the server's clock agrees.
          current.timer = setTimeout(function () { complete(current); }, body.holdMillis + 150);
        });
      })
      .catch(function () {
        if (active === current) release();
        say(UNREACHABLE);
      });
  }

  function complete(current) {
    if (active !== current) return;
    active = null;
    current.button.classList.remove('holding');
    fetch('/polls/' + poll + '/votes', { method: 'POST', credentials: 'same-origin', headers: headers(true),
      body: 'hold=' + encodeURIComponent(current.hold) }).then(show, function () { say(UNREACHABLE); });
  }

  function letGo(current) {
    if (current.hold) {
      fetch('/polls/' + poll + '/holds/' + current.hold, { method: 'DELETE', credentials: 'same-origin', headers: headers(false), keepalive: true });
    }
  }

  function release() {
    if (!active) return false;
    var current = active;
    active = null;
    current.cancelled = true;
    clearTimeout(current.timer);
    current.button.classList.remove('holding');
    letGo(current);
    return true;
  }

  // Let go before the vote was asked for: the page says so, instead of nothing happening.
  function tooSoon() {
    box.textContent = '';
    var p = document.createElement('p');
    p.className = 'hint';
    p.textContent = 'Let go too soon: not counted. Press and keep holding an option for 3 seconds to vote.';
    box.appendChild(p);
  }

  document.querySelectorAll('.vote-option').forEach(function (button) {
    window.switchboardPressAndHold(button, function () { press(button); }, function () { if (release()) tooSoon(); });
  });

  // When the poll closes (pushed results say so), the options stop taking holds and their
  // instructions go: the page says it is closed instead. A reopened poll takes holds again.
  var closedNote = document.getElementById('poll-closed');
  var reopenedNote = document.getElementById('poll-reopened');
  var yourVote = document.getElementById('your-vote');
  // An admin may edit a poll nobody has voted in yet: the heading follows the pushed question,
  // and options that are not the ones drawn here stop taking holds (theirs were dropped) and
  // the page says to reload.
  var changedNote = document.getElementById('poll-changed');
  function ids(elements) {
    return Array.prototype.map.call(elements, function (e) { return e.getAttribute('data-option'); }).sort().join(',');
  }
  function followEdits(state) {
    var question = state.getAttribute('data-question');
    var heading = section.querySelector('h1');
    if (question && heading && heading.textContent !== question) {
      heading.textContent = question;
      document.title = question + ' · Switchboard';
    }
    var buttons = document.querySelectorAll('.vote-option');
    if (voted || !buttons.length || !changedNote.hidden || ids(buttons) === ids(document.querySelectorAll('#poll-results li[data-option]'))) return;
    release();
    buttons.forEach(function (b) { b.disabled = true; });
    if (yourVote) yourVote.hidden = true;
    changedNote.hidden = false;
  }

  document.addEventListener('htmx:sseMessage', function () {
    var state = document.querySelector('#poll-results .poll-state');
    if (!state) return;
    followEdits(state);
    var status = state.getAttribute('data-status');
    if (status === 'closed' && closedNote.hidden) {
      release();
      document.querySelectorAll('.vote-option').forEach(function (b) { b.disabled = true; });
      if (yourVote) yourVote.hidden = true;
      if (reopenedNote) reopenedNote.hidden = true;
      closedNote.hidden = false;
    } else if (status === 'active' && !closedNote.hidden) {
      closedNote.hidden = true;
      if (reopenedNote) reopenedNote.hidden = false;
      if (yourVote) {
        yourVote.hidden = false;
        if (!voted && changedNote.hidden) document.querySelectorAll('.vote-option').forEach(function (b) { b.disabled = false; });
      }
    }
  });
})();
