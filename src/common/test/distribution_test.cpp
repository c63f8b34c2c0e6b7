#include "common/distribution.h"

#include <cmath>

#include <gtest/gtest.h>

namespace picket {
namespace {

Distribution normal(double mean, double sigma, double lo, double hi) {
  Distribution d;
  d.kind = Distribution::Kind::kNormal;
  d.mean = mean;
  d.sigma = sigma;
  d.lo = lo;
  d.hi = hi;
  return d;
}

TEST(Distribution, QuantilesAgainstClosedForms) {
  // Normal, bounds far out: the quantile of 0.975 is mean + 1.959964 sigma (the normal table).
  const Distribution n = normal(10.0, 2.0, -1e9, 1e9);
  EXPECT_NEAR(n.quantile(0.975), 10.0 + 2.0 * 1.959963984540054, 1e-9);
  EXPECT_NEAR(n.quantile(0.5), 10.0, 1e-12);
  // Truncated at mean -+ 1 sigma: the median stays, the ends are the bounds, and the truncated
  // mean of an asymmetric cut [mean, mean + 1 sigma] is mean + sigma (phi(0) - phi(1)) / (Phi(1) -
  // Phi(0)) = mean + 0.45986 sigma (Johnson, Kotz and Balakrishnan, Continuous Univariate
  // Distributions 1, 1994, sec. 10.1).
  const Distribution t = normal(0.0, 1.0, -1.0, 1.0);
  EXPECT_NEAR(t.quantile(0.5), 0.0, 1e-12);
  EXPECT_NEAR(t.quantile(0.0), -1.0, 1e-9);
  EXPECT_NEAR(t.quantile(1.0 - 1e-12), 1.0, 1e-6);
  EXPECT_NEAR(normal(0.0, 1.0, 0.0, 1.0).expectation(), 0.45986, 1e-5);
  // Uniform and triangular: their inverse CDFs.
  Distribution u;
  u.kind = Distribution::Kind::kUniform;
  u.lo = 2.0;
  u.hi = 6.0;
  EXPECT_DOUBLE_EQ(u.quantile(0.25), 3.0);
  Distribution tri;
  tri.kind = Distribution::Kind::kTriangular;
  tri.lo = 10.0;
  tri.mode = 30.0;
  tri.hi = 90.0;
  EXPECT_NEAR(tri.quantile(0.25), 30.0, 1e-12);  // F(mode) = (mode - lo) / (hi - lo) = 0.25
  EXPECT_NEAR(tri.quantile(0.0), 10.0, 1e-12);
  EXPECT_NEAR(tri.quantile(1.0), 90.0, 1e-12);
  EXPECT_NEAR(tri.expectation(), 130.0 / 3.0, 1e-12);
  // Discrete: weights 1, 2, 1 split [0, 1) at 0.25 and 0.75.
  Distribution d;
  d.kind = Distribution::Kind::kDiscrete;
  d.values = {0.5, 0.7, 0.85};
  d.weights = {1.0, 2.0, 1.0};
  EXPECT_EQ(d.quantile(0.2), 0.5);
  EXPECT_EQ(d.quantile(0.3), 0.7);
  EXPECT_EQ(d.quantile(0.74), 0.7);
  EXPECT_EQ(d.quantile(0.8), 0.85);
  EXPECT_NEAR(d.expectation(), 0.6875, 1e-12);
}

TEST(Distribution, SampleMeansConvergeAndEachDrawTakesOneNumber) {
  // 40,000 draws of each kind: the sample mean within 4 standard errors of the expectation.
  Distribution tri;
  tri.kind = Distribution::Kind::kTriangular;
  tri.lo = 10.0;
  tri.mode = 30.0;
  tri.hi = 90.0;
  Distribution d;
  d.kind = Distribution::Kind::kDiscrete;
  d.values = {0.5, 0.7, 0.85};
  d.weights = {1.0, 2.0, 1.0};
  for (const Distribution& x : {normal(1.0, 0.01, 0.97, 1.03), tri, d}) {
    RandomStream rng(7, "distribution-test", 0), check(7, "distribution-test", 0);
    constexpr int kN = 40000;
    double sum = 0.0, sum2 = 0.0;
    for (int i = 0; i < kN; ++i) {
      const double v = x.draw(rng);
      ASSERT_GE(v, x.min());
      ASSERT_LE(v, x.max());
      sum += v;
      sum2 += v * v;
      (void)check.uniform();
    }
    const double mean = sum / kN, sd = std::sqrt(sum2 / kN - mean * mean);
    EXPECT_NEAR(mean, x.expectation(), 4.0 * sd / std::sqrt(kN)) << x.describe();
    // One uniform per draw: the two streams are still in step.
    EXPECT_EQ(rng.uniform(), check.uniform()) << x.describe();
  }
}

}  // namespace
}  // namespace picket
