// The wager stream's currency filter. A pushed item is rendered once for every viewer of a view,
// so it cannot know this page's filters: CSS hides it by status and amount band (data-status,
// min-N classes), but whether its currency is the stream's chosen one is a comparison of two
// attributes, which CSS cannot make. A minimum stake only comes with a currency, so this also
// keeps 15000 JPY out of a stream filtered for 10000 EUR.
document.addEventListener('htmx:sseMessage', function (e) {
  var stream = document.getElementById('wager-stream');
  var currency = stream && stream.getAttribute('data-currency');
  if (!currency) return;
  stream.querySelectorAll(':scope > li.wager').forEach(function (item) {
    item.hidden = item.getAttribute('data-currency') !== currency;
  });
});
