#!/usr/bin/python3
"""Independent numpy/scipy reference for Lianbo's structural-gravity engine (src/Lianbo.Trade/Gravity), written
from the equations of Yotov, Piermartini, Monteiro & Larch (2016), "An Advanced Guide to Trade Policy Analysis:
The Structural Gravity Model" (WTO/UNCTAD), chapter 2, and the book's Stata solution files -- not from the C#.
Trimmed from the project's research reference (chapter 2 only); prints JSON for the tests.

  /usr/bin/python3 gravity_reference.py app1  PANEL.csv.gz   # trade without borders, 2006 (seconds)
  /usr/bin/python3 gravity_reference.py nafta PANEL.csv.gz   # NAFTA: panel PPML with 3 FE sets, GE in 1994 (~30 s)
  /usr/bin/python3 gravity_reference.py time PANEL.csv.gz 3  # the bench's timings (medians of 3 runs)
"""
import json
import os
import sys

os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
from scipy import optimize, sparse  # noqa: E402
from scipy.sparse.linalg import spsolve  # noqa: E402

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from hdfe import FEGroups, codes, ppml, cluster_vcov, fe_poisson_2way  # noqa: E402

SIGMA = 7.0
REF = "DEU"
YEARS4 = list(range(1986, 2007, 4))
# reference names -> the C# engine's names of the per-country changes
KEYS = dict(Xi_cdl="exports_cdl", Xi_full="exports_full", rGDP="real_gdp", IMR="imr", OMR="omr",
            IMR_cdl="imr_cdl", OMR_cdl="omr_cdl", price="price")


class CrossSection:
    """One year, N x N incl. domestic flows, rows ordered (exporter, importer)."""

    def __init__(self, df):
        df = df.sort_values(["exporter", "importer"]).reset_index(drop=True)
        self.df = df
        self.names = np.array(sorted(df.exporter.unique()))
        self.N = len(self.names)
        pos = {c: k for k, c in enumerate(self.names)}
        self.i = df.exporter.map(pos).values
        self.j = df.importer.map(pos).values
        self.r = pos[REF]
        self.X = df.trade.values.astype(float)
        self.Y = np.bincount(self.i, weights=self.X, minlength=self.N)
        self.E = np.bincount(self.j, weights=self.X, minlength=self.N)
        self.phi = self.E / self.Y
        self.intl = self.i != self.j

    def fe_fit(self, y, ln_t, a0=None, b0=None):
        a, b, mu, it, viol = fe_poisson_2way(y, self.i, self.j, ln_t, self.N, self.N, self.r,
                                              a0=a0, b0=b0)
        return a, b, mu

    def rowsum(self, v, intl_only=False):
        return np.bincount(self.i, weights=v * (self.intl if intl_only else 1), minlength=self.N)


