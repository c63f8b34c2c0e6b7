#include "common/distribution.h"

#include <algorithm>
#include <cmath>
#include <numeric>

#include <boost/math/special_functions/erf.hpp>
#include <fmt/format.h>

namespace picket {
namespace {

// The standard normal CDF and its inverse, through erfc so that both tails keep their precision.
double phi(double x) { return 0.5 * std::erfc(-x / std::sqrt(2.0)); }
double phiInverse(double p) {
  p = std::clamp(p, 1e-300, 1.0 - 1e-16);
  return -std::sqrt(2.0) * boost::math::erfc_inv(2.0 * p);
}

}  // namespace

double Distribution::quantile(double u) const {
  switch (kind) {
    case Kind::kFixed:
      return value;
    case Kind::kNormal: {
      if (sigma <= 0.0) return mean;
      const double a = phi((lo - mean) / sigma), b = phi((hi - mean) / sigma);
      return std::clamp(mean + sigma * phiInverse(a + u * (b - a)), lo, hi);
    }
    case Kind::kUniform:
      return lo + u * (hi - lo);
    case Kind::kTriangular: {
      // Inverse CDF of the triangle (lo, mode, hi).
      const double w = hi - lo;
      if (w <= 0.0) return lo;
      const double f = (mode - lo) / w;
      return u < f ? lo + std::sqrt(u * w * (mode - lo)) : hi - std::sqrt((1.0 - u) * w * (hi - mode));
    }
    case Kind::kDiscrete: {
      const double total = std::accumulate(weights.begin(), weights.end(), 0.0);
      double c = 0.0;
      for (std::size_t i = 0; i < values.size(); ++i) {
        c += weights[i] / total;
        if (u < c) return values[i];
      }
      return values.back();
    }
  }
  return value;
}

double Distribution::expectation() const {
  switch (kind) {
    case Kind::kFixed:
      return value;
    case Kind::kNormal: {
      // Truncated normal: mean + sigma (pdf(a) - pdf(b)) / (Phi(b) - Phi(a)).
      if (sigma <= 0.0) return mean;
      const double a = (lo - mean) / sigma, b = (hi - mean) / sigma;
      const auto pdf = [](double x) { return std::exp(-0.5 * x * x) / std::sqrt(2.0 * 3.141592653589793); };
      return mean + sigma * (pdf(a) - pdf(b)) / (phi(b) - phi(a));
    }
    case Kind::kUniform:
      return 0.5 * (lo + hi);
    case Kind::kTriangular:
      return (lo + mode + hi) / 3.0;
    case Kind::kDiscrete: {
      const double total = std::accumulate(weights.begin(), weights.end(), 0.0);
      double m = 0.0;
      for (std::size_t i = 0; i < values.size(); ++i) m += values[i] * weights[i] / total;
      return m;
    }
  }
  return value;
}

double Distribution::min() const {
  if (kind == Kind::kFixed) return value;
  if (kind == Kind::kDiscrete) return *std::min_element(values.begin(), values.end());
  return lo;
}

double Distribution::max() const {
  if (kind == Kind::kFixed) return value;
  if (kind == Kind::kDiscrete) return *std::max_element(values.begin(), values.end());
  return hi;
}

std::string Distribution::describe() const {
  switch (kind) {
    case Kind::kFixed:
      return fmt::format("{:g}", value);
    case Kind::kNormal:
      return fmt::format("normal(mean {:g}, sigma {:g}, {:g} to {:g})", mean, sigma, lo, hi);
    case Kind::kUniform:
      return fmt::format("uniform({:g} to {:g})", lo, hi);
    case Kind::kTriangular:
      return fmt::format("triangular({:g}, mode {:g}, {:g})", lo, mode, hi);
    case Kind::kDiscrete: {
      std::string s = "discrete(";
      for (std::size_t i = 0; i < values.size(); ++i)
        s += fmt::format("{}{:g} w {:g}", i == 0 ? "" : ", ", values[i], weights[i]);
      s.push_back(')');
      return s;
    }
  }
  return {};
}

}  // namespace picket
