// Generates picket's geography data (data/geo/) from its public sources.
//
//   cd tools/geo && npm ci && node make-geo.mjs [--shared DIR] [--out DIR]
//
// 1. countries-50m.geojson: Natural Earth 1:50m admin-0 countries, from the npm package `world-atlas`
//    (TopoJSON), converted to GeoJSON with `topojson-client`. Each feature keeps only the properties
//    `name` (Natural Earth name) and `id` (ISO 3166-1 numeric as a 3-digit string, or null where Natural
//    Earth has none, e.g. Kosovo). Coordinates are rounded to 5 decimals (about 1 m; the TopoJSON is
//    quantised to about 0.002-0.004 degrees anyway).
// 2. japan-prefectures.geojson: the MLIT-derived prefecture outlines (shared/data/geo/
//    japan-prefectures-s0010.geojson), one feature per prefecture in JIS order, with `name_en` and
//    `jis_code` added from shared/data/geo/prefectures.csv (same order; the Japanese names are checked
//    against N03_001). Coordinates are rounded to 5 decimals as well.
//
// The output is written one feature per line so that diffs stay readable.

import { readFileSync, writeFileSync, mkdirSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { createRequire } from "node:module";
import * as topojson from "topojson-client";

const here = dirname(fileURLToPath(import.meta.url));
const repoRoot = resolve(here, "..", "..");

function argValue(flag, fallback) {
  const i = process.argv.indexOf(flag);
  return i >= 0 && i + 1 < process.argv.length ? resolve(process.argv[i + 1]) : fallback;
}
const sharedDir = argValue("--shared", resolve(repoRoot, "..", "shared", "data", "geo"));
const outDir = argValue("--out", join(repoRoot, "data", "geo"));

function fail(msg) {
  console.error(`make-geo: error: ${msg}`);
  process.exit(1);
}

const round5 = (x) => {
  const r = Math.round(x * 1e5) / 1e5;
  return Object.is(r, -0) ? 0 : r;
};

// Rounds every coordinate of a Polygon / MultiPolygon; drops consecutive duplicate points that
// rounding may create (a ring keeps its closing point).
function roundGeometry(geom, where) {
  const roundRing = (ring) => {
    const out = [];
    for (const [lon, lat] of ring) {
      const p = [round5(lon), round5(lat)];
      const last = out[out.length - 1];
      if (!last || last[0] !== p[0] || last[1] !== p[1]) out.push(p);
    }
    if (out.length < 4) fail(`${where}: a ring has fewer than 4 points after rounding`);
    return out;
  };
  const roundPolygon = (poly) => poly.map(roundRing);
  if (geom.type === "Polygon") return { type: "Polygon", coordinates: roundPolygon(geom.coordinates) };
  if (geom.type === "MultiPolygon") {
    return { type: "MultiPolygon", coordinates: geom.coordinates.map(roundPolygon) };
  }
  fail(`${where}: unexpected geometry type ${geom.type}`);
}

function writeCollection(path, features) {
  const lines = features.map((f) => JSON.stringify(f));
  writeFileSync(path, `{"type":"FeatureCollection","features":[\n${lines.join(",\n")}\n]}\n`);
  console.log(`make-geo: wrote ${path} (${features.length} features)`);
}

mkdirSync(outDir, { recursive: true });

// ---- 1. countries ------------------------------------------------------------------------------
const require = createRequire(import.meta.url);
const atlasPkg = require("world-atlas/package.json");
const topoPath = require.resolve("world-atlas/countries-50m.json");
const topology = JSON.parse(readFileSync(topoPath, "utf8"));
if (!topology.objects || !topology.objects.countries) fail(`${topoPath}: no objects.countries`);
const countries = topojson.feature(topology, topology.objects.countries);
const countryFeatures = [];
for (const f of countries.features) {
  const name = f.properties && f.properties.name;
  if (typeof name !== "string" || name === "") fail(`${topoPath}: a country without a name`);
  if (!f.geometry) continue;  // nothing to test against
  countryFeatures.push({
    type: "Feature",
    properties: { name, id: f.id === undefined ? null : String(f.id) },
    geometry: roundGeometry(f.geometry, `country ${name}`),
  });
}
console.log(`make-geo: world-atlas ${atlasPkg.version}, topojson-client ${require("topojson-client/package.json").version}`);
writeCollection(join(outDir, "countries-50m.geojson"), countryFeatures);

// ---- 2. prefectures ----------------------------------------------------------------------------
const prefPath = join(sharedDir, "japan-prefectures-s0010.geojson");
const csvPath = join(sharedDir, "prefectures.csv");
const prefs = JSON.parse(readFileSync(prefPath, "utf8"));
const csvLines = readFileSync(csvPath, "utf8")
  .replace(/^\uFEFF/, "")
  .split(/\r?\n/)
  .filter((l) => l.trim() !== "");
const header = csvLines.shift().split(",");
const col = (n) => {
  const i = header.indexOf(n);
  if (i < 0) fail(`${csvPath}: no column ${n}`);
  return i;
};
const [iCode, iEn, iJa] = [col("jis_code"), col("name_en"), col("name_ja")];
const rows = csvLines.map((l) => l.split(","));
if (rows.length !== 47) fail(`${csvPath}: expected 47 prefectures, found ${rows.length}`);
if (prefs.features.length !== rows.length) {
  fail(`${prefPath} has ${prefs.features.length} features but ${csvPath} has ${rows.length} rows`);
}
const prefFeatures = prefs.features.map((f, k) => {
  const row = rows[k];
  const ja = f.properties && f.properties.N03_001;
  if (ja !== row[iJa]) fail(`feature ${k}: N03_001 "${ja}" does not match "${row[iJa]}" in ${csvPath}`);
  if (!/^\d{2}$/.test(row[iCode]) || Number(row[iCode]) !== k + 1) fail(`${csvPath}: bad jis_code ${row[iCode]}`);
  return {
    type: "Feature",
    properties: { N03_001: ja, name_en: row[iEn], jis_code: row[iCode] },
    geometry: roundGeometry(f.geometry, `prefecture ${row[iEn]}`),
  };
});
writeCollection(join(outDir, "japan-prefectures.geojson"), prefFeatures);
