"""`python -m memloop …`: the same as the `memloop` command (see memloop._cli)."""
import sys

from memloop._cli import main

sys.exit(main())
