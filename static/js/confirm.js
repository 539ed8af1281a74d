// Destructive forms (data-confirm) ask first, in a native <dialog> (without JavaScript the
// server answers the post with a confirmation page): Cancel is the default, the
// action's own button label is the red one. Runs in the capture phase, before htmx sees the
// submit, and lets the confirmed submit through once.
(function () {
  var dialog = null;

  function build() {
    dialog = document.createElement('dialog');
    dialog.className = 'confirm';
    dialog.innerHTML = '<form method="dialog"><p class="question"></p><p class="choices">'
      + '<button value="cancel" autofocus>Cancel</button> <button value="confirm" class="danger-solid"></button></p></form>';
    document.body.appendChild(dialog);
    return dialog;
  }

  document.addEventListener('submit', function (e) {
    var form = e.target;
    var question = form.getAttribute && form.getAttribute('data-confirm');
    if (!question || form.switchboardConfirmed) {
      form.switchboardConfirmed = false;
      return;
    }
    e.preventDefault();
    e.stopImmediatePropagation();
    var box = dialog || build();
    var submitter = e.submitter || form.querySelector('[type=submit]');
    box.querySelector('.question').textContent = question;
    box.querySelector('[value=confirm]').textContent = submitter ? submitter.textContent : 'Confirm';
    box.returnValue = 'cancel';
    box.onclose = function () {
      if (box.returnValue !== 'confirm') return;
      form.switchboardConfirmed = true;
      var yes = form.querySelector('input[name=confirmed]') || form.appendChild(document.createElement('input'));
      yes.type = 'hidden';
      yes.name = 'confirmed';
      yes.value = 'yes';
      form.requestSubmit(submitter || undefined);
    };
    box.showModal();
  }, true);
})();

// A form is sent once: a double click or Enter then a click posted it twice (two donations, two
// threads). Once a plain post is on its way its submit buttons wait; htmx forms are htmx's, so
// they are left alone, and a page brought back from the browser's history gets its buttons back.
(function () {
  function buttons(form) {
    return form.querySelectorAll('button[type=submit], button:not([type]), input[type=submit]');
  }
  document.addEventListener('submit', function (e) {
    var form = e.target;
    if (e.defaultPrevented || !form.getAttribute || (form.getAttribute('method') || 'get').toLowerCase() !== 'post') return;
    if (form.hasAttribute('data-sending')) {
      e.preventDefault();
      return;
    }
    form.setAttribute('data-sending', '');
    // After this turn, so the button that was pressed still sends its name and value.
    setTimeout(function () {
      buttons(form).forEach(function (button) {
        if (!button.disabled) {
          button.disabled = true;
          button.setAttribute('data-sending', '');
        }
      });
    }, 0);
  });
  window.addEventListener('pageshow', function () {
    document.querySelectorAll('form[data-sending]').forEach(function (form) { form.removeAttribute('data-sending'); });
    document.querySelectorAll('[data-sending]').forEach(function (button) {
      button.disabled = false;
      button.removeAttribute('data-sending');
    });
  });
})();
