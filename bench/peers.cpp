// picket_peers: a Python module for bench/side_by_side.py. It runs, in the Python process that
// also drives SciPy, the same flight several ways on the same right-hand side (flight/dynamics.h)
// and the same segments (flight::planSegments):
//  - picket: flight::flyMissile (DOP853 at tol 1e-8 and tighter, its own Dormand-Prince 5(4) at
//    looser ones; pieces held and restarted at their bounds, events on the dense output);
//  - boost-odeint-dopri5: runge_kutta_dopri5 in odeint's stock controlled stepper
//    (make_controlled), segment by segment with integrate_adaptive, impact found by bisection on
//    the step size (odeint's controlled steppers have no dense output);
//  - boost-odeint-dopri5-dense-hairer: the strongest odeint setup without picket's restarts:
//    dense_output_runge_kutta over controlled_runge_kutta<runge_kutta_dopri5>, with the error norm
//    and the step-size controller of Hairer's dopri5.f plugged in through odeint's own ErrorChecker
//    and StepAdjuster template parameters; impact located on dopri5's dense output;
//  - boost-odeint-dopri5-restarts: the same stepper given picket's restarts: the atmosphere's piece
//    and the drag table's segment held over each step (flight::PieceLock) and the integration
//    restarted exactly where the state crosses a bound, located on the dense output;
//  - SciPy: through rhs()/altitude(), which expose the same C++ right-hand side to solve_ivp.
#include <algorithm>
#include <cmath>
#include <ctime>
#include <limits>
#include <stdexcept>
#include <string>

#include <boost/numeric/odeint.hpp>
#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include "bench_setup.h"
#include "flight/illinois.h"

namespace py = pybind11;
using namespace picket;
using flight::StateVector;
namespace ode = boost::numeric::odeint;

namespace {

struct Impact {
  double lat_deg, lon_deg, t_s;
  long evaluations;
};

// The error norm of Hairer's dopri5.f (E. Hairer, S. P. Norsett, G. Wanner, "Solving Ordinary
// Differential Equations I", 2nd ed., Springer 1993, II.4, eq. (4.11)): the RMS over the
// components of err_i / (atol_i + rtol |y_i|), with picket's per-component floors (position
// tol x 1e4 m, velocity tol x 10 m/s, mass left out: bench::optionsFor), so that every peer but the
// stock one measures its error exactly as picket does. Plugged in as odeint's ErrorChecker. (Hairer
// scales by max(|y0|, |y1|); odeint hands the checker y0 only, which at these steps differs by
// parts in 1e3 of a scale that is itself a tolerance.)
class HairerErrorChecker {
 public:
  using value_type = double;
  using algebra_type = ode::array_algebra;
  using operations_type = ode::default_operations;

  explicit HairerErrorChecker(double tol = 1e-6) : rtol_(tol) {
    const flight::FlightOptions o = bench::optionsFor(tol);
    atol_ = {o.atol_position_m, o.atol_position_m, o.atol_position_m, o.atol_velocity_mps,
             o.atol_velocity_mps, o.atol_velocity_mps, 1e30};
  }

  template <class State, class Deriv, class Err, class Time>
  double error(algebra_type& /*algebra*/, const State& x_old, const Deriv& /*dxdt_old*/, Err& x_err, Time /*dt*/) const {
    double sum = 0.0;
    for (std::size_t i = 0; i < x_err.size(); ++i) {
      const double e = x_err[i] / (atol_[i] + rtol_ * std::abs(x_old[i]));
      sum += e * e;
    }
    return std::sqrt(sum / static_cast<double>(x_err.size()));
  }

 private:
  double rtol_;
  StateVector atol_{};
};

// The step-size controller of dopri5.f (Hairer, Norsett, Wanner, ibid., II.4, eq. (4.13), with the
// PI ("Lund") stabilisation of IV.2 that dopri5.f applies, beta = 0.04): h_new = h / fac with
// fac = err^(1/5 - 0.75 beta) / err_old^beta / 0.9, held to [1/10, 5]; after a rejection the step
// does not grow. Plugged in as odeint's StepAdjuster (odeint's default shrinks with the exponent
// 1/3 and grows only below err = 0.5, by at most 5).
class HairerStepAdjuster {
 public:
  using time_type = double;
  using value_type = double;

