// The header's notifications bell, live on every page within the browser's connection budget
// (six HTTP/1.1 connections per host across all tabs): one stream per page. A page with a stream
// of its own carries the account's notifications topic on it (added to its sse-connect URL here,
// before htmx opens it, and again whenever the page switches streams), and its "bell" events are
// handed up to the header, which lies outside the stream's element; a page without one streams
// the bell alone. Runs deferred before htmx, which processes the page on DOMContentLoaded.
(function () {
  var bell = document.getElementById('bell');
  if (!bell) return;
  var topic = bell.getAttribute('data-topic');
  var MAX_TOPICS = 32; // the server's limit per stream (Topics.MAX_PER_STREAM)

  function withBell(url) {
    var parsed = new URL(url, window.location.href);
    var topics = (parsed.searchParams.get('topics') || '').split(',').filter(Boolean);
    if (topics.indexOf(topic) >= 0 || topics.length >= MAX_TOPICS) return url;
    topics.push(topic);
    parsed.searchParams.set('topics', topics.join(','));
    return parsed.pathname + parsed.search;
  }

  var host = document.querySelector('[sse-connect]');
  if (!host) {
    bell.setAttribute('hx-ext', 'sse');
    bell.setAttribute('sse-connect', bell.getAttribute('data-stream'));
    bell.setAttribute('sse-swap', 'bell');
    return;
  }
  host.setAttribute('sse-connect', withBell(host.getAttribute('sse-connect')));

  // A page that follows other topics later (chat's threads, via live.js) keeps the bell on its new stream.
  window.switchboardFrameTopics = withBell;

  document.addEventListener('htmx:sseOpen', function (e) {
    var source = e.detail && e.detail.source;
    if (!source || source.switchboardBell || e.target === bell) return;
    source.switchboardBell = true;
    var element = e.target;
    source.addEventListener('bell', function (event) {
      if (element.querySelector('[sse-swap="bell"]')) return; // the page draws this region itself
      htmx.swap(bell, event.data, { swapStyle: 'innerHTML' });
      // live.js keeps the stream's resume point at the last event this page applied.
      htmx.trigger(element, 'htmx:sseMessage', event);
    });
  });
})();
