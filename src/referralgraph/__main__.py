"""``python -m referralgraph`` runs the command line."""

from .cli import main

main()