  double decrease_step(double dt, double err, int /*error_order*/) {
    rejected_ = true;
    return dt / std::min(kFacc1, std::pow(err, kExpo1) / kSafe);
  }
  double increase_step(double dt, double err, int /*stepper_order*/) {
    const double fac11 = std::pow(err, kExpo1);
    const double fac = std::max(kFacc2, std::min(kFacc1, fac11 / std::pow(err_old_, kBeta) / kSafe));
    err_old_ = std::max(err, 1e-4);
    double h = dt / fac;
    if (rejected_) h = std::min(h, dt);
    rejected_ = false;
    return h;
  }
  bool check_step_size_limit(double /*dt*/) { return true; }
  double get_max_dt() { return 0.0; }
  void reset() {
    err_old_ = 1e-4;
    rejected_ = false;
  }

 private:
  static constexpr double kBeta = 0.04, kExpo1 = 0.2 - kBeta * 0.75, kSafe = 0.9;
  static constexpr double kFacc1 = 1.0 / 0.2, kFacc2 = 1.0 / 10.0;  // fac1 = 0.2, fac2 = 10 (dopri5.f)
  double err_old_ = 1e-4;
  bool rejected_ = false;
};

using Dopri5 = ode::runge_kutta_dopri5<StateVector>;
using HairerControlled = ode::controlled_runge_kutta<Dopri5, HairerErrorChecker, HairerStepAdjuster>;
using HairerDense = ode::dense_output_runge_kutta<HairerControlled>;

using flight::illinois;  // as flight.cpp locates its events and bounds (flight/illinois.h)

class Peers {
 public:
  Peers() : w_(bench::flagshipWorkload()), base_(w_.plan), segments_(flight::planSegments(*w_.earth, *w_.missile, w_.launch, w_.plan)) {}

  // A family of flights around the flagship (the launch azimuth and the cut-off nudged), so that a
  // tolerance is judged on how reliably it reaches an impact error, not on one lucky flight.
  void setVariant(int k) {
    static constexpr double kAz[] = {0.0, 0.3, -0.3, 0.7, -0.7, 1.1, -1.1, 1.5};
    static constexpr double kCut[] = {0.0, -0.4, 0.4, -0.9, 0.9, -1.3, 1.3, -1.7};
    const auto i = static_cast<std::size_t>(k) % 8;
    w_.plan = base_;
    w_.plan.azimuth_deg += kAz[i];
    w_.plan.cutoff_s += kCut[i];
    segments_ = flight::planSegments(*w_.earth, *w_.missile, w_.launch, w_.plan);
  }

  StateVector initialState() const {
    return flight::launchState(*w_.earth, w_.launch, w_.missile->launchMass_kg());
  }

  Impact fly(const std::string& peer, double tol) const {
    if (peer == "picket") return picket(tol);
    if (peer == "boost-odeint-dopri5") return odeintStock(tol);
    if (peer == "boost-odeint-dopri5-dense-hairer") return odeintDense(tol, false);
    if (peer == "boost-odeint-dopri5-restarts") return odeintDense(tol, true);
    throw std::invalid_argument("unknown peer " + peer);
  }

  Impact picket(double tol) const {
    // Like the odeint peers, keep no trajectory (events are still found); reuse the workspace.
    flight::FlightResult& r = work_;
    flight::FlightOptions o = bench::optionsFor(tol);
    o.record = false;
    flight::flyMissile(w_.models(), *w_.missile, w_.launch, w_.plan, o, r);
    return {r.impact.position.lat_deg, r.impact.position.lon_deg, r.impact.t_s, r.rhs_evaluations};
  }