def book_procedure(cs, ln_t_bln, ln_t_cfl, sigma=SIGMA, stop=0.01, maxrounds=200, verbose=False):
    """The book's GE procedure (ch.2 Step I-III, boxes on pp.104-108 / do-files), incl. its
    stopping rule: iterate while sd(dif) > stop or |max(dif)| > stop, where dif is the change
    of the factory-gate-price update between two rounds, summarised over the N*N rows."""
    e = 1.0 / (1.0 - sigma)
    Y, E, phi, ER0 = cs.Y, cs.E, cs.phi, cs.E[cs.r]
    a0, b0, mu0 = cs.fe_fit(cs.X, ln_t_bln)                 # baseline FEs (pi, chi), chi_DEU = 0
    OMR0 = Y * ER0 / np.exp(a0)
    IMR0 = E / (np.exp(b0) * ER0)
    Xi0 = cs.rowsum(mu0, True)
    a1, b1, mu1 = cs.fe_fit(cs.X, ln_t_cfl)                 # conditional GE
    OMR_cdl = Y * ER0 / np.exp(a1)
    IMR_cdl = E / (np.exp(b1) * ER0)
    Xi_cdl = cs.rowsum(mu1, True)
    # iteration state
    a_prev, ER_prev = a0, ER0
    cp_prev2 = np.zeros(cs.N)                                # change_pricei_0 = 0
    a_k, b_k, mu_k, ER_k, Y_k, E_k = a1, b1, mu1, ER0, Y.copy(), E.copy()
    cp_k = ((np.exp(a_k) / np.exp(a_prev)) / (ER_k / ER_prev)) ** e
    OMR_k, IMR_k = Y_k * ER_k / np.exp(a_k), E_k / (np.exp(b_k) * ER_k)
    cOMR_k, cIMR_k = np.ones(cs.N), np.ones(cs.N)
    log = []
    rounds = 0
    diverged = False
    while True:
        rounds += 1
        trade = mu_k * cp_k[cs.i] * cp_k[cs.j] / (cOMR_k[cs.i] * cIMR_k[cs.j])
        a_n, b_n, mu_n = cs.fe_fit(trade, ln_t_cfl, a0=a_k, b0=b_k)
        Y_n = cs.rowsum(mu_n)
        E_n = phi * Y_n
        ER_n = E_n[cs.r]
        cp_n = ((np.exp(a_n) / np.exp(a_k)) / (ER_n / ER_k)) ** e
        OMR_n, IMR_n = Y_n * ER_n / np.exp(a_n), E_n / (np.exp(b_n) * ER_n)
        cOMR_n, cIMR_n = OMR_n / OMR_k, IMR_n / IMR_k
        dif = (cp_k - cp_prev2)[cs.i]                        # per row, as summarised in Stata
        sd, mx = float(np.std(dif, ddof=1)), float(abs(np.max(dif)))
        log.append(dict(round=rounds, mean=float(dif.mean()), sd=sd, min=float(dif.min()), max=float(dif.max())))
        cp_prev2 = cp_k
        a_k, b_k, mu_k, ER_k, Y_k, E_k, cp_k = a_n, b_n, mu_n, ER_n, Y_n, E_n, cp_n
        OMR_k, IMR_k, cOMR_k, cIMR_k = OMR_n, IMR_n, cOMR_n, cIMR_n
        if stop is not None and not (sd > stop or mx > stop):
            break
        if stop is None and np.max(np.abs(dif)) < 1e-13 and rounds > 2:
            break
        if stop is None and rounds > 20 and all(log[-k]["sd"] > log[-k - 1]["sd"] for k in range(1, 11)):
            diverged = True
            break
        if rounds >= maxrounds:
            break
    # Step III (iv): full-endowment indexes from the last round S
    cpF = ((np.exp(a_k) / np.exp(a0)) / (ER_k / ER0)) ** e
    Y_F = cpF * Y
    E_F = phi * Y_F
    OMR_F = Y_F * ER_k / np.exp(a_k)
    IMR_F = E_k / (np.exp(b_k) * ER_k)
    ln_tc = ln_t_cfl
    X_F = Y_F[cs.i] * E_F[cs.j] * np.exp(ln_tc) / (IMR_F[cs.j] * OMR_F[cs.i])
    Xi_F = cs.rowsum(X_F, True)
    mc_err = float(np.max(np.abs(cs.rowsum(X_F) / Y_F - 1)))
    bud_err = float(np.max(np.abs(np.bincount(cs.j, weights=X_F, minlength=cs.N) / E_F - 1)))
    return dict(mc_err=mc_err, bud_err=bud_err, p_hat=cpF, Y_F=Y_F, OMR0=OMR0, IMR0=IMR0, OMR_cdl=OMR_cdl, IMR_cdl=IMR_cdl,
                OMR_F=OMR_F, IMR_F=IMR_F, Xi0=Xi0, Xi_cdl=Xi_cdl, Xi_F=Xi_F, rounds=rounds, log=log, diverged=diverged,
                a0=a0, b0=b0, a1=a1, b1=b1, mu0=mu0)


