import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach } from 'vitest';
import { runCli } from '../../src/cli/run.ts';

/** Paragraphs of the main fixture article, as a reader sees them (entities decoded, one space between words). */
export const POLITBURO_PARAGRAPHS = [
  'A leaked Communist Party document warns that “hostile forces” are using Vietnam’s growing foreign ties to undermine the regime, according to analysts who have studied it.',
  'The directive, issued by the Politburo last July, tells cadres to guard against “peaceful evolution” & foreign NGOs — a phrase the party has used for decades.',
  'Analysts say the document shows how nervous the leadership is about civil society, even as Hanoi courts Washington and Beijing at the same time.',
  'A spokesman for the Ministry of Foreign Affairs declined to comment on the document’s authenticity when asked on Friday.',
];

const FURNITURE_TEXTS = [
  'Home',
  'Subscribe to our newsletter',
  'Share on Facebook',
  'Photo: Reuters/Party leaders at a meeting in Hanoi',
  'Leave a Reply',
  'Your email address will not be published.',
  'Related articles',
  'Vietnam arrests another blogger',
  '© 2024 Mekong Monitor. All rights reserved.',
  'Posted in Politics',
  'Ba Dinh Square in Hanoi',
  'Share this story',
  'WhatsApp',
  'You may also like',
  'Hanoi tightens rules on foreign NGOs',
];
/** Strings that appear on the page only as furniture: none may end up in an article body. */
export const FURNITURE = FURNITURE_TEXTS;

interface PageOptions {
  readonly title: string;
  readonly paragraphs: readonly string[];
  readonly head?: string;
  readonly lang?: string;
}

/** A news page the way WordPress-style sites serve them: the article surrounded by furniture. */
export function articlePage({ title, paragraphs, head = '', lang = 'en' }: PageOptions): string {
  const body = paragraphs
    .map((p, i) => {
      const html = `<p>${p.replace(/&/g, '&amp;').replace(/“/g, '&ldquo;').replace(/”/g, '&#8221;')}</p>`;
      // Realistic markup noise inside the text: an inline link, a line break in the source, a double space.
      return i === 1
        ? html.replace('the Politburo', 'the <a href="/tag/politburo">Politburo</a>\n      ')
        : html;
    })
    .join('\n');
  return `<!DOCTYPE html>
<html lang="${lang}">
<head>
  <meta charset="utf-8">
  <title>${title} | Mekong Monitor</title>
  ${head}
  <script>window.dataLayer = [];</script>
  <style>.share-bar { display: flex }</style>
</head>
<body class="post-template-default single single-post has-comments">
  <header class="site-header">
    <div class="logo"><a href="/">Mekong Monitor</a></div>
    <nav class="main-menu"><ul><li><a href="/">Home</a></li><li><a href="/politics">Politics</a></li><li><a href="/economy">Economy</a></li></ul></nav>
    <div class="newsletter-signup"><p>Subscribe to our newsletter</p><form><input type="email"><button>Sign up</button></form></div>
  </header>
  <main id="main" class="site-main">
    <article class="post type-post status-publish">
      <header class="entry-header">
        <h1 class="entry-title">${title}</h1>
        <div class="entry-meta"><span class="byline">By <a href="/author/lan">Lan Nguyen</a></span> <time datetime="2024-03-01T08:00:00+07:00">March 1, 2024</time></div>
      </header>
      <div class="share-bar social-share"><a href="#">Share on Facebook</a> <a href="#">Share on X</a> <a href="#">Email</a></div>
      <figure class="wp-block-image"><img src="/img/politburo.jpg" alt="Party leaders"><figcaption>Photo: Reuters/Party leaders at a meeting in Hanoi</figcaption></figure>
      <div class="entry-content">
${body}
        <figure class="wp-block-image size-large"><img src="/img/hanoi.jpg" alt=""><figcaption class="wp-element-caption">Ba Dinh Square in Hanoi, where the Politburo meets, seen in 2023.</figcaption></figure>
        <div class="sharedaddy sd-sharing-enabled"><h3 class="sd-title">Share this story:</h3><ul><li><a href="#">Facebook</a></li><li><a href="#">WhatsApp</a></li></ul></div>
        <div id="jp-relatedposts" class="jp-relatedposts"><h3 class="jp-relatedposts-headline">You may also like</h3><p>Hanoi tightens rules on foreign NGOs, a story from last year about registration.</p></div>
      </div>
      <footer class="entry-footer"><span class="cat-links">Posted in Politics</span></footer>
    </article>
    <section class="related-posts"><h3>Related articles</h3><ul><li><a href="/a">Vietnam arrests another blogger</a></li><li><a href="/b">Hanoi hosts Biden</a></li></ul></section>
    <div id="comments" class="comments-area">
      <div id="respond" class="comment-respond"><h3 class="comment-reply-title">Leave a Reply</h3>
        <form action="/wp-comments-post.php" method="post" class="comment-form"><p class="comment-notes">Your email address will not be published.</p><textarea name="comment"></textarea><input type="submit" value="Post Comment"></form>
      </div>
    </div>
  </main>
  <aside class="sidebar widget-area"><section class="widget"><h2>Most read</h2><ul><li><a href="/c">Vietnam arrests another blogger</a></li></ul></section></aside>
  <footer class="site-footer"><p>© 2024 Mekong Monitor. All rights reserved.</p></footer>
</body>
</html>`;
}