  // odeint as its documentation suggests: make_controlled (max-norm error with abs = 10 tol,
  // rel = tol; odeint's default step adjuster) and integrate_adaptive, which takes the stepper by
  // value, so every segment starts from a fresh one (no stale derivative across a segment's end).
  Impact odeintStock(double tol) const {
    auto controlled = ode::make_controlled(tol * 10.0, tol, Dopri5());
    StateVector y = initialState();
    double t = 0.0, dt = 0.1;
    long evals = 0;
    for (const flight::Segment& seg : segments_) {
      const flight::Dynamics dyn{*w_.earth, *w_.atmosphere, w_.earth->rotationRate_radps(), &seg.phase};
      auto sys = [&](const StateVector& x, StateVector& dxdt, double tt) {
        ++evals;
        dyn(tt, x, dxdt);
      };
      if (std::isfinite(seg.t_end_s)) {
        if (seg.t_end_s > t) ode::integrate_adaptive(controlled, sys, y, t, seg.t_end_s, dt);
        t = seg.t_end_s;
      } else {
        // Step until the altitude turns negative, then bisect the last step to 1 microsecond. Each
        // probe is a fresh step from the step's start with the derivative there: a reused FSAL
        // stepper would start every probe from the previous probe's end derivative.
        StateVector f;
        sys(y, f, t);
        for (;;) {
          const StateVector y_prev = y, f_prev = f;
          const double t_prev = t;
          while (controlled.try_step(sys, y, f, t, dt) == ode::fail) {
          }
          if (w_.earth->altitude_m(world::Vec3(y[0], y[1], y[2])) <= 0.0) {
            double lo = 0.0, hi = t - t_prev;
            Dopri5 plain;
            StateVector probe, f_probe;
            while (hi - lo > 1e-6) {
              const double mid = 0.5 * (lo + hi);
              plain.do_step(sys, y_prev, f_prev, t_prev, probe, f_probe, mid);
              (w_.earth->altitude_m(world::Vec3(probe[0], probe[1], probe[2])) > 0.0 ? lo : hi) = mid;
            }
            plain.do_step(sys, y_prev, f_prev, t_prev, y, f_probe, hi);
            t = t_prev + hi;
            break;
          }
        }
      }
      if (seg.mass_after_kg >= 0.0) y[6] = seg.mass_after_kg;
    }
    const auto [lat, lon] = impactPoint(t, y);
    return {lat, lon, t, evals};
  }

