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
