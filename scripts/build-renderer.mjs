#!/usr/bin/env node
// Bundles the renderer into dist/renderer (app.js, app.css, index.html, icon) with esbuild.
import { build } from 'esbuild';
import { copyFile, mkdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { spiceHtml5Plugin } from './spice-html5-plugin.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const out = join(root, 'dist', 'renderer');
await mkdir(out, { recursive: true });
await build({
  entryPoints: { app: join(root, 'renderer', 'src', 'main.tsx') },
  outdir: out,
  bundle: true,
  format: 'esm',
  target: 'es2022',
  minify: process.env.NODE_ENV === 'production',
  sourcemap: true,
  jsx: 'automatic',
  define: { 'process.env.NODE_ENV': JSON.stringify(process.env.NODE_ENV ?? 'production') },
  logLevel: 'warning',
  plugins: [spiceHtml5Plugin],
});
await copyFile(join(root, 'renderer', 'index.html'), join(out, 'index.html'));
await copyFile(join(root, 'assets', 'icon.svg'), join(out, 'icon.svg'));
