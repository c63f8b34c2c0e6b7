// Builds web/dist/: the static part of every run's HTML report. `picket run` copies this folder to
// OUT/report/ and writes the run's data next to it (data.js), so a report needs nothing from the
// network: CesiumJS and its NaturalEarthII imagery, Chart.js, the country and prefecture borders
// all come from here.
//
// Inputs: npm packages (installed by `npm ci` from package-lock.json) and picket's own
// data/geo/japan-prefectures.geojson. No network. Run: `npm ci && npm run build` in web/.
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const here = path.dirname(fileURLToPath(import.meta.url));
const dist = path.join(here, 'dist');
const pkgDir = (name) => path.join(here, 'node_modules', name);  // some packages do not export package.json
const version = (name) => JSON.parse(fs.readFileSync(path.join(pkgDir(name), 'package.json'), 'utf8')).version;

// Build into a temporary folder and rename it at the end, so an interrupted build never leaves a
// half-made dist/ that picket would copy.
const tmp = `${dist}.tmp-${process.pid}`;
fs.rmSync(tmp, { recursive: true, force: true });
fs.mkdirSync(tmp, { recursive: true });
const copy = (from, to) => fs.cpSync(from, path.join(tmp, to), { recursive: true });

// --- the app ---------------------------------------------------------------------------------
for (const f of ['index.html', 'app.js', 'style.css']) copy(path.join(here, 'src', f), f);

// --- CesiumJS: the prebuilt IIFE bundle and what it loads at run time (workers, assets with the
// NaturalEarthII tiles, widgets' CSS, third-party wasm). index.js/index.cjs (ES module and CommonJS
// copies of the same code) are not needed.
const cesium = path.join(pkgDir('cesium'), 'Build', 'Cesium');
for (const f of ['Cesium.js', 'Workers', 'ThirdParty', 'Widgets']) copy(path.join(cesium, f), path.join('cesium', f));
for (const f of ['Images', 'Textures', 'approximateTerrainHeights.json', 'IAU2006_XYS'])
  copy(path.join(cesium, 'Assets', f), path.join('cesium', 'Assets', f));
copy(path.join(pkgDir('cesium'), 'LICENSE.md'), path.join('cesium', 'LICENSE.md'));

// --- Chart.js: the UMD build (a classic script, so the report also opens from file://).
copy(path.join(pkgDir('chart.js'), 'dist', 'chart.umd.min.js'), path.join('vendor', 'chart.umd.min.js'));
copy(path.join(pkgDir('chart.js'), 'LICENSE.md'), path.join('vendor', 'chart.js-LICENSE.md'));

// --- Borders. Written as classic scripts that set a global (fetching JSON is refused on file://).
// Coordinates rounded to 0.001 deg (about 100 m): finer than a pixel at any view of a region.
const round = (x) => Math.round(x * 1000) / 1000;
const flat = (ring) => ring.flatMap(([lon, lat]) => [round(lon), round(lat)]);
const writeGlobal = (file, name, value) => {
  fs.mkdirSync(path.dirname(path.join(tmp, file)), { recursive: true });
  fs.writeFileSync(path.join(tmp, file), `window.${name} = ${JSON.stringify(value)};\n`);
};

// Countries: Natural Earth 1:50m via world-atlas; every arc once (topojson.mesh), borders and coasts.
const topojson = require('topojson-client');
const world = require('world-atlas/countries-50m.json');
const mesh = topojson.mesh(world, world.objects.countries);
writeGlobal('geo/borders.js', 'PICKET_BORDERS', {
  source: `Natural Earth 1:50m Admin 0 (public domain), via world-atlas ${version('world-atlas')} (ISC)`,
  lines: mesh.coordinates.map(flat),
});

// Prefectures: picket's copy of the MLIT N03 outlines (data/geo/README.md gives the source).
const prefFile = path.join(here, '..', 'data', 'geo', 'japan-prefectures.geojson');
const prefs = JSON.parse(fs.readFileSync(prefFile, 'utf8'));
writeGlobal('geo/prefectures.js', 'PICKET_PREFECTURES', {
  source: '出典：国土数値情報（行政区域データ）（国土交通省）を加工して作成 (MLIT N03, processed by SmartNews SMRI)',
  prefectures: prefs.features.map((f) => ({
    name: f.properties.name_en,
    name_ja: f.properties.N03_001,
    // MultiPolygon: polygons of rings; the report draws outer rings (holes are lakes at this scale).
    polygons: (f.geometry.type === 'Polygon' ? [f.geometry.coordinates] : f.geometry.coordinates).map((p) => flat(p[0])),
  })),
});

fs.writeFileSync(
  path.join(tmp, 'ATTRIBUTION.txt'),
  [
    'This report bundles:',
    `- CesiumJS ${version('cesium')} (Apache-2.0, cesium/LICENSE.md), with its Natural Earth II imagery (public domain).`,
    `- Chart.js ${version('chart.js')} (MIT, vendor/chart.js-LICENSE.md).`,
    `- Country outlines: Made with Natural Earth (public domain), via world-atlas ${version('world-atlas')} (ISC).`,
    '- Prefecture outlines: 出典：国土数値情報（行政区域データ）（国土交通省）を加工して作成',
    '  (Source: National Land Numerical Information, Administrative Area data, MLIT; processed).',
    '',
  ].join('\n'),
);
// What picket checks before copying: the build's versions, so a stale dist/ can be told apart.
fs.writeFileSync(
  path.join(tmp, 'manifest.json'),
  JSON.stringify({ format: 'picket-web/1', cesium: version('cesium'), 'chart.js': version('chart.js') }, null, 2) + '\n',
);

fs.rmSync(dist, { recursive: true, force: true });
fs.renameSync(tmp, dist);
console.log(`web: built ${path.relative(process.cwd(), dist) || dist}`);
