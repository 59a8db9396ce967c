// Receipt ledger (manual 5). The page-size list shows its page as soon as a size is chosen, and
// 受領登録する asks in a dialog. Without JavaScript the 表示 button submits the size and the link opens
// the confirmation page, so both work either way.
(function () {
  'use strict';
  var sizeForm = document.querySelector('form[data-auto-submit]');
  if (sizeForm) {
    var select = sizeForm.querySelector('select');
    var button = sizeForm.querySelector('[data-auto-submit-button]');
    var hint = sizeForm.querySelector('[data-auto-submit-hint]');
    if (select && button) {
      button.hidden = true;
      // Said beforehand (WCAG 3.2.2): choosing a size changes the page.
      if (hint) hint.hidden = false;
      select.addEventListener('change', function () {
        sizeForm.submit();
      });
    }
  }

  var dialog = document.getElementById('receipt-dialog');
  var form = document.getElementById('receipt-dialog-form');
  var number = document.getElementById('receipt-dialog-number');
  var close = document.getElementById('receipt-dialog-close');
  if (!dialog || !form || !number || !close || typeof dialog.showModal !== 'function') return;
  var opener = null;
  document.querySelectorAll('a[data-receipt-confirm]').forEach(function (link) {
    link.addEventListener('click', function (event) {
      event.preventDefault();
      opener = link;
      var n = link.getAttribute('data-receipt-confirm');
      number.textContent = n;
      form.action = '/receipts/' + encodeURIComponent(n);
      dialog.showModal();
    });
  });
  close.addEventListener('click', function () {
    dialog.close();
  });
  dialog.addEventListener('close', function () {
    if (opener) opener.focus();
  });
})();