def exact_ge(cs, mu0, ln_t_bln, ln_t_cfl, sigma=SIGMA, deficits="ratio"):
    """Exact hat algebra on the fitted baseline flows mu0 (which add up to Y and E exactly).
    Unknown p_hat (factory-gate price changes).  With deficits='ratio' E'_j = phi_j Y'_j
    (book); with 'level' E'_j = Y'_j + D_j, D_j fixed in units of the numeraire P_DEU.
    Normalisation (book): inward MR of DEU unchanged, P_hat_DEU = 1."""
    th = np.exp(ln_t_cfl - ln_t_bln)                        # (t_hat)^(1-sigma): ln_t is already ln t^(1-sigma)
    Y, E, N = cs.Y, cs.E, cs.N
    i, j = cs.i, cs.j
    lam = mu0 / E[j]                                        # baseline import shares

    def pieces(lp):
        p = np.exp(lp)
        Yp = p * Y
        if deficits == "ratio":
            # book's rule E_j = phi_j Y_j, rescaled by one world factor so that world
            # expenditure = world income (without it Walras' law fails: see comparison.md)
            Ep = p * E * (Yp.sum() / (p * E).sum())
        elif deficits == "ratio-unscaled":
            Ep = p * E
        else:
            Ep = Yp + (E - Y)
        Ph = np.bincount(j, weights=lam * p[i] ** (1 - sigma) * th, minlength=N)   # P_hat^(1-sigma)
        Xp = lam * p[i] ** (1 - sigma) * th / Ph[j] * Ep[j]
        return p, Yp, Ep, Ph, Xp

    def F(lp):
        p, Yp, Ep, Ph, Xp = pieces(lp)
        exc = np.bincount(i, weights=Xp, minlength=N) / Yp - 1.0
        out = exc.copy()
        out[cs.r] = np.log(Ph[cs.r]) / (1 - sigma)          # replace one (Walras) by P_hat_DEU = 1
        return out

    # tatonnement start: log p <- log p + (log sales - log income)/sigma, renormalised so that
    # P_hat_DEU = 1; then Newton-type polish (MINPACK hybrd) to machine precision.
    lp = np.zeros(N)
    for _ in range(5000):
        p, Yp, Ep, Ph, Xp = pieces(lp)
        sales = np.bincount(i, weights=Xp, minlength=N)
        lp_new = lp + (np.log(sales) - np.log(Yp)) / sigma
        lp_new -= np.log(pieces(lp_new)[3][cs.r]) / (1 - sigma)
        done = np.max(np.abs(lp_new - lp)) < 1e-14
        lp = lp_new
        if done:
            break
    sol = optimize.root(F, lp, method="hybr", options=dict(xtol=1e-15, maxfev=20000))
    lp = sol.x
    res = F(lp)
    p, Yp, Ep, Ph, Xp = pieces(lp)
    # adding-up checks on ALL markets (incl. the one replaced by the normalisation)
    rows = np.bincount(i, weights=Xp, minlength=N) / Yp - 1
    cols = np.bincount(j, weights=Xp, minlength=N) / Ep - 1
    return dict(p_hat=p, Y_F=Yp, E_F=Ep, P_hat=Ph ** (1 / (1 - sigma)), X_F=Xp,
                Xi_F=cs.rowsum(Xp, True), resid=float(np.max(np.abs(res))),
                market_clearing=float(np.max(np.abs(rows))), budget=float(np.max(np.abs(cols))))


def indexes(cs, b, ex, sigma, convention):
    """Per-country % changes.  convention 'cfl_vs_bln' (app.1: counterfactual relative to
    baseline) or 'bln_vs_cfl' (app.2 NAFTA: effect of the agreement = baseline relative to the
    no-NAFTA counterfactual), exactly as the book's do-files define them."""
    e = 1 / (1 - sigma)
    out = {}
    # book-procedure quantities
    if b is not None:
        rg0 = cs.Y / b["IMR0"] ** e
        rgF = b["Y_F"] / b["IMR_F"] ** e
        q = dict(Xi_cdl=(b["Xi_cdl"], b["Xi0"]), Xi_full=(b["Xi_F"], b["Xi0"]),
                 rGDP=(rgF, rg0), IMR=(b["IMR_F"] ** e, b["IMR0"] ** e),
                 OMR=(b["OMR_F"] ** e, b["OMR0"] ** e), OMR_cdl=(b["OMR_cdl"] ** e, b["OMR0"] ** e),
                 IMR_cdl=(b["IMR_cdl"] ** e, b["IMR0"] ** e), price=(b["p_hat"], np.ones(cs.N)))
    else:
        q = {}
    for k, (cf, bl) in q.items():
        if convention == "cfl_vs_bln":
            out[k] = (cf - bl) / bl * 100
        else:
            out[k] = (bl - cf) / cf * 100
    if convention == "bln_vs_cfl" and "price" in q:
        out["price"] = (1 - q["price"][0]) * 100     # book's formula: (1 - p_hat) * 100
    return out


