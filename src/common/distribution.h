// A probability distribution of one scalar, for the scenario's `uncertainty:` section
// (docs/uncertainty.md): fixed, normal (truncated to its bounds), uniform, triangular or discrete.
//
// Every draw takes exactly one uniform number from the stream, whatever the kind: the normal by
// inversion of its truncated CDF rather than by rejection, so how many numbers a trial takes never
// depends on what it drew (and a replayed trial draws the same). Boost.Math's erfc_inv gives the
// same result on every platform, as RandomStream's engine does.
#pragma once

#include <string>
#include <vector>

#include "common/random.h"

namespace picket {

struct Distribution {
  bool operator==(const Distribution&) const = default;
  enum class Kind { kFixed, kNormal, kUniform, kTriangular, kDiscrete };
  Kind kind = Kind::kFixed;
  double value = 0.0;  // fixed
  double mean = 0.0, sigma = 0.0;  // normal
  double lo = 0.0, hi = 0.0;       // bounds: normal (truncation), uniform, triangular
  double mode = 0.0;               // triangular
  std::vector<double> values, weights;  // discrete; weights need not sum to 1

  static Distribution fixed(double v) {
    Distribution d;
    d.value = v;
    return d;
  }

  // The value at cumulative probability u in [0, 1): the inverse CDF (for discrete, the first
  // value whose cumulative weight exceeds u).
  [[nodiscard]] double quantile(double u) const;
  [[nodiscard]] double draw(RandomStream& rng) const { return quantile(rng.uniform()); }
  // The distribution's mean (for the docs' and the tests' closed forms).
  [[nodiscard]] double expectation() const;
  // Smallest and largest value a draw can take.
  [[nodiscard]] double min() const;
  [[nodiscard]] double max() const;
  // "normal(mean 1, sigma 0.01, 0.97 to 1.03)", for messages and outputs.
  [[nodiscard]] std::string describe() const;
  [[nodiscard]] bool isFixed() const { return kind == Kind::kFixed; }
};

}  // namespace picket
