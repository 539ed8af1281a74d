// The header's compact menu on phones: a button that shows and hides the site menu. Loaded
// in <head> without defer so the page is marked as scripted before it is first drawn; without
// JavaScript the class is never set and the menu stays open (wrapped) on every screen.
document.documentElement.classList.add('js');
document.addEventListener('DOMContentLoaded', function () {
  var button = document.querySelector('.menu-toggle');
  var menu = document.getElementById('site-menu');
  if (!button || !menu) return;
  function set(open) {
    button.setAttribute('aria-expanded', String(open));
    menu.classList.toggle('open', open);
  }
  button.addEventListener('click', function () { set(button.getAttribute('aria-expanded') !== 'true'); });
  document.addEventListener('keydown', function (e) {
    if (e.key === 'Escape' && menu.classList.contains('open')) { set(false); button.focus(); }
  });
});
