"""`python -m computeclient` runs the `compute` shell."""
import sys

from computeclient.shell import main

sys.exit(main())
