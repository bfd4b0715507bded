// Progressive enhancement for "Save for offline reading" (meeting pages): shown only where
// service workers exist; the texts come from the page (data-working, data-done, data-failed),
// in the reader's language.
(function () {
  // Just signed out: forget the offline copies (they may hold pages only that account could
  // read) and the worker that serves them. The server also sends Clear-Site-Data, which
  // browsers honour only over https.
  if (/[?&]signed_out=1(&|$)/.test(location.search)) {
    if (window.caches) caches.keys().then(function (keys) { keys.forEach(function (k) { caches.delete(k); }); });
    if ('serviceWorker' in navigator) {
      navigator.serviceWorker.getRegistrations().then(function (regs) { regs.forEach(function (r) { r.unregister(); }); });
    }
  }
  if (!('serviceWorker' in navigator)) return;
  document.documentElement.classList.add('sw');
  function statusOf(meeting) {
    return document.querySelector('[data-offline-status="' + meeting + '"]');
  }
  navigator.serviceWorker.addEventListener('message', function (event) {
    var data = event.data || {};
    var status = statusOf(data.meeting);
    if (!status) return;
    if (data.type === 'pack-saved') status.textContent = status.dataset.done;
    if (data.type === 'pack-failed') status.textContent = status.dataset.failed;
  });
  document.addEventListener('click', function (event) {
    var button = event.target.closest && event.target.closest('[data-offline-pack]');
    if (!button) return;
    event.preventDefault();
    var meeting = button.getAttribute('data-offline-pack');
    var status = statusOf(meeting);
    if (status) status.textContent = status.dataset.working;
    navigator.serviceWorker
      .register('/sw.js')
      .then(function () { return navigator.serviceWorker.ready; })
      .then(function (reg) { reg.active.postMessage({ type: 'save-pack', meeting: meeting }); })
      .catch(function () { if (status) status.textContent = status.dataset.failed; });
  });
})();
