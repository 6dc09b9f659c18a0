"""Curvature of a network's loss: Hessian–vector products and what they tell about the spectrum.

The Hessian H of the training loss with respect to all P parameters is never formed (P² numbers);
everything here needs only products H·v, computed by double backpropagation (the gradient of
g·v, where g is the gradient built with ``create_graph``). One product costs about two gradients.

- :class:`NetworkHessian`: the operator v ↦ H·v for a model, a loss and a batch (x, y). The model
  is evaluated in **eval mode**: BatchNorm uses its running statistics and dropout is off, so the
  loss is a fixed, deterministic function of the weights (in train mode the Hessian would be of a
  random function). The model's mode is restored after every product.
- :func:`top_eigenpairs`: the k largest eigenvalues and unit eigenvectors by Lanczos with full
  reorthogonalisation. Stops when every wanted Ritz pair has residual ‖H·y − θ·y‖ ≤ tol·|θ_max|;
  then an eigenvalue of H lies within tol·|θ_max| of each reported θ (the residual bound for
  symmetric matrices). Iteration cap ``max_iter`` (at most P).
- :func:`hutchinson_trace`: tr H ≈ mean of zᵀHz over Rademacher probes z, with its standard error.
- :func:`spectral_density`: the eigenvalue density by stochastic Lanczos quadrature, each node a
  Gaussian of width σ; its mass is 1 and its mean estimates tr H / P.
- :class:`SharpnessTracker`: λ_max during training, warm-started from the previous top eigenvector
  so each update costs a few products.

Every long computation takes ``should_stop()`` (checked before each product) and
``progress(fraction)`` callbacks; a stopped computation returns what it has, marked ``cancelled``.
"""

from __future__ import annotations

import copy
import math
from dataclasses import dataclass, field
from typing import Callable, Sequence

import numpy as np
import torch

StopFn = Callable[[], bool] | None
ProgressFn = Callable[[float], None] | None

#: above this many parameters the exact Hessian (P×P) is refused: it is for checks on small nets
MAX_EXACT_PARAMETERS = 2_000


# --------------------------------------------------------------------------------------- operators


class NetworkHessian:
    """The Hessian of ``loss(model(x), y)`` (+ ``weight_decay``·Σ‖W‖² over weight matrices, the
    race's L2 penalty) with respect to the model's trainable parameters, as an operator.

    Parameters
    ----------
    model : the network; evaluated in eval mode (BatchNorm running statistics, dropout off).
    loss : a mean-reduced loss ``loss(output, target)`` (e.g. ``F.mse_loss``).
    x, y : the batch: the whole training set or a chosen part of it.
    weight_decay : the L2 penalty's λ (its Hessian, 2λ on weight matrices, is included).
    chunk : evaluate the batch in chunks of at most this many samples (memory); the products are
        the chunks' products weighted by their share of the batch, so the result is the same.

    The gradient graph of each chunk is built once and kept, so each product is one double
    backward. The operator therefore describes the weights as they were when it was made: build a
    new one after the weights change.
    """

    def __init__(self, model: torch.nn.Module, loss: Callable, x: torch.Tensor, y: torch.Tensor,
                 weight_decay: float = 0.0, chunk: int | None = None):
        self.model, self.loss, self.x, self.y, self.weight_decay = model, loss, x, y, weight_decay
        self.params = [p for p in model.parameters() if p.requires_grad]
        self.dim = sum(p.numel() for p in self.params)
        self.dtype = self.params[0].dtype
        self.products = 0  # H·v products computed so far (the cost unit)
        n = len(x)
        size = n if not chunk else max(1, int(chunk))
        was_training = model.training
        model.eval()
        self._graphs = []
        self.loss_value = 0.0
        try:
            with torch.enable_grad():
                for start in range(0, n, size):
                    xb, yb = x[start:start + size], y[start:start + size]
                    share = len(xb) / n
                    value = loss(model(xb), yb) * share
                    if weight_decay and start == 0:
                        value = value + weight_decay * sum(
                            (p**2).sum() for name, p in model.named_parameters()
                            if p.requires_grad and name.endswith("weight") and p.dim() > 1)
                    grads = torch.autograd.grad(value, self.params, create_graph=True)
                    self.loss_value += float(value.detach())
                    self._graphs.append(grads)
        finally:
            model.train(was_training)
        #: the loss's gradient at these weights (flat), a by-product of building the graphs
        self.gradient = sum(torch.cat([g.detach().reshape(-1) for g in gs]) for gs in self._graphs)

    def matvec(self, v: torch.Tensor) -> torch.Tensor:
        """H·v for a flat vector v of length :attr:`dim`."""
        pieces = _split(v.to(self.dtype), self.params)
        out = torch.zeros(self.dim, dtype=self.dtype)
        with torch.enable_grad():
            for grads in self._graphs:
                dot = sum((g * p).sum() for g, p in zip(grads, pieces))
                hv = torch.autograd.grad(dot, self.params, retain_graph=True, allow_unused=True)
                out += torch.cat([(h if h is not None else torch.zeros_like(p)).reshape(-1)
                                  for h, p in zip(hv, self.params)])
        self.products += 1
        return out


