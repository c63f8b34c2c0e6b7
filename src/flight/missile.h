// The missile as an immutable physical model: stages, payload, drag and the guidance limits, built
// once from a MissileConfig (scenario/config.h) and shared by every flight and every Monte Carlo trial.
//
// Propulsion (per stage, constant mass flow): mdot = m_prop / t_burn;
//   F(h) = F_vac - p(h) A_e,  F_vac = mdot Isp_vac g0,  A_e = (F_vac - F_sl) / p0
// (Sutton & Biblarz, "Rocket Propulsion Elements", 9th ed., eq. 3-21 and 2-14), from whichever pair
// the catalog gives (Isp vac+sl, or thrust vac+sl).
// Drag: D = 1/2 rho V^2 Cd(M) A on the stage's cross-section A = pi d^2 / 4, Cd linear in Mach
// between table points and held constant outside them; the re-entry vehicle by its ballistic
// coefficient beta = m / (Cd A): a = -rho V v / (2 beta).
#pragma once

#include <string>
#include <vector>

#include "scenario/config.h"

namespace picket::flight {

// Cd versus Mach, piecewise linear through the table's points (as the sources tabulate it), held
// constant outside them. Immutable.
class DragTable {
 public:
  DragTable() = default;
  explicit DragTable(const std::vector<std::pair<double, double>>& mach_cd);
  [[nodiscard]] double cd(double mach) const;
  [[nodiscard]] bool empty() const { return mach_.empty(); }

  // Segments, like the atmosphere's pieces: -1 below the first Mach number, i on
  // [mach_i, mach_i+1), size()-1 above the last. cd(mach, segment) continues the segment's line,
  // so an integrator holding the segment over a step sees a smooth function (flight.cpp).
  [[nodiscard]] int segment(double mach) const;
  [[nodiscard]] double cd(double mach, int segment) const;
  [[nodiscard]] double segmentBase(int segment) const;  // Mach number where `segment` begins


 private:
  std::vector<double> mach_, cd_, slope_;
};

struct StageModel {
  std::string name;
  double propellant_mass_kg = 0.0;
  double dry_mass_kg = 0.0;
  double burn_time_s = 0.0;
  double coast_s = 0.0;  // after its burnout, before the next stage ignites
  double mass_flow_kgps = 0.0;
  double thrust_vac_n = 0.0;
  double nozzle_exit_area_m2 = 0.0;
  double isp_vac_s = 0.0;
  double reference_area_m2 = 0.0;
  DragTable drag;

  [[nodiscard]] double thrust_n(double pressure_pa) const {
    const double f = thrust_vac_n - pressure_pa * nozzle_exit_area_m2;
    return f > 0.0 ? f : 0.0;
  }
};

class Missile {
 public:
  // Validates physical consistency (positive masses, thrust above weight at lift-off...) and throws
  // InputError naming config.where on failure.
  explicit Missile(const scenario::MissileConfig& config);

  [[nodiscard]] const std::string& id() const { return id_; }
  [[nodiscard]] const std::string& name() const { return name_; }
  [[nodiscard]] const std::vector<StageModel>& stages() const { return stages_; }
  [[nodiscard]] double payloadMass_kg() const { return payload_.mass_kg; }
  [[nodiscard]] double payloadBallisticCoefficient_kgpm2() const { return payload_.ballistic_coefficient_kg_m2; }
  [[nodiscard]] double separationDelay_s() const { return payload_.separation_delay_s; }
  // False for missiles whose warhead stays on the spent airframe (Scud-B): the whole body falls,
  // with the payload's ballistic coefficient taken as the body's.
  [[nodiscard]] bool payloadSeparates() const { return payload_.separates; }
  [[nodiscard]] const scenario::GuidanceConfig& guidance() const { return guidance_; }
  [[nodiscard]] double launchMass_kg() const;
  // Mass at ignition of stage i (all of it and everything above).
  [[nodiscard]] double massAtIgnition_kg(std::size_t stage) const;
  // The end of powered flight after lift-off: every stage's burn and the coasts between them.
  [[nodiscard]] double totalBurnTime_s() const;
  // Ideal (no gravity, no drag) velocity increment, vacuum Isp: a check, not used in flight.
  [[nodiscard]] double idealDeltaV_mps() const;
  [[nodiscard]] const scenario::MissileConfig& config() const { return config_; }

 private:
  scenario::MissileConfig config_;
  std::string id_, name_;
  std::vector<StageModel> stages_;
  scenario::PayloadConfig payload_;
  scenario::GuidanceConfig guidance_;
};

}  // namespace picket::flight
