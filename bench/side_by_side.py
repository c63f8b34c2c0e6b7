#!/usr/bin/python3
"""picket against its peers on the same flight, in one process.

Runs the flagship Hwasong-12 flight (boost, coast, re-entry to impact) with the same C++
right-hand side (src/flight/dynamics.h) through
  - picket's own propagator (DOP853 with events on its dense output),
  - Boost.odeint's runge_kutta_dopri5 in its controlled stepper,
  - SciPy's solve_ivp (DOP853 and RK45; the right-hand side is picket's, called through pybind11, so
    SciPy is measured at its fastest: a pure-Python right-hand side would be slower still).
Each is run at the loosest tolerance of a ladder (1e-3 to 1e-12 in half decades) from which on its
impact point stays within 1 m of a reference flown by picket at tol 1e-12 (checked against odeint
at 1e-12), then timed.
Prints one line per peer:
  flight picket=<flights/s> peer=<name>:<flights/s> ratio=<x> impact_error_m=<e>

Usage: /usr/bin/python3 bench/side_by_side.py [--build build/release] [--seconds 2]
"""
import argparse
import os
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--build", default=os.path.join(HERE, "..", "build", "release"))
    ap.add_argument("--seconds", type=float, default=2.0, help="timing window per C++ peer")
    ap.add_argument("--max-error-m", type=float, default=1.0)
    args = ap.parse_args()
    sys.path.insert(0, os.path.join(args.build, "bench"))
    import numpy as np
    import scipy
    from scipy.integrate import solve_ivp
    import picket_peers

    P = picket_peers.Peers()
    ref = P.picket(1e-12)
    ref_odeint = P.odeint(1e-12)
    agree = P.distance(ref["lat_deg"], ref["lon_deg"], ref_odeint["lat_deg"], ref_odeint["lon_deg"])
    print(f"# reference: picket at tol 1e-12, impact {ref['lat_deg']:.6f} {ref['lon_deg']:.6f} "
          f"t={ref['t_s']:.3f} s; odeint at 1e-12 lands {agree:.3f} m from it", flush=True)

    def error(imp):
        return P.distance(ref["lat_deg"], ref["lon_deg"], imp["lat_deg"], imp["lon_deg"])

    ladder = [10.0 ** (-k / 2.0) for k in range(6, 25)]  # 1e-3 ... 1e-12 in half decades

    def loosest(fly):
        # The loosest tolerance at which this tolerance and every tighter one land within the
        # bound: a lucky loose tolerance that happens to land close does not count.
        best = None
        for tol in reversed(ladder):
            imp = fly(tol)
            e = error(imp)
            if e > args.max_error_m:
                break
            best = (tol, e, imp)
        if best is None:
            raise SystemExit("no tolerance reached the impact error")
        return best

    segs = P.segments()
    y0 = np.array(P.initial_state())

    def scipy_fly(method):
        def fly(tol):
            atol = np.array([tol * 1e4] * 3 + [tol * 10.0] * 3 + [1e30])
            y, t, evals = y0.copy(), 0.0, 0
            for i, (t_end, mass_after) in enumerate(segs):
                f = lambda tt, yy, i=i: P.rhs(i, tt, yy)
                if np.isfinite(t_end):
                    if t_end > t:
                        sol = solve_ivp(f, (t, t_end), y, method=method, rtol=tol, atol=atol)
                        y, evals = sol.y[:, -1].copy(), evals + sol.nfev
                    t = t_end
                else:
                    hit = lambda tt, yy: P.altitude(yy)
                    hit.terminal, hit.direction = True, -1
                    sol = solve_ivp(f, (t, t + 7200.0), y, method=method, rtol=tol, atol=atol, events=hit)
                    t, y, evals = sol.t_events[0][0], sol.y_events[0][0].copy(), evals + sol.nfev
                if mass_after >= 0:
                    y[6] = mass_after
            lat, lon = P.impact_point(t, list(y))
            return {"lat_deg": lat, "lon_deg": lon, "t_s": t, "rhs_evaluations": evals}
        return fly

    tol_p, err_p, imp_p = loosest(P.picket)
    rate_p = P.picket_rate(tol_p, args.seconds)
    print(f"# picket: tol {tol_p:.1e}, {imp_p['rhs_evaluations']} rhs evaluations, impact error {err_p:.3f} m", flush=True)

    rows = []
    tol_o, err_o, imp_o = loosest(P.odeint)
    rows.append(("boost-odeint-dopri5", P.odeint_rate(tol_o, args.seconds), err_o, tol_o, imp_o["rhs_evaluations"]))
    for method in ("DOP853", "RK45"):
        fly = scipy_fly(method)
        tol_s, err_s, imp_s = loosest(fly)
        n, t0 = 0, time.perf_counter()
        while True:
            fly(tol_s)
            n += 1
            if time.perf_counter() - t0 > args.seconds:
                break
        rows.append((f"scipy-{scipy.__version__}-solve_ivp-{method}", n / (time.perf_counter() - t0), err_s, tol_s,
                     imp_s["rhs_evaluations"]))

    for name, rate, err, tol, evals in rows:
        print(f"# {name}: tol {tol:.1e}, {evals} rhs evaluations", flush=True)
        print(f"flight picket={rate_p:.1f} peer={name}:{rate:.2f} ratio={rate_p / rate:.2f} impact_error_m={err:.3f}",
              flush=True)


if __name__ == "__main__":
    main()
