// Keyed lists for htmx: every element of a list answer carries an id (and a data-order, the
// message id), and a list holds at most one element per id, in order.
// - Pushes into a list marked data-keyed (transformResponse, which the SSE extension runs on
//   each pushed fragment): an element whose id the page already has stays as it is; one older
//   than the list's last element is put in its place; the rest are appended as usual.
// - The "put" swap style (the sender's answer to a post): replaces the element with its id, or
//   puts it in order.
// So the sender's copy and the pushed copy of a message land on one element whichever arrives
// first, and a replayed push changes nothing.
(function () {
  function place(list, item) {
    var order = Number(item.getAttribute('data-order'));
    var node = list.lastElementChild;
    while (node && !(node.hasAttribute('data-order') && Number(node.getAttribute('data-order')) < order)) node = node.previousElementSibling;
    if (node) node.after(item);
    else list.insertBefore(item, list.querySelector(':scope > [data-order]'));
  }

  function last(list) {
    var all = list.querySelectorAll(':scope > [data-order]');
    return all.length ? Number(all[all.length - 1].getAttribute('data-order')) : -Infinity;
  }

  htmx.defineExtension('keyed', {
    transformResponse: function (text, xhr, elt) {
      if (xhr || !elt || !elt.hasAttribute || !elt.hasAttribute('data-keyed')) return text;
      var template = document.createElement('template');
      template.innerHTML = text;
      Array.prototype.slice.call(template.content.children).forEach(function (item) {
        if (!item.id || item.hasAttribute('hx-swap-oob')) return; // replacements go by id anyway
        if (document.getElementById(item.id)) {
          item.remove();
        } else if (Number(item.getAttribute('data-order')) < last(elt)) {
          place(elt, item);
          htmx.process(item);
        }
      });
      return template.innerHTML;
    },
    handleSwap: function (style, target, fragment) {
      if (style !== 'put') return false;
      var placed = [];
      Array.prototype.slice.call(fragment.children).forEach(function (item) {
        var old = item.id ? document.getElementById(item.id) : null;
        if (old) old.replaceWith(item);
        else place(target, item);
        placed.push(item);
      });
      return placed;
    }
  });
})();