def exact_indexes(cs, b, x, sigma, convention):
    """Same indexes from the exact solution x (MR changes from hat algebra)."""
    e = 1 / (1 - sigma)
    p, Ph = x["p_hat"], x["P_hat"]
    IMR0e = b["IMR0"] ** e                                    # P_j / P_DEU, baseline
    OMR0e = b["OMR0"] ** e
    IMRFe = IMR0e * Ph                                        # P_hat_DEU = 1
    # OMR (book) = Y_i E_R / exp(pi_i);  exp(pi_i)/E_R ~ p_i^(1-sigma) => OMR_hat = Y_hat / p_hat^(1-sigma)
    OMRFe = OMR0e * (x["Y_F"] / cs.Y / p ** (1 - sigma)) ** e
    rg0, rgF = cs.Y / IMR0e, x["Y_F"] / IMRFe
    q = dict(Xi_full=(x["Xi_F"], b["Xi0"]), rGDP=(rgF, rg0), IMR=(IMRFe, IMR0e), OMR=(OMRFe, OMR0e),
             price=(p, np.ones(cs.N)))
    out = {}
    for k, (cf, bl) in q.items():
        out[k] = (cf - bl) / bl * 100 if convention == "cfl_vs_bln" else (bl - cf) / cf * 100
    if convention == "bln_vs_cfl":
        out["price"] = (1 - p) * 100
    return out




def variants(cs, b, lnb, lnc, convention):
    out = {"book": indexes(cs, b, None, SIGMA, convention)}
    for rule in ("ratio", "level"):
        x = exact_ge(cs, b["mu0"], lnb, lnc, deficits=rule)
        v = exact_indexes(cs, b, x, SIGMA, convention)
        v["Xi_cdl"] = out["book"]["Xi_cdl"]
        v["IMR_cdl"] = out["book"]["IMR_cdl"]
        v["OMR_cdl"] = out["book"]["OMR_cdl"]
        out["exact-" + rule] = v
        out["exact-" + rule + "-resid"] = x["market_clearing"]
    return {k: ({KEYS[kk]: np.asarray(vv).tolist() for kk, vv in v.items()} if isinstance(v, dict) else v)
            for k, v in out.items()}


def app1(d):
    cs = CrossSection(d[d.year == 2006].copy())
    df = cs.df
    lnD = np.log(df.dist.values)
    intl = (df.exporter != df.importer).values.astype(float)
    Xr = np.column_stack([lnD, df.cntg.values, intl])
    r = ppml(cs.X, Xr, FEGroups([cs.i, cs.j]))
    V = cluster_vcov(r["Xd"], cs.X - r["mu"], r["mu"], np.arange(len(cs.X)))
    bta = r["beta"]
    lnb, lnc = Xr @ bta, Xr[:, :2] @ bta[:2]
    b = book_procedure(cs, lnb, lnc)
    b5 = book_procedure(cs, lnb, lnc, stop=1e-5)
    out = dict(countries=list(cs.names), beta=bta.tolist(), se=np.sqrt(np.diag(V)).tolist(), iters=r["iters"],
               a0=b["a0"].tolist(), b0=b["b0"].tolist(), a1=b["a1"].tolist(), rounds=b["rounds"], log=b["log"],
               rounds_1e5=b5["rounds"], book_1e5={KEYS[k]: np.asarray(v).tolist() for k, v in
                                                  indexes(cs, b5, None, SIGMA, "cfl_vs_bln").items()})
    out.update(variants(cs, b, lnb, lnc, "cfl_vs_bln"))
    return out


