// Writing a configuration back out as a scenario file: the effective configuration (every key the
// loader reads, defaults filled in) that `picket config` prints and every output folder keeps as
// config.yaml (docs/scenario.md, "picket config").
//
// The text is one the loader (loader.h) reads back to the same configuration: numbers in their
// shortest round-trip form (a key in km or another unit than the struct's is written as the
// number whose product with the loader's scale gives the struct's value bit for bit), times in
// UTC ISO 8601 with as many decimals as make them exact. Catalog entries are written as their id
// plus every number as an explicit override, so that the file says what was flown; the loader
// takes missiles, sensors and interceptors from the catalog by id only, so the file still needs
// the catalog it was written from (its SHA-256 is in the header). A radar placed at a public site
// keeps the site's name (its latitude and longitude are the sites file's, and it has no override).
//
// Not written, because the loader has no key for them: what the catalog alone gives (names,
// classes, tiers, `reported` figures of catalog entries), a sensor's noise_factor and an
// interceptor's hold_tilt (set by the stages that use them), and the
// J-Alert areas (data/alerts/regions.yaml). Notes of the `reported` block are not kept by the
// loader, nor the sources of its impact_zone and overflown facts (written with the block's first
// source, or overflown's `from` source).
#pragma once

#include <string>

#include "scenario/config.h"

namespace picket::scenario {

// The scenario file of `config`, with a header comment naming picket's version and commit, the
// source scenario file (config.where.file) and its SHA-256, and the catalog's SHA-256.
std::string toYaml(const ScenarioConfig& config);

// The shortest decimal text x such that x * scale == value exactly (the loader reads such keys as
// number * scale); the shortest text of value / scale when there is none.
std::string scaledNumber(double value, double scale);
// An ISO 8601 UTC time ("2017-09-14T21:57:00Z") that parseIso8601 reads back to `t` exactly where
// 0 to 9 decimals of the second can (otherwise the closest with 9).
std::string isoTime(UtcTime t);

}  // namespace picket::scenario