const POLITBURO_HEAD = `
  <link rel="canonical" href="https://mekong.example/2024/03/01/leaked-document-hostile-forces/">
  <meta property="og:type" content="article">
  <meta property="og:title" content="Leaked party document warns Vietnam of “hostile forces”">
  <meta property="og:site_name" content="Mekong Monitor">
  <meta property="article:published_time" content="2024-03-01T08:00:00+07:00">
  <script type="application/ld+json">{"@context":"https://schema.org","@graph":[{"@type":"WebSite","name":"Mekong Monitor"},
    {"@type":"NewsArticle","headline":"Leaked party document warns Vietnam of “hostile forces”","datePublished":"2024-03-01T08:00:00+07:00",
     "author":[{"@type":"Person","name":"Lan Nguyen"}],"publisher":{"@type":"Organization","name":"Mekong Monitor"}}]}</script>`;

/** Three filler paragraphs long enough for Readability to see an article. */
export function filler(topic: string): string[] {
  return [
    `The ${topic} report was published after months of negotiation between the two delegations, officials said on Monday.`,
    `Observers noted that the ${topic} talks had stalled twice before, once over tariffs and once over the wording of a joint statement.`,
    `Neither side gave a date for the next round, but diplomats expect the ${topic} discussions to resume before the end of the year.`,
  ];
}

/** Mutable server state a test can change between ingests. */
export interface FixtureState {
  changingVersion: number;
}

