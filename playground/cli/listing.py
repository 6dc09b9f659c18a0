"""`python main.py list`: every surface, optimizer and scheduler with its parameters."""

from __future__ import annotations


def add_parser(sub) -> None:
    sub.add_parser("list", help="list surfaces, optimizers, schedulers and their parameters")


def command(args) -> int:
    from ..core.optim.optimizers import OPTIMIZERS
    from ..core.optim.schedulers import SCHEDULERS, WARMUP_SPECS
    from ..core.surfaces.problem import SURFACES

    print("surfaces (--problem):")
    for e in SURFACES:
        print(f"  {e.name:12s} f(x, y) = {e.factory.formula}")
    print("  custom       --formula 'x^2 + 10*y^2' [--view xmin,xmax,ymin,ymax]")
    for title, reg in (("optimizers (--optimizer, --opt KEY=VALUE)", OPTIMIZERS),
                       ("schedulers (--scheduler, --sched KEY=VALUE)", SCHEDULERS)):
        print(f"\n{title}:")
        for e in reg:
            print(f"  {e.name}: {e.help}")
            for p in e.params:
                print(f"      {p.name}={p.format(p.default)}  ({p.range_text()}) {p.help}")
    print("\nwarmup (any scheduler):")
    for p in WARMUP_SPECS:
        print(f"  --{p.name.replace('_', '-')} {p.format(p.default)}  ({p.range_text()}) {p.help}")
    return 0
