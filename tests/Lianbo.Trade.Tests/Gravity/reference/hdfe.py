"""Numerical core for gravity_reference.py (copied from the project's research reference, trimmed): PPML / OLS with high-dimensional fixed effects.

Written from the estimating equations only (Poisson pseudo-likelihood first-order
conditions, Frisch-Waugh-Lovell with alternating weighted projections), not from
any package's code.

PPML with fixed effects solves, for mu = exp(offset + X b + sum_g alpha_g):
    X' (y - mu) = 0   and   sum_{obs in level l of group g} (y - mu) = 0  for every level.
IRLS: with w = mu and working variable z = eta + (y - mu)/mu, the Newton step is the
weighted LS of z on [X, D]; D (the dummies) is partialled out by alternating weighted
projections (exact at convergence: the projection onto the span of all dummies is the
limit of the cyclic projections, von Neumann/Halperin).
"""
import numpy as np  # the only dependency


def codes(*cols):
    """Integer codes 0..L-1 of the combination of the given 1-D arrays."""
    if len(cols) == 1:
        _, inv = np.unique(np.asarray(cols[0]), return_inverse=True)
        return inv.astype(np.int64)
    keys = np.rec.fromarrays([np.asarray(c) for c in cols])
    _, inv = np.unique(keys, return_inverse=True)
    return inv.astype(np.int64)


class FEGroups:
    def __init__(self, groups):
        self.groups = [np.asarray(g, dtype=np.int64) for g in groups]
        self.sizes = [int(g.max()) + 1 for g in self.groups]

    def demean(self, V, w, tol=1e-14, maxit=100000):
        """Weighted residual of the columns of V after projection on all FE dummies.

        Cyclic (symmetric sweep) projections until the largest update, relative to the
        column scale, is below tol.  Returns (residual, iterations)."""
        V = np.array(V, dtype=float, copy=True)
        one_d = V.ndim == 1
        if one_d:
            V = V[:, None]
        if not self.groups:
            return (V[:, 0] if one_d else V), 0
        wsum = [np.bincount(g, weights=w, minlength=n) for g, n in zip(self.groups, self.sizes)]
        scale = np.maximum(np.sqrt(np.average(V * V, axis=0, weights=w)), 1e-300)
        order = list(range(len(self.groups)))
        if len(order) > 1:
            order = order + order[-2::-1]  # symmetric sweep
        it = 0
        for it in range(1, maxit + 1):
            maxupd = 0.0
            for k in order:
                g = self.groups[k]
                for c in range(V.shape[1]):
                    m = np.bincount(g, weights=w * V[:, c], minlength=self.sizes[k]) / wsum[k]
                    V[:, c] -= m[g]
                    upd = np.max(np.abs(m)) / scale[c]
                    if upd > maxupd:
                        maxupd = upd
            if len(self.groups) == 1 or maxupd < tol:
                break
        return (V[:, 0] if one_d else V), it