class ScaledOperator:
    """D·H·D for a positive diagonal D (a vector): the eigenvalues of D²·H, symmetrically.

    With D² = P⁻¹ the inverse of an optimizer's diagonal preconditioner, its top eigenvalue is the
    *preconditioned sharpness* λ_max(P⁻¹H) that governs adaptive methods' stability.
    """

    def __init__(self, op, diagonal: torch.Tensor):
        self.op, self.d = op, diagonal.to(op.dtype)
        self.dim, self.dtype = op.dim, op.dtype

    @property
    def products(self) -> int:
        return self.op.products

    def matvec(self, v: torch.Tensor) -> torch.Tensor:
        return self.d * self.op.matvec(self.d * v)


class MatrixOperator:
    """An explicit symmetric matrix as an operator (tests, and tiny problems)."""

    def __init__(self, matrix: torch.Tensor):
        self.matrix = matrix
        self.dim, self.dtype = matrix.shape[0], matrix.dtype
        self.products = 0

    def matvec(self, v: torch.Tensor) -> torch.Tensor:
        self.products += 1
        return self.matrix @ v.to(self.dtype)


def network_hessian(model: torch.nn.Module, loss: Callable, x: torch.Tensor, y: torch.Tensor,
                    weight_decay: float = 0.0, float64: bool = True) -> NetworkHessian:
    """The operator for a *copy* of ``model`` (float64 by default, so the eigenvalues carry no
    float32 rounding; class labels stay integers): safe beside a thread training the original."""
    model = copy.deepcopy(model)
    if float64:
        model, x = model.double(), x.double()
        y = y.double() if y.is_floating_point() else y
    return NetworkHessian(model, loss, x, y, weight_decay)


def _split(v: torch.Tensor, params: Sequence[torch.Tensor]) -> list[torch.Tensor]:
    out, start = [], 0
    for p in params:
        out.append(v[start:start + p.numel()].view_as(p))
        start += p.numel()
    return out


