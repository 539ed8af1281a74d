// Records pages. New rows pushed to a list are announced ("3 new — show") instead of shifting
// the rows under the reader; pushed forms get this page's CSRF token; an open form says it is
// leaving, so "is editing" disappears at once rather than when the mark goes quiet.
(function () {
  function announce() {
    var fresh = document.querySelectorAll('#new-rows li.fresh').length;
    var banner = document.getElementById('new-banner');
    if (!banner || fresh === 0) return;
    banner.querySelector('a').textContent = fresh + ' new — show';
    banner.hidden = false;
  }

  // "Ada is editing" is pushed to every viewer alike: a reader's own mark is hidden here.
  function hideOwnMark() {
    document.querySelectorAll('[data-me]').forEach(function (region) {
      region.querySelectorAll('.editor[data-user="' + region.getAttribute('data-me') + '"]').forEach(function (mark) { mark.remove(); });
    });
  }

  document.addEventListener('htmx:afterSettle', function () {
    announce();
    hideOwnMark();
    var token = window.switchboardCsrf ? window.switchboardCsrf() : '';
    document.querySelectorAll('input.csrf').forEach(function (input) { input.value = token; });
  });
  document.addEventListener('htmx:sseMessage', function () {
    announce();
    hideOwnMark();
    // A record's heading is pushed with it (a rename); the tab's title follows.
    var heading = document.querySelector('#record-detail h1');
    if (heading) document.title = heading.textContent + ' · Switchboard';
    var token = window.switchboardCsrf ? window.switchboardCsrf() : '';
    document.querySelectorAll('input.csrf').forEach(function (input) { input.value = token; });
  });

  window.addEventListener('pagehide', function () {
    var mark = document.querySelector('[data-presence]');
    if (!mark || !window.fetch) return;
    fetch(mark.getAttribute('data-presence'), { method: 'DELETE', keepalive: true, headers: { pac4jCsrfToken: window.switchboardCsrf() } });
  });
})();
