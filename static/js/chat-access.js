// Chat keeps a page live when its member loses a thread while still signed in: removed from it,
// or it was deleted. The stream that followed it is closed (told "thread.left <id>") and a
// reconnect asking for it is refused; before, the page took that for signing out (or, deleted,
// retried forever) and the whole page, thread list included, stopped updating. Now the page asks
// which threads are still the member's, follows those, and says what happened to the open one.
(function () {
  var chat = document.querySelector('.chat[data-me]');
  if (!chat) return;
  var open = chat.getAttribute('data-open');
  var busy = false;
  var lost = false;

  function ask(path) {
    return fetch(path, { credentials: 'same-origin', headers: { 'HX-Request': 'true' }, redirect: 'manual' });
  }

  // The open thread is gone for this member: say so where the thread was, with a way back, and
  // close the composer with the reason (Enter reads it from data-closed; chat.js).
  function closeThread(removed) {
    lost = true;
    var what = removed ? 'You were removed from this thread' : 'This thread was deleted';
    var head = document.querySelector('#thread-head h1');
    if (head) head.textContent = what;
    var notice = document.getElementById('thread-closed');
    if (!notice) {
      notice = document.createElement('p');
      notice.id = 'thread-closed';
      notice.className = 'error';
      notice.setAttribute('role', 'alert');
      var top = document.querySelector('.thread-top');
      if (top) top.after(notice);
    }
    notice.textContent = what + ': it no longer updates here. ';
    var back = document.createElement('a');
    back.href = '/chat';
    back.textContent = 'Back to your threads';
    notice.appendChild(back);
    var composer = document.getElementById('composer');
    if (!composer) return;
    var says = removed ? 'You cannot send here any more: you were removed from this thread.'
      : 'You cannot send here any more: this thread was deleted.';
    composer.setAttribute('data-closed', says);
    composer.querySelectorAll('textarea, input, button').forEach(function (control) {
      control.removeAttribute('data-needs-server'); // a reconnect must not give them back
      control.removeAttribute('data-offline');
      // The text stays readable and copyable; Enter in it says why nothing is sent.
      if (control.tagName === 'TEXTAREA') control.readOnly = true;
      else control.disabled = true;
    });
    if (window.switchboardFormError) window.switchboardFormError(composer, says);
  }

  // Follows the inbox, the open thread while it is still the member's, and the lines of the
  // threads the member has now (the list page names them); the stream resumes from where it was.
  function follow(keepOpen, lines) {
    var stream = chat.getAttribute('sse-connect');
    if (!stream || !window.switchboardRestream) return;
    var url = new URL(stream, window.location.href);
    var topics = url.searchParams.get('topics').split(',').filter(function (t) {
      return t.indexOf('threadsum:') !== 0 && (keepOpen || t !== 'thread:' + open);
    });
    url.searchParams.set('topics', topics.concat(lines ? lines.split(',') : []).join(','));
    window.switchboardRestream(chat, url.pathname + url.search);
  }

  // status: the open thread page's answer when live.js already asked it, else undefined.
  function resync(status) {
    if (busy) return;
    busy = true;
    var asked = status !== undefined || open === '0' ? Promise.resolve(status || 200) : ask('/chat/' + open).then(function (r) { return r.status; });
    asked.then(function (thread) {
      if (thread === 401) return window.switchboardSignedOut && window.switchboardSignedOut();
      return ask('/chat').then(function (list) {
        if (list.status === 401 || list.status === 403) return window.switchboardSignedOut && window.switchboardSignedOut();
        if (!list.ok) return; // the node is in trouble: live.js keeps reconnecting
        return list.text().then(function (html) {
          var fresh = new DOMParser().parseFromString(html, 'text/html').getElementById('thread-list');
          var gone = lost || thread === 403 || thread === 404;
          if (gone && !lost) closeThread(thread === 403);
          follow(!gone, fresh ? fresh.getAttribute('data-follow') : '');
        });
      });
    }).catch(function () { /* unreachable: live.js keeps reconnecting */ }).then(function () { busy = false; });
  }

  chat.addEventListener('switchboard:closed', function (e) {
    if (!/^thread\.left \d+$/.test(e.detail.reason)) return;
    e.preventDefault();
    resync();
  });

  document.addEventListener('switchboard:refused', function (e) {
    e.preventDefault();
    resync(e.detail.status);
  });
})();
