// A form sent by htmx that fails says so just above itself: the server's own message for a
// refused request (plain text, or a short HTML fragment, for htmx requests), or, when the server could not be reached, that
// nothing was sent. htmx itself shows nothing for either: an alert acknowledged while offline, or
// an edit refused, looked like a click that did nothing. Background requests (presence, typing,
// drafts, read marks) are not forms and stay quiet; the message goes with the form's next success.
(function () {
  var UNREACHABLE = 'Could not reach the server: this was not sent. Check your connection, then try again.';
  function formOf(e) {
    var elt = e.detail && e.detail.elt;
    return elt && elt.tagName === 'FORM' ? elt : null;
  }
  function clear(form) {
    if (form.switchboardError) form.switchboardError.remove();
    form.switchboardError = null;
  }
  function show(form, text) {
    clear(form);
    var error = document.createElement('p');
    error.className = 'error form-error';
    error.setAttribute('role', 'alert');
    error.textContent = text;
    form.parentNode.insertBefore(error, form);
    form.switchboardError = error;
  }
  // For a form whose Send waits for the server (Enter in chat's composer while offline).
  window.switchboardFormError = show;
  // The server's words: its plain text, or the text of a short HTML fragment ("This alert was
  // already acknowledged by Ann at <time>…"); never a whole page.
  function told(xhr) {
    var body = xhr && xhr.responseText ? xhr.responseText.trim() : '';
    if (!body || body.length >= 500 || /^<(!doctype|html)/i.test(body)) return null;
    if (!/^</.test(body)) return body;
    return new DOMParser().parseFromString(body, 'text/html').body.textContent.replace(/\s+/g, ' ').trim() || null;
  }
  document.addEventListener('htmx:responseError', function (e) {
    var form = formOf(e);
    var xhr = e.detail.xhr;
    var text = told(xhr) || 'The server refused this (' + (xhr ? xhr.status : '?') + '). Reload the page and try again.';
    if (form) show(form, text);
  });
  document.addEventListener('htmx:sendError', function (e) {
    var form = formOf(e);
    if (form) show(form, UNREACHABLE);
  });
  document.addEventListener('htmx:afterRequest', function (e) {
    var form = formOf(e);
    if (form && e.detail.successful) clear(form);
  });
})();

// An error page's "Back to the page you were on" goes back in history where it can, so the
// browser puts back what was typed in the form that was refused (its link reloads the page).
document.addEventListener('click', function (e) {
  var back = e.target.closest && e.target.closest('a[data-back]');
  if (back && window.history.length > 1 && document.referrer) {
    e.preventDefault();
    window.history.back();
  }
});

// A form marked data-busy is sent the ordinary way (its answer is a redirect or a page) and can
// take a while (an import of thousands of rows): while it is sent, its htmx-indicator shows and
// its button is disabled, so a second click does not send it twice. A page restored from the
// back-forward cache starts clean again.
document.addEventListener('submit', function (e) {
  var form = e.target;
  if (!form.matches || !form.matches('form[data-busy]') || e.defaultPrevented) return;
  form.classList.add('htmx-request');
  // After this event: a button disabled during it would leave the submission without its name.
  setTimeout(function () {
    form.querySelectorAll('button[type=submit]').forEach(function (b) { b.disabled = true; });
  }, 0);
});
window.addEventListener('pageshow', function () {
  document.querySelectorAll('form[data-busy]').forEach(function (form) {
    form.classList.remove('htmx-request');
    form.querySelectorAll('button[type=submit]').forEach(function (b) { b.disabled = false; });
  });
});
