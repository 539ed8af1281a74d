// Keeps every sse-connect URL's `since` at the last event id this page has applied. The
// browser's own EventSource reconnect sends Last-Event-ID, but the htmx SSE extension's
// reconnect opens a new EventSource from this attribute and sends no header (DESIGN.md, rule 6).
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

// Every request htmx sends carries the session's CSRF token (the server refuses state changes without it).
window.switchboardCsrf = function () {
  var meta = document.querySelector('meta[name="csrf-token"]');
  return meta ? meta.getAttribute('content') : '';
};
document.addEventListener('htmx:configRequest', function (e) {
  e.detail.headers['pac4jCsrfToken'] = window.switchboardCsrf();
});