/** The routes of the fixture site, each a small handler. */
function routes(
  state: FixtureState,
  base: () => string,
): Record<string, (req: IncomingMessage, res: ServerResponse) => void> {
  const html = (res: ServerResponse, body: string, type = 'text/html; charset=utf-8'): void => {
    res.writeHead(200, { 'content-type': type });
    res.end(body);
  };
  return {
    '/2024/03/01/leaked-document-hostile-forces/': (_req, res) =>
      html(
        res,
        articlePage({
          title: 'Leaked party document warns Vietnam of “hostile forces”',
          paragraphs: POLITBURO_PARAGRAPHS,
          head: POLITBURO_HEAD,
        }),
      ),
    '/opengraph-only': (_req, res) =>
      html(
        res,
        articlePage({
          title: 'Trade talks resume in Hanoi',
          lang: 'en-GB',
          paragraphs: filler('trade'),
          head: `<meta property="og:title" content="Trade talks resume in Hanoi"><meta property="og:site_name" content="Delta Daily">
  <meta property="og:url" content="${base()}/opengraph-only"><meta name="author" content="Minh Tran"><meta property="article:published_time" content="2024-02-10">`,
        }),
      ),
    '/changing': (_req, res) =>
      html(
        res,
        articlePage({
          title: 'A developing story',
          paragraphs: [
            ...filler('developing'),
            state.changingVersion > 1 ? 'Update: the ministry confirmed the meeting took place.' : '',
          ].filter(Boolean),
          head: `<meta property="article:published_time" content="2024-04-02T10:00:00Z"><meta property="og:site_name" content="Delta Daily">`,
        }),
      ),
    '/feed-one': (_req, res) =>
      html(res, articlePage({ title: 'Feed story one', paragraphs: filler('fisheries') })),
    '/feed-two': (_req, res) =>
      html(res, articlePage({ title: 'Feed story two', paragraphs: filler('railway') })),
    '/atom-one': (_req, res) =>
      html(
        res,
        articlePage({
          title: 'Atom story',
          paragraphs: filler('energy'),
          head: '<meta property="og:site_name" content="Delta Daily">',
        }),
      ),
    '/feed.rss': (_req, res) =>
      html(
        res,
        `<?xml version="1.0" encoding="UTF-8"?><rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/"><channel><title>Delta Daily</title>
<item><title>Feed story one</title><link>${base()}/feed-one</link><pubDate>Tue, 05 Mar 2024 09:00:00 +0700</pubDate><dc:creator>Hoa Le</dc:creator></item>
<item><title>Feed story two</title><link>/feed-two</link><pubDate>Wed, 06 Mar 2024 23:30:00 -0500</pubDate></item>
<item><title>Gone</title><link>${base()}/missing</link><pubDate>Thu, 07 Mar 2024 09:00:00 +0000</pubDate></item>
</channel></rss>`,
        'application/rss+xml; charset=utf-8',
      ),
    '/feed.atom': (_req, res) =>
      html(
        res,
        `<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom"><title>Delta Daily (Atom)</title>
<entry><title>Atom story</title><link rel="alternate" type="text/html" href="${base()}/atom-one"/><link rel="edit" href="${base()}/edit/1"/>
<published>2024-03-09T12:00:00Z</published><author><name>Bao Pham</name></author></entry></feed>`,
        'application/atom+xml',
      ),
    '/same-site-canonical': (_req, res) =>
      html(
        res,
        articlePage({
          title: 'Port authority expands',
          paragraphs: filler('harbour'),
          head: `<link rel="canonical" href="${base()}/stories/port-authority-expands"><meta property="og:site_name" content="Delta Daily">
  <meta property="article:published_time" content="2024-05-02">`,
        }),
      ),
    '/notes.md': (_req, res) =>
      html(
        res,
        '---\ntitle: Borrowed notes\nurl: https://elsewhere.example/notes\npublisher: Elsewhere\npublished: 2024-05-03\n---\nNotes served here that claim to live on another site.\n',
        'text/markdown; charset=utf-8',
      ),
    '/redirect': (_req, res) => {
      res.writeHead(301, { location: '/opengraph-only' });
      res.end();
    },
    '/redirect-loop': (_req, res) => {
      res.writeHead(302, { location: '/redirect-loop' });
      res.end();
    },
    '/redirect-ftp': (_req, res) => {
      res.writeHead(302, { location: 'ftp://files.example/article.txt' });
      res.end();
    },
    '/slow': (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html' });
      res.write('<html><body><p>Starting');
      const timer = setTimeout(() => res.end('</p></body></html>'), 5000);
      res.on('close', () => clearTimeout(timer));
    },
    '/image.png': (_req, res) => {
      res.writeHead(200, { 'content-type': 'image/png' });
      res.end(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0]));
    },
    '/paper.pdf': (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/pdf' });
      res.end('%PDF-1.7\n%âãÏÓ\n1 0 obj\n<< /Type /Catalog >>\nendobj\n');
    },
    '/huge': (_req, res) => {
      // Chunked, no Content-Length: the limit must be enforced while streaming.
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      const chunk = `<p>${'Lorem ipsum dolor sit amet. '.repeat(200)}</p>\n`;
      let sent = 0;
      const pump = (): void => {
        while (sent < 400 && !res.destroyed) {
          sent++;
          if (!res.write(chunk)) {
            res.once('drain', pump);
            return;
          }
        }
        res.end('</body></html>');
      };
      res.write('<html><body>');
      pump();
    },
    '/huge-declared': (_req, res) => {
      const body = Buffer.alloc(200_000, 'a');
      res.writeHead(200, { 'content-type': 'text/html', 'content-length': String(body.length) });
      res.end(body);
    },
    '/wrong-charset': (_req, res) => {
      // Declared UTF-8, sent as Latin-1: "é" is the lone byte 0xE9, invalid in UTF-8.
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end(Buffer.from(articlePage({ title: 'Café society', paragraphs: filler('café') }), 'latin1'));
    },
    '/latin1-meta': (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html' });
      const page = articlePage({
        title: 'Café society',
        paragraphs: filler('café'),
        head: '<meta property="article:published_time" content="2024-01-15">',
      }).replace('<meta charset="utf-8">', '<meta charset="iso-8859-1">');
      res.end(Buffer.from(page, 'latin1'));
    },
    '/homepage': (_req, res) =>
      html(
        res,
        `<!DOCTYPE html><html><head><title>Delta Daily</title><meta property="og:type" content="website"></head><body>
<nav><a href="/">Home</a></nav><h1>Delta Daily</h1><ul>${Array.from({ length: 12 }, (_, i) => `<li><a href="/s${i}">Story ${i}</a></li>`).join('')}</ul></body></html>`,
      ),
    '/blank': (_req, res) =>
      html(res, '<!DOCTYPE html><html><head><title>Nothing</title></head><body>   </body></html>'),
  };
}