def nafta(d):
    p = d[d.year.isin(YEARS4)].copy()
    p["sum_pair"] = p.groupby("pair_id").trade.transform("sum")
    p["pair_pooled"] = np.where(p.exporter == p.importer, -1, p.pair_id)
    q = p[p.sum_pair > 0].copy()
    fe = FEGroups([codes(q.exporter, q.year), codes(q.importer, q.year), codes(q.pair_pooled)])
    r = ppml(q.trade.values, q[["rta"]].values, fe)
    Vr = cluster_vcov(r["Xd"], q.trade.values - r["mu"], r["mu"], np.arange(len(q)))
    Vc = cluster_vcov(r["Xd"], q.trade.values - r["mu"], r["mu"], q.pair_id.values)
    beta = float(r["beta"][0])
    # pair FE: solve a_it + b_jt + g_p = eta - X b (consistent), domestic category = 0, importer DEU = 0
    fixed = r["eta"] - q[["rta"]].values @ r["beta"]
    ga = codes(q.exporter, q.year)
    gb = codes((q.importer + "_" + q.year.astype(str)).values)
    gp = codes(q.pair_pooled)
    dom_level = gp[(q.exporter == q.importer).values][0]
    ref_levels = np.unique(gb[(q.importer == REF).values])
    nA, nB, nP = ga.max() + 1, gb.max() + 1, gp.max() + 1
    keepB = np.setdiff1d(np.arange(nB), ref_levels)
    mapB = -np.ones(nB, int)
    mapB[keepB] = np.arange(len(keepB))
    keepP = np.setdiff1d(np.arange(nP), [dom_level])
    mapP = -np.ones(nP, int)
    mapP[keepP] = np.arange(len(keepP))
    n = len(q)
    rows, cols = [np.arange(n)], [ga]
    mb = mapB[gb] >= 0
    rows.append(np.arange(n)[mb]); cols.append(nA + mapB[gb][mb])  # noqa: E702
    mp = mapP[gp] >= 0
    rows.append(np.arange(n)[mp]); cols.append(nA + len(keepB) + mapP[gp][mp])  # noqa: E702
    R_, C_ = np.concatenate(rows), np.concatenate(cols)
    D = sparse.csr_matrix((np.ones(len(R_)), (R_, C_)), shape=(n, nA + len(keepB) + len(keepP)))
    f = spsolve((D.T @ D).tocsc(), D.T @ fixed)
    gpair = np.zeros(nP)
    gpair[keepP] = f[nA + len(keepB):]
    c94 = p[p.year == 1994].copy()
    cs = CrossSection(c94)
    df = cs.df
    pid_pool = np.where(df.exporter == df.importer, -1, df.pair_id)
    lev = {v: k for k, v in enumerate(np.unique(q.pair_pooled))}
    gval = np.array([gpair[lev[v]] if v in lev else np.nan for v in pid_pool])
    gval[(df.exporter == df.importer).values] = 0.0
    tij = np.exp(gval)
    est = (~np.isnan(gval)) & cs.intl
    Z = np.column_stack([np.log(df.dist.values), df.cntg.values, df.lang.values, df.clny.values])
    r2 = ppml(tij[est], Z[est], FEGroups([cs.i[est], cs.j[est]]))
    V2 = cluster_vcov(r2["Xd"], tij[est] - r2["mu"], r2["mu"], df.pair_id.values[est])
    fe_part = r2["eta"] - Z[est] @ r2["beta"]
    rr = np.arange(est.sum())
    A = sparse.csr_matrix((np.ones(2 * len(rr)), (np.concatenate([rr, rr]),
                          np.concatenate([cs.i[est], cs.N + cs.j[est]]))), shape=(len(rr), 2 * cs.N))
    A = A[:, np.r_[0:cs.N, cs.N + 1:2 * cs.N]]
    sol = spsolve((A.T @ A).tocsc(), A.T @ fe_part)
    ai, bj = sol[:cs.N], np.r_[0.0, sol[cs.N:]]
    pred = np.exp(ai[cs.i] + bj[cs.j] + Z @ r2["beta"])
    tij_bar = np.where(np.isnan(gval), pred, tij)
    rta = df.rta.values.astype(float)
    nafta_ = np.isin(df.exporter, ["CAN", "MEX", "USA"]) & np.isin(df.importer, ["CAN", "MEX", "USA"]) & cs.intl
    lnb = np.log(tij_bar) + beta * rta
    lnc = np.log(tij_bar) + beta * np.where(nafta_, 0.0, rta)
    b = book_procedure(cs, lnb, lnc)
    pair_fe = {int(pid): float(gpair[lev[pid]]) for pid in (1, 2, 100, 1000, 2000) if pid in lev}
    out = dict(countries=list(cs.names), n=n, beta=beta, se_robust=float(np.sqrt(Vr[0, 0])),
               se_cluster=float(np.sqrt(Vc[0, 0])), iters=r["iters"], foc=r["foc"], pair_fe=pair_fe,
               stage2=r2["beta"].tolist(), stage2_se=np.sqrt(np.diag(V2)).tolist(),
               ln_t_bln=lnb.tolist(), ln_t_cfl=lnc.tolist(), a0=b["a0"].tolist(), a1=b["a1"].tolist(),
               b0=b["b0"].tolist(), b1=b["b1"].tolist(), rounds=b["rounds"], log=b["log"])
    out.update(variants(cs, b, lnb, lnc, "bln_vs_cfl"))
    return out


