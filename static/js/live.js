// Keeps every sse-connect URL's `since` at the last event id this page has applied. The
// browser's own EventSource reconnect sends Last-Event-ID, but the htmx SSE extension's
// reconnect opens a new EventSource from this attribute and sends no header.
document.addEventListener('htmx:sseMessage', function (e) {
  var id = e.detail && e.detail.lastEventId;
  var source = e.target.closest && e.target.closest('[sse-connect]');
  if (!id || !source) return;
  var url = new URL(source.getAttribute('sse-connect'), window.location.href);
  url.searchParams.set('since', id);
  source.setAttribute('sse-connect', url.pathname + url.search);
});

// Past the server's change retention a page with an append region cannot be patched: it reloads.
document.addEventListener('htmx:sseOpen', function (e) {
  var source = e.detail && e.detail.source;
  if (!source || source.switchboardReload) return;
  source.switchboardReload = true;
  source.addEventListener('reload', function () { window.location.reload(); });
});

// Append regions whose items stand for one thing each (data-key names the attribute that says
// which, e.g. data-wager): a pushed item is the thing's latest state, so older copies of it go.
// Without this a settled wager showed twice, once still "pending", and the status filter lied.
document.addEventListener('htmx:sseMessage', function (e) {
  var region = e.target;
  var attribute = region && region.getAttribute && region.getAttribute('data-key');
  if (!attribute) return;
  var seen = Object.create(null);
  Array.prototype.slice.call(region.children).forEach(function (item) {
    var key = item.getAttribute(attribute);
    if (key === null) return;
    if (seen[key]) item.remove();
    else seen[key] = true;
  });
});

// Append regions with data-max="N" keep their newest N items: pushed items that only CSS hid
// stayed in the DOM, and a wall screen left running with the simulator grew by ~170,000 nodes a
// day. Runs after the data-key pass above, so a thing's older copy goes before anything is cut.
document.addEventListener('htmx:sseMessage', function (e) {
  var region = e.target;
  var max = region && region.getAttribute && parseInt(region.getAttribute('data-max'), 10);
  if (!(max >= 0)) return;
  var oldestLast = (region.getAttribute('hx-swap') || '').indexOf('beforeend') !== 0;
  while (region.children.length > max) {
    (oldestLast ? region.lastElementChild : region.firstElementChild).remove();
  }
});

// A region swapped under the keyboard's focus (an alert acknowledged with Enter) would leave
// focus on <body> and the next Tab at the top of the page: focus goes back to the same place in
// the region (the next alert's button), or to the region itself. An element swapped out of band
// (a thread's line in chat's list, redrawn by another region's message) is found again by its id.
(function () {
  var held = null;
  // What Tab can reach, in order: not a hidden input (the page's CSRF field before each alert's
  // button, absent from the pushed copy, would shift every place by one), nor anything not drawn.
  function focusables(root) {
    return Array.prototype.slice.call(root.querySelectorAll(
      'a[href], button:not([disabled]), input:not([disabled]):not([type="hidden"]), select:not([disabled]), textarea:not([disabled]), [tabindex]:not([tabindex="-1"])'))
      .filter(function (el) {
        return el.getClientRects().length > 0 && getComputedStyle(el).visibility !== 'hidden' && !el.closest('[inert]');
      });
  }
  document.addEventListener('htmx:sseBeforeMessage', function (e) {
    var region = e.target;
    var active = document.activeElement;
    held = null;
    if (!active || active === document.body) return;
    var anchor = active.parentElement && active.parentElement.closest('[id]');
    held = {
      region: region && region.contains && region.contains(active) ? region : null,
      index: region && region.contains && region.contains(active) ? focusables(region).indexOf(active) : -1,
      anchorId: anchor ? anchor.id : null,
      anchorIndex: anchor ? focusables(anchor).indexOf(active) : -1
    };
  });
  document.addEventListener('htmx:sseMessage', function () {
    if (!held) return;
    var was = held;
    held = null;
    var active = document.activeElement;
    if (active && active !== document.body && document.contains(active)) return;
    var next = null;
    var anchor = was.anchorId ? document.getElementById(was.anchorId) : null;
    if (anchor && was.anchorIndex >= 0) next = focusables(anchor)[was.anchorIndex] || null;
    if (!next && was.region && document.contains(was.region)) {
      var all = focusables(was.region);
      next = all.length ? all[Math.max(0, Math.min(was.index, all.length - 1))] : null;
      if (!next) {
        was.region.setAttribute('tabindex', '-1');
        next = was.region;
      }
    }
    if (next) next.focus({ preventScroll: true });
  });
})();

