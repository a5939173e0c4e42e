"""Out: maps, plots and file exports."""

__all__: list[str] = []
