"""Counterpart: a training simulator for customer-service workshops in public service.

The core (everything outside :mod:`trainer.ui`) never imports Qt, so it can be
used and tested without a display.
"""

from trainer.errors import TrainerError

__all__ = ["TrainerError", "__version__"]
__version__ = "0.1.0"
