// Chat: the few things htmx cannot do. Hides edit tools on others' messages (pushed HTML is
// the same for everyone); keeps unread counts and the order of the thread list as threads'
// lines are pushed; clears the composer after sending; keeps the view at the newest message.
(function () {
  var chat = document.querySelector('.chat[data-me]');
  if (!chat) return;
  var me = chat.getAttribute('data-me');
  var open = chat.getAttribute('data-open');
  var messages = document.getElementById('messages');
  var before = {};

  function tidy() {
    document.querySelectorAll('.own-tools[data-own]').forEach(function (tools) {
      if (tools.getAttribute('data-own') !== me) tools.remove();
    });
    var token = window.switchboardCsrf ? window.switchboardCsrf() : '';
    document.querySelectorAll('input.csrf').forEach(function (input) { input.value = token; });
    document.querySelectorAll('.typist[data-user="' + me + '"]').forEach(function (span) { span.remove(); });
  }

  // Each message this page sends carries an id made here (client_id): a retry of the same post
  // (a lost answer, a second press) makes no second message. A new id after each success.
  function newClientId() {
    var field = document.getElementById('composer-client-id');
    if (!field) return;
    if (window.crypto && crypto.randomUUID) { field.value = crypto.randomUUID(); return; }
    var b = crypto.getRandomValues(new Uint8Array(16));
    b[6] = (b[6] & 15) | 64; b[8] = (b[8] & 63) | 128;
    var h = Array.prototype.map.call(b, function (x) { return (x + 256).toString(16).slice(1); }).join('');
    field.value = h.slice(0, 8) + '-' + h.slice(8, 12) + '-' + h.slice(12, 16) + '-' + h.slice(16, 20) + '-' + h.slice(20);
  }
  var posting = 0;

  // A message of this member's sent from another tab or device arrives pushed without edit
  // tools (one lean copy for every member); the page fetches its copy with tools over the same
  // element. What this page sends needs none: the answer to the post is that copy.
  function ownTools() {
    if (!messages || !open || posting) return;
    messages.querySelectorAll('li.message[data-author="' + me + '"]:not(.deleted):not([data-tools])').forEach(function (item) {
      item.setAttribute('data-tools', 'asked');
      if (item.querySelector('.own-tools')) return;
      htmx.ajax('GET', '/chat/' + open + '/messages/' + item.id.replace('msg-', ''), { target: '#' + item.id, swap: 'outerHTML' });
    });
  }

  function nearBottom() {
    return !messages || messages.scrollHeight - messages.scrollTop - messages.clientHeight < 120;
  }

  function toBottom() {
    if (messages) messages.scrollTop = messages.scrollHeight;
  }

  function reorder() {
    var list = document.getElementById('thread-list');
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
    if (isOpen) item.setAttribute('aria-current', 'page');
    item.querySelector('.unread').textContent = unread > 0 ? String(unread) : '';
    reorder();
  });

  // A pushed list (the member joined or left a thread) names the lines to keep live; the
  // stream follows them from the last event this page applied, so a thread the member was
  // just added to gets its previews and unread counts.
  function followList() {
    var list = document.getElementById('thread-list');
    var item = document.getElementById('thread-item-' + open);
    if (item) item.setAttribute('aria-current', 'page');
    var stream = chat.getAttribute('sse-connect');
    if (!list || !stream || !window.switchboardRestream) return;
    var url = new URL(stream, window.location.href);
    var kept = url.searchParams.get('topics').split(',').filter(function (t) { return t.indexOf('threadsum:') !== 0; });
    var follow = list.getAttribute('data-follow');
    var topics = kept.concat(follow ? follow.split(',') : []).join(',');
    if (topics === url.searchParams.get('topics')) return;
    url.searchParams.set('topics', topics);
    window.switchboardRestream(chat, url.pathname + url.search);
  }

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

  document.addEventListener('htmx:sseMessage', function (e) {
    if (e.target && e.target.id === 'threads-box') followList();
    // A rename pushed to the open thread: the tab's title follows its heading.
    var heading = e.target && e.target.id === 'thread-head' ? e.target.querySelector('h1') : null;
    if (heading) document.title = heading.textContent + ' · Switchboard';
    var stick = nearBottom();
    tidy();
    ownTools();
    if (stick) toBottom();
  });

  document.addEventListener('htmx:beforeRequest', function (e) {
    if (e.detail.elt && e.detail.elt.id === 'composer') posting++;
  });

  document.addEventListener('htmx:afterRequest', function (e) {
    var form = e.detail.elt;
    if (form && form.id === 'composer') posting = Math.max(0, posting - 1);
    if (form && form.id === 'composer' && e.detail.successful) {
      form.reset();
      document.getElementById('composer-body').value = '';
      newClientId();
      toBottom();
      ownTools();
    }
    // A refused or unsent message says so above the composer (forms.js, as for every form).
  });

  // Enter sends, Shift+Enter adds a line (as in Slack and Campfire); not while an input method composes.
  var body = document.getElementById('composer-body');
  if (body) {
    body.addEventListener('keydown', function (e) {
      if (e.key === 'Enter' && !e.shiftKey && !e.isComposing) {
        e.preventDefault();
        var form = document.getElementById('composer');
        var send = form.querySelector('[type=submit]');
        if (send && send.disabled) {
          // The text stays, and the composer says why it was not sent (not only the banner): the
          // thread is gone for this member, the page is signed out, or it is offline for now.
          var why = form.getAttribute('data-closed')
            || (document.documentElement.getAttribute('data-live') === 'signed-out'
              ? 'Not sent: you are signed out. Log in again (the link is above) to send it; your text stays here until you leave the page.'
              : 'Not sent: the page is offline. Your text is kept; press Enter again once it is back.');
          if (window.switchboardFormError) window.switchboardFormError(form, why);
          return;
        }
        form.requestSubmit(send || undefined);
      }
    });
  }

  // Editing in place: Cancel or Escape closes the editor and puts the text back.
  function cancelEdit(element) {
    var tools = element.closest('details.own-tools');
    if (!tools) return;
    var text = tools.querySelector('textarea');
    if (text) text.value = text.defaultValue;
    tools.open = false;
    var summary = tools.querySelector('summary');
    if (summary) summary.focus();
  }
  document.addEventListener('click', function (e) {
    if (e.target.classList && e.target.classList.contains('cancel-edit')) cancelEdit(e.target);
  });
  document.addEventListener('keydown', function (e) {
    if (e.key === 'Escape' && e.target.closest && e.target.closest('details.own-tools')) cancelEdit(e.target);
  });

  // Saving an edit or deleting a message replaces the message, and the button that had the
  // keyboard's focus went with the old copy: focus fell to <body>, and the next Tab started at the
  // top of the page. It goes to the edited message, or after a deletion to the next message (the
  // composer when it was the last).
  var refocus = null;
  document.addEventListener('htmx:beforeRequest', function (e) {
    var form = e.detail.elt;
    var item = form && form.tagName === 'FORM' && form.closest('.own-tools') && form.closest('li.message');
    if (item) refocus = { id: item.id, deleted: /\/deletion$/.test(form.getAttribute('hx-post') || '') };
  });
  document.addEventListener('htmx:afterRequest', function (e) {
    if (!e.detail.successful) refocus = null;
  });
  document.addEventListener('htmx:afterSettle', function (e) {
    var was = refocus;
    if (!was || !e.target || e.target.id !== was.id) return;
    refocus = null;
    var active = document.activeElement;
    if (active && active !== document.body && document.contains(active)) return;
    var item = document.getElementById(was.id);
    var next = item;
    if (was.deleted) {
      next = item && item.nextElementSibling;
      while (next && !next.matches('li.message')) next = next.nextElementSibling;
      if (!next) next = document.getElementById('composer-body') || item;
    }
    if (!next) return;
    if (next.tagName === 'LI') next.setAttribute('tabindex', '-1');
    next.focus();
  });

  // The browser refuses a file over the limit before sending it (the server checks again).
  function megabytes(bytes) {
    var mb = Math.ceil(bytes * 10 / (1024 * 1024)) / 10;
    return (mb === Math.round(mb) ? String(mb) : mb.toFixed(1)) + ' MB';
  }
  document.addEventListener('change', function (e) {
    var input = e.target;
    if (!input.matches || !input.matches('input[type=file][data-max-bytes]')) return;
    var max = Number(input.getAttribute('data-max-bytes'));
    var file = input.files && input.files[0];
    input.setCustomValidity(file && file.size > max
      ? 'The file ' + file.name + ' is ' + megabytes(file.size) + '; a file may be at most ' + megabytes(max) + '.' : '');
    input.reportValidity();
  });

  // A search hit's link names its message (#msg-<id>); the server's page starts at it when it
  // is older than the newest page. Show it, marked, instead of the newest messages.
  function jumpToHit() {
    var hit = /^#msg-\d+$/.test(window.location.hash) && document.getElementById(window.location.hash.slice(1));
    if (!hit || !messages || !messages.contains(hit)) return false;
    messages.scrollTop += hit.getBoundingClientRect().top - messages.getBoundingClientRect().top - 16;
    hit.classList.add('found');
    return true;
  }

  newClientId();
  tidy();
  if (!jumpToHit()) toBottom();
})();
