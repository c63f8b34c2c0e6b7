// The scenario's `uncertainty:` section (docs/uncertainty.md): what a Monte Carlo trial draws.
#include <algorithm>
#include <cmath>

#include <fmt/format.h>

#include "scenario/sections.h"
#include "scenario/yaml_reader.h"

namespace picket::scenario {
namespace {

// What a quantity may take: its domain, the centre of an offset or a factor (the normal's mean
// when none is given), and how it is named in messages.
struct Domain {
  double lo, hi;
  std::optional<double> centre;  // none: the mean must be given (an absolute value: a latency, a probability)
  const char* unit;
};

constexpr Domain kOffset_s{-86400.0, 86400.0, 0.0, "s"};
constexpr Domain kOffset_m{-1e6, 1e6, 0.0, "m"};
constexpr Domain kFactor{1e-3, 1e3, 1.0, "(a factor)"};
constexpr Domain kLatency_s{0.0, 3600.0, std::nullopt, "s"};
constexpr Domain kProbability{0.0, 1.0, std::nullopt, "(a probability)"};

// Any number: the domain is checked after, with a message that names the quantity.
double num(const YamlReader& r, const YAML::Node& map, const char* key) { return r.number(map, key, -1e300, 1e300); }

// A number (fixed), or {distribution: normal|uniform|triangular|discrete, ...}.
UncertainQuantity readQuantity(const YamlReader& r, const YAML::Node& node, const std::string& key, const Domain& d) {
  UncertainQuantity q;
  q.where = r.at(node);
  Distribution& x = q.distribution;
  const auto inDomain = [&](const YAML::Node& at, double v, const char* what) {
    if (!(v >= d.lo && v <= d.hi))
      r.fail(at, fmt::format("'{}': {} {:g} is outside {:g} to {:g} {}", key, what, v, d.lo, d.hi, d.unit));
  };
  if (node.IsScalar()) {
    double v = 0.0;
    try {
      v = decimalOf(node);
    } catch (const YAML::BadConversion&) {
      r.fail(node, fmt::format("'{}' must be a number or a distribution {{distribution: normal|uniform|triangular|"
                               "discrete, ...}}",
                               key));
    }
    inDomain(node, v, "the value");
    x = Distribution::fixed(v);
    return q;
  }
  if (!node.IsMap())
    r.fail(node, fmt::format("'{}' must be a number or a distribution {{distribution: normal|uniform|triangular|"
                             "discrete, ...}}",
                             key));
  r.require(node, "distribution");
  const std::size_t kind = r.choice(node, "distribution", "distribution", {"normal", "uniform", "triangular", "discrete"});
  const auto bounds = [&](bool required) {
    if (required) {
      r.require(node, "lo");
      r.require(node, "hi");
    }
    if (node["lo"]) x.lo = num(r, node, "lo");
    if (node["hi"]) x.hi = num(r, node, "hi");
    if (node["lo"] && node["hi"] && x.lo > x.hi)
      r.fail(node, fmt::format("'{}': the bounds are reversed: lo {:g} is above hi {:g}", key, x.lo, x.hi));
    if (node["lo"]) inDomain(node["lo"], x.lo, "lo");
    if (node["hi"]) inDomain(node["hi"], x.hi, "hi");
  };
  switch (kind) {
    case 0: {  // normal
      r.expectMap(node, "normal distribution", {"distribution", "mean", "sigma", "lo", "hi"});
      x.kind = Distribution::Kind::kNormal;
      if (node["mean"]) x.mean = num(r, node, "mean");
      else if (d.centre) x.mean = *d.centre;
      else r.fail(node, fmt::format("'{}': a normal distribution of an absolute value needs its 'mean'", key));
      inDomain(node["mean"] ? node["mean"] : node, x.mean, "the mean");
      r.require(node, "sigma");
      x.sigma = num(r, node, "sigma");
      if (x.sigma < 0.0) r.fail(node["sigma"], fmt::format("'{}': sigma is {:g}: a spread cannot be negative", key, x.sigma));
      // Bounds not given: four sigma either side, within the quantity's domain (a latency is
      // never negative, a factor never zero).
      x.lo = std::max(x.mean - 4.0 * x.sigma, d.lo);
      x.hi = std::min(x.mean + 4.0 * x.sigma, d.hi);
      bounds(false);
      if (x.mean < x.lo || x.mean > x.hi)
        r.fail(node, fmt::format("'{}': the mean {:g} lies outside the bounds {:g} to {:g}", key, x.mean, x.lo, x.hi));
      break;
    }
    case 1:  // uniform
      r.expectMap(node, "uniform distribution", {"distribution", "lo", "hi"});
      x.kind = Distribution::Kind::kUniform;
      bounds(true);
      break;
    case 2:  // triangular
      r.expectMap(node, "triangular distribution", {"distribution", "lo", "mode", "hi"});
      x.kind = Distribution::Kind::kTriangular;
      bounds(true);
      r.require(node, "mode");
      x.mode = num(r, node, "mode");
      if (x.mode < x.lo || x.mode > x.hi)
        r.fail(node["mode"], fmt::format("'{}': the mode {:g} lies outside lo {:g} to hi {:g}", key, x.mode, x.lo, x.hi));
      break;
    default: {  // discrete
      r.expectMap(node, "discrete distribution", {"distribution", "values", "weights"});
      x.kind = Distribution::Kind::kDiscrete;
      r.require(node, "values");
      const YAML::Node vs = node["values"];
      if (!vs.IsSequence() || vs.size() == 0) r.fail(vs, fmt::format("'{}': 'values' must be a list of numbers", key));
      for (const YAML::Node& v : vs) {
        try {
          x.values.push_back(decimalOf(v));
        } catch (const YAML::BadConversion&) {
          r.fail(v, fmt::format("'{}': a value must be a number", key));
        }
        inDomain(v, x.values.back(), "a value");
      }
      if (const YAML::Node ws = node["weights"]) {
        if (!ws.IsSequence() || ws.size() != vs.size())
          r.fail(ws, fmt::format("'{}': 'weights' must be a list of {} numbers, one per value", key, vs.size()));
        for (const YAML::Node& w : ws) {
          double v = -1.0;
          try {
            v = decimalOf(w);
          } catch (const YAML::BadConversion&) {
          }
          if (!(v >= 0.0 && std::isfinite(v))) r.fail(w, fmt::format("'{}': a weight must be a number, 0 or more", key));
          x.weights.push_back(v);
        }
        double total = 0.0;
        for (const double w : x.weights) total += w;
        if (!(total > 0.0)) r.fail(ws, fmt::format("'{}': the weights add up to 0", key));
      } else {
        x.weights.assign(x.values.size(), 1.0);
      }
      break;
    }
  }
  return q;
}

void optionalQuantity(const YamlReader& r, const YAML::Node& map, const char* key, const Domain& d,
                      std::optional<UncertainQuantity>& out) {
  if (const YAML::Node n = map[key]) out = readQuantity(r, n, key, d);
}

}  // namespace

void readUncertainty(const YamlReader& r, const YAML::Node& u, const std::vector<ShooterConfig>& shooters,
                     UncertaintyConfig& c) {
  r.expectMap(u, "uncertainty", {"launch", "missile", "aim", "sensors", "latencies", "interceptors"});
  c.present = true;
  c.where = r.at(u);
  if (const YAML::Node l = u["launch"]) {
    r.expectMap(l, "uncertainty.launch", {"time_s", "north_m", "east_m"});
    optionalQuantity(r, l, "time_s", kOffset_s, c.launch_time_s);
    optionalQuantity(r, l, "north_m", kOffset_m, c.launch_north_m);
    optionalQuantity(r, l, "east_m", kOffset_m, c.launch_east_m);
  }
  if (const YAML::Node m = u["missile"]) {
    r.expectMap(m, "uncertainty.missile",
                {"thrust", "isp", "propellant_mass", "dry_mass", "payload_mass", "drag", "guidance"});
    optionalQuantity(r, m, "thrust", kFactor, c.thrust);
    optionalQuantity(r, m, "isp", kFactor, c.isp);
    optionalQuantity(r, m, "propellant_mass", kFactor, c.propellant_mass);
    optionalQuantity(r, m, "dry_mass", kFactor, c.dry_mass);
    optionalQuantity(r, m, "payload_mass", kFactor, c.payload_mass);
    optionalQuantity(r, m, "drag", kFactor, c.drag);
    if (m["guidance"]) c.guidance_corrects = r.choice(m, "guidance", "guidance", {"corrects", "open-loop"}) == 0;
  }
  if (const YAML::Node a = u["aim"]) {
    r.expectMap(a, "uncertainty.aim", {"north_m", "east_m", "cep_m"});
    if (a["cep_m"] && (a["north_m"] || a["east_m"]))
      r.fail(a["cep_m"], "give either 'cep_m' (a circular normal error) or 'north_m' and 'east_m', not both");
    optionalQuantity(r, a, "north_m", kOffset_m, c.aim_north_m);
    optionalQuantity(r, a, "east_m", kOffset_m, c.aim_east_m);
    if (a["cep_m"]) c.cep_m = r.number(a, "cep_m", 0.0, 1e6);
  }
  if (const YAML::Node s = u["sensors"]) {
    r.expectMap(s, "uncertainty.sensors", {"rcs", "noise"});
    optionalQuantity(r, s, "rcs", kFactor, c.rcs);
    optionalQuantity(r, s, "noise", kFactor, c.sensor_noise);
  }
  if (const YAML::Node l = u["latencies"]) {
    r.expectMap(l, "uncertainty.latencies", {"decision_s", "fire_control_s", "link_s", "kill_assessment_s", "alert_s"});
    optionalQuantity(r, l, "decision_s", kLatency_s, c.decision_latency_s);
    optionalQuantity(r, l, "fire_control_s", kLatency_s, c.fire_control_s);
    optionalQuantity(r, l, "link_s", kLatency_s, c.link_latency_s);
    optionalQuantity(r, l, "kill_assessment_s", kLatency_s, c.kill_assessment_s);
    optionalQuantity(r, l, "alert_s", kLatency_s, c.alert_latency_s);
  }
  if (const YAML::Node is = u["interceptors"]) {
    if (!is.IsMap()) r.fail(is, "'uncertainty.interceptors' maps an interceptor id to {sspk: ..., reliability: ...}");
    for (const auto& kv : is) {
      InterceptorUncertainty iu;
      iu.id = r.text(kv.first, "an interceptor id");
      iu.where = r.at(kv.first);
      const bool used = std::any_of(shooters.begin(), shooters.end(),
                                    [&](const ShooterConfig& s) { return s.interceptor.id == iu.id; });
      if (!used) {
        std::vector<std::string> ids;
        for (const ShooterConfig& s : shooters)
          if (std::find(ids.begin(), ids.end(), s.interceptor.id) == ids.end()) ids.push_back(s.interceptor.id);
        r.fail(kv.first, fmt::format("no shooter of the scenario fires '{}'; its interceptors: {}", iu.id, knownList(ids)));
      }
      r.expectMap(kv.second, "uncertainty.interceptors entry", {"sspk", "reliability"});
      optionalQuantity(r, kv.second, "sspk", kProbability, iu.sspk);
      optionalQuantity(r, kv.second, "reliability", kProbability, iu.reliability);
      c.interceptors.push_back(std::move(iu));
    }
  }
}

}  // namespace picket::scenario
