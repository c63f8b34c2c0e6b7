#!/usr/bin/python3
"""picket against its peers on the same flight, in one process.

Runs the flagship Hwasong-12 flight (boost, coast, re-entry to impact) with the same C++
right-hand side (src/flight/dynamics.h) through
  - picket's own propagator (DOP853 at tol 1e-8 and tighter, Dormand-Prince 5(4) with steps
    stopped just past the predicted bound crossings at looser ones; events on the dense output),
  - Boost.odeint's runge_kutta_dopri5 three ways: in its stock controlled stepper (impact by
    bisection, each probe a fresh step from the last step's start); as a dense-output stepper with
    Hairer's error norm and step-size controller (dopri5.f) plugged in through odeint's ErrorChecker
    and StepAdjuster template parameters; and that stepper given picket's own restarts at the
    atmosphere-layer and drag-table bounds (bench/peers.cpp),
  - SciPy's solve_ivp (DOP853 and RK45; the right-hand side is picket's, called through pybind11, so
    SciPy is measured at its fastest: a pure-Python right-hand side would be slower still).
Each is run at the loosest tolerance of a ladder (1e-3 to 1e-12 in half decades) from which on it
lands every flight of a family of eight around the flagship (launch azimuth and cut-off nudged)
within 1 m of a reference flown by picket at tol 1e-12 (checked against odeint at 1e-12); then the
flagship itself is timed at that tolerance, in flights per second of CPU time (the C++ flights in
alternating rounds, best round each).
impact_error_m is the peer's worst over the family.
Prints one line per peer:
  flight picket=<flights/s> peer=<name>:<flights/s> ratio=<x> impact_error_m=<e>

Usage: /usr/bin/python3 bench/side_by_side.py [--build build/release] [--seconds 1] [--rounds 3]
       [--peers boost-odeint-dopri5-restarts,scipy-DOP853]
"""
import argparse
import os
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--build", default=os.path.join(HERE, "..", "build", "release"))
    ap.add_argument("--seconds", type=float, default=1.0, help="timing window per C++ peer and round")
    ap.add_argument("--rounds", type=int, default=3,
                    help="timing rounds, picket and the C++ peers alternating; each one's best round counts")
    ap.add_argument("--max-error-m", type=float, default=1.0)
    ap.add_argument("--variants", type=int, default=8, help="flights in the family (1 to 8)")
    ap.add_argument("--peers", default="", help="comma-separated peer names to run (default: all)")
    args = ap.parse_args()
    sys.path.insert(0, os.path.join(args.build, "bench"))
    import numpy as np
    import scipy
    from scipy.integrate import solve_ivp
    import picket_peers

    P = picket_peers.Peers()
    variants = range(args.variants)
    refs, agree = [], 0.0
    for v in variants:
        P.set_variant(v)
        r, o = P.picket(1e-12), P.fly("boost-odeint-dopri5", 1e-12)
        refs.append(r)
        agree = max(agree, P.distance(r["lat_deg"], r["lon_deg"], o["lat_deg"], o["lon_deg"]))
    print(f"# reference: picket at tol 1e-12 for {args.variants} flights around the flagship "
          f"(impact {refs[0]['lat_deg']:.6f} {refs[0]['lon_deg']:.6f}, t={refs[0]['t_s']:.3f} s); "
          f"odeint at 1e-12 lands within {agree:.3f} m of each", flush=True)

    def worst(fly, tol):
        """Largest impact error over the family at this tolerance, and the mean evaluations."""
        errs, evals = [], 0
        for v in variants:
            P.set_variant(v)
            imp = fly(tol)
            errs.append(P.distance(refs[v]["lat_deg"], refs[v]["lon_deg"], imp["lat_deg"], imp["lon_deg"]))
            evals += imp["rhs_evaluations"]
        P.set_variant(0)
        return max(errs), evals // len(errs)

    ladder = [10.0 ** (-k / 2.0) for k in range(6, 25)]  # 1e-3 ... 1e-12 in half decades

    def loosest(fly):
        # The loosest tolerance at which this tolerance and every tighter one land every flight of
        # the family within the bound: a tolerance that lands close by luck does not count.
        best = None
        for tol in reversed(ladder):
            e, evals = worst(fly, tol)
            if e > args.max_error_m:
                break
            best = (tol, e, {"rhs_evaluations": evals})
        if best is None:
            raise SystemExit(f"no tolerance down to {ladder[-1]:.0e} reached the impact error (worst {e:.3f} m)")
        return best

    y0 = np.array(P.initial_state())

    def scipy_fly(method):
        def fly(tol):
            atol = np.array([tol * 1e4] * 3 + [tol * 10.0] * 3 + [1e30])
            y, t, evals = y0.copy(), 0.0, 0
            for i, (t_end, mass_after) in enumerate(P.segments()):  # this variant's segments
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
    print(f"# picket: tol {tol_p:.1e}, {imp_p['rhs_evaluations']} rhs evaluations, worst impact error {err_p:.3f} m",
          flush=True)

    # Each C++ flight at its own matched tolerance, timed in alternating rounds so that a busy
    # machine slows all of them alike; the best round of each counts.
    wanted = set(args.peers.split(",")) if args.peers else None
    matched = {"picket": (tol_p, err_p, imp_p["rhs_evaluations"])}
    for name in picket_peers.compiled_peers:
        if wanted is None or name in wanted:
            tol_o, err_o, imp_o = loosest(lambda tol, name=name: P.fly(name, tol))
            matched[name] = (tol_o, err_o, imp_o["rhs_evaluations"])
    best = {name: 0.0 for name in matched}
    for _ in range(args.rounds):
        for name, (tol, _, _) in matched.items():
            best[name] = max(best[name], P.rate(name, tol, args.seconds))
    rate_p = best["picket"]
    rows = [(name, best[name], err, tol, evals) for name, (tol, err, evals) in matched.items() if name != "picket"]
    for method in ("DOP853", "RK45"):
        if wanted is not None and f"scipy-{method}" not in wanted:
            continue
        fly = scipy_fly(method)
        tol_s, err_s, imp_s = loosest(fly)
        P.set_variant(0)
        n, t0 = 0, time.thread_time()  # CPU time, as the C++ flights are timed
        while True:
            fly(tol_s)
            n += 1
            if time.thread_time() - t0 > args.seconds:
                break
        rows.append((f"scipy-{scipy.__version__}-solve_ivp-{method}", n / (time.thread_time() - t0), err_s, tol_s,
                     imp_s["rhs_evaluations"]))

    for name, rate, err, tol, evals in rows:
        print(f"# {name}: tol {tol:.1e}, {evals} rhs evaluations, worst impact error {err:.3f} m", flush=True)
        print(f"flight picket={rate_p:.1f} peer={name}:{rate:.2f} ratio={rate_p / rate:.2f} impact_error_m={err:.3f}",
              flush=True)


if __name__ == "__main__":
    main()