def exact_hessian(model: torch.nn.Module, loss: Callable, x: torch.Tensor, y: torch.Tensor,
                  weight_decay: float = 0.0) -> torch.Tensor:
    """The full P×P Hessian by ``torch.autograd.functional.hessian`` (eval mode), for checks on
    small networks; raises ValueError above :data:`MAX_EXACT_PARAMETERS` parameters."""
    names = [n for n, p in model.named_parameters() if p.requires_grad]
    params = [p for p in model.parameters() if p.requires_grad]
    sizes = [p.numel() for p in params]
    total = sum(sizes)
    if total > MAX_EXACT_PARAMETERS:
        raise ValueError(f"{total} parameters: too many for the exact Hessian "
                         f"(at most {MAX_EXACT_PARAMETERS})")
    flat0 = torch.cat([p.detach().reshape(-1) for p in params])

    def f(flat):
        pieces = dict(zip(names, _split(flat, params)))
        value = loss(torch.func.functional_call(model, pieces, (x,)), y)
        if weight_decay:
            value = value + weight_decay * sum((pieces[n] ** 2).sum() for n, p in zip(names, params)
                                               if n.endswith("weight") and p.dim() > 1)
        return value

    was_training = model.training
    model.eval()
    try:
        H = torch.autograd.functional.hessian(f, flat0)
    finally:
        model.train(was_training)
    return (H + H.T) / 2


# ----------------------------------------------------------------------------------------- Lanczos


class _Stopped(Exception):
    pass


def _rademacher(dim: int, gen: torch.Generator, dtype) -> torch.Tensor:
    return (torch.randint(0, 2, (dim,), generator=gen) * 2 - 1).to(dtype)


class _Lanczos:
    """Lanczos with full reorthogonalisation: Q (orthonormal rows) and the tridiagonal T = QHQᵀ.

    When the Krylov space closes (β ≈ 0: an invariant subspace) it continues from a fresh random
    vector orthogonal to Q, so T stays exact for the space spanned (eigenvalues of higher
    multiplicity and low-rank Hessians are found too).
    """

    def __init__(self, op, v0: torch.Tensor, gen: torch.Generator, should_stop: StopFn):
        self.op, self.gen, self.should_stop = op, gen, should_stop
        self.Q: list[torch.Tensor] = []
        self.alpha: list[float] = []
        self.beta: list[float] = []  # beta[j] couples Q[j] and Q[j+1]
        self.next = v0 / v0.norm()
        self.last_beta = 0.0  # ‖residual‖ after the newest step (for Ritz residuals)

    def step(self) -> None:
        if self.should_stop is not None and self.should_stop():
            raise _Stopped
        q = self.next
        self.Q.append(q)
        w = self.op.matvec(q)
        a = float(q @ w)
        self.alpha.append(a)
        Q = torch.stack(self.Q)
        for _ in range(2):  # twice is enough (Kahan–Parlett "twice is enough")
            w = w - Q.T @ (Q @ w)
        b = float(w.norm())
        scale = max(abs(a), self.beta[-1] if self.beta else 0.0, 1e-300)
        self.last_beta = b
        if len(self.Q) >= self.op.dim:
            self.next = None
            return
        if b <= 1e-10 * scale:  # invariant subspace: restart orthogonally, T decouples
            self.last_beta = 0.0
            self.beta.append(0.0)
            for _ in range(10):
                r = torch.randn(self.op.dim, generator=self.gen, dtype=self.op.dtype)
                for _ in range(2):
                    r = r - Q.T @ (Q @ r)
                if r.norm() > 1e-8:
                    break
            self.next = r / r.norm()
        else:
            self.beta.append(b)
            self.next = w / b

    def ritz(self):
        """Ritz values (ascending), the eigenvectors of T (columns) and each pair's residual."""
        m = len(self.alpha)
        T = np.diag(self.alpha)
        if m > 1:
            off = np.array(self.beta[:m - 1])
            T += np.diag(off, 1) + np.diag(off, -1)
        # torch, not numpy: numpy's BLAS may start threads of its own, costly on a busy machine
        theta, S = (t.numpy() for t in torch.linalg.eigh(torch.from_numpy(T)))
        residual = np.abs(self.last_beta * S[-1, :])
        return theta, S, residual

    def vectors(self, S: np.ndarray) -> torch.Tensor:
        """Ritz vectors Qᵀs for the columns s of S, as rows, unit length."""
        Q = torch.stack(self.Q)
        Y = torch.as_tensor(S.T, dtype=Q.dtype) @ Q
        return Y / Y.norm(dim=1, keepdim=True)


