import sys

from tonecheck.cli import main

sys.exit(main())
