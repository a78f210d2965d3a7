// Builds web/dist: Kith's CSS (GOV.UK Frontend compiled with Kith's settings), the
// scripts, GOV.UK images and Leaflet. CMake compiles web/dist into the kith binary.
import * as sass from 'sass';
import { cpSync, mkdirSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';

const here = new URL('.', import.meta.url).pathname;
const dist = join(here, 'dist');
const modules = join(here, '../node_modules');
const govuk = join(modules, 'govuk-frontend/dist/govuk');
const leaflet = join(modules, 'leaflet/dist');

rmSync(dist, { recursive: true, force: true });
mkdirSync(dist, { recursive: true });

const css = sass.compile(join(here, 'src/kith.scss'), {
  loadPaths: [modules],
  style: 'compressed',
  quietDeps: true,
  silenceDeprecations: ['import', 'global-builtin']
});
writeFileSync(join(dist, 'kith.css'), css.css);
cpSync(join(here, 'src/init.js'), join(dist, 'init.js'));
cpSync(join(here, 'src/kith.js'), join(dist, 'kith.js'));
cpSync(join(govuk, 'govuk-frontend.min.js'), join(dist, 'govuk-frontend.min.js'));
cpSync(join(govuk, 'assets/images'), join(dist, 'assets/images'), { recursive: true });
mkdirSync(join(dist, 'leaflet'), { recursive: true });
cpSync(join(leaflet, 'leaflet.js'), join(dist, 'leaflet/leaflet.js'));
cpSync(join(leaflet, 'leaflet.css'), join(dist, 'leaflet/leaflet.css'));
cpSync(join(leaflet, 'images'), join(dist, 'leaflet/images'), { recursive: true });

const files = [];
const walk = (dir) => {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) walk(p);
    else files.push(relative(dist, p));
  }
};
walk(dist);
writeFileSync(join(dist, 'manifest.txt'), files.sort().join('\n') + '\n');
console.log(`web: built ${files.length} files into web/dist`);
