// Records pages. New rows pushed to a list are announced ("3 new — show") instead of shifting
// the rows under the reader; pushed forms get this page's CSRF token; an open form says it is
// leaving, so "is editing" disappears at once rather than when the mark goes quiet.
(function () {
  // Pushed rows are rendered once for every viewer of the kind; each list judges them by its own
  // filters (the row's data-filters against the page's query): a new open task is not announced
  // on a list of done ones, and a row changed to another status leaves it. A search cannot be
  // judged here, so under one the banner says the new rows may not match.
  function matches(element) {
    var values = element.getAttribute('data-filters');
    if (values === null) return true;
    var page = new URLSearchParams(location.search);
    var ok = true;
    new URLSearchParams(values).forEach(function (value, column) {
      var wanted = page.get(column);
      if (wanted && wanted.trim().toUpperCase() !== value.toUpperCase()) ok = false;
    });
    return ok;
  }

  function announce() {
    document.querySelectorAll('#new-rows li.fresh, #rows tr[data-filters]').forEach(function (element) {
      if (!matches(element)) element.remove();
    });
    var fresh = document.querySelectorAll('#new-rows li.fresh').length;
    var banner = document.getElementById('new-banner');
    if (!banner || fresh === 0) return;
    var searching = (new URLSearchParams(location.search).get('q') || '').trim() !== '';
    banner.querySelector('a').textContent = fresh + ' new' + (searching ? ' (they may not match the search)' : '') + ' — show';
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
