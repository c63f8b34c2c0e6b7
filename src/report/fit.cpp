#include "report/fit.h"

#include <algorithm>
#include <cmath>

#include <boost/math/distributions/chi_squared.hpp>
#include <fmt/format.h>

#include "report/format.h"
#include "report/wording.h"

namespace picket::report {
namespace {

using reconstruction::FitFigure;
using reconstruction::FitParameter;
using reconstruction::FitReport;
using reconstruction::FitResult;
using reconstruction::Unknown;
using nlohmann::json;

constexpr double kZ95 = 1.959964;  // two-sided 95 % of a normal distribution

const char* unknownKey(Unknown u) {
  switch (u) {
    case Unknown::kLaunchTime: return "launch_time";
    case Unknown::kLaunchNorth: return "launch_north";
    case Unknown::kLaunchEast: return "launch_east";
    case Unknown::kAzimuth: return "azimuth";
    case Unknown::kPitchOver: return "pitch_over";
    case Unknown::kCutoff: return "cutoff";
    case Unknown::kPayload: return "payload";
  }
  return "";
}

const char* unknownUnit(Unknown u) {
  switch (u) {
    case Unknown::kLaunchTime: return "s after the scenario's launch time";
    case Unknown::kLaunchNorth:
    case Unknown::kLaunchEast: return "m";
    case Unknown::kAzimuth:
    case Unknown::kPitchOver: return "deg";
    case Unknown::kCutoff: return "s after lift-off";
    case Unknown::kPayload: return "kg";
  }
  return "";
}

const char* figureKey(FitFigure f) {
  switch (f) {
    case FitFigure::kLaunchTime: return "launch";
    case FitFigure::kApogee: return "apogee";
    case FitFigure::kRange: return "ground_range";
    case FitFigure::kFlightTime: return "flight_time";
    case FitFigure::kImpactTime: return "impact_time";
    case FitFigure::kImpactFrom: return "impact_from";
    case FitFigure::kSiteNorth: return "site_north";
    case FitFigure::kSiteEast: return "site_east";
  }
  return "";
}

std::string figureWhat(const FitReport& r) {
  switch (r.figure) {
    case FitFigure::kLaunchTime: return "launch";
    case FitFigure::kApogee: return "apogee";
    case FitFigure::kRange: return "ground range";
    case FitFigure::kFlightTime: return "flight time";
    case FitFigure::kImpactTime: return "impact";
    case FitFigure::kImpactFrom: return "impact from " + r.landmark;
    case FitFigure::kSiteNorth: return "launch site (north)";
    case FitFigure::kSiteEast: return "launch site (east)";
  }
  return "";
}

bool isTime(FitFigure f) { return f == FitFigure::kLaunchTime || f == FitFigure::kImpactTime; }

// A length in km with the digits its size warrants.
std::string km(double m) {
  const double k = m / 1e3;
  if (std::abs(k) >= 100.0) return fmt::format("{:.0f} km", k);
  return fmt::format("{:.1f} km", k);
}
std::string signedKm(double m) { return (m >= 0.0 ? "+" : "-") + km(std::abs(m)); }
std::string minutes(double s) { return fmt::format("{:.1f} min", s / 60.0); }

// A reported or fitted value of a figure, in its unit.
std::string valueText(FitFigure f, double v, UtcTime epoch, const TimeZone& zone) {
  if (isTime(f)) return formatLocalClock(epoch.plus(v), zone) + " " + zone.name;
  if (f == FitFigure::kFlightTime) return minutes(v);
  return km(v);
}

std::string reportedText(const FitReport& r, UtcTime epoch, const TimeZone& zone) {
  if (r.bound) {
    const bool at_least = std::isinf(r.hi);
    return fmt::format("{} {}", valueText(r.figure, at_least ? r.lo : r.hi, epoch, zone), at_least ? "or more" : "or less");
  }
  const double half = 0.5 * (r.hi - r.lo);
  if (isTime(r.figure)) return fmt::format("{} (+-{:g} s)", valueText(r.figure, r.reported, epoch, zone), half);
  if (r.figure == FitFigure::kFlightTime) return fmt::format("{} (+-{:g})", minutes(r.reported), half / 60.0);
  return fmt::format("{} (+-{})", km(r.reported), km(half));
}

std::string residualText(const FitReport& r, double d) {
  if (isTime(r.figure)) return fmt::format("{:+.0f} s", d);
  if (r.figure == FitFigure::kFlightTime) return fmt::format("{:+.1f} min", d / 60.0);
  return signedKm(d);
}

std::string verdict(const FitReport& r) {
  if (r.flagged) return "INCONSISTENT with the rest: left out";
  if (r.bound && r.satisfied) return "on its side";
  if (r.bound) return r.studentised && std::abs(*r.studentised) <= 2.0 ? "just beyond its bound, within its spread" : "beyond its bound";
  if (!r.studentised) return "alone in fixing an unknown: not checkable";
  if (std::abs(*r.studentised) > 2.0) return "in tension";
  return "consistent";
}

double pValue(const FitResult& f) {
  if (f.dof <= 0) return 1.0;
  return boost::math::cdf(boost::math::complement(boost::math::chi_squared(f.dof), f.chi2));
}

std::string flightTime(double s) {
  const long whole = std::lround(s);
  return fmt::format("{} min {:02d} s", whole / 60, static_cast<int>(whole % 60));
}

}  // namespace

std::vector<FitParameterWords> fitParameterWords(const FitResult& f, const TimeZone& zone) {
  std::vector<FitParameterWords> out;
  for (const FitParameter& p : f.parameters) {
    FitParameterWords w;
    w.name = reconstruction::unknownName(p.unknown);
    const double half = kZ95 * p.sigma;
    switch (p.unknown) {
      case Unknown::kLaunchTime:
        w.value = formatLocal(f.launch_time, zone);
        w.interval = fmt::format("+-{:.0f} s", half);
        break;
      case Unknown::kLaunchNorth:
      case Unknown::kLaunchEast:
        w.value = fmt::format("{:+.1f} km", p.value / 1e3);
        w.interval = fmt::format("+-{:.1f} km", half / 1e3);
        break;
      case Unknown::kAzimuth:
        w.value = fmt::format("{:.2f} deg", p.value);
        w.interval = fmt::format("+-{:.2f} deg", half);
        break;
      case Unknown::kPitchOver:
        w.value = fmt::format("{:.3f} deg", p.value);
        w.interval = fmt::format("+-{:.3f} deg", half);
        break;
      case Unknown::kCutoff:
        w.value = fmt::format("{:.1f} s after lift-off", p.value);
        w.interval = fmt::format("+-{:.1f} s", half);
        break;
      case Unknown::kPayload:
        w.value = fmt::format("{:.0f} kg", p.value);
        w.interval = fmt::format("+-{:.0f} kg", half);
        break;
    }
    if (p.held) {
      w.interval.clear();
      w.note = "held: " + p.why_held;
    } else if (p.at_bound) {
      w.interval.clear();
      w.note = p.unknown == Unknown::kCutoff ? "at its limit: full burn" : "at its limit (the documented range)";
    } else if (p.unknown == Unknown::kAzimuth && half > 20.0) {
      w.note = "poorly determined: the landmark distances fix it only loosely";
    }
    out.push_back(std::move(w));
  }
  return out;
}

std::vector<FitReportWords> fitReportWords(const FitResult& f, UtcTime epoch, const TimeZone& zone) {
  std::vector<FitReportWords> out;
  for (const FitReport& r : f.reports) {
    FitReportWords w;
    w.what = figureWhat(r);
    if (r.figure == FitFigure::kSiteNorth || r.figure == FitFigure::kSiteEast) {
      w.reported = fmt::format("0 km (+-{:.1f} km, 1 sigma)", r.sigma / 1e3);
      w.fitted = fmt::format("{:+.1f} km", r.fitted / 1e3);
      w.residual = w.fitted;
    } else {
      w.reported = reportedText(r, epoch, zone);
      w.fitted = valueText(r.figure, r.fitted, epoch, zone);
      w.residual = residualText(r, r.residual);
    }
    if (r.studentised && (!r.bound || !r.satisfied)) w.sigmas = fmt::format("{:+.1f}", *r.studentised);
    w.verdict = verdict(r);
    out.push_back(std::move(w));
  }
  return out;
}

std::string fitText(const FitResult& f, const scenario::ScenarioConfig& input, const std::string& file) {
  const TimeZone& zone = input.output.time_zone;
  std::string s;
  int fitted = 0;
  for (const FitParameter& p : f.parameters) fitted += p.held ? 0 : 1;
  s += fmt::format("Fit of {} ({}): {} reports, {} unknowns, {} flights\n\n", file, input.name, f.reports.size(), fitted,
                   f.flights);
  s += "Unknowns (95 % intervals)\n";
  for (const FitParameterWords& w : fitParameterWords(f, zone))
    s += fmt::format("  {:<32} {:<28} {:<16} {}\n", w.name, w.value, w.interval, w.note);
  s += "\nThe fitted flight (95 % intervals)\n";
  s += fmt::format("  {:<32} {} +- {}\n", "apogee", km(f.apogee_m.value), km(kZ95 * f.apogee_m.sigma));
  s += fmt::format("  {:<32} {} +- {}\n", "ground range", km(f.range_m.value), km(kZ95 * f.range_m.sigma));
  s += fmt::format("  {:<32} {} +- {:.0f} s\n", "flight time", flightTime(f.flight_time_s.value), kZ95 * f.flight_time_s.sigma);
  s += fmt::format("  {:<32} {:.2f} +- {:.2f} km/s\n", "burnout speed", f.burnout_speed_mps.value / 1e3,
                   kZ95 * f.burnout_speed_mps.sigma / 1e3);
  s += fmt::format("  {:<32} {}, {:.1f} deg from the launch point\n", "impact",
                   latLonText(f.impact_lat_deg.value, f.impact_lon_deg.value), f.impact_azimuth_deg.value);

  s += "\nReports against the fitted flight (sigmas: the residual over its own spread once the fit has used it)\n";
  const std::vector<FitReportWords> words = fitReportWords(f, input.launch.time, zone);
  for (std::size_t i = 0; i < words.size(); ++i) {
    const FitReportWords& w = words[i];
    const std::string& agency = f.reports[i].agency;
    s += fmt::format("  {:<28} {:<14} {:<24} {:<14} {:>10} {:>6}  {}\n", w.what, agency.empty() ? "-" : agency, w.reported,
                     w.fitted, w.residual, w.sigmas, w.verdict);
  }
  const double p = pValue(f);
  s += fmt::format("\nchi-square {:.1f} on {} degrees of freedom (p = {:.2g})", f.chi2, f.dof, p);
  if (f.unresolved)
    s += ": the reports contradict each other, and no one of them stands out; more reports would tell which.\n";
  else if (f.dof > 0 && p < 0.01)
    s += ": the remaining reports still disagree more than their stated precision allows.\n";
  else if (f.dof > 0)
    s += ": the remaining reports agree with one flight.\n";
  else
    s += ": as many figures as unknowns, nothing to check them against.\n";
  return s;
}

json fitJson(const FitResult& f, const scenario::ScenarioConfig& input) {
  const TimeZone& zone = input.output.time_zone;
  json j;
  j["format"] = "picket-fit/1";
  j["method"] =
      "weighted least squares (Levenberg-Marquardt) of the reported figures against picket's flight model; "
      "sigma^2 = (half-width of the report's interval)^2/3 + (half of picket validate's tolerance)^2; covariance "
      "(J^T W J)^-1; a report is flagged when its studentised residual exceeds 3, then left out and the fit repeated";
  j["performance"] = f.performance == reconstruction::Performance::kCutoff ? "cutoff" : "payload";
  j["launch_time_utc"] = formatUtc(f.launch_time, 3);
  const std::vector<FitParameterWords> pw = fitParameterWords(f, zone);
  json params = json::array();
  for (std::size_t i = 0; i < f.parameters.size(); ++i) {
    const FitParameter& p = f.parameters[i];
    params.push_back({{"unknown", unknownKey(p.unknown)},
                      {"name", pw[i].name},
                      {"unit", unknownUnit(p.unknown)},
                      {"start", p.start},
                      {"value", p.value},
                      {"sigma", p.sigma},
                      {"interval95", p.held || p.at_bound ? json(nullptr) : json::array({p.value - kZ95 * p.sigma, p.value + kZ95 * p.sigma})},
                      {"held", p.held},
                      {"at_bound", p.at_bound},
                      {"value_text", pw[i].value},
                      {"interval_text", pw[i].interval},
                      {"note", pw[i].note}});
  }
  j["parameters"] = params;
  const auto quantity = [](const reconstruction::FitQuantity& q, double scale, int decimals) {
    return json{{"value", round_to(q.value / scale, decimals)}, {"sigma", round_to(q.sigma / scale, decimals)}};
  };
  j["flight"] = {{"apogee_km", quantity(f.apogee_m, 1e3, 3)},
                 {"ground_range_km", quantity(f.range_m, 1e3, 3)},
                 {"flight_time_s", quantity(f.flight_time_s, 1.0, 2)},
                 {"burnout_speed_mps", quantity(f.burnout_speed_mps, 1.0, 2)},
                 {"impact_lat_deg", quantity(f.impact_lat_deg, 1.0, 5)},
                 {"impact_lon_deg", quantity(f.impact_lon_deg, 1.0, 5)},
                 {"impact_azimuth_deg", quantity(f.impact_azimuth_deg, 1.0, 3)}};
  const std::vector<FitReportWords> rw = fitReportWords(f, input.launch.time, zone);
  json reports = json::array();
  for (std::size_t i = 0; i < f.reports.size(); ++i) {
    const FitReport& r = f.reports[i];
    reports.push_back({{"figure", figureKey(r.figure)},
                       {"what", rw[i].what},
                       {"agency", r.agency},
                       {"source", r.source},
                       {"reported", rw[i].reported},
                       {"fitted", rw[i].fitted},
                       {"residual", rw[i].residual},
                       {"sigma", r.sigma},
                       {"studentised", r.studentised ? json(round_to(*r.studentised, 3)) : json(nullptr)},
                       {"flagged", r.flagged},
                       {"bound", r.bound},
                       {"verdict", rw[i].verdict}});
  }
  j["reports"] = reports;
  j["chi2"] = round_to(f.chi2, 4);
  j["dof"] = f.dof;
  j["p_value"] = round_to(pValue(f), 6);
  j["unresolved"] = f.unresolved;
  j["flights"] = f.flights;
  j["iterations"] = f.iterations;
  return j;
}

}  // namespace picket::report
