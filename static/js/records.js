// Records pages. New rows pushed to a list are announced ("3 new — show") instead of shifting
// the rows under the reader; pushed forms get this page's CSRF token; an open form says it is
// leaving, so "is editing" disappears at once rather than when the mark goes quiet.
(function () {
  // Pushed rows are rendered once for every viewer of the kind; each list judges them by its own
  // filters (the row's data-filters against the page's query): a new open task is not announced
  // on a list of done ones, and a row changed to another status leaves it. A search runs in the
  // database, so under one the list asks which of the pushed rows match (GET .../matching), and
  // announces only those; while that answer is out (or if it cannot come) the banner says the
  // new rows may not match.
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

  function searching() {
    return (new URLSearchParams(location.search).get('q') || '').trim() !== '';
  }

  function rowId(element) {
    return element.getAttribute('data-id') || (element.id.match(/-(\d+)$/) || [])[1];
  }

  // Under a search, rows being asked about are not counted yet; rows the answer could not
  // judge (offline) are counted with a word of doubt.
  function showBanner() {
    var fresh = 0;
    var changed = 0;
    var unsure = false;
    var search = searching();
    document.querySelectorAll('#new-rows li.fresh').forEach(function (element) {
      var judged = element.getAttribute('data-judged');
      var counted = !search || judged === 'yes' || judged === null;
      if (search && judged === null) unsure = true;
      if (counted && element.hasAttribute('data-moved')) changed++;
      else if (counted) fresh++;
    });
    var banner = document.getElementById('new-banner');
    if (!banner) return;
    // Its rows can leave again (a row changed into the filter and back out): the banner goes with them.
    if (fresh + changed === 0) {
      banner.hidden = true;
      return;
    }
    var parts = [];
    if (fresh > 0) parts.push(fresh + ' new');
    if (changed > 0) parts.push(changed + ' changed to match');
    banner.querySelector('a').textContent = parts.join(', ') + (unsure ? ' (they may not match the search)' : '') + ' — show';
    banner.hidden = false;
  }

  function judgeSearch() {
    var pending = Array.prototype.filter.call(
      document.querySelectorAll('#new-rows li.fresh:not([data-judged]), #rows tr[data-filters]:not([data-judged])'),
      function (element) { return rowId(element); });
    if (!searching() || pending.length === 0 || !window.fetch) return;
    var ids = pending.slice(0, 100).map(rowId);
    var params = new URLSearchParams(location.search);
    params.delete('after');
    params.set('ids', ids.join(','));
    pending.slice(0, 100).forEach(function (element) { element.setAttribute('data-judged', 'asking'); });
    fetch(location.pathname.replace(/\/$/, '') + '/matching?' + params.toString(), { credentials: 'same-origin' })
      .then(function (response) { if (!response.ok) throw new Error(response.status); return response.json(); })
      .then(function (answer) {
        var shown = answer.ids.map(String);
        pending.slice(0, 100).forEach(function (element) {
          if (shown.indexOf(String(rowId(element))) < 0) element.remove();
          else element.setAttribute('data-judged', 'yes');
        });
        showBanner();
        judgeSearch();
      })
      .catch(function () {
        pending.slice(0, 100).forEach(function (element) { element.removeAttribute('data-judged'); });
        showBanner();
      });
  }

  // A changed row is pushed twice: in place (a row this page shows is replaced) and as a line for
  // the banner, which stays only where the row is not shown but now belongs: a list under a filter
  // or a search that the change brought it into (a task reopened, on the list of open ones).
  // Narrowed for this row: under a search, or a filter on one of the columns the row carries.
  function narrowed(element) {
    if (searching()) return true;
    var page = new URLSearchParams(location.search);
    var narrow = false;
    new URLSearchParams(element.getAttribute('data-filters') || '').forEach(function (value, column) {
      if ((page.get(column) || '').trim() !== '') narrow = true;
    });
    return narrow;
  }

  // A row deleted (or purged) after it was announced leaves the banner with its table row: the
  // push leaves a marker after the row's announcement; a later one (restored) is not touched.
  function forgetGone() {
    document.querySelectorAll('#new-rows li.gone').forEach(function (gone) {
      document.querySelectorAll('#new-rows li.fresh').forEach(function (element) {
        var before = gone.compareDocumentPosition(element) & Node.DOCUMENT_POSITION_PRECEDING;
        if (before && element.getAttribute('data-dom') === gone.getAttribute('data-dom')) element.remove();
      });
      gone.remove();
    });
  }

  function announce() {
    forgetGone();
    var seen = {};
    var moved = Array.prototype.slice.call(document.querySelectorAll('#new-rows li.fresh[data-moved]')).reverse();
    moved.forEach(function (element) {
      var id = element.getAttribute('data-id');
      if (seen[id] || !narrowed(element) || document.getElementById(element.getAttribute('data-dom'))) element.remove();
      seen[id] = true;
    });
    document.querySelectorAll('#new-rows li.fresh, #rows tr[data-filters]').forEach(function (element) {
      if (!matches(element)) element.remove();
    });
    judgeSearch();
    showBanner();
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
