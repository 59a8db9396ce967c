// Auto-logout warning (SPEC §2). The server decides: it ends an idle session after 3 hours whatever
// happens here. This script only tells the user 10 minutes before, with the logout time in Japan time,
// and lets them extend. GET /session is polled without extending; OK posts /session/extend. Open tabs
// share what they learn over BroadcastChannel, so they agree on the time and close the dialog together.
(function () {
  'use strict';
  var dialog = document.getElementById('session-dialog');
  if (!dialog || typeof dialog.showModal !== 'function') return;
  var WARN_MS = 10 * 60 * 1000;
  var POLL_MS = 60 * 1000;
  var timeEl = document.getElementById('session-dialog-time');
  var status = document.getElementById('session-extended');
  var tokenMeta = document.querySelector('meta[name="csrf-token"]');
  var channel = 'BroadcastChannel' in window ? new BroadcastChannel('ro-session') : null;
  // Remaining time is kept as a deadline on this page's monotonic clock, from the server's own "now",
  // so a wrong clock on the user's computer changes nothing.
  var deadline = null;
  var expiresAt = null;
  var dismissedFor = null;
  var timer = null;

  function japanTime(iso) {
    return new Intl.DateTimeFormat('ja-JP', {
      timeZone: 'Asia/Tokyo',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    }).format(new Date(iso));
  }

  function learn(info) {
    if (!info || !info.expiresAt) {
      window.location.assign('/login?returnTo=' + encodeURIComponent(location.pathname + location.search));
      return;
    }
    var changed = info.expiresAt !== expiresAt;
    expiresAt = info.expiresAt;
    deadline = performance.now() + (Date.parse(info.expiresAt) - Date.parse(info.now));
    if (changed && dialog.open && dismissedFor !== expiresAt) close();
    check();
  }

  function remaining() {
    return deadline === null ? Infinity : deadline - performance.now();
  }

  function close() {
    if (dialog.open) dialog.close();
  }

  function check() {
    var left = remaining();
    if (left <= 0) {
      window.location.assign('/login?returnTo=' + encodeURIComponent(location.pathname + location.search));
      return;
    }
    if (left <= WARN_MS && !dialog.open && dismissedFor !== expiresAt) {
      timeEl.textContent = japanTime(expiresAt);
      timeEl.setAttribute('datetime', expiresAt);
      dialog.showModal();
      document.getElementById('session-extend').focus();
    }
  }

  function poll() {
    return fetch('/session', { credentials: 'same-origin', headers: { Accept: 'application/json' } })
      .then(function (r) {
        return r.json();
      })
      .then(function (info) {
        learn(info);
        if (channel) channel.postMessage(info);
      })
      .catch(function () {
        /* offline for a moment: try again at the next poll */
      });
  }

  function extend() {
    var body = new URLSearchParams();
    body.set('_csrf', tokenMeta ? tokenMeta.getAttribute('content') : '');
    return fetch('/session/extend', {
      method: 'POST',
      credentials: 'same-origin',
      headers: { Accept: 'application/json', 'Content-Type': 'application/x-www-form-urlencoded' },
      body: body.toString(),
    })
      .then(function (r) {
        return r.json();
      })
      .then(function (info) {
        close();
        learn(info);
        if (channel) channel.postMessage(info);
        status.textContent = japanTime(info.expiresAt);
      })
      .catch(function () {
        poll();
      });
  }

  document.getElementById('session-extend').addEventListener('click', function () {
    extend();
  });
  document.getElementById('session-cancel').addEventListener('click', function () {
    dismissedFor = expiresAt;
    close();
  });
  // Esc closes a modal dialog with a "cancel" event: the same as the Cancel button.
  dialog.addEventListener('cancel', function () {
    dismissedFor = expiresAt;
  });
  if (channel)
    channel.addEventListener('message', function (e) {
      learn(e.data);
    });

  expiresAt = dialog.getAttribute('data-expires-at');
  poll();
  timer = setInterval(check, 1000);
  setInterval(poll, POLL_MS);
  // Coming back to the tab (or window) asks the server at once: the machine may have slept.
  window.addEventListener('focus', poll);
  document.addEventListener('visibilitychange', function () {
    if (document.visibilityState === 'visible') poll();
  });
  window.addEventListener('pagehide', function () {
    clearInterval(timer);
  });
})();
