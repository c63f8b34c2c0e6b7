#include "sensors/radar.h"

#include <cmath>

#include "common/constants.h"

namespace picket::sensors {
namespace c = picket::constants;

namespace {
constexpr double kBoltzmann_JpK = 1.380649e-23;  // exact, SI 2019
constexpr double kSpeedOfLight_mps = 299792458.0;
constexpr double kRefraction = 4.0 / 3.0;         // standard atmosphere, Skolnik sec. 8.2
constexpr double kMonopulseSlope = 1.6;           // Barton 2005, eq. 8.2.24

double fromDb(double db) { return std::pow(10.0, db / 10.0); }
}  // namespace

double wrapPi(double a) {
  a = std::remainder(a, 2.0 * c::kPi);
  return a <= -c::kPi ? a + 2.0 * c::kPi : a;
}

Radar::Radar(const world::Earth& earth, const scenario::SensorConfig& config, int index)
    : earth_(&earth), config_(config), index_(index) {
  p_Radar_Ecef_ = earth.ecefFromGeodetic({config.lat_deg, config.lon_deg, config.alt_m});
  R_EnuEcef_ = earth.R_EcefEnu(config.lat_deg, config.lon_deg).transpose();
  // Gaussian radius sqrt(M N) of the shape at the radar's latitude.
  const double a = earth.equatorialRadius_m(), f = earth.flattening(), e2 = f * (2.0 - f);
  const double s = std::sin(config.lat_deg * c::kDegToRad);
  const double w = 1.0 - e2 * s * s;
  const double n = a / std::sqrt(w), m = a * (1.0 - e2) / (w * std::sqrt(w));
  k_re_m_ = kRefraction * std::sqrt(m * n);
  const scenario::RadarTypeConfig& t = config.radar;
  const double lambda = kSpeedOfLight_mps / t.frequency_hz;
  const double g = fromDb(t.antenna_gain_dbi);
  snr_const_ = t.average_power_w * g * g * lambda * lambda * t.dwell_time_s /
               (std::pow(4.0 * c::kPi, 3) * kBoltzmann_JpK * t.system_noise_temperature_k * fromDb(t.losses_db));
  threshold_ = -std::log(t.false_alarm_probability);
  sin_min_el_ = std::sin(t.min_elevation_deg * c::kDegToRad);
  sin_max_el_ = std::sin(t.max_elevation_deg * c::kDegToRad);
  sin_boresight_ = std::sin(config.boresight_deg * c::kDegToRad);
  cos_boresight_ = std::cos(config.boresight_deg * c::kDegToRad);
  cos_half_width_ = t.azimuth_half_width_deg >= 180.0 ? -1.0 : std::cos(t.azimuth_half_width_deg * c::kDegToRad);
  bandwidth_res_m_ = kSpeedOfLight_mps / (2.0 * t.bandwidth_hz);
  beam_rad_ = t.beamwidth_deg * c::kDegToRad;
  range_res_m_ = t.range_resolution_m.value_or(bandwidth_res_m_);
  angle_res_rad_ = t.angle_resolution_deg ? *t.angle_resolution_deg * c::kDegToRad : beam_rad_;
}

double Radar::snr(double range_m, double rcs_m2) const {
  const double r2 = range_m * range_m;
  return snr_const_ * rcs_m2 / (r2 * r2);
}

double Radar::rangeForSnr(double snr, double rcs_m2) const { return std::pow(snr_const_ * rcs_m2 / snr, 0.25); }

double Radar::detectionProbability(double snr) const {
  return std::exp(-threshold_ / (1.0 + snr));  // P_fa^(1 / (1 + SNR))
}

double Radar::horizonRange_m(double target_alt_m) const {
  // With el = 0: R^2 = (kR + h_t)^2 - (kR + h_r)^2.
  const double rt = k_re_m_ + target_alt_m, rr = k_re_m_ + config_.alt_m;
  return std::sqrt(rt * rt - rr * rr);
}

Vec3 Radar::raeFromEnu(const Vec3& d) const {
  const double horiz = std::sqrt(d.x() * d.x() + d.y() * d.y());  // metres: no overflow to guard
  return Vec3(d.norm(), std::atan2(d.x(), d.y()), std::atan2(d.z(), horiz));
}

double Radar::sinRefractedElevation(const Vec3& p_Target_Ecef, double range_m) const {
  // The target's height without Bowring's iteration (Earth::altitudeNear_m: 1.5 cm below 150 km,
  // 0.75 m at 1,000 km), against a 4/3-Earth model good to tens of metres.
  const double rt = k_re_m_ + earth_->altitudeNear_m(p_Target_Ecef, p_Target_Ecef.norm()), rr = k_re_m_ + config_.alt_m;
  return std::clamp((rt * rt - rr * rr - range_m * range_m) / (2.0 * range_m * rr), -1.0, 1.0);
}

// The field of regard on sines and cosines: asin is monotonic, so el >= el_min is sin(el) >=
// sin(el_min), and the azimuth is within the half width of the boresight when the cosine of the
// angle between them is at least the half width's.
bool Radar::inField(const Vec3& d_Enu, double range_m, double sin_refracted_el) const {
  if (range_m > config_.radar.instrumented_range_m) return false;
  if (sin_refracted_el < sin_min_el_ || sin_refracted_el > sin_max_el_) return false;
  if (cos_half_width_ <= -1.0) return true;  // all round
  const double rho = std::sqrt(d_Enu.x() * d_Enu.x() + d_Enu.y() * d_Enu.y());
  // The azimuth of a target overhead is 0 (atan2(0, 0)).
  const double cos_off = rho > 0.0 ? (d_Enu.x() * sin_boresight_ + d_Enu.y() * cos_boresight_) / rho : cos_boresight_;
  return cos_off >= cos_half_width_;
}

RadarLook Radar::look(const Vec3& p_Target_Ecef, double rcs_m2) const {
  RadarLook out;
  const Vec3 d = R_EnuEcef_ * (p_Target_Ecef - p_Radar_Ecef_);
  const Vec3 rae = raeFromEnu(d);
  out.range_m = rae.x();
  out.azimuth_rad = rae.y();
  out.elevation_rad = rae.z();
  const double sin_el = sinRefractedElevation(p_Target_Ecef, out.range_m);
  out.refracted_elevation_rad = std::asin(sin_el);
  out.snr = snr(out.range_m, rcs_m2);
  out.in_view = inField(d, out.range_m, sin_el);
  return out;
}

bool Radar::sees(const Vec3& p_Target_Ecef) const {
  const Vec3 d = R_EnuEcef_ * (p_Target_Ecef - p_Radar_Ecef_);
  const double range_m = d.norm();  // raeFromEnu's
  return inField(d, range_m, sinRefractedElevation(p_Target_Ecef, range_m));
}

Vec3 Radar::measure(const Vec3& p_Target_Eci, double t_s) const {
  return raeFromEnu(R_EnuEcef_ * (earth_->ecefFromEci(p_Target_Eci, t_s) - p_Radar_Ecef_));
}

void Radar::measureWithJacobian(const Vec3& p_Target_Eci, double t_s, Vec3& z, Mat3& H) const {
  const Mat3 R_EnuEci = R_EnuEcef_ * earth_->R_EciEcef(t_s).transpose();
  const Vec3 d = R_EnuEci * p_Target_Eci - R_EnuEcef_ * p_Radar_Ecef_;
  z = raeFromEnu(d);
  const double x = d.x(), y = d.y(), zz = d.z();
  const double rho2 = x * x + y * y, rho = std::sqrt(rho2), r = z.x(), r2 = r * r;
  Mat3 J;  // d(range, az, el) / d(east, north, up)
  J.row(0) = d.transpose() / r;
  J.row(1) << y / rho2, -x / rho2, 0.0;
  J.row(2) << -x * zz / (r2 * rho), -y * zz / (r2 * rho), rho / r2;
  H = J * R_EnuEci;
}

Vec3 Radar::residual(const Vec3& a, const Vec3& b) const {
  Vec3 d = a - b;
  d.y() = wrapPi(d.y());
  return d;
}

void Radar::inverse(const Vec3& z, const Mat3& R, double t_s, Vec3& p_Eci, Mat3& P) const {
  const double r = z.x(), az = z.y(), el = z.z();
  const double ce = std::cos(el), se = std::sin(el), ca = std::cos(az), sa = std::sin(az);
  const Vec3 d_Enu(r * ce * sa, r * ce * ca, r * se);
  Mat3 J;  // d(east, north, up) / d(range, az, el)
  J << ce * sa, r * ce * ca, -r * se * sa, ce * ca, -r * ce * sa, -r * se * ca, se, 0.0, r * ce;
  const Mat3 R_EciEnu = earth_->R_EciEcef(t_s) * R_EnuEcef_.transpose();
  p_Eci = earth_->eciFromEcef(p_Radar_Ecef_, t_s) + R_EciEnu * d_Enu;
  const Mat3 A = R_EciEnu * J;
  P = A * R * A.transpose();
}

// look()'s field of view without its angles: the tracker asks this of every track at every scan,
// and skipping the arc tangents and arc sine there costs a third as much.
MeasurementModel::Expectation Radar::expect(const Vec3& p_Target_Eci, double t_s) const {
  const Vec3 p_Ecef = earth_->ecefFromEci(p_Target_Eci, t_s);
  const Vec3 d = R_EnuEcef_ * (p_Ecef - p_Radar_Ecef_);
  const double r = d.norm();
  // Beyond the instrumented range, no geodetic height is needed to say no.
  const bool in_view = r <= config_.radar.instrumented_range_m && inField(d, r, sinRefractedElevation(p_Ecef, r));
  return {in_view, snr(r, 1.0)};
}

double Radar::expectedDetectionProbability(const Expectation& e, double rcs_m2) const {
  return e.in_view ? detectionProbability(e.snr_per_m2 * rcs_m2) : 0.0;
}

double Radar::rcsEstimate(const Expectation& e, double measured_snr) const {
  return (measured_snr - threshold_) / e.snr_per_m2;
}

double Radar::amplitudeCost(const Expectation& e, double rcs_m2, double measured_snr) const {
  const double mean = 1.0 + e.snr_per_m2 * rcs_m2;
  const double excess = std::max(measured_snr + 1.0 - threshold_, 0.0);
  return 2.0 * std::log(mean) + 2.0 * excess / mean;
}

Mat3 Radar::noiseCovariance(double snr, double elevation_rad) const {
  const double root = std::sqrt(2.0 * std::max(snr, 1e-3));
  const double sr = std::hypot(config_.radar.range_noise_floor_m, bandwidth_res_m_ / root);
  const double sa = std::hypot(config_.radar.angle_noise_floor_mrad * 1e-3, beam_rad_ / (kMonopulseSlope * root));
  const double saz = sa / std::max(std::cos(elevation_rad), 0.1);
  return Vec3(sr * sr, saz * saz, sa * sa).asDiagonal();
}

}  // namespace picket::sensors