@dataclass
class EigenResult:
    """Top eigenvalues (descending) and unit eigenvectors (rows, same order)."""

    values: np.ndarray
    vectors: torch.Tensor
    residuals: np.ndarray  # ‖H·y − θ·y‖ of each pair: an eigenvalue lies within it
    converged: bool
    iterations: int  # Lanczos steps = H·v products
    cancelled: bool = False


def top_eigenpairs(op, k: int = 1, tol: float = 1e-3, max_iter: int = 100,
                   v0: torch.Tensor | None = None, seed: int = 0, which: str = "largest",
                   min_iter: int = 0, should_stop: StopFn = None, progress: ProgressFn = None) -> EigenResult:
    """The k largest eigenvalues of the operator (``which="magnitude"``: largest |λ|) with their
    eigenvectors, by Lanczos with full reorthogonalisation.

    Converged when each of the k Ritz pairs has residual ≤ ``tol``·|θ| of the largest; an
    eigenvalue of H then lies within that distance of each reported value. At most
    ``max_iter`` products (and never more than the dimension). ``v0`` warm-starts the iteration
    (e.g. the previous top eigenvector); by default a seeded Rademacher vector. At least
    ``min_iter`` steps are taken: a warm start is already nearly *an* eigenvector, and the extra
    Krylov directions let a different eigenvalue that has overtaken it show up.
    """
    if which not in ("largest", "magnitude"):
        raise ValueError(f"which must be 'largest' or 'magnitude', not {which!r}")
    dim = op.dim
    k = max(1, min(int(k), dim))
    cap = max(k, min(int(max_iter), dim))
    gen = torch.Generator().manual_seed(seed)
    start = _rademacher(dim, gen, op.dtype) if v0 is None else v0.detach().to(op.dtype).clone()
    if v0 is not None and float(start.norm()) == 0.0:
        start = _rademacher(dim, gen, op.dtype)
    lz = _Lanczos(op, start, gen, should_stop)
    cancelled = converged = False

    def pick(theta):
        order = np.argsort(-np.abs(theta) if which == "magnitude" else -theta, kind="stable")
        return order[:k]

    try:
        while len(lz.alpha) < cap:
            lz.step()
            m = len(lz.alpha)
            if progress is not None:
                progress(m / cap)
            if m >= k:
                theta, S, res = lz.ritz()
                idx = pick(theta)
                scale = max(np.abs(theta[idx]).max(), 1e-300)
                if (m >= min_iter and np.all(res[idx] <= tol * scale)) or lz.next is None:
                    converged = True
                    break
    except _Stopped:
        cancelled = True
    if not lz.alpha:
        return EigenResult(np.array([]), torch.zeros(0, dim, dtype=op.dtype), np.array([]), False,
                           0, cancelled)
    theta, S, res = lz.ritz()
    idx = pick(theta)
    if progress is not None and not cancelled:
        progress(1.0)
    return EigenResult(theta[idx], lz.vectors(S[:, idx]), res[idx], converged, len(lz.alpha),
                       cancelled)


# ------------------------------------------------------------------------------------------ trace


@dataclass
class TraceResult:
    trace: float
    stderr: float  # standard error of the mean over probes (nan with fewer than 2)
    probes: int
    samples: np.ndarray = field(repr=False, default_factory=lambda: np.array([]))
    cancelled: bool = False


