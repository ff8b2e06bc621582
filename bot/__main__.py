"""Entry point for `python -m bot`."""

import os
import sys

# spaCy's thinc imports TensorFlow when it is installed; keep its start-up chatter off the CLI.
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

from bot.app.cli import main

if __name__ == "__main__":
    sys.exit(main())
