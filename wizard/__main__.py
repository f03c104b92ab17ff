"""`python -m wizard` behaves exactly like the `acubiz-export` command."""

import sys

from wizard.cli import main

sys.exit(main())