def timings(d, runs):
    """Seconds (median of runs) of the steps the bench compares with the C# engine, after the CSV is read."""
    import time

    def med(f):
        ts = []
        for _ in range(runs):
            t0 = time.perf_counter()
            f()
            ts.append(time.perf_counter() - t0)
        return float(np.median(ts))

    p = d[d.year.isin(YEARS4)].copy()
    p["sum_pair"] = p.groupby("pair_id").trade.transform("sum")
    p["pair_pooled"] = np.where(p.exporter == p.importer, -1, p.pair_id)
    q = p[p.sum_pair > 0].copy()
    fe = FEGroups([codes(q.exporter, q.year), codes(q.importer, q.year), codes(q.pair_pooled)])
    out = dict(ppml_3fe=med(lambda: ppml(q.trade.values, q[["rta"]].values, fe)))
    cs = CrossSection(d[d.year == 2006].copy())
    df = cs.df
    Xr = np.column_stack([np.log(df.dist.values), df.cntg.values, (df.exporter != df.importer).values.astype(float)])
    r = ppml(cs.X, Xr, FEGroups([cs.i, cs.j]))
    lnb, lnc = Xr @ r["beta"], Xr[:, :2] @ r["beta"][:2]

    def exact():
        _, _, mu0 = cs.fe_fit(cs.X, lnb)
        cs.fe_fit(cs.X, lnc)
        exact_ge(cs, mu0, lnb, lnc, deficits="ratio")

    out["ge_exact_69"] = med(exact)
    out["ge_book_69"] = med(lambda: book_procedure(cs, lnb, lnc))
    import re
    import scipy
    np.ones((256, 256)) @ np.ones((256, 256))  # loads the BLAS numpy is linked to, so /proc/self/maps names it
    with open("/proc/self/maps") as f:
        blas = sorted({m.rsplit("/", 1)[-1] for m in re.findall(r"/\S*blas\S*", f.read())})
    import resource
    out["peak_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    out["versions"] = dict(python=sys.version.split()[0], numpy=np.__version__, scipy=scipy.__version__,
                           pandas=pd.__version__, blas=blas)
    return out


if __name__ == "__main__":
    what, path = sys.argv[1], sys.argv[2]
    d = pd.read_csv(path)
    if what == "time":
        print(json.dumps(timings(d, int(sys.argv[3]) if len(sys.argv) > 3 else 3)))
    else:
        print(json.dumps(app1(d) if what == "app1" else nafta(d)))
