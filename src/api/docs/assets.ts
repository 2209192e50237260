/**
 * The docs page's only style sheet and script, inlined into the page and allowed by hash in its
 * Content-Security-Policy. The script talks to this server only (connect-src 'self').
 */
export const STYLE = `
:root{--fg:#1b1f24;--muted:#5b6570;--line:#d8dee4;--bg:#fff;--soft:#f6f8fa;--get:#1a7f37;--post:#0969da;--put:#9a6700;--patch:#8250df;--delete:#cf222e}
*{box-sizing:border-box}body{margin:0;font:15px/1.5 system-ui,-apple-system,"Segoe UI",sans-serif;color:var(--fg);background:var(--bg)}
header{padding:20px 28px;border-bottom:1px solid var(--line);background:var(--soft)}header h1{margin:0 0 4px;font-size:22px}
.layout{display:grid;grid-template-columns:280px 1fr;min-height:100vh}nav{border-right:1px solid var(--line);padding:16px;position:sticky;top:0;align-self:start;max-height:100vh;overflow:auto}
nav h3{font-size:12px;text-transform:uppercase;color:var(--muted);margin:16px 0 4px}nav a{display:flex;align-items:baseline;color:var(--fg);text-decoration:none;padding:2px 0;font-size:13px}nav a:hover{text-decoration:underline}
nav a .m{flex:none}nav a .p{min-width:0;overflow-wrap:anywhere}
main{padding:8px 28px 60px;max-width:1100px}section.op{border:1px solid var(--line);border-radius:8px;margin:18px 0;padding:14px 18px}
.m{display:inline-block;min-width:64px;text-align:center;font-weight:700;font-size:12px;color:#fff;border-radius:4px;padding:2px 6px;margin-right:8px;text-transform:uppercase}
.m.get{background:var(--get)}.m.post{background:var(--post)}.m.put{background:var(--put)}.m.patch{background:var(--patch)}.m.delete{background:var(--delete)}
.path{font:600 15px ui-monospace,SFMono-Regular,Menlo,monospace}.roles{font-size:13px;color:var(--muted)}.roles b{color:var(--fg)}
table{border-collapse:collapse;width:100%;margin:6px 0}td,th{border-top:1px solid var(--line);padding:4px 8px;vertical-align:top;text-align:left;font-size:13px}
table.props table.props{margin-left:4px}.t{font:12px ui-monospace,monospace;color:#6639ba}.c,.d{color:var(--muted);font-size:12px}.req{color:#cf222e;font-size:11px}
code{font:13px ui-monospace,monospace;background:var(--soft);padding:0 3px;border-radius:3px}h4{margin:14px 0 4px;font-size:14px}
form.try{background:var(--soft);border-radius:6px;padding:10px;margin-top:10px}form.try label{display:block;font-size:12px;margin:4px 0}
input,textarea{font:13px ui-monospace,monospace;padding:4px 6px;border:1px solid var(--line);border-radius:4px;width:100%}textarea{min-height:90px}
button{margin-top:6px;padding:5px 14px;border:0;border-radius:4px;background:var(--post);color:#fff;font-weight:600;cursor:pointer}
pre.out{white-space:pre-wrap;background:#0d1117;color:#e6edf3;padding:8px;border-radius:4px;font-size:12px;min-height:1em}pre.out:empty{display:none}
.key{display:flex;gap:8px;align-items:center;margin-top:10px;max-width:620px}.key input{flex:1}.hidden{display:none}
`;

export const SCRIPT = `
(function () {
  var keyInput = document.getElementById('apikey');
  document.addEventListener('submit', async function (e) {
    var f = e.target.closest('form.try');
    if (!f) return;
    e.preventDefault();
    var path = f.dataset.path, q = new URLSearchParams(), headers = {}, init = { method: f.dataset.method.toUpperCase(), headers: headers };
    Array.prototype.forEach.call(f.elements, function (el) {
      if (!el.name || el.name === 'body') return;
      var i = el.name.indexOf(':'), kind = el.name.slice(0, i), name = el.name.slice(i + 1);
      if (kind === 'path') path = path.replace('{' + name + '}', encodeURIComponent(el.value));
      if (kind === 'query' && el.value !== '') q.set(name, el.value);
    });
    var key = keyInput.value.trim();
    if (key) headers['Authorization'] = 'Bearer ' + key;
    var body = f.elements.namedItem('body');
    if (body) { headers['Content-Type'] = 'application/json'; init.body = body.value; }
    var out = f.querySelector('pre.out');
    out.textContent = 'sending...';
    try {
      var qs = q.toString();
      var res = await fetch(path + (qs ? '?' + qs : ''), init);
      var text = await res.text(), shown = text;
      try { shown = JSON.stringify(JSON.parse(text), null, 2); } catch (_) {}
      out.textContent = res.status + ' ' + res.statusText + '\\nX-Request-Id: ' + res.headers.get('x-request-id') + '\\n\\n' + shown;
    } catch (err) {
      out.textContent = 'request failed: ' + err;
    }
  });
  document.getElementById('filter').addEventListener('input', function (e) {
    var needle = e.target.value.toLowerCase();
    document.querySelectorAll('section.op').forEach(function (s) {
      s.classList.toggle('hidden', needle !== '' && s.textContent.toLowerCase().indexOf(needle) < 0);
    });
  });
})();
`;
