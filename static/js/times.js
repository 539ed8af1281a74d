// Times in the reader's zone. The server writes <time datetime> in UTC (and that stays without
// JavaScript); this shows it in local time with the full date on hover, and puts a day divider
// between chat messages of different (local) days. A <time data-clock> (the dashboard's, a
// kiosk's "last updated") shows the time of day as 24-hour hh:mm:ss in every locale, as live.js's
// own banner and "last updated" do and as the server writes it, so a screen never mixes UTC and
// local clocks, nor 12- and 24-hour ones (the zone is the reader's, the same for every clock on it).
(function () {
  function localise() {
    document.querySelectorAll('time[datetime]:not([data-local])').forEach(function (time) {
      var at = new Date(time.getAttribute('datetime'));
      if (isNaN(at)) return;
      time.title = at.toLocaleString([], { dateStyle: 'full', timeStyle: 'medium' });
      time.textContent = time.hasAttribute('data-clock')
        ? window.switchboardClock(at)
        : time.closest('.message')
        ? at.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' })
        : at.toLocaleString([], { dateStyle: 'medium', timeStyle: 'short' });
      time.setAttribute('data-local', '');
    });
    dividers();
  }

  function dividers() {
    var list = document.getElementById('messages');
    if (!list) return;
    list.querySelectorAll('li.day-divider').forEach(function (old) { old.remove(); });
    var last = null;
    list.querySelectorAll('li.message').forEach(function (message) {
      var time = message.querySelector('time[datetime]');
      if (!time) return;
      var at = new Date(time.getAttribute('datetime'));
      var day = at.toDateString();
      if (day === last) return;
      last = day;
      var divider = document.createElement('li');
      divider.className = 'day-divider';
      divider.textContent = at.toLocaleDateString([], { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' });
      list.insertBefore(divider, message);
    });
  }

  localise();
  document.addEventListener('htmx:afterSettle', localise);
  document.addEventListener('htmx:sseMessage', localise);
})();
