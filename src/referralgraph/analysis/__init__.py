"""Analysis: metrics, growth, reach, structure, forecast and next actions, all computed from the model."""

__all__: list[str] = []
