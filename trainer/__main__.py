"""Allow ``python -m trainer``."""

from trainer.main import main

raise SystemExit(main())
