// Builds the browser client: bundles src/main.js and src/style.css with esbuild, copies index.html, draws the icons,
// and bundles the service worker (src/sw/sw.js) with the list of shell files and their version (a hash of them).
//   node build.mjs                   → dist/
//   node build.mjs --outdir=DIR      → DIR/ (Maven uses target/web-dist)
//   node build.mjs --watch           → rebuild on change (serve with: java -jar target/parley.jar --web-dir web/dist)
import * as esbuild from 'esbuild';
import { createHash } from 'node:crypto';
import { copyFile, mkdir, readFile, writeFile } from 'node:fs/promises';
import { gzipSync } from 'node:zlib';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { iconPng } from './icons.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const arg = (name) => process.argv.find((a) => a.startsWith(`--${name}=`))?.split('=').slice(1).join('=');
const outdir = path.resolve(arg('outdir') ?? path.join(here, 'dist'));
const watch = process.argv.includes('--watch');
const BUDGET_GZIP = 200 * 1024;

const options = {
  absWorkingDir: here,
  entryPoints: { app: 'src/main.js', style: 'src/style.css' },
  outdir,
  bundle: true,
  format: 'esm',
  platform: 'browser',
  target: ['es2020', 'chrome100', 'firefox100', 'safari15'],
  minify: !watch,
  sourcemap: watch ? 'inline' : false,
  legalComments: 'none',
  logLevel: 'warning',
  define: { 'process.env.NODE_ENV': '"production"' },
  // markdown-it's only use of `entities` is a strict decode of one reference: a small stand-in saves ~10 KB gzipped
  alias: { entities: './src/vendor/entities-lite.js' },
};

/** The app shell the service worker keeps for offline use: served paths, relative to the output directory. */
const ICONS = {
  'icons/icon-192.png': [192, false],
  'icons/icon-512.png': [512, false],
  'icons/icon-maskable-512.png': [512, true],
};
const SHELL = ['index.html', 'app.js', 'style.css', ...Object.keys(ICONS)];

await mkdir(path.join(outdir, 'icons'), { recursive: true });
await copyFile(path.join(here, 'index.html'), path.join(outdir, 'index.html'));
for (const [file, [size, maskable]] of Object.entries(ICONS)) {
  await writeFile(path.join(outdir, file), iconPng(size, { maskable }));
}

/**
 * The worker, with the shell's version baked in: a hash of every shell file, so a build that changes any of them
 * makes a different sw.js, which browsers notice on their next check and install (src/sw/sw.js).
 */
async function buildWorker(version, shell = SHELL) {
  await esbuild.build({
    absWorkingDir: here,
    entryPoints: { sw: 'src/sw/sw.js' },
    outdir,
    bundle: true,
    format: 'iife',
    platform: 'browser',
    target: options.target,
    minify: !watch,
    legalComments: 'none',
    logLevel: 'warning',
    define: {
      __PARLEY_SHELL__: JSON.stringify({ version, files: shell.map((f) => (f === 'index.html' ? '/' : `/${f}`)) }),
    },
  });
}

async function shellVersion() {
  const hash = createHash('sha256');
  for (const file of SHELL) hash.update(await readFile(path.join(outdir, file)));
  return hash.digest('hex').slice(0, 16);
}

if (watch) {
  const ctx = await esbuild.context(options);
  await ctx.watch();
  await buildWorker('watch', []); // keeps nothing: every reload gets the files just rebuilt (no offline use)
  console.log(`watching; output in ${outdir}`);
} else {
  await esbuild.build(options);
  const version = await shellVersion();
  await buildWorker(version);
  console.log(`shell      ${version}`);
  let total = 0;
  for (const file of ['app.js', 'style.css']) {
    const bytes = await readFile(path.join(outdir, file));
    const gz = gzipSync(bytes, { level: 9 }).length;
    total += gz;
    console.log(`${file.padEnd(10)} ${(bytes.length / 1024).toFixed(1).padStart(7)} KB  ${(gz / 1024).toFixed(1).padStart(6)} KB gzipped`);
  }
  console.log(`total      ${(total / 1024).toFixed(1).padStart(22)} KB gzipped (budget ${BUDGET_GZIP / 1024} KB)`);
  if (total > BUDGET_GZIP) {
    console.error(`web build: shipped JS+CSS is ${total} bytes gzipped, over the ${BUDGET_GZIP} byte budget`);
    process.exit(1);
  }
}
