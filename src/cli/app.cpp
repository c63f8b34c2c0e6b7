// picket: the command line. Thin by design: parse, call the stages, print, exit.
//   picket run SCENARIO [--out DIR]      fly a scenario file, print its timeline, write the files
//                                        and the HTML report (DIR/report/index.html)
//   picket view DIR [--port P]           serve DIR/report on http://127.0.0.1:P/ until Ctrl-C
//   picket fly [options] [--json]        one flight from options alone
//   picket catalog                       list the missile catalog
//   picket config SCENARIO [--out FILE]  print the effective configuration (defaults filled in) as
//                                        a scenario file that `picket run` reads back
// Exit status: 0 done; 2 bad input (message names the file, line and what was expected, nothing
// written); 3 internal error (a bug: please report it).
#include "cli/app.h"

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <memory>
#include <filesystem>
#include <functional>
#include <iostream>
#include <optional>
#include <sstream>

#include <unistd.h>

#include <CLI/CLI.hpp>
#include <fmt/format.h>
#include <fmt/ranges.h>

#include "common/error.h"
#include "common/numbers.h"
#include "common/sha256.h"
#include "common/stopwatch.h"
#include "common/version.h"
#include "cli/commands.h"
#include "montecarlo/batch.h"
#include "montecarlo/mpi.h"
#include "report/format.h"
#include "report/output_folder.h"
#include "report/reach.h"
#include "report/report.h"
#include "scenario/loader.h"
#include "scenario/writer.h"
#include "serve/server.h"
#include "simulation/models.h"
#include "simulation/simulation.h"
#include "simulation/work_estimate.h"
#include "world/geography.h"

namespace fs = std::filesystem;
using namespace picket;

