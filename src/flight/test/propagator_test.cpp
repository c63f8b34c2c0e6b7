// The propagator's two integrators (flight.cpp): DOP853 at the default and tighter tolerances,
// Dormand-Prince 5(4) with stops predicted just past the atmosphere's and the drag table's bounds
// at looser ones. Both must fly the same flight.
#include <gtest/gtest.h>

#include "flight/flight.h"
#include "flight/test/aim_request.h"

namespace picket::flight {
namespace {

// The tolerances bench/side_by_side.py sets for a ladder rung: rtol = tol, absolute floors that
// scale with it (bench/bench_setup.cpp, optionsFor).
FlightOptions at(double tol) {
  FlightOptions o;
  o.rtol = tol;
  o.integrator = FlightOptions::Integrator::kLowOrderWhenLoose;
  o.atol_position_m = tol * 1e4;
  o.atol_velocity_mps = tol * 10.0;
  return o;
}

TEST(Propagator, TheFifthOrderPairLandsWithinOneMetreOfTheReference) {
  // The flagship-like flight (Hwasong-12 from Sunan, east-north-east, cut off at 126.7 s: 27 bound
  // crossings in the boost, 7 in the fall). Reference: DOP853 at 1e-12. At 1e-7 and 3.2e-8 the
  // 5(4) pair lands within 1 m, the side-by-side's criterion; at its default 1e-8 DOP853 within
  // 10 cm. (On the side-by-side's family around the aimed flagship 3.2e-7 suffices, 0.44 m worst;
  // this flight, on a plan that is not aimed, misses by 5.0 m at 3.2e-7: bench/README.md.)
  const Hwasong s;
  const GuidancePlan plan{73.0, 10.0, 126.7};
  FlightResult ref, r;
  flyMissile(s.models(), s.missile, s.launch, plan, at(1e-12), ref);
  ASSERT_TRUE(ref.impacted);
  for (const double tol : {1e-7, 3.2e-8, 1e-8}) {
    flyMissile(s.models(), s.missile, s.launch, plan, at(tol), r);
    ASSERT_TRUE(r.impacted);
    const double miss_m = s.earth.inverse(ref.impact.position.lat_deg, ref.impact.position.lon_deg,
                                          r.impact.position.lat_deg, r.impact.position.lon_deg).distance_m;
    EXPECT_LT(miss_m, tol > 1e-8 ? 1.0 : 0.1) << tol;
    EXPECT_NEAR(r.impact.t_s, ref.impact.t_s, 1e-3) << tol;
    EXPECT_NEAR(r.apogee.position.alt_m, ref.apogee.position.alt_m, 1.0) << tol;
  }
}

TEST(Propagator, TheFifthOrderPairNeedsFewerEvaluationsWhereBoundsEndTheSteps) {
  // The reason for the pair (flight.cpp, kDop853Rtol): at the side-by-side's 1 m tolerance it flies
  // this flight in fewer evaluations than DOP853 at the tolerance DOP853 needs for the same 1 m
  // (3.2e-7 for both on the flagship's family; bench/README.md).
  const Hwasong s;
  const GuidancePlan plan{73.0, 10.0, 126.7};
  FlightResult five;
  flyMissile(s.models(), s.missile, s.launch, plan, at(3.2e-7), five);
  EXPECT_LT(five.rhs_evaluations, 700);
}

}  // namespace
}  // namespace picket::flight