// A time of day as every clock on a page shows it: 24-hour hh:mm:ss in the reader's zone, in
// every locale, as the server writes them ("14:02:07 UTC"); en-US's "02:02:07 PM" beside them
// read as another clock. Used here and by times.js (loaded after this file).
window.switchboardClock = function (date) {
  return [date.getHours(), date.getMinutes(), date.getSeconds()].map(function (n) { return (n < 10 ? '0' : '') + n; }).join(':');
};

// The CSRF token for the pages' own fetch calls (htmx sends it from <body hx-headers>).
window.switchboardCsrf = function () {
  var meta = document.querySelector('meta[name="csrf-token"]');
  return meta ? meta.getAttribute('content') : '';
};

// Follows other topics from where this page is: the SSE extension reconnects a closed source
// from its sse-connect attribute (and re-registers its regions), so closing it is the switch.
// Topics the page frame adds to every stream (the header's bell) stay on the new one too.
window.switchboardRestream = function (element, url) {
  element.setAttribute('sse-connect', window.switchboardFrameTopics ? window.switchboardFrameTopics(url) : url);
  var source = element.switchboardSource;
  if (!source || source.readyState === EventSource.CLOSED) return;
  source.close();
  if (source.onerror) source.onerror(new Event('error'));
};

// Live state. A stream that is down for 2 s shows a quiet banner saying since when the page has
// not been updated, marks the page stale and disables the controls that need the server
// ([data-needs-server]); the stream coming back clears all three, and its replay brings the
// page up to date. A stream refused because the viewer is no longer signed in (a revoked kiosk
// link, a disabled account) stops retrying and says so.
(function () {
  var QUIET = 2000;
  var down = null;      // { since: Date, timer } while a stream is down
  var signedOut = false;
  var lastUpdate = new Date();

  function banner() {
    return document.getElementById('live-status');
  }

  var clock = window.switchboardClock;

  function setControls(offline) {
    document.querySelectorAll('[data-needs-server]').forEach(function (control) {
      if (offline && !control.disabled) {
        control.disabled = true;
        control.setAttribute('data-offline', '');
      } else if (!offline && control.hasAttribute('data-offline')) {
        control.disabled = false;
        control.removeAttribute('data-offline');
      }
    });
    document.dispatchEvent(new CustomEvent(offline ? 'switchboard:offline' : 'switchboard:online'));
  }

  function showDown() {
    if (signedOut) return;
    document.documentElement.setAttribute('data-live', 'stale');
    var box = banner();
    if (box) {
      box.textContent = 'Reconnecting… Not updated since ' + clock(lastUpdate) + '.';
      box.hidden = false;
    }
    setControls(true);
  }

  function showSignedOut() {
    signedOut = true;
    if (down) clearTimeout(down.timer);
    document.documentElement.setAttribute('data-live', 'signed-out');
    document.querySelectorAll('[sse-connect]').forEach(function (element) {
      element.removeAttribute('sse-connect');
      if (element.switchboardSource) element.switchboardSource.close();
    });
    var box = banner();
    if (box) {
      box.textContent = 'Signed out: this page no longer updates. ';
      var kiosk = document.documentElement.classList.contains('kiosk');
      var next = document.createElement(kiosk ? 'span' : 'a');
      if (kiosk) {
        next.textContent = 'Ask an admin for a new kiosk link.';
      } else {
        next.href = '/login?next=' + encodeURIComponent(location.pathname + location.search);
        next.textContent = 'Log in again';
      }
      box.appendChild(next);
      box.hidden = false;
    }
    setControls(true);
  }

  window.switchboardSignedOut = showSignedOut;

  // EventSource does not say why it failed; the page itself does: 401 once signed out. A 403 or
  // 404 may be the page's own business (chat: removed from the thread, or it was deleted, while
  // still signed in): the page is told (switchboard:refused, cancelable, on document) and may
  // handle it; unhandled, a 403 still means this page is closed to its viewer.
  function checkAccess() {
    fetch(location.pathname + location.search, { credentials: 'same-origin', headers: { 'HX-Request': 'true' }, redirect: 'manual' })
      .then(function (response) {
        if (response.status === 401) return showSignedOut();
        if (response.status !== 403 && response.status !== 404) return;
        var refused = new CustomEvent('switchboard:refused', { cancelable: true, detail: { status: response.status } });
        if (document.dispatchEvent(refused) && response.status === 403) showSignedOut();
      })
      .catch(function () { /* the node is unreachable: keep reconnecting */ });
  }

  // A stream closed for its viewer says why in its last event ("session.ended", "access.revoked
  // <id>", a feature's own such as "thread.left <id>"): the page asks at once instead of showing
  // "Reconnecting…" until its next connect is refused. A page may handle the reason itself
  // (switchboard:closed, cancelable, on the stream's element).
  document.addEventListener('htmx:sseOpen', function (e) {
    var source = e.detail && e.detail.source;
    if (!source || source.switchboardTold) return;
    source.switchboardTold = true;
    var element = e.target;
    source.addEventListener('closed', function (m) {
      var closed = new CustomEvent('switchboard:closed', { bubbles: true, cancelable: true, detail: { reason: String(m.data) } });
      if (element.dispatchEvent(closed) && !signedOut) checkAccess();
    });
  });

  document.addEventListener('htmx:sseError', function (e) {
    if (signedOut) return;
    if (!down) down = { timer: setTimeout(showDown, QUIET) };
    // Only a refused stream (an HTTP answer, not a network error) may mean signed out; asking on
    // every retry of an unreachable node would double the load of a reconnect storm.
    var source = e.detail && e.detail.source;
    if (source && source.readyState === EventSource.CLOSED) checkAccess();
  });

  document.addEventListener('htmx:sseOpen', function (e) {
    if (e.detail && e.detail.source) e.target.switchboardSource = e.detail.source;
    if (!down || signedOut) return;
    clearTimeout(down.timer);
    down = null;
    document.documentElement.removeAttribute('data-live');
    var box = banner();
    if (box) box.hidden = true;
    setControls(false);
  });

  document.addEventListener('htmx:sseMessage', function () {
    lastUpdate = new Date();
    var updated = document.getElementById('last-updated');
    if (updated) {
      updated.setAttribute('datetime', lastUpdate.toISOString());
      updated.textContent = clock(lastUpdate);
    }
  });
})();


