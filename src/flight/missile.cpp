#include "flight/missile.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include <fmt/format.h>

#include "common/constants.h"

namespace picket::flight {
namespace c = picket::constants;

namespace {
// US76 sea-level pressure (NOAA-S/T 76-1562): the reference for sea-level thrust and Isp.
constexpr double kSeaLevelPressure_pa = 101325.0;
}  // namespace

DragTable::DragTable(const std::vector<std::pair<double, double>>& mach_cd) {
  for (const auto& [m, cdv] : mach_cd) {
    mach_.push_back(m);
    cd_.push_back(cdv);
  }
  slope_.assign(mach_.size(), 0.0);
  for (std::size_t i = 0; i + 1 < mach_.size(); ++i)
    slope_[i] = (cd_[i + 1] - cd_[i]) / (mach_[i + 1] - mach_[i]);
}

double DragTable::cd(double mach) const {
  if (mach_.empty()) return 0.0;
  if (mach <= mach_.front()) return cd_.front();
  if (mach >= mach_.back()) return cd_.back();
  std::size_t i = 0;
  while (mach > mach_[i + 1]) ++i;  // tables are short (about twenty points): a scan beats a search
  return cd_[i] + slope_[i] * (mach - mach_[i]);
}

int DragTable::segment(double mach) const {
  if (mach_.empty() || mach < mach_.front()) return -1;
  int i = 0;
  const int last = static_cast<int>(mach_.size()) - 1;
  while (i < last && mach >= mach_[static_cast<std::size_t>(i) + 1]) ++i;
  return i;
}

double DragTable::cd(double mach, int seg) const {
  if (mach_.empty()) return 0.0;
  if (seg < 0) return cd_.front();
  if (seg >= static_cast<int>(mach_.size()) - 1) return cd_.back();
  const auto i = static_cast<std::size_t>(seg);
  return cd_[i] + slope_[i] * (mach - mach_[i]);
}

double DragTable::segmentBase(int seg) const {
  if (seg < 0 || mach_.empty()) return -std::numeric_limits<double>::infinity();
  return mach_[std::min(static_cast<std::size_t>(seg), mach_.size() - 1)];
}

Missile::Missile(const scenario::MissileConfig& config)
    : config_(config), id_(config.id), name_(config.name), payload_(config.payload), guidance_(config.guidance) {
  const auto fail = [&](const std::string& what) { throwInputError(config.where, fmt::format("missile '{}': {}", config.id, what)); };
  if (config.stages.empty()) fail("it needs at least one stage");
  for (const scenario::StageConfig& sc : config.stages) {
    StageModel s;
    s.name = sc.name;
    if (!(sc.propellant_mass_kg > 0.0)) fail(fmt::format("stage '{}': propellant_mass_kg must be > 0", sc.name));
    if (!(sc.dry_mass_kg > 0.0)) fail(fmt::format("stage '{}': dry_mass_kg must be > 0", sc.name));
    if (!(sc.burn_time_s > 0.0)) fail(fmt::format("stage '{}': burn_time_s must be > 0", sc.name));
    if (!(sc.diameter_m > 0.0)) fail(fmt::format("stage '{}': diameter_m must be > 0", sc.name));
    s.propellant_mass_kg = sc.propellant_mass_kg;
    s.dry_mass_kg = sc.dry_mass_kg;
    s.burn_time_s = sc.burn_time_s;
    s.coast_s = sc.coast_s;
    s.mass_flow_kgps = sc.propellant_mass_kg / sc.burn_time_s;
    double f_vac = 0.0, f_sl = 0.0;
    if (sc.isp_vac_s && sc.isp_sl_s) {
      f_vac = s.mass_flow_kgps * *sc.isp_vac_s * c::kStandardGravity_mps2;
      f_sl = s.mass_flow_kgps * *sc.isp_sl_s * c::kStandardGravity_mps2;
    } else if (sc.thrust_vac_n && sc.thrust_sl_n) {
      f_vac = *sc.thrust_vac_n;
      f_sl = *sc.thrust_sl_n;
    } else {
      fail(fmt::format("stage '{}': give isp_vac_s and isp_sl_s, or thrust_vac_n and thrust_sl_n", sc.name));
    }
    if (!(f_vac > 0.0) || !(f_sl >= 0.0) || f_sl > f_vac)
      fail(fmt::format("stage '{}': need 0 <= sea-level thrust ({:.0f} N) <= vacuum thrust ({:.0f} N)", sc.name, f_sl, f_vac));
    s.thrust_vac_n = f_vac;
    s.nozzle_exit_area_m2 = (f_vac - f_sl) / kSeaLevelPressure_pa;
    s.isp_vac_s = f_vac / (s.mass_flow_kgps * c::kStandardGravity_mps2);
    s.reference_area_m2 = c::kPi * sc.diameter_m * sc.diameter_m / 4.0;
    for (std::size_t i = 0; i < sc.cd_vs_mach.size(); ++i) {
      if (sc.cd_vs_mach[i].second < 0.0) fail(fmt::format("stage '{}': negative drag coefficient", sc.name));
      if (i > 0 && !(sc.cd_vs_mach[i].first > sc.cd_vs_mach[i - 1].first))
        fail(fmt::format("stage '{}': cd_vs_mach Mach numbers must increase", sc.name));
    }
    s.drag = DragTable(sc.cd_vs_mach);
    stages_.push_back(std::move(s));
  }
  if (!(payload_.mass_kg > 0.0)) fail("payload mass_kg must be > 0");
  if (!(payload_.ballistic_coefficient_kg_m2 > 0.0)) fail("payload ballistic_coefficient_kg_m2 must be > 0");
  if (payload_.separation_delay_s < 0.0) fail("payload separation_delay_s must be >= 0");
  if (guidance_.vertical_rise_s < 0.0 || guidance_.pitch_over_s < 0.0) fail("guidance times must be >= 0");
  if (guidance_.vertical_rise_s + guidance_.pitch_over_s >= stages_.front().burn_time_s)
    fail("vertical rise and pitch-over must end before the first stage burns out");
  const double weight_n = launchMass_kg() * c::kStandardGravity_mps2;
  const double liftoff_n = stages_.front().thrust_n(kSeaLevelPressure_pa);
  if (liftoff_n <= weight_n)
    fail(fmt::format("thrust at lift-off ({:.0f} kN) is below the weight ({:.0f} kN): it cannot lift off",
                     liftoff_n / 1e3, weight_n / 1e3));
}

double Missile::massAtIgnition_kg(std::size_t stage) const {
  double m = payload_.mass_kg;
  for (std::size_t i = stage; i < stages_.size(); ++i) m += stages_[i].propellant_mass_kg + stages_[i].dry_mass_kg;
  return m;
}

double Missile::launchMass_kg() const { return massAtIgnition_kg(0); }

double Missile::totalBurnTime_s() const {
  double t = 0.0;
  for (const StageModel& s : stages_) t += s.burn_time_s + s.coast_s;
  return t - stages_.back().coast_s;
}

double Missile::idealDeltaV_mps() const {
  double dv = 0.0;
  for (std::size_t i = 0; i < stages_.size(); ++i) {
    const double m0 = massAtIgnition_kg(i);
    dv += stages_[i].isp_vac_s * c::kStandardGravity_mps2 * std::log(m0 / (m0 - stages_[i].propellant_mass_kg));
  }
  return dv;
}

}  // namespace picket::flight
