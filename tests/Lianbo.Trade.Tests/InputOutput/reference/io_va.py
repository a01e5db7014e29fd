#!/usr/bin/python3
"""Independent numpy reference for Lianbo's value added in trade and upstreamness (src/Lianbo.Trade/InputOutput),
written from the papers' equations, not from the C#:

- Borin & Mancini (2019), "Measuring what matters in global value chains and value-added trade", World Bank Policy
  Research WP 8804, source-based decomposition of gross exports (country perspective), by exporting sector and importer;
  B^(s) is solved for directly here (the extraction of s's intermediate exports), where the C# uses Woodbury.
- the TiVA view diag(v) B F;
- Antras, Chor, Fally & Hillberry (2012) upstreamness U = (I - Delta)^-1 1, Delta_ij = z_ij / (x_i - N_i).

  /usr/bin/python3 io_va.py TABLE.csv G S [B.f64] > out.json

B.f64, when named, receives the Leontief inverse B (N x N, row-major, little-endian float64) for the C# side to use
as its input (the other input-output engine's job in the product).

TABLE.csv: N = G*S rows, no header; each row i: z_i1..z_iN, f_i1..f_iG, x_i, n_i (net change in inventories).
"""
import json
import os
import sys

os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

import numpy as np  # noqa: E402


def main(path, G, S, leontief_path=None):
    N = G * S
    t = np.loadtxt(path, delimiter=",", ndmin=2)
    assert t.shape == (N, N + G + 2), t.shape
    Z, Y, x, inv = t[:, :N], t[:, N:N + G], t[:, N + G], t[:, N + G + 1]
    safe = np.where(x == 0, 1.0, x)
    A = np.where(x[None, :] == 0, 0.0, Z / safe[None, :])
    va = x - Z.sum(axis=0)
    v = np.where(x == 0, 0.0, va / safe)
    B = np.linalg.inv(np.eye(N) - A)
    if leontief_path:
        B.astype("<f8").tofile(leontief_path)
    blk = [slice(c * S, (c + 1) * S) for c in range(G)]
    L = [np.linalg.inv(np.eye(S) - A[b, b]) for b in blk]
    BY = B @ Y  # where each sector's output is finally absorbed, by country

    # importer r's intermediate exports, by where the final demand that absorbs them is: sum_{j!=r} A_rj (BY)_j.
    C = []
    for r in range(G):
        Crl = np.zeros((S, G))
        for j in range(G):
            if j != r:
                Crl += A[blk[r], blk[j]] @ BY[blk[j], :]
        C.append(Crl)

    names = ["gross", "vax1", "vax2", "vax3", "vax4", "ref1", "ref2", "dva", "ddc", "fva_final", "fva_int", "fdc"]
    out = {k: np.zeros((N, G)) for k in names}
    for s in range(G):
        bs = blk[s]
        # A^(s): s's intermediate exports removed; B^(s) its inverse (BM 2019, eq. for FVA, source-based).
        As = A.copy()
        for j in range(G):
            if j != s:
                As[bs, blk[j]] = 0.0
        # only s's columns of B^(s) are needed: solve (I - A^(s)) B^(s)_{.s} = E_s directly
        Bs_s = np.linalg.solve(np.eye(N) - As, np.eye(N)[:, bs])
        foreign = np.ones(N, bool)
        foreign[bs] = False
        alpha = v[bs] @ L[s]                          # v_s L_ss
        ddc = v[bs] @ (B[bs, bs] - L[s])              # v_s (B_ss - L_ss)
        beta = v[foreign] @ Bs_s[foreign]        # sum_{t!=s} v_t B^(s)_ts
        fdc = v[foreign] @ (B[foreign][:, bs] - Bs_s[foreign])
        for r in range(G):
            if r == s:
                continue
            br = blk[r]
            Asr = A[bs, br]
            Zsr = Z[bs, br].sum(axis=1)
            Ysr = Y[bs, r]
            E = Zsr + Ysr
            Crl = C[r]
            third = [j for j in range(G) if j not in (r, s)]
            notS = [l for l in range(G) if l != s]
            out["gross"][bs, r] = E
            out["vax1"][bs, r] = alpha * Ysr
            out["vax2"][bs, r] = alpha * (Asr @ L[r] @ Y[br, r])
            out["vax3"][bs, r] = alpha * (Asr @ L[r] @ Y[br][:, third].sum(axis=1))
            out["vax4"][bs, r] = alpha * (Asr @ L[r] @ Crl[:, notS].sum(axis=1))
            out["ref1"][bs, r] = alpha * (Asr @ L[r] @ Y[br, s])
            out["ref2"][bs, r] = alpha * (Asr @ L[r] @ Crl[:, s])
            out["dva"][bs, r] = alpha * E
            out["ddc"][bs, r] = ddc * E
            out["fva_final"][bs, r] = beta * Ysr
            out["fva_int"][bs, r] = beta * Zsr
            out["fdc"][bs, r] = fdc * E

    def by_exporter(m):
        return m.reshape(G, S, G).sum(axis=(1, 2))

    gross = by_exporter(out["gross"])
    davax = out["vax1"] + out["vax2"]
    backward = by_exporter(out["ddc"] + out["fva_final"] + out["fva_int"] + out["fdc"]) / gross
    forward = by_exporter(out["dva"] - davax) / gross

    # where the value added in each exporter's gross exports was made (VBE, Koopman, Wang & Wei 2014): origin t x exporter c
    e = out["gross"].sum(axis=1)
    export_origins = ((v[:, None] * B) * e[None, :]).reshape(G, S, G, S).sum(axis=(1, 3))

    tiva_sector = v[:, None] * BY
    tiva = tiva_sector.reshape(G, S, G).sum(axis=1)

    def upstream(n):
        d = x - n
        Delta = np.where(d[:, None] > 0, Z / np.where(d > 0, d, 1.0)[:, None], 0.0)
        u = np.linalg.solve(np.eye(N) - Delta, np.ones(N))
        u[~(d > 0)] = np.nan
        return u

    result = {k: m.ravel().tolist() for k, m in out.items()}
    result.update(
        backward=backward.tolist(), forward=forward.tolist(),
        tiva_sector=tiva_sector.ravel().tolist(), tiva=tiva.ravel().tolist(), export_origins=export_origins.ravel().tolist(),
        upstreamness=[None if np.isnan(u) else u for u in upstream(np.zeros(N))],
        upstreamness_inventories=[None if np.isnan(u) else u for u in upstream(inv)],
        va=va.tolist())
    json.dump(result, sys.stdout)


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4] if len(sys.argv) > 4 else None)