def ppml(y, X, fe, offset=None, tol=1e-15, maxit=200, demean_tol=1e-14, eta_tol=1e-10, verbose=False):
    """PPML with fixed effects by IRLS.  X may have zero columns (FE only).

    Returns dict with beta, mu, eta, Xd (X partialled out with weights mu at the
    solution), iterations, deviance, and the max relative FOC violation."""
    y = np.asarray(y, float)
    n = y.size
    X = np.zeros((n, 0)) if X is None else np.asarray(X, float).reshape(n, -1)
    off = np.zeros(n) if offset is None else np.asarray(offset, float)
    fe = fe if isinstance(fe, FEGroups) else FEGroups(fe)
    k = X.shape[1]
    # start: mu = (y + mean y)/2 (always positive)
    mu = 0.5 * (y + y.mean())
    eta = np.log(mu)
    beta = np.zeros(k)
    dev_old = np.inf
    eta_old = eta
    for it in range(1, maxit + 1):
        w = mu
        z = eta - off + (y - mu) / mu
        M = np.column_stack([z, X]) if k else z[:, None]
        Md, _ = fe.demean(M, w, tol=demean_tol)
        zd = Md[:, 0]
        Xd = Md[:, 1:]
        if k:
            XtWX = Xd.T @ (w[:, None] * Xd)
            beta = np.linalg.solve(XtWX, Xd.T @ (w * zd))
            resid = zd - Xd @ beta
        else:
            resid = zd
        eta = off + (z - resid)
        mu = np.exp(eta)
        with np.errstate(divide="ignore", invalid="ignore"):
            t = np.where(y > 0, y * np.log(y / mu), 0.0)
        dev = 2.0 * np.sum(t - (y - mu))
        if verbose:
            print(f"  iter {it}: deviance {dev:.10g}")
        deta = np.max(np.abs(eta - eta_old)) if it > 1 else np.inf
        eta_old = eta
        if verbose:
            r_ = y - mu
            print(f"    max|d eta| {deta:.3e}  rel.dev.change {abs(dev - dev_old) / max(abs(dev), 1.0):.3e}")
        if deta < eta_tol or (abs(dev - dev_old) <= tol * max(abs(dev), 1.0) and deta < 1e3 * eta_tol):
            break
        dev_old = dev
    # final partialled-out regressors at the solution weights (for the vcov)
    if k:
        Xd, _ = fe.demean(X, mu, tol=demean_tol)
    # first-order conditions
    r = y - mu
    foc = []
    for g, s in zip(fe.groups, fe.sizes):
        num = np.bincount(g, weights=r, minlength=s)
        den = np.bincount(g, weights=y + mu, minlength=s) + 1e-300
        foc.append(np.max(np.abs(num / den)))
    if k:
        foc.append(np.max(np.abs(X.T @ r) / (np.abs(X).T @ (y + mu) + 1e-300)))
    return dict(beta=beta, mu=mu, eta=eta, Xd=Xd if k else None, iters=it, deviance=dev,
                foc=max(foc) if foc else 0.0)


def cluster_vcov(Xd, score_resid, weights, cluster, dof_factor=1.0):
    """Sandwich (Xd'W Xd)^-1 (sum_g s_g s_g') (Xd'W Xd)^-1 * G/(G-1) * dof_factor.
    For PPML weights=mu and score_resid=y-mu; for OLS weights=1 and score_resid=e."""
    cl = codes(cluster)
    G = cl.max() + 1
    bread = np.linalg.inv(Xd.T @ (weights[:, None] * Xd))
    S = np.zeros((G, Xd.shape[1]))
    for c in range(Xd.shape[1]):
        S[:, c] = np.bincount(cl, weights=Xd[:, c] * score_resid, minlength=G)
    meat = S.T @ S
    return G / (G - 1) * dof_factor * bread @ meat @ bread


def fe_poisson_2way(y, i_idx, j_idx, offset, ni, nj, ref_j, tol=1e-15, maxit=100000,
                    a0=None, b0=None):
    """Exact PPML with exporter (a_i) and importer (b_j) fixed effects and an offset, by
    cyclic closed-form updates of the Poisson score equations:
        a_i = log sum_j y_ij - log sum_j exp(b_j + off_ij),   b_j likewise;
    normalised b_ref = 0.  Converged when the relative score violation < tol."""
    y = np.asarray(y, float)
    eo = np.exp(offset)
    Ysum = np.bincount(i_idx, weights=y, minlength=ni)
    Esum = np.bincount(j_idx, weights=y, minlength=nj)
    a = np.zeros(ni) if a0 is None else a0.copy()
    b = np.zeros(nj) if b0 is None else b0.copy()
    best, stall = np.inf, 0
    for it in range(1, maxit + 1):
        a = np.log(Ysum) - np.log(np.bincount(i_idx, weights=eo * np.exp(b[j_idx]), minlength=ni))
        b = np.log(Esum) - np.log(np.bincount(j_idx, weights=eo * np.exp(a[i_idx]), minlength=nj))
        mu = np.exp(a[i_idx] + b[j_idx]) * eo
        viol = np.max(np.abs(np.bincount(i_idx, weights=mu, minlength=ni) / Ysum - 1))
        if viol < tol:
            break
        # at the rounding floor the violation stops decreasing: stop there (machine precision)
        if viol < 1e-13:
            stall = stall + 1 if viol >= best else 0
            if stall >= 5:
                break
        best = min(best, viol)
    shift = b[ref_j]
    b = b - shift
    a = a + shift
    mu = np.exp(a[i_idx] + b[j_idx]) * eo
    return a, b, mu, it, viol