namespace {

fs::path defaultDataDir() {
  if (const char* env = std::getenv("PICKET_DATA_DIR"); env != nullptr && *env != '\0') return env;
  return PICKET_DATA_DIR;
}

fs::path defaultWebDir() {
  if (const char* env = std::getenv("PICKET_WEB_DIR"); env != nullptr && *env != '\0') return env;
  return PICKET_WEB_DIST_DIR;
}

// `picket view DIR`: DIR is a run's output folder; the whole folder is served (the report links to
// the run's other files), and the page to open is /report/. A report folder given directly is
// served on its own.
int view(const fs::path& dir, int port, std::ostream& out, std::ostream& err) {
  std::error_code ec;
  const bool run_folder = fs::is_regular_file(dir / "report" / "index.html", ec);
  if (!run_folder && !fs::is_regular_file(dir / "index.html", ec)) {
    err << fmt::format(
        "picket: {}: error: no report here (expected {}); write one with `picket run SCENARIO --out {}`\n",
        dir.string(), (dir / "report" / "index.html").string(), dir.string());
    return 2;
  }
  serve::StaticServer server(dir);
  if (!server.bind(port)) {
    err << fmt::format("picket: error: cannot listen on 127.0.0.1:{}: the port is in use (or not allowed); "
                             "choose another with --port, or --port 0 for any free port\n",
                             port);
    return 2;
  }
  return serve::serveUntilInterrupted(server, out, run_folder ? "/report/" : "/");
}

// "39.2,125.67" or "39.2,125.67,100" -> lat, lon[, alt]; decimal numbers only (common/numbers.h).
bool parseLatLon(const std::string& text, double& lat, double& lon, std::optional<double>& alt) {
  std::stringstream ss(text);
  std::string a, b, c;
  if (!std::getline(ss, a, ',') || !std::getline(ss, b, ',')) return false;
  if (!parseDecimal(a, lat) || !parseDecimal(b, lon)) return false;
  if (std::getline(ss, c, ',')) {
    double x = 0.0;
    if (!parseDecimal(c, x)) return false;
    alt = x;
  }
  return !std::getline(ss, c);
}

// A point on the Earth: latitude within [-90, 90], longitude within [-180, 360] (as scenario files).
void checkPoint(std::string_view option, double lat, double lon) {
  if (lat < -90.0 || lat > 90.0 || lon < -180.0 || lon > 360.0)
    throwInputError(SourceLocation{}, fmt::format("{} {},{}: expected a latitude from -90 to 90 and a longitude from "
                                                  "-180 to 360 degrees",
                                                  option, lat, lon));
}

// CLI11 reads numbers with strtod/strtoll, which take hex ("0x10"), octal ("010" as 8), "inf" and
// "nan"; picket takes decimal numbers only, on the command line as in scenario files.
const CLI::Validator kDecimal(
    [](std::string& text) {
      double x = 0.0;
      return parseDecimal(text, x) ? std::string() : fmt::format("'{}' is not a decimal number", text);
    },
    "DECIMAL");
const CLI::Validator kWholeNumber(
    [](std::string& text) {
      const bool digits = !text.empty() && text.find_first_not_of("0123456789") == std::string::npos;
      return digits && (text.size() == 1 || text.front() != '0') ? std::string()
                                                                  : fmt::format("'{}' is not a whole decimal number", text);
    },
    "INT");

struct FlyArgs {
  std::string missile, from, to, shape, earth = "wgs84", gravity = "j2", atmosphere = "us1976", time = "2000-01-01T12:00:00Z",
                                        tz = "UTC";
  std::optional<double> azimuth, range_km, apogee_km, burnout_speed, fpa, burnout_alt_m, beta, payload_kg;
  std::optional<double> perigee_km, inclination_deg;  // shape orbit: the orbit asked for (with apogee_km)
  std::vector<std::string> sets;  // --set KEY=VALUE, in order
  bool no_rotation = false, json = false;
};

scenario::ScenarioConfig flyConfig(const FlyArgs& a, const fs::path& data_dir) {
  const SourceLocation cli{};
  scenario::ScenarioConfig c;
  c.name = "picket fly";
  std::optional<double> alt;
  if (a.from.empty()) throwInputError(cli, "--from LAT,LON is required");
  if (!parseLatLon(a.from, c.launch.lat_deg, c.launch.lon_deg, alt))
    throwInputError(cli, fmt::format("--from '{}': expected LAT,LON or LAT,LON,ALT_M in decimal degrees and metres", a.from));
  checkPoint("--from", c.launch.lat_deg, c.launch.lon_deg);
  c.launch.alt_m = alt.value_or(0.0);
  if (!parseIso8601(a.time, c.launch.time))
    throwInputError(cli, fmt::format("--time '{}': expected an ISO 8601 time with its zone, e.g. 2017-09-14T21:57:00Z", a.time));
  if (!lookupTimeZone(a.tz, c.output.time_zone)) throwInputError(cli, fmt::format("--tz '{}': unknown time zone", a.tz));
  if (!scenario::parseEarthShape(a.earth, c.physics.earth)) throwInputError(cli, "--earth must be wgs84 or sphere");
  if (!scenario::parseGravity(a.gravity, c.physics.gravity)) throwInputError(cli, "--gravity must be j2, zonal4 or point-mass");
  if (!scenario::parseAtmosphere(a.atmosphere, c.physics.atmosphere)) throwInputError(cli, "--atmosphere must be us1976 or none");
  c.physics.rotation = !a.no_rotation;
  const bool impulsive = a.burnout_speed.has_value();
  if (impulsive == !a.missile.empty())
    throwInputError(cli, "give either --missile (a boosted flight) or --burnout-speed-mps (impulsive mode)");
  if (impulsive && (a.payload_kg || !a.sets.empty()))
    throwInputError(cli, "--payload-kg and --set change a catalog missile: they need --missile, not impulsive mode");
  if (impulsive) {
    if (!a.fpa || !a.azimuth) throwInputError(cli, "impulsive mode needs --flight-path-angle-deg and --azimuth");
    scenario::BurnoutConfig b;
    b.speed_mps = *a.burnout_speed;
    b.flight_path_angle_deg = *a.fpa;
    b.azimuth_deg = *a.azimuth;
    // In impulsive mode --from is the burnout point: its altitude is the burnout altitude.
    if (alt && a.burnout_alt_m && *alt != *a.burnout_alt_m)
      throwInputError(cli, "the burnout altitude is given twice (in --from and --burnout-alt-m): give it once");
    b.alt_m = a.burnout_alt_m.value_or(alt.value_or(0.0));
    c.launch.alt_m = 0.0;
    b.ballistic_coefficient_kg_m2 = a.beta.value_or(0.0);
    c.burnout = b;
  } else {
    c.missile = scenario::loadCatalogMissile(a.missile, data_dir);
    scenario::applyMissileOverrides(*c.missile, a.sets);
    if (a.payload_kg) {
      for (const std::string& s : a.sets)
        if (s.starts_with("payload.mass_kg="))
          throwInputError(cli, "the payload is given twice (--payload-kg and --set payload.mass_kg): give it once");
      if (!(*a.payload_kg > 0.0)) throwInputError(cli, fmt::format("--payload-kg {:g}: a payload has a mass above 0", *a.payload_kg));
      c.missile->payload.mass_kg = *a.payload_kg;
      scenario::checkPayloadOverride(*c.missile, SourceLocation{fmt::format("--payload-kg {:g}", *a.payload_kg), 0});
    }
    // The timeline and the outputs name what was changed.
    std::vector<std::string> changes;
    if (a.payload_kg) changes.push_back(fmt::format("payload {:g} kg", *a.payload_kg));
    for (const std::string& s : a.sets) changes.push_back(s);
    if (!changes.empty()) c.missile->name += fmt::format(" ({})", fmt::join(changes, "; "));
    scenario::AimConfig aim;
    if (!a.to.empty()) {
      double lat = 0.0, lon = 0.0;
      std::optional<double> unused;
      if (!parseLatLon(a.to, lat, lon, unused) || unused)
        throwInputError(cli, fmt::format("--to '{}': expected LAT,LON in decimal degrees", a.to));
      checkPoint("--to", lat, lon);
      aim.point_lat_deg = lat;
      aim.point_lon_deg = lon;
    } else if (a.shape == "orbit") {
      // A launcher to orbit: the launch azimuth, and the orbit if one is asked for (aiming.h).
      if (!a.azimuth || a.range_km)
        throwInputError(cli, "--shape orbit takes --azimuth (and --perigee-km with --apogee-km for a given orbit), not --range-km or --to");
      if (a.perigee_km.has_value() != a.apogee_km.has_value())
        throwInputError(cli, "an orbit is --perigee-km with --apogee-km (and --inclination-deg)");
      if (a.inclination_deg && !a.perigee_km) throwInputError(cli, "--inclination-deg needs --perigee-km and --apogee-km");
      aim.azimuth_deg = *a.azimuth;
      if (a.perigee_km) {
        if (*a.apogee_km < *a.perigee_km) throwInputError(cli, "the orbit's --apogee-km must be at least its --perigee-km");
        if (*a.perigee_km < 100.0) throwInputError(cli, "--perigee-km must be at least 100 km (below it the air brings an orbit down)");
        aim.orbit = scenario::OrbitTarget{*a.perigee_km * 1000.0, *a.apogee_km * 1000.0, a.inclination_deg};
      }
    } else {
      if (!a.range_km || !a.azimuth) throwInputError(cli, "aim with --to LAT,LON or with --range-km and --azimuth");
      aim.range_m = *a.range_km * 1000.0;
      aim.azimuth_deg = *a.azimuth;
    }
    const std::string shape = a.shape.empty() ? (a.apogee_km ? "apogee" : "min-energy") : a.shape;
    if (!scenario::parseShape(shape, aim.shape))
      throwInputError(cli, "--shape must be min-energy, lofted, depressed, apogee or orbit");
    if (aim.shape == scenario::TrajectoryShape::kOrbit && !a.to.empty())
      throwInputError(cli, "--shape orbit takes --azimuth alone (no --to)");
    if (a.apogee_km && aim.shape != scenario::TrajectoryShape::kOrbit) aim.apogee_m = *a.apogee_km * 1000.0;
    if ((a.perigee_km || a.inclination_deg) && aim.shape != scenario::TrajectoryShape::kOrbit)
      throwInputError(cli, "--perigee-km and --inclination-deg go with --shape orbit");
    if (aim.shape != scenario::TrajectoryShape::kMinEnergy && aim.shape != scenario::TrajectoryShape::kOrbit && !aim.apogee_m)
      throwInputError(cli, fmt::format("--shape {} needs --apogee-km", shape));
    if (aim.shape == scenario::TrajectoryShape::kMinEnergy && aim.apogee_m)
      throwInputError(cli, "a min-energy flight has its apogee set by physics: drop --apogee-km or use --shape apogee");
    c.aim = aim;
  }
  c.catalog_sha256 = sha256Tree(data_dir / "catalog");
  scenario::validate(c);
  return c;
}

struct ReachArgs {
  std::string missile, from, time = "2000-01-01T12:00:00Z";
  std::optional<double> azimuth, test_apogee_km, test_range_km, test_azimuth;
  std::vector<std::string> sets;
  int points = 5;
  bool json = false;
};

// `picket reach`: what a lofted test implies on a standard trajectory, and the payload trade.
int reachCommand(const ReachArgs& a, const fs::path& data_dir, std::ostream& out) {
  const SourceLocation cli{};
  if (a.missile.empty()) throwInputError(cli, "--missile ID is required (see `picket catalog`)");
  double lat = 0.0, lon = 0.0;
  std::optional<double> alt;
  if (a.from.empty() || !parseLatLon(a.from, lat, lon, alt))
    throwInputError(cli, fmt::format("--from '{}': expected LAT,LON or LAT,LON,ALT_M in decimal degrees and metres", a.from));
  checkPoint("--from", lat, lon);
  if (!a.azimuth) throwInputError(cli, "--azimuth DEG is required: the bearing of the standard shot");
  if (a.test_apogee_km.has_value() != a.test_range_km.has_value())
    throwInputError(cli, "a test is --test-apogee-km with --test-range-km (and --test-azimuth, default --azimuth)");
  if (a.test_apogee_km && !(*a.test_apogee_km > 0.0 && *a.test_range_km > 0.0 && *a.test_range_km < 20000.0))
    throwInputError(cli, "--test-apogee-km must be above 0 and --test-range-km between 0 and 20000");
  if (a.points < 2 || a.points > 50) throwInputError(cli, fmt::format("--points {}: expected 2 to 50", a.points));
  UtcTime t;
  if (!parseIso8601(a.time, t))
    throwInputError(cli, fmt::format("--time '{}': expected an ISO 8601 time with its zone, e.g. 2017-11-29T03:18:00+09:00", a.time));
  scenario::MissileConfig missile = scenario::loadCatalogMissile(a.missile, data_dir);
  for (const std::string& s : a.sets)
    if (s.starts_with("payload.mass_kg="))
      throwInputError(SourceLocation{"--set " + s, 0}, "the payload is what `picket reach` varies: leave it out");
  scenario::applyMissileOverrides(missile, a.sets);
  const auto payloads = missile.documented_payload_kg.value_or(std::pair{missile.payload.mass_kg, missile.payload.mass_kg});
  const world::Earth earth(world::EarthOptions{}, t);
  const world::Atmosphere atmosphere(world::AtmosphereModel::kUs1976);
  const world::Geodetic launch{lat, lon, alt.value_or(0.0)};
  const auto request = [&](double azimuth_deg, double range_m) {
    return flight::requestAlong(earth, launch, azimuth_deg, range_m);
  };
  std::optional<flight::AimRequest> test;
  const double test_azimuth = a.test_azimuth.value_or(*a.azimuth);
  if (a.test_apogee_km) {
    test = request(test_azimuth, *a.test_range_km * 1e3);
    test->shape = scenario::TrajectoryShape::kApogee;
    test->apogee_m = *a.test_apogee_km * 1e3;
  }
  const flight::ImpliedReach answer =
      flight::impliedReach(earth, atmosphere, missile, payloads, test, request(*a.azimuth, 1000e3), a.points);
  report::ReachQuestion q{missile.name, lat, lon, *a.azimuth, payloads, a.test_apogee_km, a.test_range_km.value_or(0.0),
                          test_azimuth};
  if (a.json) out << report::reachJson(q, answer).dump(2) << "\n";
  else out << report::reachText(q, answer);
  return 0;
}

}  // namespace

