"""The network is data: a :class:`NetworkSpec` that the builder edits and sessions store, and
:func:`build_model` that turns it into a ``torch.nn.Module``."""

from __future__ import annotations

from dataclasses import dataclass, replace

import torch
from torch import nn

from .. import limits
from ..params import ParamError, require

ACTIVATIONS = {
    "linear": nn.Identity,
    "sigmoid": nn.Sigmoid,
    "tanh": nn.Tanh,
    "relu": nn.ReLU,
    "leaky-relu": lambda: nn.LeakyReLU(0.01),
    "gelu": nn.GELU,
}
MAX_LAYERS = limits.MAX_LAYERS
MAX_WIDTH = limits.MAX_WIDTH


@dataclass(frozen=True)
class LayerSpec:
    """One hidden layer: Linear → (BatchNorm) → activation → (Dropout), optionally residual
    (its input added to its output, where the widths match)."""

    width: int = 8
    activation: str = "relu"
    batchnorm: bool = False
    dropout: float = 0.0
    residual: bool = False


@dataclass(frozen=True)
class NetworkSpec:
    layers: tuple[LayerSpec, ...] = (LayerSpec(8), LayerSpec(8))

    def parameter_count(self, n_inputs: int, n_outputs: int = 1) -> int:
        """Weights and biases (and BatchNorm's scale and shift) of the network."""
        total, width = 0, n_inputs
        for layer in self.layers:
            total += (width + 1) * layer.width + (2 * layer.width if layer.batchnorm else 0)
            width = layer.width
        return total + (width + 1) * n_outputs

    def validated(self, n_inputs: int | None = None, n_outputs: int = 1) -> "NetworkSpec":
        """Check every layer, and the size when the inputs are known; a :class:`ParamError`
        names the layer and the reason."""
        layers = tuple(self.layers)
        if len(layers) > MAX_LAYERS:
            raise ParamError(f"{len(layers)} hidden layers is too many (at most {MAX_LAYERS})")
        width_in = n_inputs
        for i, layer in enumerate(layers, start=1):
            require(layer.activation, "str", f"layer {i}: activation")
            require(layer.batchnorm, "bool", f"layer {i}: batchnorm")
            require(layer.residual, "bool", f"layer {i}: residual")
            require(layer.dropout, "number", f"layer {i}: dropout")
            if isinstance(layer.width, bool) or not isinstance(layer.width, int) or not 1 <= layer.width <= MAX_WIDTH:
                raise ParamError(f"layer {i}: width {layer.width!r} must be a whole number in [1, {MAX_WIDTH}]")
            if layer.activation not in ACTIVATIONS:
                raise ParamError(f"layer {i}: unknown activation {layer.activation!r}; "
                                 f"valid: {', '.join(ACTIVATIONS)}")
            if not 0.0 <= layer.dropout < 1.0:
                raise ParamError(f"layer {i}: dropout {layer.dropout} must be in [0, 1)")
            if layer.residual and width_in is not None and width_in != layer.width:
                raise ParamError(f"layer {i}: a residual connection needs equal widths in and out "
                                 f"({width_in} → {layer.width})")
            width_in = layer.width
        if n_inputs is not None:
            n = replace(self, layers=layers).parameter_count(n_inputs, n_outputs)
            if n > limits.MAX_PARAMETERS:
                raise ParamError(f"the network has {n:,} weights, too many (at most {limits.MAX_PARAMETERS:,}): "
                                 "fewer or narrower layers")
        return replace(self, layers=layers)

    @staticmethod
    def of(widths, activation="relu", batchnorm=False, dropout=0.0, residual=False) -> "NetworkSpec":
        """Shorthand: ``NetworkSpec.of([16, 16], "tanh")`` (activation may be a list per layer)."""
        acts = activation if isinstance(activation, (list, tuple)) else [activation] * len(widths)
        if len(acts) != len(widths):
            raise ParamError(f"{len(acts)} activations for {len(widths)} layers")
        return NetworkSpec(tuple(LayerSpec(int(w), a, batchnorm, dropout, residual and i > 0)
                                 for i, (w, a) in enumerate(zip(widths, acts))))


class Block(nn.Module):
    def __init__(self, width_in: int, spec: LayerSpec):
        super().__init__()
        self.linear = nn.Linear(width_in, spec.width)
        self.norm = nn.BatchNorm1d(spec.width) if spec.batchnorm else None
        self.act = ACTIVATIONS[spec.activation]()
        self.drop = nn.Dropout(spec.dropout) if spec.dropout else None
        self.residual = spec.residual

    def forward(self, x):
        h = self.linear(x)
        if self.norm is not None:
            h = self.norm(h)
        h = self.act(h)
        if self.drop is not None:
            h = self.drop(h)
        return x + h if self.residual else h


class Net(nn.Module):
    """Hidden blocks and a linear output layer (logits for classification)."""

    def __init__(self, spec: NetworkSpec, n_inputs: int, n_outputs: int):
        super().__init__()
        blocks, width = [], n_inputs
        for layer in spec.layers:
            blocks.append(Block(width, layer))
            width = layer.width
        self.blocks = nn.ModuleList(blocks)
        self.head = nn.Linear(width, n_outputs)

    def forward(self, x):
        for block in self.blocks:
            x = block(x)
        return self.head(x)


def build_model(spec: NetworkSpec, n_inputs: int, n_outputs: int, seed: int = 0) -> Net:
    """The module for ``spec``, initialised from ``seed`` without touching torch's global RNG."""
    spec = spec.validated(n_inputs, n_outputs)
    with torch.random.fork_rng(devices=[]):
        torch.manual_seed(seed)
        return Net(spec, n_inputs, n_outputs)


def contributions(model: Net, x: torch.Tensor):
    """Each hidden unit's weighted contribution c_i·a_i(x), (n, units), for a net with one plain
    hidden layer and one output; None for other nets. The output is their sum plus the output
    bias: the notes' "a curve built from sigmoids / ReLUs"."""
    blocks = list(model.blocks)
    if len(blocks) != 1 or model.head.out_features != 1:
        return None
    block = blocks[0]
    if block.norm is not None or block.residual:
        return None
    with torch.no_grad():
        a = block.act(block.linear(x))
        return (a * model.head.weight[0]).numpy()