  // dense_output_runge_kutta over dopri5 with Hairer's norm and controller. Each segment starts
  // afresh (its right-hand side is new); a segment's end is landed on exactly as odeint's own
  // integrate_adaptive lands on end_time with a dense-output stepper (re-initialised with the step
  // cut to the end), and impact is located to 1 microsecond on dopri5's dense output. With
  // `restarts`, the right-hand side is held to one atmosphere piece and drag-table segment per step
  // and restarted at each bound exactly as picket's propagator does (flight.cpp).
  Impact odeintDense(double tol, bool restarts) const {
    StateVector y = initialState();
    double t = 0.0, dt = 0.1;
    long evals = 0;
    flight::PieceLock lock;
    const world::Earth& earth = *w_.earth;
    const world::Atmosphere& atm = *w_.atmosphere;
    const double omega = earth.rotationRate_radps();
    auto altitude = [&](const StateVector& x) { return earth.altitude_m(world::Vec3(x[0], x[1], x[2])); };
    auto mach = [&](const StateVector& x) {
      const world::Vec3 v_rel(x[3] + omega * x[1], x[4] - omega * x[0], x[5]);
      return v_rel.norm() / atm.at(altitude(x)).speed_of_sound_mps;
    };
    HairerDense dense{HairerControlled{HairerErrorChecker{tol}, HairerStepAdjuster{}}};
    for (const flight::Segment& seg : segments_) {
      const flight::DragTable* table = seg.phase.drag_table;
      if (restarts) {
        lock.atmosphere = atm.piece(altitude(y));
        lock.drag = table != nullptr ? table->segment(mach(y)) : -2;
      }
      const flight::Dynamics dyn{earth, atm, omega, &seg.phase, restarts ? &lock : nullptr};
      auto sys = [&](const StateVector& x, StateVector& dxdt, double tt) {
        ++evals;
        dyn(tt, x, dxdt);
      };
      const double t_end = seg.t_end_s;
      if (!(t_end > t)) {
        if (seg.mass_after_kg >= 0.0) y[6] = seg.mass_after_kg;
        continue;
      }
      dense.initialize(y, t, dt);
      bool impact = false;
      // Landed when within round-off of the end (the last step is re-initialised to t_end - t0).
      const double t_floor = std::isfinite(t_end) ? t_end - 1e-12 * std::max(1.0, std::abs(t_end)) : t_end;
      while (dense.current_time() < t_floor && !impact) {
        const double t0 = dense.current_time();
        if (t0 + dense.current_time_step() >= t_end) {
          dt = dense.current_time_step();  // the step the control wanted, for the next segment
          dense.initialize(dense.current_state(), t0, t_end - t0);
        }
        dense.do_step(sys);
        double t1 = dense.current_time();
        StateVector y1 = dense.current_state();
        auto at = [&](double tt) {
          StateVector x;
          dense.calc_state(tt, x);
          return x;
        };
        bool crossed = false;
        double h_done = 0.0;
        if (restarts) {
          // The first bound left inside the step, if any (flight.cpp, Propagator::pieceCrossing).
          double t_cross = t1;
          flight::PieceLock next = lock;
          const auto crossing = [&](auto&& g) {
            const double g0 = g(dense.previous_state()), g1 = g(y1);
            if (g0 == 0.0) return t0;
            if ((g0 > 0.0) == (g1 > 0.0)) return t0;
            return illinois([&](double tt) { return g(at(tt)); }, t0, t1, g0, g1, 1e-3);
          };
          const int a1 = atm.piece(altitude(y1));
          if (a1 != lock.atmosphere) {
            const int step = a1 > lock.atmosphere ? 1 : -1;
            const double base = atm.pieceBase_m(step > 0 ? lock.atmosphere + 1 : lock.atmosphere);
            const double tc = crossing([&](const StateVector& x) { return altitude(x) - base; });
            if (tc < t_cross) {
              t_cross = tc;
              next = lock;
              next.atmosphere = lock.atmosphere + step;
            }
          }
          if (table != nullptr) {
            const int d1 = table->segment(mach(y1));
            if (d1 != lock.drag) {
              const int step = d1 > lock.drag ? 1 : -1;
              const double base = table->segmentBase(step > 0 ? lock.drag + 1 : lock.drag);
              const double tc = crossing([&](const StateVector& x) { return mach(x) - base; });
              if (tc < t_cross) {
                t_cross = tc;
                next = lock;
                next.drag = lock.drag + step;
              }
            }
          }
          if (t_cross < t1) {
            // Cut the step at the bound (or redo it, if the state sat on the bound at its start).
            crossed = true;
            h_done = t1 - t0;
            t1 = std::max(t_cross, t0);
            y1 = t1 > t0 ? at(t1) : dense.previous_state();
            lock = next;
          }
        }
        if (!std::isfinite(t_end) && altitude(y1) <= 0.0) {
          const double g0 = altitude(dense.previous_state()), g1 = altitude(y1);
          const double ti = g1 == 0.0 ? t1 : illinois([&](double tt) { return altitude(at(tt)); }, t0, t1, g0, g1, 1e-6);
          y1 = ti == t1 ? y1 : at(ti);
          t1 = ti;
          impact = true;
        } else if (crossed) {
          // A restart: the derivative at the bound is evaluated afresh; the step the control
          // accepted is the first guess (picket does not exceed it either).
          dense.initialize(y1, t1, std::min(dense.current_time_step(), h_done));
          continue;
        }
        y = y1;
        t = t1;
      }
      if (!impact && std::isfinite(t_end)) {
        y = dense.current_state();
        t = t_end;
      } else if (!impact) {
        dt = dense.current_time_step();
      }
      if (seg.mass_after_kg >= 0.0) y[6] = seg.mass_after_kg;
    }
    const auto [lat, lon] = impactPoint(t, y);
    return {lat, lon, t, evals};
  }