// A stream that falls silent is gone, even when the browser has not noticed: a frozen node or a
// connection cut without a reset (a laptop's Wi-Fi switching) leaves EventSource "open" for
// minutes or hours, and the page would show old data as live. The server sends a heartbeat event
// at least every interval it names in it; silence for two intervals and 5 s more closes the
// stream and reconnects it as a failed one would (the banner then says "Reconnecting…").
(function () {
  var watched = [];
  function heard(source) { source.switchboardHeard = Date.now(); }
  document.addEventListener('htmx:sseOpen', function (e) {
    var source = e.detail && e.detail.source;
    if (!source) return;
    heard(source);
    if (source.switchboardWatched) return;
    source.switchboardWatched = true;
    source.switchboardEvery = 15000;
    watched.push(source);
    source.addEventListener('heartbeat', function (m) {
      var every = parseInt(m.data, 10);
      if (every > 0) source.switchboardEvery = every;
      heard(source);
    });
  });
  document.addEventListener('htmx:sseMessage', function (e) {
    var source = e.detail && e.detail.source;
    if (source) heard(source);
    else watched.forEach(heard);
  });
  setInterval(function () {
    watched = watched.filter(function (source) { return source.readyState !== EventSource.CLOSED; });
    watched.forEach(function (source) {
      if (source.readyState !== EventSource.OPEN) return;
      if (Date.now() - source.switchboardHeard <= 2 * source.switchboardEvery + 5000) return;
      source.switchboardGone = true;
      source.close();
      if (source.onerror) source.onerror(new Event('error'));
    });
  }, 2000);
})();
