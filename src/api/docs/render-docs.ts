/**
 * /docs: an interactive API reference rendered from openapi.yaml on the server, as one
 * self-contained HTML page (inline style and script, no fonts, no CDN). Its CSP forbids loading
 * anything from anywhere and lets the "try it" forms call this server only.
 */
import { createHash } from 'node:crypto';
import type { OpenApiDoc } from '../openapi/spec.js';
import { SCRIPT, STYLE } from './assets.js';
import { anchor, esc, inline, prose } from './html.js';
import { schemaHtml } from './schema-html.js';

export interface RenderedDocs {
  html: string;
  /** The Content-Security-Policy to send with `html`. */
  csp: string;
}

const METHODS = ['get', 'post', 'put', 'patch', 'delete'] as const;
type Obj = Record<string, unknown>;

export function renderDocs(doc: OpenApiDoc): RenderedDocs {
  const ops = operations(doc);
  const tags = [...new Set(ops.map((o) => o.tag))];
  const nav = tags
    .map(
      (t) =>
        `<h3>${esc(t)}</h3>${ops
          .filter((o) => o.tag === t)
          .map(
            (o) =>
              `<a href="#${o.anchor}"><span class="m ${o.method}">${o.method}</span><span class="p">${esc(o.path)}</span></a>`,
          )
          .join('')}`,
    )
    .join('');
  const schemas = Object.entries(doc.components?.schemas ?? {})
    .map(
      ([name, s]) =>
        `<section class="op" id="${anchor('schema', name)}"><h4>${esc(name)}</h4>${prose((s as Obj).description)}${schemaHtml(s)}</section>`,
    )
    .join('');
  const body = [
    `<header><h1>${esc(doc.info.title)} <small>${esc(doc.info.version)}</small></h1>${prose(doc.info.description)}`,
    `<div class="key"><label for="apikey">API key</label><input id="apikey" type="password" autocomplete="off" placeholder="vk_… (sent as Authorization: Bearer; kept in this page only)"></div></header>`,
    `<div class="layout"><nav><input id="filter" type="search" placeholder="filter operations">${nav}<h3>Schemas</h3>`,
    Object.keys(doc.components?.schemas ?? {})
      .map((n) => `<a href="#${anchor('schema', n)}">${esc(n)}</a>`)
      .join(''),
    `</nav><main>${tags
      .map(
        (t) =>
          `<h2>${esc(t)}</h2>${prose(doc.tags?.find((x) => x.name === t)?.description)}${ops
            .filter((o) => o.tag === t)
            .map((o) => operationHtml(o, doc))
            .join('')}`,
      )
      .join('')}`,
    `<h2>Schemas</h2>${schemas}</main></div>`,
  ].join('');
  const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>${esc(doc.info.title)} — API reference</title><style>${STYLE}</style></head><body>${body}<script>${SCRIPT}</script></body></html>`;
  const csp = [
    "default-src 'none'",
    `style-src '${hash(STYLE)}'`,
    `script-src '${hash(SCRIPT)}'`,
    "connect-src 'self'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
  return { html, csp };
}

interface Op {
  method: (typeof METHODS)[number];
  path: string;
  tag: string;
  anchor: string;
  op: Obj;
  pathParams: Obj[];
}

function operations(doc: OpenApiDoc): Op[] {
  const out: Op[] = [];
  for (const [path, item] of Object.entries(doc.paths ?? {})) {
    const shared = Array.isArray(item.parameters) ? (item.parameters as Obj[]) : [];
    for (const method of METHODS) {
      const op = item[method] as Obj | undefined;
      if (!op) continue;
      const tag = Array.isArray(op.tags) && typeof op.tags[0] === 'string' ? op.tags[0] : 'other';
      out.push({
        method,
        path,
        tag,
        anchor: anchor('op', String(op.operationId ?? `${method}${path}`)),
        op,
        pathParams: shared,
      });
    }
  }
  return out;
}

function operationHtml(o: Op, doc: OpenApiDoc): string {
  const op = o.op;
  const roles = Array.isArray(op['x-roles']) ? (op['x-roles'] as string[]) : [];
  const params = [...o.pathParams, ...(Array.isArray(op.parameters) ? (op.parameters as Obj[]) : [])].map((p) =>
    resolve(doc, p),
  );
  const rb = op.requestBody ? resolve(doc, op.requestBody as Obj) : undefined;
  const rbJson = (rb?.content as Obj | undefined)?.['application/json'] as Obj | undefined;
  const responses = Object.entries((op.responses as Obj | undefined) ?? {});
  return [
    `<section class="op" id="${o.anchor}"><div><span class="m ${o.method}">${o.method}</span><span class="path">${esc(o.path)}</span></div>`,
    `<div><b>${esc(op.summary)}</b> <code>${esc(op.operationId)}</code></div>`,
    `<div class="roles">${roles.length ? `roles: <b>${roles.map(esc).join(', ')}</b>` : 'public: no API key needed'}</div>`,
    prose(op.description),
    params.length ? `<h4>Parameters</h4><table>${params.map(paramRow).join('')}</table>` : '',
    rbJson
      ? `<h4>Request body <span class="c">application/json${rb?.required ? ', required' : ''}</span></h4>${schemaHtml(rbJson.schema)}`
      : '',
    `<h4>Responses</h4><table>${responses.map(([status, r]) => responseRow(status, resolve(doc, r as Obj))).join('')}</table>`,
    tryForm(o, params, rbJson),
    `</section>`,
  ].join('');
}

function paramRow(p: Obj): string {
  return `<tr><td><code>${esc(p.name)}</code> <span class="c">${esc(p.in)}</span>${p.required ? ' <span class="req">required</span>' : ''}</td><td>${schemaHtml(p.schema)}${p.description ? `<div class="d">${inline(p.description)}</div>` : ''}</td></tr>`;
}

function responseRow(status: string, r: Obj): string {
  const content = Object.entries((r.content as Obj | undefined) ?? {});
  const media = content
    .map(([type, m]) => `<div class="c">${esc(type)}</div>${(m as Obj).schema ? schemaHtml((m as Obj).schema) : ''}`)
    .join('');
  return `<tr><td><b>${esc(status)}</b></td><td>${inline(r.description ?? '')}${media}</td></tr>`;
}

/** Follows a local `$ref` (e.g. to components/responses) one level. */
function resolve(doc: OpenApiDoc, node: Obj): Obj {
  if (typeof node.$ref !== 'string' || !node.$ref.startsWith('#/')) return node;
  let target: unknown = doc;
  for (const part of node.$ref.slice(2).split('/'))
    target = (target as Obj | undefined)?.[part.replace(/~1/g, '/').replace(/~0/g, '~')];
  return (target as Obj | undefined) ?? node;
}

function tryForm(o: Op, params: Obj[], rbJson: Obj | undefined): string {
  const fields = params
    .filter((p) => p.in === 'path' || p.in === 'query')
    .map(
      (p) =>
        `<label>${esc(p.name)} (${esc(p.in)})<input name="${esc(p.in)}:${esc(p.name)}"${p.required ? ' required' : ''}></label>`,
    );
  if (rbJson) {
    const example =
      rbJson.example ?? Object.values((rbJson.examples as Record<string, Obj> | undefined) ?? {})[0]?.value ?? {};
    fields.push(`<label>body (JSON)<textarea name="body">${esc(JSON.stringify(example, null, 2))}</textarea></label>`);
  }
  return `<form class="try" data-method="${o.method}" data-path="${esc(o.path)}">${fields.join('')}<button type="submit">Send</button><pre class="out"></pre></form>`;
}

function hash(text: string): string {
  return `sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}`;
}
