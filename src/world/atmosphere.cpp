// U.S. Standard Atmosphere 1976 and its tabulated extension above 86 km. See atmosphere.h for the
// equations, the source and the accuracy, docs/atmosphere.md for the derivation of the numbers.
#include "world/atmosphere.h"

#include "common/interpolation.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstddef>
#include <limits>

namespace picket::world {

namespace {

// ---- Defining constants, U.S. Standard Atmosphere 1976, Part 1 (Table 2 and section 1.2). ----
constexpr double kEarthRadius_m = 6356766.0;      // r0, effective Earth radius for eq. 18
constexpr double kG0_m2ps2pm = 9.80665;           // g0', m^2/(s^2 m')
constexpr double kGasConstant_JpkmolK = 8314.32;  // R*, N m/(kmol K)
constexpr double kSeaLevelMolecularWeight_kgpkmol = 28.9644;  // M0
constexpr double kGamma = 1.4;                                // ratio of specific heats
constexpr double kSeaLevelTemperature_k = 288.15;             // T0
constexpr double kSeaLevelPressure_pa = 101325.0;             // P0

// g0' M0 / R*, K/m': the hydrostatic constant of eqs. 33a and 33b.
constexpr double kHydrostatic_kpm =
    kG0_m2ps2pm * kSeaLevelMolecularWeight_kgpkmol / kGasConstant_JpkmolK;
// M0 / R* and gamma R* / M0, for eqs. 42 and 50.
constexpr double kDensityFactor = kSeaLevelMolecularWeight_kgpkmol / kGasConstant_JpkmolK;
constexpr double kSoundFactor = kGamma * kGasConstant_JpkmolK / kSeaLevelMolecularWeight_kgpkmol;

constexpr double kMinAltitude_m = -5000.0;
constexpr double kLowerTopAltitude_m = 86000.0;
constexpr double kMaxAltitude_m = 1.0e6;

// Values of the kNone model: a vacuum with the sea-level temperature and speed of sound.
constexpr double kNoneSpeedOfSound_mps = 340.294;

// Table 4: base geopotential height (m') and molecular-scale temperature gradient (K/m') of the
// seven layers below 84.852 km' (86 km geometric).
struct LayerDefinition {
  double base_geopotential_m;
  double lapse_kpm;
};
constexpr std::size_t kLayerCount = 7;
constexpr std::array<LayerDefinition, kLayerCount> kLayerDefinitions = {{
    {0.0, -6.5e-3},
    {11000.0, 0.0},
    {20000.0, 1.0e-3},
    {32000.0, 2.8e-3},
    {47000.0, 0.0},
    {51000.0, -2.8e-3},
    {71000.0, -2.0e-3},
}};

// Table 8: M/M0 from 80 to 86 km geometric altitude, every 0.5 km. T = T_M (M/M0); 1 below 80 km.
constexpr double kRatioStartAltitude_m = 80000.0;
constexpr double kRatioStep_m = 500.0;
constexpr std::array<double, 13> kMolecularWeightRatio = {
    1.000000, 0.999996, 0.999989, 0.999971, 0.999941, 0.999909, 0.999870,
    0.999829, 0.999786, 0.999741, 0.999694, 0.999641, 0.999579};
// M at 86 km (Table 8, last entry), used for the speed of sound above 86 km.
constexpr double kMolecularWeight86km_kgpkmol = kSeaLevelMolecularWeight_kgpkmol * 0.999579;

// Kinetic temperature above 86 km, section 1.2.6 of the standard (eqs. 25, 27, 29, 31):
//   86-91 km isothermal; 91-110 km an ellipse; 110-120 km linear; 120-1000 km exponential to T_inf.
constexpr double kT7_k = 186.8673;
constexpr double kZ8_m = 91000.0;
constexpr double kEllipseCentreTemperature_k = 263.1905;  // T_c
constexpr double kEllipseA_k = -76.3232;                  // A
constexpr double kEllipseSemiAxis_m = -19942.9;           // a
constexpr double kZ9_m = 110000.0;
constexpr double kT9_k = 240.0;
constexpr double kLapse9_kpm = 12.0e-3;
constexpr double kZ10_m = 120000.0;
constexpr double kT10_k = 360.0;
constexpr double kTInfinity_k = 1000.0;
constexpr double kLambda_pm = 0.01875e-3;

double upperKineticTemperature_k(double altitude_m) {
  if (altitude_m <= kZ8_m) return kT7_k;
  if (altitude_m <= kZ9_m) {
    const double x = (altitude_m - kZ8_m) / kEllipseSemiAxis_m;
    return kEllipseCentreTemperature_k + kEllipseA_k * std::sqrt(std::max(0.0, 1.0 - x * x));
  }
  if (altitude_m <= kZ10_m) return kT9_k + kLapse9_kpm * (altitude_m - kZ9_m);
  const double xi_m =
      (altitude_m - kZ10_m) * (kEarthRadius_m + kZ10_m) / (kEarthRadius_m + altitude_m);
  return kTInfinity_k - (kTInfinity_k - kT10_k) * std::exp(-kLambda_pm * xi_m);
}

// Table I (Part 4, geometric-altitude pages, metric units): density and pressure as printed at the
// interpolation nodes. The table prints pressure in mb; it is given here in Pa (1 mb = 100 Pa).
// Density has 4 significant figures above 86 km, pressure 5.
struct UpperRow {
  double altitude_km;
  double density_kgpm3;
  double pressure_pa;
};
constexpr std::size_t kUpperNodeCount = 89;
// clang-format off
constexpr std::array<UpperRow, kUpperNodeCount> kUpperRows = {{
    {86.0, 6.958e-6, 3.7338e-1},   {88.0, 4.875e-6, 2.6173e-1},
    {90.0, 3.416e-6, 1.8359e-1},   {92.0, 2.393e-6, 1.2887e-1},
    {94.0, 1.670e-6, 9.0560e-2},   {96.0, 1.162e-6, 6.3765e-2},
    {98.0, 8.071e-7, 4.5057e-2},   {100.0, 5.604e-7, 3.2011e-2},
    {101.0, 4.695e-7, 2.7192e-2},  {102.0, 3.935e-7, 2.3144e-2},
    {103.0, 3.300e-7, 1.9742e-2},  {104.0, 2.769e-7, 1.6882e-2},
    {105.0, 2.325e-7, 1.4477e-2},  {106.0, 1.954e-7, 1.2454e-2},
    {107.0, 1.643e-7, 1.0751e-2},  {108.0, 1.381e-7, 9.3188e-3},
    {109.0, 1.161e-7, 8.1142e-3},  {110.0, 9.708e-8, 7.1042e-3},
    {111.0, 8.111e-8, 6.2614e-3},  {112.0, 6.838e-8, 5.5547e-3},
    {113.0, 5.811e-8, 4.9570e-3},  {114.0, 4.975e-8, 4.4473e-3},
    {115.0, 4.289e-8, 4.0096e-3},  {116.0, 3.720e-8, 3.6312e-3},
    {117.0, 3.246e-8, 3.3022e-3},  {118.0, 2.847e-8, 3.0144e-3},
    {119.0, 2.509e-8, 2.7615e-3},  {120.0, 2.222e-8, 2.5382e-3},
    {121.0, 1.977e-8, 2.3401e-3},  {122.0, 1.767e-8, 2.1635e-3},
    {124.0, 1.428e-8, 1.8635e-3},  {126.0, 1.171e-8, 1.6194e-3},
    {128.0, 9.717e-9, 1.4183e-3},  {130.0, 8.152e-9, 1.2505e-3},
    {132.0, 6.904e-9, 1.1092e-3},  {134.0, 5.897e-9, 9.8907e-4},
    {136.0, 5.074e-9, 8.8617e-4},  {138.0, 4.396e-9, 7.9739e-4},
    {140.0, 3.831e-9, 7.2028e-4},  {142.0, 3.358e-9, 6.5294e-4},
    {144.0, 2.958e-9, 5.9380e-4},  {146.0, 2.618e-9, 5.4162e-4},
    {148.0, 2.326e-9, 4.9538e-4},  {150.0, 2.076e-9, 4.5422e-4},
    {160.0, 1.233e-9, 3.0395e-4},  {170.0, 7.815e-10, 2.1210e-4},
    {180.0, 5.194e-10, 1.5271e-4}, {190.0, 3.581e-10, 1.1266e-4},
    {200.0, 2.541e-10, 8.4736e-5}, {210.0, 1.846e-10, 6.4756e-5},
    {220.0, 1.367e-10, 5.0149e-5}, {230.0, 1.029e-10, 3.9276e-5},
    {240.0, 7.858e-11, 3.1059e-5}, {250.0, 6.073e-11, 2.4767e-5},
    {260.0, 4.742e-11, 1.9894e-5}, {270.0, 3.738e-11, 1.6083e-5},
    {280.0, 2.971e-11, 1.3076e-5}, {290.0, 2.378e-11, 1.0683e-5},
    {300.0, 1.916e-11, 8.7704e-6}, {320.0, 1.264e-11, 5.9796e-6},
    {340.0, 8.503e-12, 4.1320e-6}, {360.0, 5.805e-12, 2.8878e-6},
    {380.0, 4.013e-12, 2.0384e-6}, {400.0, 2.803e-12, 1.4518e-6},
    {420.0, 1.975e-12, 1.0427e-6}, {440.0, 1.402e-12, 7.5517e-7},
    {460.0, 1.002e-12, 5.5155e-7}, {480.0, 7.208e-13, 4.0642e-7},
    {500.0, 5.215e-13, 3.0236e-7}, {525.0, 3.509e-13, 2.1200e-7},
    {550.0, 2.384e-13, 1.5137e-7}, {575.0, 1.637e-13, 1.1028e-7},
    {600.0, 1.137e-13, 8.2130e-8}, {625.0, 7.998e-14, 6.2601e-8},
    {650.0, 5.712e-14, 4.8865e-8}, {675.0, 4.148e-14, 3.9048e-8},
    {700.0, 3.070e-14, 3.1908e-8}, {725.0, 2.318e-14, 2.6611e-8},
    {750.0, 1.788e-14, 2.2599e-8}, {775.0, 1.410e-14, 1.9493e-8},
    {800.0, 1.136e-14, 1.7036e-8}, {825.0, 9.339e-15, 1.5051e-8},
    {850.0, 7.824e-15, 1.3415e-8}, {875.0, 6.664e-15, 1.2043e-8},
    {900.0, 5.759e-15, 1.0873e-8}, {925.0, 5.038e-15, 9.8635e-9},
    {950.0, 4.453e-15, 8.9816e-9}, {975.0, 3.968e-15, 8.2043e-9},
    {1000.0, 3.561e-15, 7.5138e-9},
}};
// clang-format on

}  // namespace

namespace detail {

struct LowerLayer {
  double base_geopotential_m;
  double base_temperature_k;
  double base_pressure_pa;
  double lapse_kpm;
  bool isothermal;
  // g0' M0 / (R* L) for a gradient layer (pow exponent), g0' M0 / (R* T_b) for an isothermal one.
  double exponent;
};

// One node of the upper interpolation: the values and their Hermite slopes (per metre).
struct UpperNode {
  double log_density;
  double log_density_slope;
  double pressure_over_density;  // P / rho = R* T / M, m^2/s^2
  double pressure_over_density_slope;
  double temperature_k;
  double temperature_slope;
};

struct Us1976Tables {
  std::array<LowerLayer, kLayerCount> lower;
  std::array<double, kUpperNodeCount> upper_altitude_m;
  std::array<UpperNode, kUpperNodeCount> upper;
  double top_temperature_k;
  double top_speed_of_sound_mps;
};

}  // namespace detail

namespace {

using detail::LowerLayer;
using detail::UpperNode;
using detail::Us1976Tables;

double molecularWeightRatio(double altitude_m) {
  if (altitude_m <= kRatioStartAltitude_m) return 1.0;
  const double u = (altitude_m - kRatioStartAltitude_m) / kRatioStep_m;
  const double index =
      std::min(std::floor(u), static_cast<double>(kMolecularWeightRatio.size() - 2));
  const auto i = static_cast<std::size_t>(index);
  const double f = u - index;
  return kMolecularWeightRatio[i] + f * (kMolecularWeightRatio[i + 1] - kMolecularWeightRatio[i]);
}

std::size_t lowerLayerOf(const Us1976Tables& tables, double altitude_m) {
  const double h_m = kEarthRadius_m * altitude_m / (kEarthRadius_m + altitude_m);
  std::size_t b = 0;
  while (b + 1 < kLayerCount && h_m >= tables.lower[b + 1].base_geopotential_m) ++b;
  return b;
}

// Layer b's formulas at altitude_m, also outside the layer (its analytic continuation), so that a
// caller that holds the layer fixed over an integration step sees a smooth function.
AtmosphereSample lowerSample(const Us1976Tables& tables, double altitude_m, std::size_t b) {
  const double h_m = kEarthRadius_m * altitude_m / (kEarthRadius_m + altitude_m);
  const LowerLayer& layer = tables.lower[b];
  const double dh_m = h_m - layer.base_geopotential_m;
  double molecular_temperature_k = layer.base_temperature_k;
  double pressure_pa = 0.0;
  if (layer.isothermal) {
    pressure_pa = layer.base_pressure_pa * std::exp(-layer.exponent * dh_m);
  } else {
    molecular_temperature_k += layer.lapse_kpm * dh_m;
    pressure_pa = layer.base_pressure_pa *
                  std::pow(layer.base_temperature_k / molecular_temperature_k, layer.exponent);
  }
  AtmosphereSample sample;
  sample.pressure_pa = pressure_pa;
  sample.density_kgpm3 = pressure_pa * kDensityFactor / molecular_temperature_k;
  sample.temperature_k = molecular_temperature_k * molecularWeightRatio(altitude_m);
  sample.speed_of_sound_mps = std::sqrt(kSoundFactor * molecular_temperature_k);
  return sample;
}

double soundSpeedAbove86km_mps(double temperature_k) {
  return std::sqrt(kGamma * kGasConstant_JpkmolK / kMolecularWeight86km_kgpkmol * temperature_k);
}

AtmosphereSample upperSample(const Us1976Tables& tables, double altitude_m) {
  const auto& z = tables.upper_altitude_m;
  const auto next = std::upper_bound(z.begin(), z.end(), altitude_m);
  auto i = static_cast<std::size_t>(next - z.begin());
  i = std::clamp<std::size_t>(i, 1, kUpperNodeCount - 1) - 1;
  const UpperNode& a = tables.upper[i];
  const UpperNode& b = tables.upper[i + 1];
  const double h = z[i + 1] - z[i];
  const double t = (altitude_m - z[i]) / h;
  // Cubic Hermite basis.
  const double t2 = t * t;
  const double t3 = t2 * t;
  const double h00 = 2.0 * t3 - 3.0 * t2 + 1.0;
  const double h10 = (t3 - 2.0 * t2 + t) * h;
  const double h01 = -2.0 * t3 + 3.0 * t2;
  const double h11 = (t3 - t2) * h;
  const auto hermite = [&](double y0, double m0, double y1, double m1) {
    return h00 * y0 + h10 * m0 + h01 * y1 + h11 * m1;
  };
  AtmosphereSample sample;
  sample.density_kgpm3 =
      std::exp(hermite(a.log_density, a.log_density_slope, b.log_density, b.log_density_slope));
  sample.pressure_pa =
      sample.density_kgpm3 * hermite(a.pressure_over_density, a.pressure_over_density_slope,
                                     b.pressure_over_density, b.pressure_over_density_slope);
  sample.temperature_k =
      hermite(a.temperature_k, a.temperature_slope, b.temperature_k, b.temperature_slope);
  sample.speed_of_sound_mps = soundSpeedAbove86km_mps(sample.temperature_k);
  return sample;
}

Us1976Tables buildTables() {
  Us1976Tables tables{};

  // Layer bases below 86 km, carried up from T0 and P0 (eqs. 23, 33a, 33b).
  double base_temperature_k = kSeaLevelTemperature_k;
  double base_pressure_pa = kSeaLevelPressure_pa;
  for (std::size_t b = 0; b < kLayerCount; ++b) {
    const LayerDefinition& def = kLayerDefinitions[b];
    LowerLayer& layer = tables.lower[b];
    layer.base_geopotential_m = def.base_geopotential_m;
    layer.base_temperature_k = base_temperature_k;
    layer.base_pressure_pa = base_pressure_pa;
    layer.lapse_kpm = def.lapse_kpm;
    layer.isothermal = def.lapse_kpm == 0.0;
    layer.exponent =
        layer.isothermal ? kHydrostatic_kpm / base_temperature_k : kHydrostatic_kpm / def.lapse_kpm;
    if (b + 1 < kLayerCount) {
      const double dh_m = kLayerDefinitions[b + 1].base_geopotential_m - def.base_geopotential_m;
      if (layer.isothermal) {
        base_pressure_pa *= std::exp(-layer.exponent * dh_m);
      } else {
        const double top_temperature_k = base_temperature_k + def.lapse_kpm * dh_m;
        base_pressure_pa *= std::pow(base_temperature_k / top_temperature_k, layer.exponent);
        base_temperature_k = top_temperature_k;
      }
    }
  }

  // Upper nodes. The 86 km node takes the lower model's own density and pressure (they round to the
  // printed 6.958e-6 kg/m^3 and 3.7338e-1 Pa), so the profile is continuous there.
  std::array<double, kUpperNodeCount> log_density{};
  std::array<double, kUpperNodeCount> pressure_over_density{};
  std::array<double, kUpperNodeCount> temperature_k{};
  const AtmosphereSample at86 = lowerSample(tables, kLowerTopAltitude_m, kLayerCount - 1);
  for (std::size_t k = 0; k < kUpperNodeCount; ++k) {
    const double z_m = kUpperRows[k].altitude_km * 1000.0;
    const double density = k == 0 ? at86.density_kgpm3 : kUpperRows[k].density_kgpm3;
    const double pressure = k == 0 ? at86.pressure_pa : kUpperRows[k].pressure_pa;
    tables.upper_altitude_m[k] = z_m;
    log_density[k] = std::log(density);
    pressure_over_density[k] = pressure / density;
    temperature_k[k] = upperKineticTemperature_k(z_m);
  }
  // Monotone cubic Hermite slopes (common/interpolation.h): the density stays strictly decreasing.
  const auto log_density_slope = monotoneSlopes(tables.upper_altitude_m, log_density);
  const auto pressure_over_density_slope = monotoneSlopes(tables.upper_altitude_m, pressure_over_density);
  const auto temperature_slope = monotoneSlopes(tables.upper_altitude_m, temperature_k);
  for (std::size_t k = 0; k < kUpperNodeCount; ++k) {
    tables.upper[k] = UpperNode{log_density[k],           log_density_slope[k],
                                pressure_over_density[k], pressure_over_density_slope[k],
                                temperature_k[k],         temperature_slope[k]};
  }
  tables.top_temperature_k = temperature_k[kUpperNodeCount - 1];
  tables.top_speed_of_sound_mps = soundSpeedAbove86km_mps(tables.top_temperature_k);
  return tables;
}

const Us1976Tables& us1976Tables() {
  // Built once on first use (thread-safe static initialisation), never modified afterwards.
  static const Us1976Tables tables = buildTables();
  return tables;
}

}  // namespace

Atmosphere::Atmosphere(AtmosphereModel model) : model_(model), tables_(&us1976Tables()) {}

AtmosphereModel Atmosphere::model() const { return model_; }

AtmosphereSample Atmosphere::at(double altitude_m) const {
  if (model_ == AtmosphereModel::kNone) {
    return AtmosphereSample{0.0, 0.0, kSeaLevelTemperature_k, kNoneSpeedOfSound_mps};
  }
  if (std::isnan(altitude_m)) {
    constexpr double kNan = std::numeric_limits<double>::quiet_NaN();
    return AtmosphereSample{kNan, kNan, kNan, kNan};
  }
  const Us1976Tables& tables = *tables_;
  if (altitude_m < kLowerTopAltitude_m) {
    const double z = std::max(altitude_m, kMinAltitude_m);
    return lowerSample(tables, z, lowerLayerOf(tables, z));
  }
  if (altitude_m <= kMaxAltitude_m) return upperSample(tables, altitude_m);
  return AtmosphereSample{0.0, 0.0, tables.top_temperature_k, tables.top_speed_of_sound_mps};
}

int Atmosphere::piece(double altitude_m) const {
  if (model_ == AtmosphereModel::kNone || std::isnan(altitude_m)) return 0;
  if (altitude_m < kLowerTopAltitude_m) return static_cast<int>(lowerLayerOf(*tables_, std::max(altitude_m, kMinAltitude_m)));
  return altitude_m <= kMaxAltitude_m ? static_cast<int>(kLayerCount) : static_cast<int>(kLayerCount) + 1;
}

double Atmosphere::pieceBase_m(int piece) const {
  if (model_ == AtmosphereModel::kNone || piece <= 0) return -std::numeric_limits<double>::infinity();
  if (piece == static_cast<int>(kLayerCount)) return kLowerTopAltitude_m;
  if (piece > static_cast<int>(kLayerCount)) return kMaxAltitude_m;
  const double h = tables_->lower[static_cast<std::size_t>(piece)].base_geopotential_m;
  return kEarthRadius_m * h / (kEarthRadius_m - h);  // geopotential to geometric (eq. 18 inverted)
}

AtmosphereSample Atmosphere::at(double altitude_m, int piece) const {
  if (model_ == AtmosphereModel::kNone) return at(altitude_m);
  if (piece < 0 || std::isnan(altitude_m)) return at(altitude_m);
  const Us1976Tables& tables = *tables_;
  const double z = std::max(altitude_m, kMinAltitude_m);
  if (piece < static_cast<int>(kLayerCount)) return lowerSample(tables, z, static_cast<std::size_t>(piece));
  if (piece == static_cast<int>(kLayerCount)) return upperSample(tables, z);
  return AtmosphereSample{0.0, 0.0, tables.top_temperature_k, tables.top_speed_of_sound_mps};
}

}  // namespace picket::world