def hutchinson_trace(op, probes: int = 100, rel_tol: float = 0.0, seed: int = 0,
                     should_stop: StopFn = None, progress: ProgressFn = None) -> TraceResult:
    """tr H ≈ the mean of zᵀHz over Rademacher probes z (unbiased; its variance is
    2·Σ_{i≠j} H_ij², so diagonal-heavy Hessians converge fast). Stops after ``probes`` probes, or
    earlier once the standard error is below ``rel_tol``·|trace| (with at least 10 probes)."""
    gen = torch.Generator().manual_seed(seed)
    samples: list[float] = []
    cancelled = False
    for i in range(int(probes)):
        if should_stop is not None and should_stop():
            cancelled = True
            break
        z = _rademacher(op.dim, gen, op.dtype)
        samples.append(float(z @ op.matvec(z)))
        if progress is not None:
            progress((i + 1) / probes)
        if rel_tol and len(samples) >= 10:
            s = np.asarray(samples)
            if s.std(ddof=1) / math.sqrt(len(s)) <= rel_tol * abs(s.mean()):
                break
    s = np.asarray(samples)
    trace = float(s.mean()) if len(s) else float("nan")
    stderr = float(s.std(ddof=1) / math.sqrt(len(s))) if len(s) > 1 else float("nan")
    return TraceResult(trace, stderr, len(s), s, cancelled)


# ---------------------------------------------------------------------------------------- density


@dataclass
class DensityResult:
    """The smoothed eigenvalue density φ on ``grid`` (∫φ = 1), and the quadrature it came from."""

    grid: np.ndarray
    values: np.ndarray
    nodes: np.ndarray  # (probes, steps) Ritz values of each probe's Lanczos run
    weights: np.ndarray  # (probes, steps) their quadrature weights (each row sums to 1)
    sigma: float
    probes: int
    cancelled: bool = False

    @property
    def mean(self) -> float:
        """Σ weight·node averaged over probes: the estimate of tr H / P."""
        return float((self.nodes * self.weights).sum(axis=1).mean())


def spectral_density(op, probes: int = 4, steps: int = 60, grid_points: int = 400,
                     sigma: float | None = None, sigma_fraction: float = 0.01, seed: int = 0,
                     should_stop: StopFn = None, progress: ProgressFn = None) -> DensityResult:
    """The eigenvalue density by stochastic Lanczos quadrature (Golub–Welsch; Ghorbani et al.,
    2019): for each random unit probe, ``steps`` Lanczos steps give nodes θ_j (the eigenvalues of
    T) and weights τ_j (the squared first components of its eigenvectors); the density is the
    average over probes of Σ τ_j·N(t; θ_j, σ²). σ defaults to ``sigma_fraction`` of the spectrum's
    width. The grid spans the nodes plus 4σ on either side, so the density's mass is 1.
    A cancelled run returns the density of the probes completed (none: empty arrays)."""
    gen = torch.Generator().manual_seed(seed)
    m = max(1, min(int(steps), op.dim))
    all_nodes, all_weights = [], []
    cancelled = False
    for i in range(int(probes)):
        lz = _Lanczos(op, _rademacher(op.dim, gen, op.dtype), gen, should_stop)
        try:
            while len(lz.alpha) < m and lz.next is not None:
                lz.step()
                if progress is not None:
                    progress((i * m + len(lz.alpha)) / (probes * m))
        except _Stopped:
            cancelled = True
            break
        theta, S, _ = lz.ritz()
        nodes = np.full(m, np.nan)
        weights = np.zeros(m)
        nodes[:len(theta)], weights[:len(theta)] = theta, S[0, :] ** 2
        all_nodes.append(nodes)
        all_weights.append(weights)
    if not all_nodes:
        return DensityResult(np.array([]), np.array([]), np.zeros((0, m)), np.zeros((0, m)),
                             float("nan"), 0, cancelled)
    nodes, weights = np.array(all_nodes), np.array(all_weights)
    nodes_used = np.where(weights > 0, nodes, np.nan)
    lo, hi = float(np.nanmin(nodes_used)), float(np.nanmax(nodes_used))
    width = hi - lo
    if sigma is None:
        sigma = sigma_fraction * width if width > 0 else max(abs(hi), 1.0) * sigma_fraction
    grid = np.linspace(lo - 4 * sigma, hi + 4 * sigma, int(grid_points))
    values = np.zeros_like(grid)
    norm = 1.0 / (sigma * math.sqrt(2 * math.pi))
    for p in range(len(nodes)):
        for theta, tau in zip(nodes[p], weights[p]):
            if tau > 0:
                values += tau * norm * np.exp(-0.5 * ((grid - theta) / sigma) ** 2)
    values /= len(nodes)
    return DensityResult(grid, values, np.nan_to_num(nodes), weights, float(sigma), len(nodes),
                         cancelled)