  // Flights per second of this thread's CPU time over at least min_s seconds of it, timed in C++:
  // CPU time rather than wall time, so that other work on a shared machine (the project's has two
  // cores and often a build beside) does not count against whichever flight it happened to meet.
  template <class F>
  static double rate(F&& fly, double min_s) {
    const auto cpu_s = [] {
      timespec ts{};
      clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
      return static_cast<double>(ts.tv_sec) + 1e-9 * static_cast<double>(ts.tv_nsec);
    };
    const double t0 = cpu_s();
    long n = 0;
    double elapsed = 0.0;
    do {
      fly();
      ++n;
      elapsed = cpu_s() - t0;
    } while (elapsed < min_s);
    return static_cast<double>(n) / elapsed;
  }

  std::pair<double, double> impactPoint(double t, const StateVector& y) const {
    const world::Geodetic g = w_.earth->geodeticFromEcef(w_.earth->ecefFromEci(world::Vec3(y[0], y[1], y[2]), t));
    return {g.lat_deg, g.lon_deg};
  }

  py::array_t<double> rhs(std::size_t segment, double t, py::array_t<double, py::array::c_style | py::array::forcecast> y) const {
    StateVector x, dx;
    const double* p = y.data();
    for (std::size_t i = 0; i < x.size(); ++i) x[i] = p[i];
    const flight::Dynamics dyn{*w_.earth, *w_.atmosphere, w_.earth->rotationRate_radps(), &segments_.at(segment).phase};
    dyn(t, x, dx);
    py::array_t<double> out(static_cast<py::ssize_t>(dx.size()));
    std::copy(dx.begin(), dx.end(), out.mutable_data());
    return out;
  }

  double altitude(py::array_t<double, py::array::c_style | py::array::forcecast> y) const {
    const double* p = y.data();
    return w_.earth->altitude_m(world::Vec3(p[0], p[1], p[2]));
  }

  std::vector<std::pair<double, double>> segments() const {
    std::vector<std::pair<double, double>> out;
    for (const auto& s : segments_) out.emplace_back(s.t_end_s, s.mass_after_kg);
    return out;
  }

  double distance(double lat1, double lon1, double lat2, double lon2) const {
    return w_.earth->inverse(lat1, lon1, lat2, lon2).distance_m;
  }

 private:
  bench::Workload w_;
  flight::GuidancePlan base_;
  std::vector<flight::Segment> segments_;
  mutable flight::FlightResult work_;
};

py::dict toDict(const Impact& i) {
  py::dict d;
  d["lat_deg"] = i.lat_deg;
  d["lon_deg"] = i.lon_deg;
  d["t_s"] = i.t_s;
  d["rhs_evaluations"] = i.evaluations;
  return d;
}

}  // namespace

PYBIND11_MODULE(picket_peers, m) {
  m.doc() = "picket, Boost.odeint and SciPy on the same Hwasong-12 flight (bench/side_by_side.py)";
  m.attr("compiled_peers") = std::vector<std::string>{"boost-odeint-dopri5", "boost-odeint-dopri5-dense-hairer",
                                                      "boost-odeint-dopri5-restarts"};
  py::class_<Peers>(m, "Peers")
      .def(py::init<>())
      .def("fly", [](const Peers& p, const std::string& peer, double tol) { return toDict(p.fly(peer, tol)); })
      .def("rate", [](const Peers& p, const std::string& peer, double tol, double min_s) {
        p.fly(peer, tol);  // throws here, not in the timing loop, for an unknown name
        return Peers::rate([&] { p.fly(peer, tol); }, min_s);
      })
      .def("picket", [](const Peers& p, double tol) { return toDict(p.picket(tol)); })
      .def("set_variant", &Peers::setVariant)
      .def("initial_state", &Peers::initialState)
      .def("segments", &Peers::segments)
      .def("rhs", &Peers::rhs)
      .def("altitude", &Peers::altitude)
      .def("impact_point", [](const Peers& p, double t, std::vector<double> y) {
        StateVector x;
        std::copy(y.begin(), y.end(), x.begin());
        return p.impactPoint(t, x);
      })
      .def("distance", &Peers::distance);
}