namespace picket::cli {

// Progress on a terminal: one line per task, rewritten in place, finished with a newline.
// With the rate and the time left, counted from the task's first report.
ProgressFn terminalProgress(std::ostream& err) {
  struct Clock {
    std::string task;
    std::chrono::steady_clock::time_point start;
  };
  auto clock = std::make_shared<Clock>();
  return [&err, clock](std::string_view task, std::size_t done, std::size_t total) {
    const auto now = std::chrono::steady_clock::now();
    if (clock->task != task) *clock = Clock{std::string(task), now};
    const double pct = total > 0 ? std::floor(100.0 * static_cast<double>(done) / static_cast<double>(total)) : 100.0;
    const double elapsed_s = std::chrono::duration<double>(now - clock->start).count();
    std::string rate;
    if (elapsed_s > 0.5 && done > 0 && done < total) {
      const double per_s = static_cast<double>(done) / elapsed_s;
      rate = fmt::format(", {:.1f}/s, about {} left", per_s,
                         simulation::formatDuration(static_cast<double>(total - done) / per_s));
    }
    err << fmt::format("\r  {}: {:3.0f} % ({} of {}{})   ", task, pct, done, total, rate) << (done >= total ? "\n" : "")
        << std::flush;
  };
}

// Fills a staging folder with `fill` and swaps it into `out_dir` whole (report/output_folder.h);
// an error says that nothing was written and the folder is as it was.
void writeFolder(const std::string& out_dir, const std::function<void(const fs::path& staging)>& fill) {
  report::OutputFolder folder(out_dir);
  try {
    fill(folder.staging());
    folder.commit(picketVersion());
  } catch (const InputError& e) {
    throw InputError(e.where(), fmt::format("{}; nothing was written, and {} is as it was", e.reason(), out_dir));
  }
}



int run(int argc, const char* const* argv, std::ostream& out, std::ostream& err) {
  CLI::App app{"picket: an open, physics-based simulator of ballistic-missile defence"};
  app.set_version_flag("--version", fmt::format("picket {} (commit {})", picketVersion(), picketCommit()));
  app.require_subcommand(1);
  std::string data_dir_opt;
  app.add_option("--data", data_dir_opt, "data folder (catalog, geography); default: the source tree's data/");

  std::string scenario_file, out_dir;
  CLI::App* run = app.add_subcommand("run", "fly a scenario file, print its timeline and write its output files");
  run->add_option("scenario", scenario_file, "scenario file (YAML)")->required();
  run->add_option("--out", out_dir, "folder for summary.json, events.json, trajectory.csv/.czml/.kml, ground-track.geojson "
                                    "and the HTML report (report/index.html)");
  std::string web_dir_opt;
  bool no_report = false, timings = false, yes = false;
  run->add_option("--web", web_dir_opt, "the built web assets for the report (default: the source tree's web/dist)");
  run->add_flag("--no-report", no_report, "with --out: skip the HTML report");
  run->add_flag("--timings", timings, "print the wall time of each stage to stderr (where a run's time goes)");
  run->add_flag("--yes", yes,
                fmt::format("run even when the work is estimated above {} (big coverage maps, large raids)",
                            simulation::formatDuration(simulation::kConfirmAbove_s)));
  std::optional<std::uint64_t> trials, trial, seed;
  std::optional<double> until_ci;
  int threads = 0;
  run->add_option("--trials", trials, "Monte Carlo: run N trials and write montecarlo.json and trials.csv")
      ->check(kWholeNumber & CLI::Range(std::uint64_t{1}, std::uint64_t{100000000}));
  run->add_option("--trial", trial, "replay trial K of a Monte Carlo batch alone, with all its outputs")
      ->check(kWholeNumber);
  run->add_option("--seed", seed, "the seed (instead of the scenario's 'seed')")->check(kWholeNumber);
  run->add_option("--threads", threads, "Monte Carlo threads (default: all cores; the result does not depend on it)")
      ->check(kWholeNumber & CLI::Range(0, 1024));
  run->add_option("--until-ci", until_ci,
                  "Monte Carlo: run until the 95 % interval of P(no leaker) is narrower than W (at most --trials, "
                  "default 100000)")
      ->check(kDecimal & CLI::Range(1e-6, 1.0));
  bool resume = false;
  run->add_flag("--resume", resume,
                "Monte Carlo: carry on the batch in --out DIR (stopped by Ctrl-C, or to reach more --trials)");
  run->get_option("--trials")->excludes("--trial");
  run->get_option("--until-ci")->excludes("--trial");
  run->get_option("--resume")->excludes("--trial");

  std::string sweep_file;
  SweepArgs sw;
  std::vector<std::string> validate_files;
  CLI::App* validate_cmd = app.add_subcommand(
      "validate", "fly each event of the record and compare it, figure by figure and agency by agency, with what was reported");
  validate_cmd->add_option("events", validate_files,
                           "event scenario files (default: events/*.yaml and every scenarios/*.yaml with a `reported` block)");
  CLI::App* sweep_cmd = app.add_subcommand("sweep", "Monte Carlo over a grid of scenario values: how the odds change");
  sweep_cmd->add_option("scenario", sweep_file, "scenario file (YAML)")->required();
  sweep_cmd->add_option("--vary", sw.vary,
                        "KEY=V1,V2,...: a scenario key (dotted path, e.g. engagement.decision_latency_s, "
                        "shooters.0.magazine, shooters[NAME].salvo) and its values; repeat for a grid")
      ->required();
  sweep_cmd->add_option("--trials", sw.trials, "trials per point (default 100)")
      ->check(kWholeNumber & CLI::Range(std::uint64_t{1}, std::uint64_t{100000000}));
  sweep_cmd->add_option("--seed", sw.seed, "the seed (instead of the scenario's 'seed'), the same at every point")
      ->check(kWholeNumber);
  sweep_cmd->add_option("--threads", sw.threads, "threads (default: all cores; the result does not depend on it)")
      ->check(kWholeNumber & CLI::Range(0, 1024));
  sweep_cmd->add_option("--out", sw.out_dir, "folder for sweep.csv, the first point's trial 0 and a report with the curves");
  sweep_cmd->add_option("--web", web_dir_opt, "the built web assets for the report (default: the source tree's web/dist)");
  bool sweep_no_report = false;
  sweep_cmd->add_flag("--no-report", sweep_no_report, "with --out: skip the HTML report");

  std::string view_dir;
  int view_port = 8017;
  CLI::App* view_cmd = app.add_subcommand("view", "serve a run's HTML report on http://127.0.0.1 (Ctrl-C to stop)");
  view_cmd->add_option("dir", view_dir, "the run's output folder (given to `picket run --out`)")->required();
  view_cmd->add_option("--port", view_port, "TCP port on 127.0.0.1 (0: any free port)")
      ->check(kWholeNumber & CLI::Range(0, 65535));

  FitArgs fit_args;
  bool fit_no_report = false;
  CLI::App* fit_cmd = app.add_subcommand(
      "fit", "reconstruct a flight from its reports: launch, shape and performance with their spread, and which reports "
             "the others contradict");
  fit_cmd->add_option("reports", fit_args.file, "a scenario with a `reported` block (an event of the record)")->required();
  fit_cmd->add_option("--out", fit_args.out_dir,
                      "folder for fitted.yaml (the fitted scenario), fit.json and the fitted flight's outputs and report");
  fit_cmd->add_option("--performance", fit_args.performance,
                      "what scales the flight's energy: cutoff (the thrust cut-off; default where the missile can cut "
                      "its thrust) or payload (at full burn, within the catalog's documented range)")
      ->check(CLI::IsMember({"cutoff", "payload"}));
  fit_cmd->add_option("--hold", fit_args.hold, "hold unknowns at the scenario's values: launch-time, launch-place, azimuth, "
                                               "pitch-over, cutoff, payload")
      ->check(CLI::IsMember(fitHoldNames()));
  fit_cmd->add_option("--launch-sigma-km", fit_args.launch_sigma_km,
                      "free the launch place, the scenario's site being known to +- this (1 sigma, km)")
      ->check(kDecimal & CLI::Range(1e-3, 1000.0));
  fit_cmd->add_flag("--json", fit_args.json, "print fit.json instead of the text");
  fit_cmd->add_option("--web", web_dir_opt, "the built web assets for the report (default: the source tree's web/dist)");
  fit_cmd->add_flag("--no-report", fit_no_report, "with --out: skip the HTML report");

  FlyArgs fa;
  ReachArgs ra;
  CLI::App* reach_cmd = app.add_subcommand(
      "reach", "what a lofted test implies on a standard trajectory, and the range a missile reaches with each payload");
  reach_cmd->add_option("--missile", ra.missile, "catalog id (see `picket catalog`)");
  reach_cmd->add_option("--from", ra.from, "launch point LAT,LON[,ALT_M] (degrees, metres)");
  reach_cmd->add_option("--azimuth", ra.azimuth, "bearing of the standard (minimum-energy) shot, degrees")->check(kDecimal);
  reach_cmd->add_option("--test-apogee-km", ra.test_apogee_km, "the test's reported apogee, km")->check(kDecimal);
  reach_cmd->add_option("--test-range-km", ra.test_range_km, "the test's reported ground range, km")->check(kDecimal);
  reach_cmd->add_option("--test-azimuth", ra.test_azimuth, "the test's bearing, degrees (default: --azimuth)")->check(kDecimal);
  reach_cmd->add_option("--set", ra.sets, "override a catalog number other than the payload, KEY=VALUE as for `picket fly`");
  reach_cmd->add_option("--points", ra.points, "payloads in the trade, evenly across the documented range (default 5)")
      ->check(kWholeNumber);
  reach_cmd->add_option("--time", ra.time, "launch time, ISO 8601 with zone (the Earth's orientation; default 2000-01-01T12:00:00Z)");
  reach_cmd->add_flag("--json", ra.json, "print JSON instead of text");
  CLI::App* fly = app.add_subcommand("fly", "one flight from options alone (a missile aimed, or a burnout state)");
  fly->add_option("--missile", fa.missile, "catalog id (see `picket catalog`)");
  fly->add_option("--from", fa.from, "launch point LAT,LON[,ALT_M] (degrees, metres)");
  fly->add_option("--to", fa.to, "aim point LAT,LON (instead of --range-km with --azimuth)");
  fly->add_option("--azimuth", fa.azimuth, "azimuth from north, degrees (aim direction, or burnout heading)")->check(kDecimal);
  fly->add_option("--range-km", fa.range_km, "ground range to the aim point, km")->check(kDecimal);
  fly->add_option("--payload-kg", fa.payload_kg, "payload (re-entry vehicle) mass, kg, within the catalog's documented range")
      ->check(kDecimal);
  fly->add_option("--set", fa.sets,
                  "override any catalog number of the missile, KEY=VALUE with KEY as under a scenario's missile block "
                  "(payload.mass_kg=500, stages.1.burn_time_s=120, guidance.pitch_over_s=20; stages from 0); repeatable");
  fly->add_option("--shape", fa.shape, "min-energy | lofted | depressed | apogee | orbit (a launcher: --azimuth, and --perigee-km --apogee-km [--inclination-deg] for a given orbit)");
  fly->add_option("--apogee-km", fa.apogee_km, "apogee for lofted, depressed or apogee shapes, km; with --shape orbit the orbit's")->check(kDecimal);
  fly->add_option("--perigee-km", fa.perigee_km, "--shape orbit: the orbit's perigee, km (with --apogee-km)")->check(kDecimal);
  fly->add_option("--inclination-deg", fa.inclination_deg, "--shape orbit: the orbit's inclination, degrees")->check(kDecimal);
  fly->add_option("--burnout-speed-mps", fa.burnout_speed, "impulsive mode: Earth-relative speed at burnout, m/s")->check(kDecimal);
  fly->add_option("--flight-path-angle-deg", fa.fpa, "impulsive mode: flight-path angle at burnout, degrees")->check(kDecimal);
  fly->add_option("--burnout-alt-m", fa.burnout_alt_m, "impulsive mode: burnout altitude, m (default 0)")->check(kDecimal);
  fly->add_option("--ballistic-coefficient", fa.beta, "impulsive mode: beta = m/(Cd A), kg/m^2 (default: no drag)")->check(kDecimal);
  fly->add_option("--earth", fa.earth, "wgs84 | sphere");
  fly->add_flag("--no-rotation", fa.no_rotation, "a non-rotating Earth");
  fly->add_option("--gravity", fa.gravity, "j2 | zonal4 | point-mass");
  fly->add_option("--atmosphere", fa.atmosphere, "us1976 | none");
  fly->add_option("--time", fa.time, "launch time, ISO 8601 with zone (default 2000-01-01T12:00:00Z)");
  fly->add_option("--tz", fa.tz, "time zone for printed times (UTC, JST, ...)");
  fly->add_option("--out", out_dir, "also write the output files to this folder");
  fly->add_flag("--json", fa.json, "print the summary as JSON instead of the timeline");

  CLI::App* catalog = app.add_subcommand("catalog", "list the missiles in the catalog");

  CompareArgs ca;
  CLI::App* compare_cmd = app.add_subcommand(
      "compare", "what each architecture buys, side by side: people defended, odds against the raid, interceptors per "
                 "kill, decision time, crew and cost");
  compare_cmd->add_option("scenarios", ca.files, "two or more scenario files, one per architecture (or one, with --variant)")
      ->required();
  compare_cmd->add_option("--variant", ca.variants,
                          "an architecture as the one file with keys set, \"NAME: KEY=VALUE; KEY=VALUE\" ('|' also separates; keys as for "
                          "`picket sweep --vary`, e.g. \"no ships: shooters.2.magazine=0; shooters.3.magazine=0\"); repeatable");
  compare_cmd->add_option("--trials", ca.trials, "Monte Carlo trials per architecture (default 100)")
      ->check(kWholeNumber & CLI::Range(1, 1000000));
  compare_cmd->add_option("--threads", ca.threads, "threads (default: all cores; the result does not depend on it)")
      ->check(kWholeNumber);
  compare_cmd->add_option("--population", ca.population,
                          "population CSV (default: data/geo/population/municipalities.csv, Japan's 2020 census)");
  compare_cmd->add_option("--out", ca.out_dir, "folder for compare.csv, the first architecture's trial 0 and a report with the table");
  compare_cmd->add_option("--web", web_dir_opt, "the built web assets for the report (default: the source tree's web/dist)");
  bool compare_no_report = false;
  compare_cmd->add_flag("--no-report", compare_no_report, "with --out: skip the HTML report");

  BatteriesArgs ba;
  CLI::App* batteries_cmd = app.add_subcommand(
      "batteries", "how many point-defence batteries (PAC-3) defend which share of Japan's people, from a defended "
                   "footprint");
  batteries_cmd->add_option("scenario", ba.scenario,
                            "scenario with a defended-footprint coverage map (the battery and the threat)");
  batteries_cmd->add_option("--radius-km", ba.radius_km, "a defended radius instead of the scenario's footprint, km")
      ->check(kDecimal & CLI::Range(0.1, 1000.0));
  batteries_cmd->add_option("--population", ba.population,
                            "population CSV (default: data/geo/population/municipalities.csv, Japan's 2020 census)");
  batteries_cmd->add_option("--max", ba.max_batteries, "the most batteries to place (default 1000)")
      ->check(kWholeNumber & CLI::Range(1, 100000));
  batteries_cmd->add_option("--out", ba.out_dir, "folder for batteries.csv (each battery's place and the people defended)");

  std::string config_file, config_out;
  CLI::App* config_cmd = app.add_subcommand(
      "config", "print a scenario's effective configuration (every key, defaults filled in) as a scenario file that "
                "`picket run` reads back");
  config_cmd->add_option("scenario", config_file, "scenario file (YAML)")->required();
  config_cmd->add_option("--out", config_out, "write it to FILE (whole or not at all) instead of printing it");

  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e, out, err);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e, out, err);
  } catch (const CLI::ParseError& e) {
    err << "picket: error: " << e.what() << "\n(run `picket --help`)\n";
    return 2;
  }

  const fs::path data_dir = data_dir_opt.empty() ? defaultDataDir() : fs::path(data_dir_opt);
  try {
    if (view_cmd->parsed()) return view(view_dir, view_port, out, err);
    if (validate_cmd->parsed()) {
      std::vector<fs::path> files(validate_files.begin(), validate_files.end());
      return validate(files, data_dir, world::Geography::load(data_dir), out);
    }
    if (sweep_cmd->parsed()) {
      if (!sweep_no_report) sw.web_dir = web_dir_opt.empty() ? defaultWebDir() : fs::path(web_dir_opt);
      return sweep(sweep_file, data_dir, world::Geography::load(data_dir), sw, out, err);
    }
    if (config_cmd->parsed()) {
      const std::string yaml = scenario::toYaml(simulation::effectiveConfig(scenario::loadScenario(config_file, data_dir)));
      if (config_out.empty()) {
        out << yaml;
      } else {
        // Through a temporary name and a rename: FILE is the old one or the new one, never half.
        const fs::path file(config_out);
        report::writeAtomically(file.parent_path(), file.filename().string(), yaml);
      }
      return 0;
    }
    if (reach_cmd->parsed()) return reachCommand(ra, data_dir, out);
    if (compare_cmd->parsed()) {
      if (!compare_no_report && !ca.out_dir.empty()) ca.web_dir = web_dir_opt.empty() ? defaultWebDir() : fs::path(web_dir_opt);
      return compare(ca, data_dir, world::Geography::load(data_dir), out, err);
    }
    if (batteries_cmd->parsed()) return batteries(ba, data_dir, world::Geography::load(data_dir), out, err);
    if (fit_cmd->parsed()) {
      if (!fit_no_report && !fit_args.out_dir.empty()) fit_args.web_dir = web_dir_opt.empty() ? defaultWebDir() : fs::path(web_dir_opt);
      return fit(fit_args, data_dir, world::Geography::load(data_dir), out, err);
    }
    if (catalog->parsed()) {
      // Columns as wide as their longest entry, with the class, stages and payload range.
      std::vector<scenario::MissileConfig> missiles;
      std::size_t id_w = 2, name_w = 4;
      for (const std::string& id : scenario::catalogIds(data_dir)) {
        missiles.push_back(scenario::loadCatalogMissile(id, data_dir));
        id_w = std::max(id_w, id.size());
        name_w = std::max(name_w, missiles.back().name.size());
      }
      out << fmt::format("{:<{}}  {:<{}}  {:<5}  {:>6}  {}\n", "id", id_w, "name", name_w, "class", "stages",
                         "payload, kg (documented range)");
      for (const scenario::MissileConfig& m : missiles) {
        const auto [lo, hi] = m.documented_payload_kg.value_or(std::pair{m.payload.mass_kg, m.payload.mass_kg});
        out << fmt::format("{:<{}}  {:<{}}  {:<5}  {:>6}  {:g} ({:g}-{:g})\n", m.id, id_w, m.name, name_w,
                           m.missile_class, m.stages.size(), m.payload.mass_kg, lo, hi);
      }
      return 0;
    }
    Stopwatch stage;
    // The effective configuration (simulation/models.h): what config.yaml and the provenance record.
    scenario::ScenarioConfig config =
        simulation::effectiveConfig(run->parsed() ? scenario::loadScenario(scenario_file, data_dir) : flyConfig(fa, data_dir));
    const world::Geography geography = world::Geography::load(data_dir);
    std::vector<StageTime> times;
    stage.lap(times, "scenario and geography");
    simulation::SimulationOptions sim_options;
    if (seed) config.seed = *seed;
    if (run->parsed()) {
      // Long work is announced first, and above a threshold run only when asked for.
      // With --until-ci alone the batch stops when it can: not estimated as its cap.
      const simulation::WorkEstimate work = simulation::estimateWork(config, until_ci ? 0 : trials.value_or(0));
      // The threads asked for (or all), times the processes under mpirun.
      const unsigned cores = (threads > 0 ? static_cast<unsigned>(threads) : simulation::workThreads()) *
                             static_cast<unsigned>(montecarlo::mpiWorld().size);
      const double wall_s = work.wall_s(cores);
      if (wall_s > simulation::kConfirmAbove_s && !yes)
        throwInputError(work.costliest(),
                        fmt::format("this run is estimated at about {} on {} thread(s) ({}); pass --yes to run it, or "
                                    "make it smaller (fewer 'cells' in a coverage map, fewer launches or trials)",
                                    simulation::formatDuration(wall_s), cores, work.describe()));
      if (wall_s > 10.0)
        err << fmt::format("picket: estimated {} on {} thread(s): {}\n", simulation::formatDuration(wall_s), cores,
                           work.describe());
      if (::isatty(STDERR_FILENO) == 1) sim_options.progress = terminalProgress(err);
    }
    if (trials || until_ci || resume) {
      MonteCarloArgs mc;
      // --until-ci alone: at most 100,000; --resume alone: as many as the stopped batch asked for (0).
      mc.trials = trials.value_or(until_ci ? 100000 : 0);
      mc.until_ci = until_ci;
      mc.threads = threads;
      mc.resume = resume;
      mc.out_dir = out_dir;
      if (!no_report) mc.web_dir = web_dir_opt.empty() ? defaultWebDir() : fs::path(web_dir_opt);
      if (resume && out_dir.empty()) throwInputError({}, "--resume carries on the batch in --out DIR: give --out");
      return monteCarlo(config, geography, mc, sim_options, out, err);
    }
    simulation::SimulationResult result;
    if (trial) {
      // One trial of a batch, alone: the same models and streams as in the batch.
      const std::unique_ptr<const simulation::Models> models = simulation::buildModels(config, geography, sim_options);
      simulation::SimulationOptions trial_options = sim_options;
      trial_options.draw_uncertainty = true;
      result = simulation::run(*models, *trial, trial_options);
      times.insert(times.end(), models->build_times.begin(), models->build_times.end());
    } else {
      result = simulation::simulate(config, geography, sim_options);
    }
    times.insert(times.end(), result.stage_times.begin(), result.stage_times.end());
    stage.restart();
    // Files first: if the folder cannot be written, the run fails before printing anything. They
    // go to a staging folder swapped into place whole (report/output_folder.h).
    std::string report_note;
    if (!out_dir.empty()) {
      writeFolder(out_dir, [&](const fs::path& staging) {
        // A replayed trial's config.yaml is the scenario's, before the draws that summary.json lists.
        report::writeOutputs(result, staging, trial ? &config : nullptr);
        // The HTML report needs the page built from web/ by npm; without it the run still succeeds.
        if (run->parsed() && !no_report) {
          const fs::path web_dir = web_dir_opt.empty() ? defaultWebDir() : fs::path(web_dir_opt);
          if (report::webAssetsBuilt(web_dir)) {
            report::writeHtmlReport(result, staging, web_dir);
            report_note = fmt::format("Report: {}/report/index.html (serve it with `picket view {}`)\n", out_dir, out_dir);
          } else {
            err << fmt::format(
                "picket: note: no HTML report: the web assets are not built ({} has no manifest.json, index.html and "
                "cesium/Cesium.js). Build them once with `bash tools/web.sh` (runs `npm ci && npm run build` in web/; "
                "needs Node.js 18 or later), or pass --web DIR; --no-report skips the report.\n",
                web_dir.string());
          }
        }
      });
    }
    if (!out_dir.empty()) stage.lap(times, "output files and report");
    if (timings) {
      double total = 0.0;
      for (const StageTime& t : times) total += t.wall_s;
      err << "Wall time by stage:\n";
      for (const StageTime& t : times) err << fmt::format("  {:<26} {:9.4f} s\n", t.stage, t.wall_s);
      err << fmt::format("  {:<26} {:9.4f} s\n", "total", total);
    }
    if (fly->parsed() && fa.json) {
      out << report::summaryJson(result).dump(2) << "\n";
    } else {
      out << report::timelineText(result);
      if (!out_dir.empty()) {
        std::string names;
        for (const std::string& n : report::outputNames(result)) names += (names.empty() ? "" : ", ") + n;
        out << "\nWrote " << out_dir << "/{" << names << "}\n" << report_note;
      }
    }
    return 0;
  } catch (const InputError& e) {
    err << "picket: " << e.what() << "\n";
    return 2;
  } catch (const std::exception& e) {
    err << "picket: internal error: " << e.what() << "\n";
    return 3;
  }
}

}  // namespace picket::cli