# -------------------------------------------------------------------------------------- sharpness


class SharpnessTracker:
    """λ_max of the loss during training, measured every few steps at a few products each.

    Each :meth:`update` runs Lanczos from the previous top eigenvector: the Hessian changes little
    between measurements, so the start already has most of its weight on the new top
    eigenvector and the tolerance is met in a few steps (``max_iter`` caps the cost).
    """

    def __init__(self, tol: float = 1e-3, max_iter: int = 20, min_iter: int = 4, seed: int = 0):
        self.tol, self.max_iter, self.min_iter, self.seed = tol, max_iter, min_iter, seed
        self._gen = torch.Generator().manual_seed(seed)
        self.vector: torch.Tensor | None = None
        self.products = 0  # total H·v products spent
        self.value = float("nan")

    def update(self, op) -> float:
        """λ_max for the operator (e.g. a fresh :class:`NetworkHessian` at the current weights)."""
        v0 = None
        if self.vector is not None and len(self.vector) == op.dim:
            # a little of a random direction, so an eigenvalue overtaking the old top is seen
            noise = _rademacher(op.dim, self._gen, op.dtype)
            v0 = self.vector.to(op.dtype) + 0.1 * noise / noise.norm()
        result = top_eigenpairs(op, 1, self.tol, self.max_iter, v0=v0, seed=self.seed,
                                min_iter=self.min_iter)
        self.products += result.iterations
        if len(result.values):
            self.vector = result.vectors[0]
            self.value = float(result.values[0])
        return self.value


# ---------------------------------------------------------------------------------------- summary


@dataclass
class CurvatureSummary:
    """What the curvature dock and ``analyze`` report about one network at one step.

    ``lambda_min`` is the smallest Ritz value of the density's Lanczos runs (the extreme Ritz
    values converge first, so it estimates the most negative or smallest eigenvalue);
    :attr:`condition_estimate` is λ_max / |λ_min| (inf when λ_min is 0).
    """

    top: EigenResult
    trace: TraceResult
    density: DensityResult
    products: int
    cancelled: bool

    @property
    def lambda_max(self) -> float:
        return float(self.top.values[0]) if len(self.top.values) else float("nan")

    @property
    def lambda_min(self) -> float:
        used = self.density.nodes[self.density.weights > 0]
        return float(used.min()) if used.size else float("nan")

    @property
    def condition_estimate(self) -> float:
        low = abs(self.lambda_min)
        return self.lambda_max / low if low > 0 else float("inf")

    def as_dict(self) -> dict:
        """Plain numbers and lists (``analyze``'s JSON; non-finite numbers become None)."""
        doc = {
            "top_eigenvalues": [float(v) for v in self.top.values],
            "converged": bool(self.top.converged),
            "trace": self.trace.trace,
            "trace_stderr": self.trace.stderr,
            "lambda_min": self.lambda_min,
            "condition_estimate": self.condition_estimate,
            "density": {"grid": [float(v) for v in self.density.grid],
                        "values": [float(v) for v in self.density.values]},
            "products": self.products,
        }
        return {k: (None if isinstance(v, float) and not math.isfinite(v) else v)
                for k, v in doc.items()}


