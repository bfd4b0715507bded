// MIDSA Dialogue service worker: meeting packs for offline reading.
//
// "Save for offline reading" on a meeting page posts {type: 'save-pack', meeting: id}. The
// worker fetches the meeting page, its agenda, its papers list and every paper the reader may
// open (with the reader's cookies, so nothing beyond their access is stored) and keeps them
// with the stylesheet. The stored pages have their scripts removed: offline they are plain
// pages whose links lead to the other stored pages. Online, pages always come from the network.
const PACKS = 'midsa-packs-v1';

self.addEventListener('install', () => self.skipWaiting());
self.addEventListener('activate', (event) => event.waitUntil(self.clients.claim()));

function withoutScripts(html) {
  return html
    .replace(/<script\b[\s\S]*?<\/script>/gi, '')
    .replace(/<link\b[^>]*rel="(?:modulepreload|preload)"[^>]*>/gi, '');
}

async function savePack(meeting) {
  if (!/^\d+$/.test(String(meeting))) throw new Error('bad meeting id');
  const cache = await caches.open(PACKS);
  const base = `/meetings/${meeting}`;
  const pages = [base, `${base}/agenda`, `${base}/papers`];
  const seen = new Set(pages);
  const styles = new Set();
  let saved = 0;
  for (let i = 0; i < pages.length; i++) {
    const url = pages[i];
    const res = await fetch(url, { credentials: 'same-origin' });
    if (!res.ok) continue;
    const html = await res.text();
    if (url === `${base}/papers`) {
      for (const m of html.matchAll(/href="(\/papers\/\d+)"/g)) {
        if (!seen.has(m[1])) {
          seen.add(m[1]);
          pages.push(m[1]);
        }
      }
    }
    for (const m of html.matchAll(/href="(\/pkg\/[^"]+\.css)"/g)) styles.add(m[1]);
    await cache.put(url, new Response(withoutScripts(html), { headers: { 'Content-Type': 'text/html; charset=utf-8' } }));
    saved++;
  }
  for (const s of styles) {
    const res = await fetch(s);
    if (res.ok) await cache.put(s, res);
  }
  if (saved === 0) throw new Error('nothing saved');
  return saved;
}

self.addEventListener('message', (event) => {
  const data = event.data || {};
  if (data.type !== 'save-pack') return;
  const reply = (msg) => event.source && event.source.postMessage(Object.assign({ meeting: String(data.meeting) }, msg));
  event.waitUntil(
    savePack(data.meeting).then(
      (pages) => reply({ type: 'pack-saved', pages }),
      () => reply({ type: 'pack-failed' }),
    ),
  );
});

const OFFLINE_PAGE = `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><title>Offline · MIDSA Dialogue</title></head>
<body style="font-family: system-ui, sans-serif; max-width: 40rem; margin: 2rem auto; padding: 0 1rem; line-height: 1.5">
<h1>You are offline</h1><p>This page is not in a meeting pack saved on this device.</p>
<p lang="fr">Vous êtes hors ligne. Cette page ne fait pas partie d’un dossier de réunion enregistré sur cet appareil.</p>
<p lang="pt">Está sem ligação. Esta página não faz parte de um dossiê de reunião guardado neste dispositivo.</p>
</body></html>`;

self.addEventListener('fetch', (event) => {
  const req = event.request;
  if (req.method !== 'GET') return;
  const url = new URL(req.url);
  if (url.origin !== self.location.origin) return;
  if (req.mode === 'navigate') {
    event.respondWith(
      fetch(req).catch(async () => {
        const hit = url.search ? undefined : await caches.match(url.pathname, { cacheName: PACKS });
        return hit || new Response(OFFLINE_PAGE, { status: 503, headers: { 'Content-Type': 'text/html; charset=utf-8' } });
      }),
    );
  } else if (url.pathname.startsWith('/pkg/') && url.pathname.endsWith('.css')) {
    event.respondWith(fetch(req).catch(async () => (await caches.match(url.pathname, { cacheName: PACKS })) || Response.error()));
  }
});
