#include "engagement/solver.h"

#include <algorithm>
#include <cmath>

#include <Eigen/Dense>

namespace picket::engagement {

FlownState flyInterceptor(const flight::FlightModels& models, const Interceptor& interceptor, const ShooterSite& site,
                          double azimuth_deg, double tilt_deg, double tof_s, flight::FlightResult& scratch) {
  flight::FlightOptions options;
  options.max_time_s = tof_s + 0.5;
  flight::flyMissile(models, interceptor.missile(), site.geodetic, flight::GuidancePlan{azimuth_deg, tilt_deg, 1e9},
                     options, scratch);
  FlownState out;
  if (scratch.trajectory.empty()) return out;
  out.reached = scratch.trajectory.endTime_s() >= tof_s - 1e-9;
  const flight::Sample s = scratch.trajectory.at(tof_s);
  out.p_Ecef = models.earth.ecefFromEci(s.p_Eci_m, s.t_s);
  out.v_Ecef = models.earth.ecefVelocityFromEci(s.p_Eci_m, s.v_Eci_mps, s.t_s);
  return out;
}

InterceptSolution solveIntercept(const flight::FlightModels& models, const Interceptor& interceptor,
                                 const ShooterSite& site, const ThreatPath& predicted, const Opportunity& guess,
                                 flight::FlightResult& scratch) {
  const world::Earth& earth = models.earth;
  const double t_i = guess.intercept_t_s;
  const PathSample target = predicted.at(t_i);
  const world::Geodetic sub = earth.geodeticFromEcef(target.p_Ecef);
  InterceptSolution sol;
  sol.intercept_t_s = t_i;
  double tof = guess.tof_s;
  double az = earth.inverse(site.geodetic.lat_deg, site.geodetic.lon_deg, sub.lat_deg, sub.lon_deg).azimuth_deg;
  double tilt = guess.tilt_deg;
  const double max_tof = interceptor.config().max_flight_time_s;
  const auto residual = [&](double tof_s, double az_deg, double tilt_deg, FlownState& st) {
    st = flyInterceptor(models, interceptor, site, az_deg, tilt_deg, tof_s, scratch);
    return Vec3(st.p_Ecef - target.p_Ecef);
  };
  FlownState st;
  Vec3 f = residual(tof, az, tilt, st);
  constexpr double kAngleStep_deg = 0.02, kTol_m = 0.5;
  for (int it = 0; it < 25 && f.norm() > kTol_m; ++it) {
    sol.iterations = it + 1;
    Eigen::Matrix3d J;
    FlownState tmp;
    J.col(0) = st.v_Ecef;
    const double tilt_lo = std::max(0.0, tilt - kAngleStep_deg), tilt_hi = std::min(89.9, tilt + kAngleStep_deg);
    J.col(1) = (residual(tof, az + kAngleStep_deg, tilt, tmp) - residual(tof, az - kAngleStep_deg, tilt, tmp)) /
               (2.0 * kAngleStep_deg);
    J.col(2) = (residual(tof, az, tilt_hi, tmp) - residual(tof, az, tilt_lo, tmp)) / (tilt_hi - tilt_lo);
    const Eigen::Vector3d step = J.completeOrthogonalDecomposition().solve(-f);
    double lambda = 1.0;
    bool better = false;
    for (int k = 0; k < 8; ++k, lambda *= 0.5) {
      const double tof_n = std::clamp(tof + lambda * step(0), 1.0, max_tof);
      const double az_n = az + lambda * step(1);
      const double tilt_n = std::clamp(tilt + lambda * step(2), 0.0, 89.9);
      FlownState st_n;
      const Vec3 f_n = residual(tof_n, az_n, tilt_n, st_n);
      if (st_n.reached && f_n.norm() < f.norm()) {
        tof = tof_n;
        az = az_n;
        tilt = tilt_n;
        f = f_n;
        st = st_n;
        better = true;
        break;
      }
    }
    if (!better) break;
  }
  sol.converged = st.reached && f.norm() <= 10.0 * kTol_m;
  sol.tof_s = tof;
  sol.launch_t_s = t_i - tof;
  sol.azimuth_deg = std::remainder(az, 360.0);
  if (sol.azimuth_deg < 0.0) sol.azimuth_deg += 360.0;
  sol.tilt_deg = tilt;
  sol.aim_error_m = f.norm();
  // Leave the converged flight in `scratch` for the caller (the last call may have been a probe).
  st = flyInterceptor(models, interceptor, site, az, tilt, tof, scratch);
  sol.p_Ecef = st.p_Ecef;
  sol.v_Ecef = st.v_Ecef;
  return sol;
}

EndGame endGame(const Interceptor& interceptor, const Vec3& p_I, const Vec3& v_I, const Vec3& p_T, const Vec3& v_T) {
  EndGame e;
  const Vec3 dp = p_T - p_I, dv = v_T - v_I;
  e.closing_speed_mps = dv.norm();
  const Vec3 zem = e.closing_speed_mps > 1e-9 ? Vec3(dp - (dp.dot(dv) / dv.squaredNorm()) * dv) : dp;
  e.zem_m = zem.norm();
  const double t_go = interceptor.config().homing_time_s;
  e.divert_needed_mps = e.zem_m / t_go;
  e.within_divert = e.divert_needed_mps <= interceptor.config().divert_mps;
  e.miss_m = e.within_divert ? 0.0 : e.zem_m - interceptor.config().divert_mps * t_go;
  return e;
}

}  // namespace picket::engagement