/** A loopback HTTP server serving the fixture site; `url(path)` makes absolute URLs. */
export interface FixtureServer {
  readonly state: FixtureState;
  readonly requests: string[];
  url(path: string): string;
  close(): Promise<void>;
}

/** Starts the fixture site on 127.0.0.1 and a random port. */
export async function startFixtureServer(): Promise<FixtureServer> {
  const state: FixtureState = { changingVersion: 1 };
  const requests: string[] = [];
  let origin = '';
  const table = routes(state, () => origin);
  const server: Server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    requests.push(path);
    const handler = table[path];
    if (handler) return handler(req, res);
    res.writeHead(404, { 'content-type': 'text/html' });
    res.end('<html><body><h1>Not found</h1></body></html>');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    state,
    requests,
    url: (path) => `${origin}${path}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** What {@link useFixtureSite} gives a test file; read its fields inside tests and hooks. */
export interface FixtureSite {
  /** The fixture site, started once for the file, its state and request log reset before each test. */
  readonly server: FixtureServer;
  /** A fresh data folder for each test (removed after it). */
  readonly dataDir: string;
}

/** Registers the hooks that start the fixture site for a test file and make a data folder for each test. */
export function useFixtureSite(tempPrefix: string): FixtureSite {
  let server: FixtureServer | undefined;
  let dataDir: string | undefined;
  beforeAll(async () => {
    server = await startFixtureServer();
  });
  afterAll(async () => {
    await server?.close();
  });
  beforeEach(async () => {
    const made = await mkdtemp(join(tmpdir(), tempPrefix));
    dataDir = made;
    if (server) {
      server.state.changingVersion = 1;
      server.requests.length = 0;
    }
    return () => rm(made, { recursive: true, force: true });
  });
  return {
    get server() {
      if (!server) throw new Error('the fixture site is started in beforeAll');
      return server;
    },
    get dataDir() {
      if (!dataDir) throw new Error('the data folder is made in beforeEach');
      return dataDir;
    },
  };
}

/** Runs the `ingest` command in-process with `argv` and captures its exit code, stdout and stderr. */
export async function runIngestCli(
  argv: readonly string[],
): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await runCli(['ingest', ...argv], {
    out: (text) => {
      out += text;
    },
    err: (text) => {
      err += text;
    },
    openLibrary: () => Promise.reject(new Error('ingest does not open the library')),
    now: () => new Date('2024-06-01T00:00:00Z'),
  });
  return { code, out, err };
}
