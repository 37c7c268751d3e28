"""Discussion Spaces: content model, validation and site generation."""

__version__ = "0.1.0"