def curvature_summary(op, k: int = 5, tol: float = 1e-3, max_iter: int = 100, probes: int = 30,
                      density_probes: int = 4, density_steps: int = 40, seed: int = 0,
                      should_stop: StopFn = None, progress: ProgressFn = None) -> CurvatureSummary:
    """Top-k eigenpairs, Hutchinson trace and SLQ density of ``op``, one after the other.

    Progress is reported over the three parts by their product budgets (max_iter, probes,
    density_probes·density_steps); a cancel stops the running part and skips the rest (the
    result holds what was finished, marked ``cancelled``)."""
    budget = [max(k, min(max_iter, op.dim)), probes, density_probes * min(density_steps, op.dim)]
    total = float(sum(budget))

    def part(i):
        if progress is None:
            return None
        done = sum(budget[:i])
        return lambda f: progress((done + f * budget[i]) / total)

    def stopped():
        return should_stop is not None and should_stop()

    top = top_eigenpairs(op, k, tol, max_iter, seed=seed, should_stop=should_stop,
                         progress=part(0))
    trace = TraceResult(float("nan"), float("nan"), 0, cancelled=True)
    density = DensityResult(np.array([]), np.array([]), np.zeros((0, 1)), np.zeros((0, 1)),
                            float("nan"), 0, True)
    if not top.cancelled and not stopped():
        trace = hutchinson_trace(op, probes, seed=seed, should_stop=should_stop, progress=part(1))
    if not trace.cancelled and not stopped():
        density = spectral_density(op, density_probes, density_steps, seed=seed,
                                   should_stop=should_stop, progress=part(2))
    cancelled = top.cancelled or trace.cancelled or density.cancelled
    return CurvatureSummary(top, trace, density, op.products, cancelled)


#: optimizers whose sharpness is measured preconditioned (see :func:`adam_preconditioner`)
PRECONDITIONED = ("adam", "adamw")


def stability_threshold(lr: float, optimizer: str, opt: dict) -> float:
    """The sharpness above which a step ``lr`` is unstable on a quadratic: 2/η for plain SGD,
    (2 + 2β)/η with heavy-ball momentum β, (2 + 2β)/((1 + 2β)·η) with Nesterov momentum
    (Cohen et al., 2021, appendix); for Adam and AdamW the limit of the *preconditioned*
    sharpness λ_max(P⁻¹H), (2 + 2β₁)/((1 − β₁)·η) (Cohen et al., 2022). NaN for the other
    adaptive optimizers and for AMSGrad."""
    if not lr > 0:
        return float("nan")
    if optimizer in PRECONDITIONED and not opt.get("amsgrad"):
        beta1 = float(opt.get("betas", (0.9, 0.999))[0])
        return (2 + 2 * beta1) / ((1 - beta1) * lr) if beta1 < 1 else float("nan")
    if optimizer != "sgd":
        return float("nan")
    beta = float(opt.get("momentum", 0.0) or 0.0)
    if opt.get("nesterov"):
        return (2 + 2 * beta) / ((1 + 2 * beta) * lr)
    return (2 + 2 * beta) / lr


def adam_preconditioner(optimizer: torch.optim.Optimizer) -> torch.Tensor | None:
    """D = P^(-1/2) for Adam's diagonal preconditioner P = √v̂ + ε (v̂ = v/(1 − β₂^t), as in its
    update θ ← θ − η·m̂/(√v̂ + ε)), flat over the parameters in order; ``ScaledOperator(op, D)``
    then has the eigenvalues of P⁻¹H. None before the first step (no v yet)."""
    pieces = []
    for group in optimizer.param_groups:
        beta2, eps = group["betas"][1], group["eps"]
        for p in group["params"]:
            state = optimizer.state.get(p, {})
            if "exp_avg_sq" not in state:
                return None
            v_hat = state["exp_avg_sq"] / (1 - beta2 ** float(state["step"]))
            pieces.append((v_hat.sqrt() + eps).rsqrt().reshape(-1))
    return torch.cat(pieces).detach() if pieces else None
