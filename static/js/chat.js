// Chat: the few things htmx cannot do. Keeps one copy of a message when the sender's own
// answer and the pushed copy both arrive; hides edit tools on others' messages (pushed HTML is
// the same for everyone); keeps unread counts and the order of the thread list as threads'
// lines are pushed; clears the composer after sending; keeps the view at the newest message.
(function () {
  var chat = document.querySelector('.chat[data-me]');
  if (!chat) return;
  var me = chat.getAttribute('data-me');
  var open = chat.getAttribute('data-open');
  var list = document.getElementById('thread-list');
  var messages = document.getElementById('messages');
  var before = {};

  function tidy() {
    if (messages) {
      // Two copies of one message: the author's own answer (with edit tools) and the pushed one.
      var kept = {};
      messages.querySelectorAll('li.message').forEach(function (item) {
        var other = kept[item.id];
        if (!other) { kept[item.id] = item; return; }
        var keepOther = other.querySelector('.own-tools') && !item.querySelector('.own-tools');
        if (keepOther) { item.remove(); } else { other.remove(); kept[item.id] = item; }
      });
    }
    document.querySelectorAll('.own-tools[data-own]').forEach(function (tools) {
      if (tools.getAttribute('data-own') !== me) tools.remove();
    });
    var token = window.switchboardCsrf ? window.switchboardCsrf() : '';
    document.querySelectorAll('input.csrf').forEach(function (input) { input.value = token; });
    document.querySelectorAll('.typist[data-user="' + me + '"]').forEach(function (span) { span.remove(); });
  }

  function nearBottom() {
    return !messages || messages.scrollHeight - messages.scrollTop - messages.clientHeight < 120;
  }

  function toBottom() {
    if (messages) messages.scrollTop = messages.scrollHeight;
  }

  function reorder() {
    if (!list) return;
    var items = Array.prototype.slice.call(list.querySelectorAll('li.thread-item'));
    items.sort(function (a, b) {
      var pa = a.getAttribute('data-pinned') === 'true', pb = b.getAttribute('data-pinned') === 'true';
      if (pa !== pb) return pa ? -1 : 1;
      return Number(b.getAttribute('data-activity')) - Number(a.getAttribute('data-activity'));
    });
    items.forEach(function (item) { list.appendChild(item); });
  }

  document.addEventListener('htmx:oobBeforeSwap', function (e) {
    var target = e.detail.target;
    if (target && target.classList && target.classList.contains('thread-item')) {
      before[target.id] = { unread: Number(target.getAttribute('data-unread') || 0),
        activity: Number(target.getAttribute('data-activity') || 0), pinned: target.getAttribute('data-pinned') };
    }
  });

  document.addEventListener('htmx:oobAfterSwap', function (e) {
    var id = e.detail.target && e.detail.target.id;
    var item = id && document.getElementById(id);
    var old = before[id];
    if (!item || !old || !item.classList.contains('thread-item')) { tidy(); return; }
    delete before[id];
    var isOpen = id === 'thread-item-' + open;
    var newer = Number(item.getAttribute('data-activity')) > old.activity;
    var unread = isOpen ? 0 : old.unread + (newer ? 1 : 0);
    item.setAttribute('data-unread', unread);
    item.setAttribute('data-pinned', old.pinned);
    if (old.pinned === 'true') item.classList.add('pinned');
    if (isOpen) item.classList.add('open');
    item.querySelector('.unread').textContent = unread > 0 ? String(unread) : '';
    reorder();
  });

  // Loading older messages above keeps what the member was reading in place.
  var fromBottom = null;
  document.addEventListener('htmx:beforeSwap', function (e) {
    if (e.detail.target && e.detail.target.id === 'older' && messages) {
      fromBottom = messages.scrollHeight - messages.scrollTop;
    }
  });

  document.addEventListener('htmx:afterSwap', function (e) {
    tidy();
    if (fromBottom !== null) {
      messages.scrollTop = messages.scrollHeight - fromBottom;
      fromBottom = null;
      return;
    }
    if (e.detail.target === messages) toBottom();
  });

  document.addEventListener('htmx:sseMessage', function () {
    var stick = nearBottom();
    tidy();
    if (stick) toBottom();
  });

  document.addEventListener('htmx:afterRequest', function (e) {
    var form = e.detail.elt;
    if (form && form.id === 'composer' && e.detail.successful) {
      form.reset();
      document.getElementById('composer-body').value = '';
      toBottom();
    } else if (form && form.id === 'composer' && !e.detail.successful) {
      var error = document.createElement('p');
      error.className = 'error';
      error.setAttribute('role', 'alert');
      error.textContent = e.detail.xhr.responseText || 'The message could not be sent.';
      form.parentNode.insertBefore(error, form);
      setTimeout(function () { error.remove(); }, 8000);
    }
  });

  // Sending with Ctrl+Enter (or Cmd+Enter).
  var body = document.getElementById('composer-body');
  if (body) {
    body.addEventListener('keydown', function (e) {
      if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
        e.preventDefault();
        htmx.trigger(document.getElementById('composer'), 'submit');
      }
    });
  }

  tidy();
  toBottom();
})();
