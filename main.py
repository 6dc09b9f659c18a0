"""Optimization Playground: `python main.py [SESSION.json]` opens the app; subcommands run headless.

See `python main.py --help`.
"""

import sys

from playground.cli import main

if __name__ == "__main__":
    sys.exit(main())
